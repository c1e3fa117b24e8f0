//! The interface every kernel family implements: a register-tiled outer-product
//! microkernel for the blocked loops and an inner-product kernel for skinny
//! products whose `B` is used transposed.
//!
//! Both take slices and check every index they will touch before running, so the
//! driver above them is entirely safe code. The plain transposition here is the
//! default way a kernel packs a transposed `B`.

use crate::layout::span;

/// One operand of a microkernel call. For `A`, element `(i, p)` of the tile is
/// `data[i * i_stride + p * k_stride]`: a packed panel has `(1, MR)`, an `A` read
/// in place `(1, lda)` when stored transposed or `(lda, 1)` when not.
/// For `B`, element `(p, j)` is `data[p * k_stride + j]` (`i_stride` is unused).
#[derive(Clone, Copy)]
pub(crate) struct Panel<'a> {
    pub data: &'a [f32],
    pub k_stride: usize,
    pub i_stride: usize,
}

/// A kernel family: its register tile, its cache blocks and its two kernels.
pub(crate) trait Micro: Copy + Send + Sync {
    /// Rows of `C` in one register tile.
    const MR: usize;
    /// Columns of `C` in one register tile (a multiple of the vector width).
    const NR: usize;
    /// Depth of one block: the `MR × KC` strip of `A` stays in L1 while `KC × NR`
    /// strips of `B` stream past it; a longer block means fewer passes over `C`.
    const KC: usize;
    /// Rows of one packed block of `A` (packed only when stored transposed).
    const MC: usize;
    /// Columns of one packed block of `B`: the `KC × NC` block stays in L2 while
    /// every row strip of `A` sweeps it.
    const NC: usize;
    /// Rows of `A` (and of stored `B`) in one inner-product tile.
    const DOT_RA: usize;
    const DOT_RB: usize;

    /// `C[i, j] ← α·Σₚ A(i, p)·B(p, j) + β·C[i, j]` for `i < mr ≤ MR`, `j < nr ≤ NR`,
    /// with `C[i, j] = c[i * ldc + j]`; `β = 0` never reads `C`.
    #[allow(clippy::too_many_arguments)]
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
    );

    /// [`Micro::tile`] for every `NR`-wide tile of one row strip: `mr ≤ MR` rows,
    /// `n` columns. Tile `t` covers columns `t·NR..` of `c` and reads `b` from
    /// element `t·b_strip` on: `b_strip = NR` for a row-major `B` read in place,
    /// `kc·NR` for the strips of a packed B̃. Kernels may override it to check
    /// bounds once and skip the per-tile dispatch.
    #[allow(clippy::too_many_arguments)]
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
        tile_by_tile(self, mr, n, k, alpha, a, b, b_strip, beta, c, ldc);
    }

    /// Packs a transposed strip: `dst[p·dst_stride + c] = src[c·ld + p]` for
    /// `c < rows`, `p < kc`.
    #[allow(clippy::too_many_arguments)]
    fn pack_bt(
        self,
        src: &[f32],
        ld: usize,
        rows: usize,
        kc: usize,
        dst: &mut [f32],
        dst_stride: usize,
    ) {
        transpose_into(src, ld, rows, kc, dst, dst_stride);
    }

    /// `C[i, j] ← α·Σₚ a[i·lda + p]·b[j·ldb + p] + β·C[i, j]` for `i < ra ≤ DOT_RA`,
    /// `j < rb ≤ DOT_RB`: dot products of rows of `A` with rows of the stored `B`.
    #[allow(clippy::too_many_arguments)]
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
    );
}

/// [`Micro::tile_row`] as one [`Micro::tile`] call per `NR`-wide tile: the default,
/// and what kernels that override it fall back on.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tile_by_tile<K: Micro>(
    kern: K,
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
    for (t, j) in (0..n).step_by(K::NR).enumerate() {
        let b_j = Panel {
            data: &b.data[t * b_strip..],
            ..b
        };
        let nr = K::NR.min(n - j);
        kern.tile(mr, nr, k, alpha, a, b_j, beta, &mut c[j..], ldc);
    }
}

