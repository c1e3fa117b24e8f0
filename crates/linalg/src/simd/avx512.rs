//! AVX-512F kernels: a 12×32 outer-product tile (24 of the 32 zmm registers hold
//! `C`) and a 5×4 inner-product tile.

use std::arch::x86_64::*;

use crate::layout::span;
use crate::micro::{check_dot, check_tile, Micro, Panel};

/// Proof that the CPU has AVX-512F and AVX-512VL: only [`Avx512::new`] makes one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx512(());

impl Avx512 {
    pub(crate) fn new() -> Option<Self> {
        let detected = std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512vl");
        detected.then_some(Avx512(()))
    }
}

const LANES: usize = 16;

/// Lanes `0..n` of the last vector of a row of `nr` columns.
fn tail_mask(nr: usize) -> __mmask16 {
    let rem = nr - (nr - 1) / LANES * LANES; // 1..=16
    if rem == LANES {
        0xffff
    } else {
        (1u16 << rem) - 1
    }
}

/// The outer-product tile: `M` rows, `NV` vectors of 16 columns; with `MASKED` the
/// last vector touches only the lanes set in `mask`. `A_ROWS` selects rows of `A`
/// `a_is` apart (otherwise adjacent, `a_is = 1`).
///
/// # Safety
/// The CPU supports AVX-512F; `a_ks = 1` when `A_ROWS`, `a_is = 1` otherwise;
/// for `p < k`, `i < M`: `a + i*a_is + p*a_ks` is readable;
/// for the columns `j` covered (all lanes, or `mask`'s lanes of the last vector when
/// `MASKED`): `b + p*b_ks + j` is readable and `c + i*ldc + j` readable and writable.
#[target_feature(enable = "avx512f,avx512vl")]
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
    mask: __mmask16,
) {
    let mut acc = [[_mm512_setzero_ps(); NV]; M];
    // SAFETY: every pointer below stays inside the region the caller vouched for
    // (rows `i < M`, k-steps `p < k`, all lanes or those of `mask` in the last
    // vector); masked-off lanes are neither read nor written by the masked
    // load/store instructions.
    unsafe {
        macro_rules! load {
            ($p:expr, $v:expr) => {
                if MASKED && $v + 1 == NV {
                    _mm512_maskz_loadu_ps(mask, $p)
                } else {
                    _mm512_loadu_ps($p)
                }
            };
        }
        // Start fetching the C tile now so the epilogue does not wait for it.
        for i in 0..M {
            let row = c.wrapping_add(i * ldc);
            for v in 0..NV {
                _mm_prefetch::<_MM_HINT_T0>(row.wrapping_add(v * LANES) as *const i8);
            }
        }
        // One k-step: a row of B against a column of A, whose row `i` is at `$a(i)`.
        macro_rules! step {
            ($a:expr, $bp:expr) => {{
                let bp = $bp;
                let mut bv = [_mm512_setzero_ps(); NV];
                for (v, x) in bv.iter_mut().enumerate() {
                    *x = load!(bp.add(v * LANES), v);
                }
                for (i, row) in acc.iter_mut().enumerate() {
                    let ai = _mm512_set1_ps(*($a)(i));
                    for (x, bx) in row.iter_mut().zip(&bv) {
                        *x = _mm512_fmadd_ps(ai, *bx, *x);
                    }
                }
            }};
        }
        let mut bp = b;
        if A_ROWS {
            // A read in place: row `i` of the tile is `a_is` after row `i − 1`, k-stride 1.
            // Four base pointers three rows apart give row `i` the address
            // `base[i / 3] + (i % 3)·a_is + p`, an index×scale operand with a constant
            // offset, and four independent increments per four k-steps. (One pointer
            // per row bumped in a chain made the loop latency-bound; twelve row
            // pointers do not fit the registers.) Bases past row `M − 1` are never read.
            debug_assert_eq!(a_ks, 1);
            let mut base: [*const f32; 4] = std::array::from_fn(|q| a.wrapping_add(3 * q * a_is));
            let row =
                |base: &[*const f32; 4], i: usize, p: usize| base[i / 3].add((i % 3) * a_is + p);
            for _ in 0..k / 4 {
                step!(|i| row(&base, i, 0), bp);
                step!(|i| row(&base, i, 1), bp.add(b_ks));
                step!(|i| row(&base, i, 2), bp.add(2 * b_ks));
                step!(|i| row(&base, i, 3), bp.add(3 * b_ks));
                base = base.map(|x| x.wrapping_add(4));
                bp = bp.add(4 * b_ks);
            }
            for _ in 0..k % 4 {
                step!(|i| row(&base, i, 0), bp);
                base = base.map(|x| x.wrapping_add(1));
                bp = bp.add(b_ks);
            }
        } else {
            // A packed, or adjacent columns of a stored Aᵀ: row `i` is `a + i + p·a_ks`.
            let mut ap = a;
            for _ in 0..k / 4 {
                step!(|i| ap.add(i), bp);
                step!(|i| ap.add(i + a_ks), bp.add(b_ks));
                step!(|i| ap.add(i + 2 * a_ks), bp.add(2 * b_ks));
                step!(|i| ap.add(i + 3 * a_ks), bp.add(3 * b_ks));
                ap = ap.add(4 * a_ks);
                bp = bp.add(4 * b_ks);
            }
            for _ in 0..k % 4 {
                step!(|i| ap.add(i), bp);
                ap = ap.add(a_ks);
                bp = bp.add(b_ks);
            }
        }
        let va = _mm512_set1_ps(alpha);
        let vb = _mm512_set1_ps(beta);
        for (i, row) in acc.iter().enumerate() {
            let cp = c.add(i * ldc);
            for (v, x) in row.iter().enumerate() {
                let p = cp.add(v * LANES);
                let r = if beta == 0.0 {
                    _mm512_mul_ps(*x, va)
                } else if beta == 1.0 {
                    _mm512_fmadd_ps(*x, va, load!(p, v))
                } else {
                    _mm512_fmadd_ps(*x, va, _mm512_mul_ps(load!(p, v), vb))
                };
                if MASKED && v + 1 == NV {
                    _mm512_mask_storeu_ps(p, mask, r);
                } else {
                    _mm512_storeu_ps(p, r);
                }
            }
        }
    }
}

