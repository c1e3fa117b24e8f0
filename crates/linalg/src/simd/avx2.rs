//! AVX2 + FMA kernels: a 6×16 outer-product tile (12 of the 16 ymm registers
//! hold `C`) and a 3×4 inner-product tile.

use std::arch::x86_64::*;

use crate::layout::span;
use crate::micro::{check_dot, check_tile, tile_by_tile, Micro, Panel};

/// Proof that the CPU has AVX2 and FMA: only [`Avx2Fma::new`] makes one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2Fma(());

impl Avx2Fma {
    pub(crate) fn new() -> Option<Self> {
        let detected = std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma");
        detected.then_some(Avx2Fma(()))
    }
}

const LANES: usize = 8;

/// `vmaskmovps` mask selecting lanes `0..n` (`n ≤ 8`).
#[target_feature(enable = "avx2")]
fn lane_mask(n: usize) -> __m256i {
    let idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    _mm256_cmpgt_epi32(_mm256_set1_epi32(n as i32), idx)
}

/// The outer-product tile: `M` rows, `NV` vectors of 8 columns; with `MASKED` the
/// last vector touches only the lanes set in `mask`. `A_ROWS` selects rows of `A`
/// `a_is` apart (otherwise adjacent, `a_is = 1`).
///
/// # Safety
/// The CPU supports AVX2 and FMA; `a_ks = 1` when `A_ROWS`, `a_is = 1` otherwise;
/// for `p < k`, `i < M`: `a + i*a_is + p*a_ks` is readable;
/// for the columns `j` covered (all lanes, or `mask`'s lanes of the last vector when
/// `MASKED`): `b + p*b_ks + j` is readable and `c + i*ldc + j` readable and writable.
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn tile<const M: usize, const NV: usize, const MASKED: bool, const A_ROWS: bool>(
    k: usize,
    alpha: f32,
    a: *const f32,
    a_is: usize,
    a_ks: usize,
    b: *const f32,
    b_ks: usize,
    beta: f32,
    c: *mut f32,
    ldc: usize,
    mask: __m256i,
) {
    let mut acc = [[_mm256_setzero_ps(); NV]; M];
    // SAFETY: every pointer stays inside the region the caller vouched for; the last
    // vector of a masked tile is accessed only through `vmaskmovps`, which does not
    // touch masked-off lanes.
    unsafe {
        macro_rules! load {
            ($p:expr, $v:expr) => {
                if MASKED && $v + 1 == NV {
                    _mm256_maskload_ps($p, mask)
                } else {
                    _mm256_loadu_ps($p)
                }
            };
        }
        // Start fetching the C tile now so the epilogue does not wait for it.
        for i in 0..M {
            let row = c.wrapping_add(i * ldc);
            _mm_prefetch::<_MM_HINT_T0>(row as *const i8);
            if NV == 2 {
                _mm_prefetch::<_MM_HINT_T0>(row.wrapping_add(15) as *const i8);
            }
        }
        // One k-step: a row of B against a column of A. `A_ROWS` reads a row-major A
        // in place, whose k-stride is 1, so the unrolled steps below address A by
        // constant offsets instead of a chain of pointer increments.
        macro_rules! step {
            ($ap:expr, $bp:expr) => {{
                let (ap, bp) = ($ap, $bp);
                let mut bv = [_mm256_setzero_ps(); NV];
                for (v, x) in bv.iter_mut().enumerate() {
                    *x = load!(bp.add(v * LANES), v);
                }
                for (i, row) in acc.iter_mut().enumerate() {
                    let ai = _mm256_broadcast_ss(&*ap.add(if A_ROWS { i * a_is } else { i }));
                    for (x, bx) in row.iter_mut().zip(&bv) {
                        *x = _mm256_fmadd_ps(ai, *bx, *x);
                    }
                }
            }};
        }
        debug_assert!(!A_ROWS || a_ks == 1);
        let a_ks = if A_ROWS { 1 } else { a_ks };
        let (mut ap, mut bp) = (a, b);
        for _ in 0..k / 4 {
            step!(ap, bp);
            step!(ap.add(a_ks), bp.add(b_ks));
            step!(ap.add(2 * a_ks), bp.add(2 * b_ks));
            step!(ap.add(3 * a_ks), bp.add(3 * b_ks));
            ap = ap.add(4 * a_ks);
            bp = bp.add(4 * b_ks);
        }
        for _ in 0..k % 4 {
            step!(ap, bp);
            ap = ap.add(a_ks);
            bp = bp.add(b_ks);
        }
        let va = _mm256_set1_ps(alpha);
        let vb = _mm256_set1_ps(beta);
        for (i, row) in acc.iter().enumerate() {
            let cp = c.add(i * ldc);
            for (v, x) in row.iter().enumerate() {
                let p = cp.add(v * LANES);
                let r = if beta == 0.0 {
                    _mm256_mul_ps(*x, va)
                } else if beta == 1.0 {
                    _mm256_fmadd_ps(*x, va, load!(p, v))
                } else {
                    _mm256_fmadd_ps(*x, va, _mm256_mul_ps(load!(p, v), vb))
                };
                if MASKED && v + 1 == NV {
                    _mm256_maskstore_ps(p, mask, r);
                } else {
                    _mm256_storeu_ps(p, r);
                }
            }
        }
    }
}

