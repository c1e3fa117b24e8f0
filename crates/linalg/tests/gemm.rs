//! `gemm` against a naive f64 triple loop, on every kernel this CPU can run.

mod common;

use common::{assert_close, reference, stored_cols, stored_len, Rng};
use nndl_linalg::{gemm, gemm_with, try_gemm, Kernel, Transpose};
use proptest::prelude::*;

const TRANS: [(Transpose, Transpose); 4] = [
    (Transpose::No, Transpose::No),
    (Transpose::No, Transpose::Yes),
    (Transpose::Yes, Transpose::No),
    (Transpose::Yes, Transpose::Yes),
];

/// One product with the given shape and padding, checked on `kernel`.
#[allow(clippy::too_many_arguments)]
fn check(
    kernel: Kernel,
    (ta, tb): (Transpose, Transpose),
    (m, n, k): (usize, usize, usize),
    alpha: f32,
    beta: f32,
    (pa, pb, pc): (usize, usize, usize),
    nan_c: bool,
    seed: u64,
) {
    let mut rng = Rng(seed);
    let lda = stored_cols(ta, m, k) + pa;
    let ldb = stored_cols(tb, k, n) + pb;
    let ldc = n + pc;
    let a = rng.vec(stored_len(ta, m, k, lda));
    let b = rng.vec(stored_len(tb, k, n, ldb));
    let mut c = rng.vec(if m == 0 { 0 } else { (m - 1) * ldc + n });
    if nan_c {
        c.iter_mut().for_each(|x| *x = f32::NAN);
    }
    let before = c.clone();
    let (want, mag) = reference(ta, tb, m, n, k, alpha, &a, lda, &b, ldb, beta, &c, ldc);
    gemm_with(
        kernel, ta, tb, m, n, k, alpha, &a, lda, &b, ldb, beta, &mut c, ldc,
    );
    let what = format!(
        "{} {ta:?}/{tb:?} m={m} n={n} k={k} α={alpha} β={beta} pad=({pa},{pb},{pc})",
        kernel.name()
    );
    assert_close(&what, k, &c, ldc, &want, &mag, n);
    // The padding between rows of C is never touched.
    for i in 0..m {
        for j in n..ldc {
            if i * ldc + j < c.len() {
                assert!(
                    c[i * ldc + j].to_bits() == before[i * ldc + j].to_bits(),
                    "{what}: padding C[{i},{j}] was written"
                );
            }
        }
    }
}

/// Sizes that matter: 0, 1, primes, and both sides of every tile edge (4, 6, 12,
/// 16, 32) and of the inner-product tiles (2, 3, 4, 6).
const EDGES: &[usize] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 15, 16, 17, 23, 24, 25, 31, 32, 33, 37, 47, 48, 49, 64,
    65,
];

#[test]
fn edge_shapes_every_kernel_every_transpose() {
    let mut seed = 1;
    for kernel in Kernel::available() {
        for &tr in &TRANS {
            for &m in EDGES {
                for &n in &[0usize, 1, 7, 16, 17, 33, 48] {
                    for &k in &[0usize, 1, 5, 17, 64] {
                        seed += 1;
                        check(kernel, tr, (m, n, k), 1.0, 0.0, (0, 0, 0), false, seed);
                    }
                }
            }
        }
    }
}

#[test]
fn block_edges_every_kernel() {
    // KC is 256 or 512, MC 128, 240 or 480, NC 256 or 512; DOT_MAX_M is 16. A B read in
    // place comes in blocks of at most 64 Ki elements: 340 columns at k = 192. A
    // plain B is packed only when kc·ldb > 64 Ki, as in the first three shapes.
    let shapes = [
        (30, 700, 100),
        (31, 1100, 70),
        (97, 530, 130),
        (31, 511, 40),
        (31, 513, 40),
        (31, 255, 40),
        (31, 257, 40),
        (13, 300, 1025),
        (49, 1025, 33),
        (7, 700, 383),
        (100, 2200, 31),
        (7, 9, 383),
        (7, 9, 385),
        (13, 40, 769),
        (15, 10, 30),
        (16, 10, 30),
        (17, 10, 30),
        (13, 33, 255),
        (13, 33, 257),
        (5, 40, 513),
        (127, 10, 30),
        (128, 10, 30),
        (129, 10, 30),
        (129, 19, 300),
        (241, 17, 3),
        (481, 35, 2),
        (2, 3073, 3),
        (3, 4097, 2),
        (30, 784, 10),
        (10, 30, 784),
        (10, 10, 30),
    ];
    let mut seed = 1000;
    for kernel in Kernel::available() {
        for &tr in &TRANS {
            for &(m, n, k) in &shapes {
                seed += 1;
                check(kernel, tr, (m, n, k), 0.5, 2.0, (3, 1, 2), false, seed);
            }
        }
    }
}