/// The inner-product tile: `RA` rows of `A` against `RB` stored rows of `B`.
///
/// # Safety
/// The CPU supports AVX-512F; `a + i*lda + p` (`i < RA`), `b + j*ldb + p` (`j < RB`)
/// are readable for `p < k`, and `c + i*ldc + j` is readable and writable.
#[target_feature(enable = "avx512f,avx512vl")]
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
    let mut acc = [[_mm512_setzero_ps(); RB]; RA];
    // SAFETY: reads stay at `p < k` within the rows the caller vouched for; the
    // tail uses masked loads, which do not touch masked-off lanes.
    unsafe {
        // A macro rather than a closure keeps the intrinsics inside this
        // `target_feature` function, where they inline.
        macro_rules! step {
            ($p:expr, $mask:expr) => {{
                let (p, mask) = ($p, $mask);
                let mut av = [_mm512_setzero_ps(); RA];
                for (i, x) in av.iter_mut().enumerate() {
                    *x = _mm512_maskz_loadu_ps(mask, a.add(i * lda + p));
                }
                for j in 0..RB {
                    let bj = _mm512_maskz_loadu_ps(mask, b.add(j * ldb + p));
                    for i in 0..RA {
                        acc[i][j] = _mm512_fmadd_ps(av[i], bj, acc[i][j]);
                    }
                }
            }};
        }
        let full = k / LANES * LANES;
        let mut p = 0;
        while p < full {
            step!(p, 0xffff);
            p += LANES;
        }
        if p < k {
            step!(p, (1u16 << (k - p)) - 1);
        }
        // Four sums per row at once: one transposing reduction instead of four
        // horizontal ones, then one (masked) update of the row's C entries.
        let rb_mask: __mmask8 = (1u8 << RB) - 1;
        let va = _mm_set1_ps(alpha);
        let vb = _mm_set1_ps(beta);
        for (i, row) in acc.iter().enumerate() {
            let mut four = [_mm512_setzero_ps(); 4];
            four[..RB].copy_from_slice(row);
            let sums = _mm_mul_ps(reduce4(four), va);
            let cp = c.add(i * ldc);
            let r = if beta == 0.0 {
                sums
            } else {
                _mm_fmadd_ps(_mm_maskz_loadu_ps(rb_mask, cp), vb, sums)
            };
            _mm_mask_storeu_ps(cp, rb_mask, r);
        }
    }
}