/// `dst[p·dst_stride + c] = src[c·ld + p]` for `c < rows`, `p < kc`: writes `rows`
/// stored rows of `src` as columns of `dst`, eight at a time so each pass over
/// `dst` fills runs of a cache line.
pub(crate) fn transpose_into(
    src: &[f32],
    ld: usize,
    rows: usize,
    kc: usize,
    dst: &mut [f32],
    dst_stride: usize,
) {
    let mut c = 0;
    while c < rows {
        let g = (rows - c).min(8);
        let srcs: [&[f32]; 8] = std::array::from_fn(|t| &src[(c + t.min(g - 1)) * ld..][..kc]);
        for p in 0..kc {
            let d = &mut dst[p * dst_stride + c..][..g];
            for (t, x) in d.iter_mut().enumerate() {
                *x = srcs[t][p];
            }
        }
        c += g;
    }
}

/// Checks everything [`Micro::tile`] will touch; kernels call this before any SIMD code.
#[allow(clippy::too_many_arguments)]
#[track_caller]
pub(crate) fn check_tile(
    mr_max: usize,
    nr_max: usize,
    mr: usize,
    nr: usize,
    k: usize,
    a: &Panel<'_>,
    b: &Panel<'_>,
    c: &[f32],
    ldc: usize,
) {
    assert!((1..=mr_max).contains(&mr) && (1..=nr_max).contains(&nr) && k >= 1);
    let a_span = (mr - 1)
        .checked_mul(a.i_stride)
        .and_then(|r| r.checked_add(span(k, 1, a.k_stride)?));
    assert!(a_span.is_some_and(|s| s <= a.data.len()));
    assert!(span(k, nr, b.k_stride).is_some_and(|s| s <= b.data.len()));
    assert!(span(mr, nr, ldc).is_some_and(|s| s <= c.len()));
}

/// Checks everything [`Micro::dot_tile`] will touch.
#[allow(clippy::too_many_arguments)]
#[track_caller]
pub(crate) fn check_dot(
    ra_max: usize,
    rb_max: usize,
    ra: usize,
    rb: usize,
    k: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    c: &[f32],
    ldc: usize,
) {
    assert!((1..=ra_max).contains(&ra) && (1..=rb_max).contains(&rb) && k >= 1);
    assert!(span(ra, k, lda).is_some_and(|s| s <= a.len()));
    assert!(span(rb, k, ldb).is_some_and(|s| s <= b.len()));
    assert!(span(ra, rb, ldc).is_some_and(|s| s <= c.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(data: &[f32], k_stride: usize, i_stride: usize) -> Panel<'_> {
        Panel {
            data,
            k_stride,
            i_stride,
        }
    }

    /// A 2×3 tile at k = 4: A read in place (rows 5 apart), B with k-stride 7, C with
    /// ldc 6. Each slice is exactly as long as the elements the tile touches.
    #[test]
    fn check_tile_accepts_exactly_the_span_it_touches() {
        let (a, b, c) = ([0.0; 5 + 3 + 1], [0.0; 3 * 7 + 3], [0.0; 6 + 3]);
        check_tile(4, 16, 2, 3, 4, &panel(&a, 1, 5), &panel(&b, 7, 1), &c, 6);
        let packed_a = [0.0; 3 * 4 + 2];
        check_tile(
            4,
            16,
            2,
            3,
            4,
            &panel(&packed_a, 4, 1),
            &panel(&b, 7, 1),
            &c,
            6,
        );
    }

    #[test]
    #[should_panic(expected = "c.len()")]
    fn check_tile_rejects_a_c_one_short() {
        let (a, b, c) = ([0.0; 9], [0.0; 24], [0.0; 8]);
        check_tile(4, 16, 2, 3, 4, &panel(&a, 1, 5), &panel(&b, 7, 1), &c, 6);
    }

    #[test]
    #[should_panic(expected = "b.data.len()")]
    fn check_tile_rejects_a_b_one_short() {
        let (a, b, c) = ([0.0; 9], [0.0; 23], [0.0; 9]);
        check_tile(4, 16, 2, 3, 4, &panel(&a, 1, 5), &panel(&b, 7, 1), &c, 6);
    }

    /// 2 rows of A (lda 10) against 3 stored rows of B (ldb 9), k = 8, ldc 4.
    #[test]
    fn check_dot_accepts_exactly_the_span_it_touches() {
        let (a, b, c) = ([0.0; 10 + 8], [0.0; 2 * 9 + 8], [0.0; 4 + 3]);
        check_dot(4, 4, 2, 3, 8, &a, 10, &b, 9, &c, 4);
        let short =
            std::panic::catch_unwind(|| check_dot(4, 4, 2, 3, 8, &a[1..], 10, &b, 9, &c, 4));
        assert!(short.is_err());
    }
}