#[test]
fn beta_zero_ignores_nan_in_c() {
    for kernel in Kernel::available() {
        for &tr in &TRANS {
            for &(m, n, k) in &[
                (1, 1, 1),
                (10, 30, 784),
                (30, 784, 10),
                (37, 41, 300),
                (5, 5, 0),
            ] {
                check(kernel, tr, (m, n, k), 1.5, 0.0, (0, 2, 1), true, 7);
            }
        }
    }
}

#[test]
fn nan_in_a_propagates() {
    for kernel in Kernel::available() {
        let mut a = vec![1.0f32; 6 * 5];
        a[7] = f32::NAN; // row 1
        let b = vec![1.0f32; 5 * 4];
        let mut c = vec![0.0f32; 6 * 4];
        gemm_with(
            kernel,
            Transpose::No,
            Transpose::No,
            6,
            4,
            5,
            1.0,
            &a,
            5,
            &b,
            4,
            0.0,
            &mut c,
            4,
        );
        for (i, row) in c.chunks(4).enumerate() {
            assert_eq!(row.iter().all(|x| x.is_nan()), i == 1, "{}", kernel.name());
        }
    }
}

#[test]
fn k_zero_scales_c() {
    let mut c = vec![1.0, 2.0, f32::NAN, 4.0];
    gemm(
        Transpose::No,
        Transpose::No,
        2,
        2,
        0,
        1.0,
        &[],
        0,
        &[],
        2,
        3.0,
        &mut c,
        2,
    );
    assert_eq!(&c[..2], &[3.0, 6.0]);
    assert!(c[2].is_nan());
    gemm(
        Transpose::No,
        Transpose::No,
        2,
        2,
        0,
        1.0,
        &[],
        0,
        &[],
        2,
        0.0,
        &mut c,
        2,
    );
    assert_eq!(c, [0.0; 4]);
}

#[test]
fn shape_errors_name_the_mismatch() {
    let a = vec![0.0; 100];
    let b = vec![0.0; 784 * 30];
    let mut c = vec![0.0; 300];
    let e = try_gemm(
        Transpose::No,
        Transpose::Yes,
        10,
        30,
        784,
        1.0,
        &a,
        784,
        &b,
        784,
        0.0,
        &mut c,
        30,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "gemm: a has 100 elements, needs at least 7840 for a 10×784 (lda 784)"
    );
    let a = vec![0.0; 7840];
    let e = try_gemm(
        Transpose::No,
        Transpose::No,
        10,
        30,
        784,
        1.0,
        &a,
        784,
        &b,
        29,
        0.0,
        &mut c,
        30,
    )
    .unwrap_err();
    assert!(e.to_string().contains("ldb is 29"), "{e}");
    let mut short = vec![0.0; 299];
    let e = try_gemm(
        Transpose::No,
        Transpose::Yes,
        10,
        30,
        784,
        1.0,
        &a,
        784,
        &b,
        784,
        0.0,
        &mut short,
        30,
    )
    .unwrap_err();
    assert!(e.to_string().contains("c has 299 elements"), "{e}");
    let e = try_gemm(
        Transpose::No,
        Transpose::No,
        usize::MAX,
        2,
        2,
        1.0,
        &a,
        2,
        &b,
        2,
        0.0,
        &mut c,
        2,
    )
    .unwrap_err();
    assert!(e.to_string().contains("overflows"), "{e}");
}

#[test]
#[should_panic(expected = "gemm: b has 3 elements")]
fn gemm_panics_with_the_message() {
    let mut c = [0.0; 4];
    gemm(
        Transpose::No,
        Transpose::No,
        2,
        2,
        2,
        1.0,
        &[0.0; 4],
        2,
        &[0.0; 3],
        2,
        0.0,
        &mut c,
        2,
    );
}

#[test]
fn every_kernel_is_listed_and_detect_is_available() {
    let avail = Kernel::available();
    assert_eq!(avail.last(), Some(&Kernel::Portable));
    assert!(Kernel::detect().is_available());
    for k in Kernel::ALL {
        assert_eq!(Kernel::from_name(k.name()), Some(k));
        assert_eq!(k.to_string(), k.name());
    }
    assert_eq!(Kernel::from_name(" AVX2 "), Some(Kernel::Avx2Fma));
    assert_eq!(Kernel::from_name("sse"), None);
    #[cfg(target_arch = "x86_64")]
    {
        let has = std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512vl");
        assert_eq!(avail.contains(&Kernel::Avx512), has);
    }
}