/// `[Σ v[0], Σ v[1], Σ v[2], Σ v[3]]`: the lane sums of four vectors.
#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
fn reduce4(v: [__m512; 4]) -> __m128 {
    // Fold 512 → 256 bits, pairing v0 with v1 and v2 with v3 in one register each.
    let a = _mm512_add_ps(
        _mm512_shuffle_f32x4::<0b01_00_01_00>(v[0], v[1]),
        _mm512_shuffle_f32x4::<0b11_10_11_10>(v[0], v[1]),
    ); // 128-bit blocks: v0(0+2), v0(1+3), v1(0+2), v1(1+3)
    let b = _mm512_add_ps(
        _mm512_shuffle_f32x4::<0b01_00_01_00>(v[2], v[3]),
        _mm512_shuffle_f32x4::<0b11_10_11_10>(v[2], v[3]),
    );
    let c = _mm512_add_ps(
        _mm512_shuffle_f32x4::<0b10_00_10_00>(a, b),
        _mm512_shuffle_f32x4::<0b11_01_11_01>(a, b),
    ); // block j holds four partial sums of v[j]
    let d = _mm512_add_ps(c, _mm512_permute_ps::<0b10_11_00_01>(c));
    let e = _mm512_add_ps(d, _mm512_permute_ps::<0b01_00_11_10>(d));
    // Every lane of block j now holds Σ v[j]; gather lane 0 of each block.
    let idx = _mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    _mm512_castps512_ps128(_mm512_permutexvar_ps(idx, e))
}

/// Transposes a 16×16 block: `dst[j·ds + i] = src[i·ld + j]`.
///
/// # Safety
/// The CPU supports AVX-512F; `src + i*ld + j` is readable and `dst + j*ds + i`
/// writable for `i, j < 16`.
#[target_feature(enable = "avx512f,avx512vl")]
unsafe fn transpose16(src: *const f32, ld: usize, dst: *mut f32, ds: usize) {
    // SAFETY: 16 loads of 16 floats at `src + i*ld` and 16 stores at `dst + j*ds`,
    // all inside the region the caller vouched for.
    unsafe {
        let r: [__m512; 16] = std::array::from_fn(|i| _mm512_loadu_ps(src.add(i * ld)));
        // Pairs, then quads of rows interleaved within each 128-bit block: u[4g + c]
        // holds, in block l, column 4l + c of rows 4g..4g+4.
        let mut u = [_mm512_setzero_ps(); 16];
        for g in 0..4 {
            let (r0, r1, r2, r3) = (r[4 * g], r[4 * g + 1], r[4 * g + 2], r[4 * g + 3]);
            let t0 = _mm512_unpacklo_ps(r0, r1);
            let t1 = _mm512_unpackhi_ps(r0, r1);
            let t2 = _mm512_unpacklo_ps(r2, r3);
            let t3 = _mm512_unpackhi_ps(r2, r3);
            u[4 * g] = _mm512_shuffle_ps::<0x44>(t0, t2);
            u[4 * g + 1] = _mm512_shuffle_ps::<0xee>(t0, t2);
            u[4 * g + 2] = _mm512_shuffle_ps::<0x44>(t1, t3);
            u[4 * g + 3] = _mm512_shuffle_ps::<0xee>(t1, t3);
        }
        // Then gather block l of the four row quads into one vector per column.
        for c in 0..4 {
            let v = _mm512_shuffle_f32x4::<0x88>(u[c], u[4 + c]);
            let w = _mm512_shuffle_f32x4::<0x88>(u[8 + c], u[12 + c]);
            _mm512_storeu_ps(dst.add(c * ds), _mm512_shuffle_f32x4::<0x88>(v, w));
            _mm512_storeu_ps(dst.add((8 + c) * ds), _mm512_shuffle_f32x4::<0xdd>(v, w));
            let v = _mm512_shuffle_f32x4::<0xdd>(u[c], u[4 + c]);
            let w = _mm512_shuffle_f32x4::<0xdd>(u[8 + c], u[12 + c]);
            _mm512_storeu_ps(dst.add((4 + c) * ds), _mm512_shuffle_f32x4::<0x88>(v, w));
            _mm512_storeu_ps(dst.add((12 + c) * ds), _mm512_shuffle_f32x4::<0xdd>(v, w));
        }
    }
}

