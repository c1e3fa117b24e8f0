//! Packing: copying blocks of `op(A)` and `op(B)` into the order the microkernel
//! reads them, so its loads are contiguous, aligned and stay in cache.
//!
//! A packed block of `A` is a run of strips of `MR` rows: element `(i, p)` of strip
//! `s` sits at `s·MR·kc + p·MR + i`. A packed block of `B` is a run of strips of
//! `NR` columns: element `(p, j)` of strip `s` sits at `s·NR·kc + p·NR + j`.
//! Edge strips are narrower but keep the full stride; the kernels never read the gap.

use std::cell::RefCell;

use crate::layout::{span, Transpose};
use crate::micro::{transpose_into, Micro};

/// A read-only operand as stored: `op(X)(r, c)` is `data[r·ld + c]`, or
/// `data[c·ld + r]` when transposed.
#[derive(Clone, Copy)]
pub(crate) struct Operand<'a> {
    pub trans: Transpose,
    pub data: &'a [f32],
    pub ld: usize,
}

/// Packs rows `i0..i0+mc`, columns `p0..p0+kc` of `op(A)` into strips of `mr_w` rows.
pub(crate) fn pack_a(
    mr_w: usize,
    a: Operand<'_>,
    (i0, mc): (usize, usize),
    (p0, kc): (usize, usize),
    dst: &mut [f32],
) {
    for (s, r0) in (0..mc).step_by(mr_w).enumerate() {
        let mr = mr_w.min(mc - r0);
        let strip = &mut dst[s * mr_w * kc..][..mr_w * kc];
        match a.trans {
            // Rows of A are contiguous in p: gather them one column of the strip at a time.
            Transpose::No => {
                for r in 0..mr {
                    let row = &a.data[(i0 + r0 + r) * a.ld + p0..][..kc];
                    for (d, &v) in strip.chunks_exact_mut(mr_w).zip(row) {
                        d[r] = v;
                    }
                }
            }
            // Stored Aᵀ already has the strip's rows next to each other.
            Transpose::Yes => {
                for (p, d) in strip.chunks_exact_mut(mr_w).enumerate() {
                    d[..mr].copy_from_slice(&a.data[(p0 + p) * a.ld + i0 + r0..][..mr]);
                }
            }
        }
    }
}

/// Packs rows `p0..p0+kc`, columns `j0..j0+nc` of `op(B)` into strips of `nr_w` columns.
pub(crate) fn pack_b<K: Micro>(
    kern: K,
    nr_w: usize,
    b: Operand<'_>,
    (p0, kc): (usize, usize),
    (j0, nc): (usize, usize),
    dst: &mut [f32],
) {
    for (s, c0) in (0..nc).step_by(nr_w).enumerate() {
        let nr = nr_w.min(nc - c0);
        let strip = &mut dst[s * nr_w * kc..][..nr_w * kc];
        match b.trans {
            Transpose::No => {
                let src = &b.data[p0 * b.ld + j0 + c0..];
                // The kernels' full strip widths as fixed-size copies: a few vector
                // moves per row instead of a call to `memcpy` per row, which is
                // faster on the AVX2 squares (docs/benchmarks.md).
                match nr {
                    16 => copy_rows::<16>(src, b.ld, strip, nr_w),
                    32 => copy_rows::<32>(src, b.ld, strip, nr_w),
                    _ => {
                        for (p, d) in strip.chunks_exact_mut(nr_w).enumerate() {
                            d[..nr].copy_from_slice(&src[p * b.ld..][..nr]);
                        }
                    }
                }
            }
            // Stored Bᵀ has op(B)'s columns as rows: a transposition, done by the
            // kernel family (AVX-512 does it 16×16 in registers).
            Transpose::Yes => {
                let src = &b.data[(j0 + c0) * b.ld + p0..];
                kern.pack_bt(src, b.ld, nr, kc, strip, nr_w);
            }
        }
    }
}

/// `dst[p·dst_stride + j] = src[p·ld + j]` for `j < W`, every row `p` of `dst`.
fn copy_rows<const W: usize>(src: &[f32], ld: usize, dst: &mut [f32], dst_stride: usize) {
    for (p, d) in dst.chunks_exact_mut(dst_stride).enumerate() {
        let row: &[f32; W] = src[p * ld..][..W].try_into().expect("W elements");
        let d: &mut [f32; W] = (&mut d[..W]).try_into().expect("W elements");
        *d = *row;
    }
}

/// [`transpose_into`] with the full `block × block` squares done by `square`, which
/// is handed `src` and `dst` starting at the square's corner (each holding at least
/// the square: `(block − 1)·ld + block` and `(block − 1)·dst_stride + block`
/// elements) and must write `dst[j·dst_stride + i] = src[i·ld + j]` for
/// `i, j < block`; the ragged right and bottom edges are done in plain code.
/// The SIMD kernels pass their in-register transposes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn transpose_into_by_squares(
    src: &[f32],
    ld: usize,
    rows: usize,
    kc: usize,
    dst: &mut [f32],
    dst_stride: usize,
    block: usize,
    mut square: impl FnMut(&[f32], &mut [f32]),
) {
    if rows == 0 || kc == 0 {
        return;
    }
    assert!(ld >= kc && dst_stride >= rows);
    assert!(span(rows, kc, ld).is_some_and(|s| s <= src.len()));
    assert!(span(kc, rows, dst_stride).is_some_and(|s| s <= dst.len()));
    let (full_r, full_k) = (rows / block * block, kc / block * block);
    for c0 in (0..full_r).step_by(block) {
        for p0 in (0..full_k).step_by(block) {
            square(&src[c0 * ld + p0..], &mut dst[p0 * dst_stride + c0..]);
        }
    }
    if full_k < kc {
        transpose_into(
            &src[full_k..],
            ld,
            full_r,
            kc - full_k,
            &mut dst[full_k * dst_stride..],
            dst_stride,
        );
    }
    if full_r < rows {
        transpose_into(
            &src[full_r * ld..],
            ld,
            rows - full_r,
            kc,
            &mut dst[full_r..],
            dst_stride,
        );
    }
}

thread_local! {
    /// Per-thread packing buffers for A and B, grown on demand and reused, so the
    /// hot path allocates nothing after the first call of a given size.
    static BUFFERS: RefCell<(Vec<f32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// A 64-byte-aligned window of `len` elements in `v`, growing `v` if needed.
fn aligned(v: &mut Vec<f32>, len: usize) -> &mut [f32] {
    const ALIGN_ELEMS: usize = 64 / std::mem::size_of::<f32>();
    if v.len() < len + ALIGN_ELEMS {
        v.resize(len + ALIGN_ELEMS, 0.0);
    }
    let off = v.as_ptr().align_offset(64).min(ALIGN_ELEMS);
    &mut v[off..off + len]
}

/// Runs `f` with aligned scratch buffers of `a_len` and `b_len` elements.
pub(crate) fn with_buffers<R>(
    a_len: usize,
    b_len: usize,
    f: impl FnOnce(&mut [f32], &mut [f32]) -> R,
) -> R {
    BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut bufs) => {
            let (a, b) = &mut *bufs;
            f(aligned(a, a_len), aligned(b, b_len))
        }
        // Only reachable if a caller re-enters gemm on the same thread while the
        // buffers are in use; correct, merely slower.
        Err(_) => {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            f(aligned(&mut a, a_len), aligned(&mut b, b_len))
        }
    })
}