#[test]
fn unavailable_kernel_panics_cleanly() {
    if let Some(k) = Kernel::ALL.into_iter().find(|k| !k.is_available()) {
        let r = std::panic::catch_unwind(|| {
            let mut c = [0.0; 1];
            gemm_with(
                k,
                Transpose::No,
                Transpose::No,
                1,
                1,
                1,
                1.0,
                &[1.0],
                1,
                &[1.0],
                1,
                0.0,
                &mut c,
                1,
            );
        });
        assert!(r.is_err());
    }
}

fn dim() -> impl Strategy<Value = usize> {
    prop_oneof![
        3 => prop::sample::select(vec![0usize, 1, 2, 3, 5, 7, 11, 12, 13, 16, 17, 31, 32, 33, 47, 49, 97]),
        2 => 0usize..140,
    ]
}

fn scalar() -> impl Strategy<Value = f32> {
    prop_oneof![Just(0.0f32), Just(1.0f32), -2.0f32..2.0]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn random_shapes_match_the_triple_loop(
        m in dim(), n in dim(), k in dim(),
        ta in any::<bool>(), tb in any::<bool>(),
        alpha in scalar(), beta in scalar(),
        pa in 0usize..5, pb in 0usize..5, pc in 0usize..5,
        seed in any::<u64>(),
    ) {
        let t = |y| if y { Transpose::Yes } else { Transpose::No };
        for kernel in Kernel::available() {
            check(kernel, (t(ta), t(tb)), (m, n, k), alpha, beta, (pa, pb, pc), false, seed);
        }
    }

    /// Rows of a plain B far enough apart (kc·ldb ≥ 33·2000 > 64 Ki) that it is packed,
    /// with shapes around the tile edges.
    #[test]
    fn a_packed_plain_b_matches_the_triple_loop(
        m in 25usize..100, n in dim(), k in 33usize..140,
        ta in any::<bool>(), alpha in scalar(), beta in scalar(),
        pb in 2000usize..2600, seed in any::<u64>(),
    ) {
        let t = |y| if y { Transpose::Yes } else { Transpose::No };
        for kernel in Kernel::available() {
            check(kernel, (t(ta), Transpose::No), (m, n, k), alpha, beta, (1, pb, 2), false, seed);
        }
    }
}

/// The signature `gemm` and `par_gemm` share.
#[cfg(feature = "rayon")]
type GemmFn = fn(
    Transpose,
    Transpose,
    usize,
    usize,
    usize,
    f32,
    &[f32],
    usize,
    &[f32],
    usize,
    f32,
    &mut [f32],
    usize,
);

/// `par_gemm` on pools of 1, 2 and 3 threads gives `gemm`'s result bit for bit, for
/// products big enough to be split across threads and for one too small to be.
#[cfg(feature = "rayon")]
#[test]
fn par_gemm_matches_gemm_bit_for_bit() {
    use nndl_linalg::par_gemm;
    let mut rng = Rng(11);
    for (m, n, k) in [(300, 200, 100), (257, 129, 131), (5, 4, 3)] {
        let a = rng.vec(m * k);
        let b = rng.vec(n * k);
        let c0 = rng.vec(m * n);
        let run = |f: GemmFn, c: &mut [f32]| {
            f(
                Transpose::No,
                Transpose::Yes,
                m,
                n,
                k,
                0.5,
                &a,
                k,
                &b,
                k,
                0.25,
                c,
                n,
            );
        };
        let mut want = c0.clone();
        run(gemm, &mut want);
        for threads in [1, 2, 3] {
            let mut got = c0.clone();
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| run(par_gemm, &mut got));
            let same = got
                .iter()
                .zip(&want)
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{m}×{n}×{k} on {threads} threads");
        }
    }
}

#[cfg(feature = "rayon")]
#[test]
#[should_panic(expected = "gemm: c has 3 elements, needs at least 4")]
fn par_gemm_panics_with_the_message() {
    let mut c = [0.0; 3];
    nndl_linalg::par_gemm(
        Transpose::No,
        Transpose::No,
        2,
        2,
        2,
        1.0,
        &[0.0; 4],
        2,
        &[0.0; 4],
        2,
        0.0,
        &mut c,
        2,
    );
}
