//! AVX-512F kernels: a 12×32 outer-product tile (24 of the 32 zmm registers hold
//! `C`) and a 4×6 inner-product tile.

use std::arch::x86_64::*;

use crate::micro::{check_dot, check_tile, Micro, Panel};

/// Proof that the CPU has AVX-512F: only [`Avx512::new`] makes one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx512(());

impl Avx512 {
    pub(crate) fn new() -> Option<Self> {
        super::has_avx512().then_some(Avx512(()))
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

/// The outer-product tile: `M` rows, `NV` vectors of 16 columns, the last one masked.
///
/// # Safety
/// The CPU supports AVX-512F; for `p < k`, `i < M`: `a + p*a_ks + i` is readable;
/// for `j` in the lanes selected by `mask` of the last vector (all lanes of the
/// others): `b + p*b_ks + j` is readable and `c + i*ldc + j` is readable and writable.
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)]
unsafe fn tile<const M: usize, const NV: usize>(
    k: usize,
    alpha: f32,
    a: *const f32,
    a_ks: usize,
    b: *const f32,
    b_ks: usize,
    beta: f32,
    c: *mut f32,
    ldc: usize,
    mask: __mmask16,
) {
    let mask_of = |v: usize| if v + 1 == NV { mask } else { 0xffff };
    let mut acc = [[_mm512_setzero_ps(); NV]; M];
    // SAFETY: every pointer below stays inside the region the caller vouched for
    // (rows `i < M`, k-steps `p < k`, lanes chosen by `mask_of`); masked-off lanes
    // are neither read nor written by the masked load/store instructions.
    unsafe {
        let (mut ap, mut bp) = (a, b);
        for _ in 0..k {
            let mut bv = [_mm512_setzero_ps(); NV];
            for (v, x) in bv.iter_mut().enumerate() {
                *x = _mm512_maskz_loadu_ps(mask_of(v), bp.add(v * LANES));
            }
            for (i, row) in acc.iter_mut().enumerate() {
                let ai = _mm512_set1_ps(*ap.add(i));
                for (x, bx) in row.iter_mut().zip(&bv) {
                    *x = _mm512_fmadd_ps(ai, *bx, *x);
                }
            }
            ap = ap.add(a_ks);
            bp = bp.add(b_ks);
        }
        let va = _mm512_set1_ps(alpha);
        let vb = _mm512_set1_ps(beta);
        for (i, row) in acc.iter().enumerate() {
            let cp = c.add(i * ldc);
            for (v, x) in row.iter().enumerate() {
                let mk = mask_of(v);
                let p = cp.add(v * LANES);
                let r = if beta == 0.0 {
                    _mm512_mul_ps(*x, va)
                } else {
                    _mm512_fmadd_ps(*x, va, _mm512_mul_ps(_mm512_maskz_loadu_ps(mk, p), vb))
                };
                _mm512_mask_storeu_ps(p, mk, r);
            }
        }
    }
}

/// The inner-product tile: `RA` rows of `A` against `RB` stored rows of `B`.
///
/// # Safety
/// The CPU supports AVX-512F; `a + i*lda + p` (`i < RA`), `b + j*ldb + p` (`j < RB`)
/// are readable for `p < k`, and `c + i*ldc + j` is readable and writable.
#[target_feature(enable = "avx512f")]
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
        for (i, row) in acc.iter().enumerate() {
            for (j, x) in row.iter().enumerate() {
                let s = alpha * _mm512_reduce_add_ps(*x);
                let cp = c.add(i * ldc + j);
                *cp = if beta == 0.0 { s } else { s + beta * *cp };
            }
        }
    }
}

/// `match` over the row count of a tile, calling the matching instantiation.
macro_rules! by_rows {
    ($rows:expr, $f:ident, [$($m:literal),*], $nv:literal, $args:tt) => {
        match $rows {
            $($m => by_rows!(@call $f, $m, $nv, $args),)*
            _ => unreachable!("tile rows checked above"),
        }
    };
    (@call $f:ident, $m:literal, $nv:literal, ($($arg:expr),*)) => {
        $f::<$m, $nv>($($arg),*)
    };
}

impl Micro for Avx512 {
    const MR: usize = 12;
    const NR: usize = 32;
    // A 192×32 panel of B is 24 KiB, half of a 48 KiB L1d; the rest holds the
    // 12×192 (9 KiB) panel of A and the C tile.
    const KC: usize = 192;
    // 480×192 floats of packed A are 360 KiB: well inside a 1–2 MiB L2 with room
    // for the B panels streaming through.
    const MC: usize = 480;
    // 192×3072 floats of packed B are 2.25 MiB, for L3.
    const NC: usize = 3072;
    const DOT_RA: usize = 4;
    const DOT_RB: usize = 6;

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
        let (aks, bks) = (a.k_stride, b.k_stride);
        // SAFETY: `self` proves AVX-512F; `check_tile` verified that rows `< mr`,
        // k-steps `< k` and columns `< nr` (exactly the lanes `mask` selects in the
        // last vector, with `nr > 16` iff two vectors are used) lie inside the slices.
        unsafe {
            if nr > LANES {
                by_rows!(
                    mr,
                    tile,
                    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
                    2,
                    (k, alpha, ap, aks, bp, bks, beta, cp, ldc, mask)
                )
            } else {
                by_rows!(
                    mr,
                    tile,
                    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
                    1,
                    (k, alpha, ap, aks, bp, bks, beta, cp, ldc, mask)
                )
            }
        }
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
                1 => go!(1, 2, 3, 4; 1),
                2 => go!(1, 2, 3, 4; 2),
                3 => go!(1, 2, 3, 4; 3),
                4 => go!(1, 2, 3, 4; 4),
                5 => go!(1, 2, 3, 4; 5),
                6 => go!(1, 2, 3, 4; 6),
                _ => unreachable!("tile rows checked above"),
            }
        }
    }
}