/// The inner-product tile: `RA` rows of `A` against `RB` stored rows of `B`.
///
/// # Safety
/// The CPU supports AVX2 and FMA; `a + i*lda + p` (`i < RA`), `b + j*ldb + p`
/// (`j < RB`) are readable for `p < k`, and `c + i*ldc + j` is readable and writable.
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn dot<const RA: usize, const RB: usize>(
    k: usize,
    alpha: f32,
    a: *const f32,
    lda: usize,
    b: *const f32,
    ldb: usize,
    beta: f32,
    c: *mut f32,
    ldc: usize,
) {
    let mut acc = [[_mm256_setzero_ps(); RB]; RA];
    // SAFETY: reads stay at `p < k` within the rows the caller vouched for; the tail
    // uses `vmaskmovps`, which does not touch masked-off lanes.
    unsafe {
        macro_rules! step {
            ($load:expr) => {{
                let mut av = [_mm256_setzero_ps(); RA];
                for (i, x) in av.iter_mut().enumerate() {
                    *x = $load(a.add(i * lda));
                }
                for j in 0..RB {
                    let bj = $load(b.add(j * ldb));
                    for i in 0..RA {
                        acc[i][j] = _mm256_fmadd_ps(av[i], bj, acc[i][j]);
                    }
                }
            }};
        }
        let full = k / LANES * LANES;
        let mut p = 0;
        while p < full {
            step!(|q: *const f32| _mm256_loadu_ps(q.add(p)));
            p += LANES;
        }
        if p < k {
            let mask = lane_mask(k - p);
            step!(|q: *const f32| _mm256_maskload_ps(q.add(p), mask));
        }
        // Four sums per row at once, then one (masked) update of the row's C entries.
        let rb_mask_i = _mm_cmpgt_epi32(_mm_set1_epi32(RB as i32), _mm_setr_epi32(0, 1, 2, 3));
        let va = _mm_set1_ps(alpha);
        let vb = _mm_set1_ps(beta);
        for (i, row) in acc.iter().enumerate() {
            let mut four = [_mm256_setzero_ps(); 4];
            four[..RB].copy_from_slice(row);
            let sums = _mm_mul_ps(reduce4(four), va);
            let cp = c.add(i * ldc);
            let r = if beta == 0.0 {
                sums
            } else {
                _mm_fmadd_ps(_mm_maskload_ps(cp, rb_mask_i), vb, sums)
            };
            _mm_maskstore_ps(cp, rb_mask_i, r);
        }
    }
}

/// `[Σ v[0], Σ v[1], Σ v[2], Σ v[3]]`: the lane sums of four vectors.
#[target_feature(enable = "avx2,fma")]
#[inline]
fn reduce4(v: [__m256; 4]) -> __m128 {
    let h01 = _mm256_hadd_ps(v[0], v[1]);
    let h23 = _mm256_hadd_ps(v[2], v[3]);
    // Each 128-bit half now holds partial sums of v0, v1, v2, v3 in lane order.
    let h = _mm256_hadd_ps(h01, h23);
    _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps::<1>(h))
}