impl Micro for Avx512 {
    const MR: usize = 12;
    const NR: usize = 32;
    // The 12×512 strip of A is 24 KiB, half the 48 KiB L1d of the Zen 5 and
    // Xeon machines measured; 512×32 strips of B stream past it from L2. A
    // longer block means fewer passes over C (`docs/benchmarks.md`).
    const KC: usize = 512;
    // 480×512 floats of packed A are 960 KiB; A is packed only when stored
    // transposed, and smaller blocks made no difference.
    const MC: usize = 480;
    // 512×256 floats of packed B are 512 KiB, half of a 1 MiB L2 (Zen 4 and 5),
    // so the strips of A and C passing through stay in it too; 384×512 (768
    // KiB) left 512² and 1024² 3–4 % behind the `gemm` crate (`docs/benchmarks.md`).
    const NC: usize = 256;
    // 20 accumulators + 5 rows of A + 1 of B: 26 of the 32 zmm registers, leaving
    // room so nothing spills (5×5 did); 9 loads feed 20 FMAs. 5 divides the
    // network's batch sizes (10, 100).
    const DOT_RA: usize = 5;
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
        let mask = tail_mask(nr);
        let (ap, bp, cp) = (a.data.as_ptr(), b.data.as_ptr(), c.as_mut_ptr());
        let (ais, aks, bks) = (a.i_stride, a.k_stride, b.k_stride);
        // A is either rows read in place (k-stride 1) or columns side by side.
        assert!(ais == 1 || aks == 1, "A panel needs a unit stride");
        macro_rules! go {
            ($nv:literal, $masked:literal, $ar:literal) => {
                by_rows!(
                    mr,
                    tile,
                    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
                    $nv,
                    $masked,
                    $ar,
                    (k, alpha, ap, ais, aks, bp, bks, beta, cp, ldc, mask)
                )
            };
        }
        // SAFETY: `self` proves AVX-512F; `check_tile` verified that rows `< mr`
        // (`ais` apart), k-steps `< k` and columns `< nr` lie inside the slices; the
        // vectors used cover exactly `nr` columns (two when `nr > 16`, the last one
        // masked to the lanes of `mask` unless `nr` is a multiple of 16).
        unsafe {
            let masked = !nr.is_multiple_of(LANES);
            match (nr > LANES, masked, ais != 1) {
                (true, false, false) => go!(2, false, false),
                (true, true, false) => go!(2, true, false),
                (false, false, false) => go!(1, false, false),
                (false, true, false) => go!(1, true, false),
                (true, false, true) => go!(2, false, true),
                (true, true, true) => go!(2, true, true),
                (false, false, true) => go!(1, false, true),
                (false, true, true) => go!(1, true, true),
            }
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
            // SAFETY: `self` proves AVX-512F; the asserts above put rows and columns
            // `0..16` of the square, in `src` with stride `ld` and in `dst` with
            // stride `dst_stride`, inside the slices.
            unsafe { transpose16(src.as_ptr(), ld, dst.as_mut_ptr(), dst_stride) }
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
            ($($ra:literal),*; $rb:literal) => {
                match ra {
                    $($ra => dot::<$ra, $rb>(k, alpha, ap, lda, bp, ldb, beta, cp, ldc),)*
                    _ => unreachable!("tile rows checked above"),
                }
            };
        }
        // SAFETY: `self` proves AVX-512F; `check_dot` verified that `ra` rows of `a`,
        // `rb` rows of `b` (each `k` long) and the `ra × rb` block of `c` are in bounds.
        unsafe {
            match rb {
                1 => go!(1, 2, 3, 4, 5; 1),
                2 => go!(1, 2, 3, 4, 5; 2),
                3 => go!(1, 2, 3, 4, 5; 3),
                4 => go!(1, 2, 3, 4, 5; 4),
                _ => unreachable!("tile rows checked above"),
            }
        }
    }
}