/// Transposes an 8×8 block: `dst[j·ds + i] = src[i·ld + j]`.
///
/// # Safety
/// The CPU supports AVX2; `src + i*ld + j` is readable and `dst + j*ds + i`
/// writable for `i, j < 8`.
#[target_feature(enable = "avx2,fma")]
unsafe fn transpose8(src: *const f32, ld: usize, dst: *mut f32, ds: usize) {
    // SAFETY: 8 loads of 8 floats at `src + i*ld` and 8 stores at `dst + j*ds`, all
    // inside the region the caller vouched for.
    unsafe {
        let r: [__m256; 8] = std::array::from_fn(|i| _mm256_loadu_ps(src.add(i * ld)));
        // u[4h + c] holds, in 128-bit half l, column 4l + c of rows 4h..4h+4.
        let mut u = [_mm256_setzero_ps(); 8];
        for h in 0..2 {
            let (r0, r1, r2, r3) = (r[4 * h], r[4 * h + 1], r[4 * h + 2], r[4 * h + 3]);
            let t0 = _mm256_unpacklo_ps(r0, r1);
            let t1 = _mm256_unpackhi_ps(r0, r1);
            let t2 = _mm256_unpacklo_ps(r2, r3);
            let t3 = _mm256_unpackhi_ps(r2, r3);
            u[4 * h] = _mm256_shuffle_ps::<0x44>(t0, t2);
            u[4 * h + 1] = _mm256_shuffle_ps::<0xee>(t0, t2);
            u[4 * h + 2] = _mm256_shuffle_ps::<0x44>(t1, t3);
            u[4 * h + 3] = _mm256_shuffle_ps::<0xee>(t1, t3);
        }
        for c in 0..4 {
            _mm256_storeu_ps(
                dst.add(c * ds),
                _mm256_permute2f128_ps::<0x20>(u[c], u[4 + c]),
            );
            _mm256_storeu_ps(
                dst.add((4 + c) * ds),
                _mm256_permute2f128_ps::<0x31>(u[c], u[4 + c]),
            );
        }
    }
}

impl Micro for Avx2Fma {
    const MR: usize = 6;
    const NR: usize = 16;
    // The 6×256 strip of A is 6 KiB of a 32 KiB L1d (AMD Zen, which this kernel
    // targets), next to the 16 KiB strip of B streaming through; longer blocks
    // gained nothing measurable (`docs/benchmarks.md`).
    const KC: usize = 256;
    // 240×256 floats of packed A are 240 KiB, half of a 512 KiB L2.
    const MC: usize = 240;
    // 256×512 floats of packed B are 512 KiB, in L2 (2 MiB on the Xeon measured,
    // 512 KiB–1 MiB on Zen 2–4); sized for L3 instead, the large squares ran
    // slower (`docs/benchmarks.md`).
    const NC: usize = 512;
    const DOT_RA: usize = 3;
    const DOT_RB: usize = 4;

    fn tile(
        self,
        mr: usize,
        nr: usize,
        k: usize,
        alpha: f32,
        a: Panel<'_>,
        b: Panel<'_>,
        beta: f32,
        c: &mut [f32],
        ldc: usize,
    ) {
        check_tile(Self::MR, Self::NR, mr, nr, k, &a, &b, c, ldc);
        let (ap, bp, cp) = (a.data.as_ptr(), b.data.as_ptr(), c.as_mut_ptr());
        let (ais, aks, bks) = (a.i_stride, a.k_stride, b.k_stride);
        // A is either rows read in place (k-stride 1) or columns side by side.
        assert!(ais == 1 || aks == 1, "A panel needs a unit stride");
        let nv = nr.div_ceil(LANES);
        let masked = !nr.is_multiple_of(LANES);
        macro_rules! go {
            ($nv:literal, $masked:literal, $ar:literal, $mask:ident) => {
                by_rows!(
                    mr,
                    tile,
                    [1, 2, 3, 4, 5, 6],
                    $nv,
                    $masked,
                    $ar,
                    (k, alpha, ap, ais, aks, bp, bks, beta, cp, ldc, $mask)
                )
            };
        }
        // SAFETY: `self` proves AVX2 and FMA; `check_tile` verified that rows `< mr`,
        // k-steps `< k` and columns `< nr` lie inside the slices; the vectors used
        // cover exactly `nr` columns (`nv` vectors, the last one masked to
        // `nr % 8` lanes when `nr` is not a multiple of 8).
        unsafe {
            let mask = lane_mask(nr - (nv - 1) * LANES);
            match (nv, masked, ais != 1) {
                (1, false, false) => go!(1, false, false, mask),
                (1, true, false) => go!(1, true, false, mask),
                (2, false, false) => go!(2, false, false, mask),
                (2, true, false) => go!(2, true, false, mask),
                (1, false, true) => go!(1, false, true, mask),
                (1, true, true) => go!(1, true, true, mask),
                (2, false, true) => go!(2, false, true, mask),
                (2, true, true) => go!(2, true, true, mask),
                _ => unreachable!("tile columns checked above"),
            }
        }
    }

    fn tile_row(
        self,
        mr: usize,
        n: usize,
        k: usize,
        alpha: f32,
        a: Panel<'_>,
        b: Panel<'_>,
        b_strip: usize,
        beta: f32,
        c: &mut [f32],
        ldc: usize,
    ) {
        let tiles = n / Self::NR;
        if mr != Self::MR || tiles == 0 {
            return tile_by_tile(self, mr, n, k, alpha, a, b, b_strip, beta, c, ldc);
        }
        // One check for all the full tiles: the last one reaches furthest into `b`
        // and `c`, and the others start before it with the same extent.
        let last = tiles - 1;
        let b_last = Panel {
            data: &b.data[last * b_strip..],
            ..b
        };
        check_tile(
            Self::MR,
            Self::NR,
            mr,
            Self::NR,
            k,
            &a,
            &b_last,
            &c[last * Self::NR..],
            ldc,
        );
        let (ais, aks) = (a.i_stride, a.k_stride);
        assert!(ais == 1 || aks == 1, "A panel needs a unit stride");
        let (ap, bp, cp) = (a.data.as_ptr(), b.data.as_ptr(), c.as_mut_ptr());
        let bks = b.k_stride;
        macro_rules! go {
            ($ar:literal) => {
                for t in 0..tiles {
                    // SAFETY: `self` proves AVX2 and FMA; `check_tile` verified rows
                    // `< 6`, k-steps `< k` and 16 columns of `a`, `b` and `c` for
                    // tile `last`, and tile `t ≤ last` starts `t·b_strip` into `b`
                    // and `16·t` into `c`, no further, with the same extent.
                    unsafe {
                        tile::<6, 2, false, $ar>(
                            k,
                            alpha,
                            ap,
                            ais,
                            aks,
                            bp.add(t * b_strip),
                            bks,
                            beta,
                            cp.add(t * Self::NR),
                            ldc,
                            _mm256_setzero_si256(),
                        )
                    }
                }
            };
        }
        if ais != 1 {
            go!(true);
        } else {
            go!(false);
        }
        let full = tiles * Self::NR;
        if n > full {
            let b_rest = Panel {
                data: &b.data[tiles * b_strip..],
                ..b
            };
            tile_by_tile(
                self,
                mr,
                n - full,
                k,
                alpha,
                a,
                b_rest,
                b_strip,
                beta,
                &mut c[full..],
                ldc,
            );
        }
    }

    fn pack_bt(
        self,
        src: &[f32],
        ld: usize,
        rows: usize,
        kc: usize,
        dst: &mut [f32],
        dst_stride: usize,
    ) {
        let square = |src: &[f32], dst: &mut [f32]| {
            assert!(span(LANES, LANES, ld).is_some_and(|s| s <= src.len()));
            assert!(span(LANES, LANES, dst_stride).is_some_and(|s| s <= dst.len()));
            // SAFETY: `self` proves AVX2; the asserts above put rows and columns
            // `0..8` of the square, in `src` with stride `ld` and in `dst` with
            // stride `dst_stride`, inside the slices.
            unsafe { transpose8(src.as_ptr(), ld, dst.as_mut_ptr(), dst_stride) }
        };
        crate::pack::transpose_into_by_squares(src, ld, rows, kc, dst, dst_stride, LANES, square);
    }

    fn dot_tile(
        self,
        ra: usize,
        rb: usize,
        k: usize,
        alpha: f32,
        a: &[f32],
        lda: usize,
        b: &[f32],
        ldb: usize,
        beta: f32,
        c: &mut [f32],
        ldc: usize,
    ) {
        check_dot(
            Self::DOT_RA,
            Self::DOT_RB,
            ra,
            rb,
            k,
            a,
            lda,
            b,
            ldb,
            c,
            ldc,
        );
        let (ap, bp, cp) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
        macro_rules! go {
            ($rb:literal) => {
                match ra {
                    1 => dot::<1, $rb>(k, alpha, ap, lda, bp, ldb, beta, cp, ldc),
                    2 => dot::<2, $rb>(k, alpha, ap, lda, bp, ldb, beta, cp, ldc),
                    3 => dot::<3, $rb>(k, alpha, ap, lda, bp, ldb, beta, cp, ldc),
                    _ => unreachable!("tile rows checked above"),
                }
            };
        }
        // SAFETY: `self` proves AVX2 and FMA; `check_dot` verified that `ra` rows of
        // `a`, `rb` rows of `b` (each `k` long) and the `ra × rb` block of `c` are in bounds.
        unsafe {
            match rb {
                1 => go!(1),
                2 => go!(2),
                3 => go!(3),
                4 => go!(4),
                _ => unreachable!("tile rows checked above"),
            }
        }
    }
}
