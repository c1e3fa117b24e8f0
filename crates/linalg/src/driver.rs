//! Chooses how to compute a checked product and runs it: the GotoBLAS/BLIS loop
//! nest over packed blocks, or, for small and skinny products, the same
//! microkernel on unpacked operands, or dot products of rows.

use crate::kernel::Kernel;
use crate::layout::Transpose;
use crate::micro::{Micro, Panel};
use crate::pack::{pack_a, pack_b, with_buffers, Operand};
use crate::portable::Portable;

/// A product whose arguments [`crate::gemm()`] has already checked.
pub(crate) struct Args<'a, 'c> {
    pub transa: Transpose,
    pub transb: Transpose,
    pub m: usize,
    pub n: usize,
    pub k: usize,
    pub alpha: f32,
    pub a: &'a [f32],
    pub lda: usize,
    pub b: &'a [f32],
    pub ldb: usize,
    pub beta: f32,
    pub c: &'c mut [f32],
    pub ldc: usize,
}

/// `C ← β·C`, writing zeros (not `0·C`) when `β = 0` so NaN in `C` disappears.
pub(crate) fn scale_c(m: usize, n: usize, beta: f32, c: &mut [f32], ldc: usize) {
    if beta == 1.0 {
        return;
    }
    for i in 0..m {
        let row = &mut c[i * ldc..i * ldc + n];
        if beta == 0.0 {
            row.fill(0.0);
        } else {
            row.iter_mut().for_each(|x| *x *= beta);
        }
    }
}

/// Whether a product may be split across the threads of the current rayon pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Threads {
    /// On the calling thread.
    One,
    /// In bands of rows of C across the pool's threads, when big enough to pay.
    #[cfg(feature = "rayon")]
    Pool,
}

/// Fewest multiply-adds (m·n·k) for which a fork across threads pays: about
/// 40 µs of work for one core, against a few µs to wake and join the others.
#[cfg(feature = "rayon")]
const PAR_MIN_WORK: usize = 1 << 22;

/// Runs a checked product on `kernel` (which the caller has checked is available).
pub(crate) fn run(kernel: Kernel, threads: Threads, x: Args<'_, '_>) {
    if x.m == 0 || x.n == 0 {
        return;
    }
    if x.k == 0 || x.alpha == 0.0 {
        scale_c(x.m, x.n, x.beta, x.c, x.ldc);
        return;
    }
    match kernel {
        Kernel::Portable => drive(Portable, threads, x),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2Fma => drive(
            crate::simd::Avx2Fma::new().expect("avx2+fma checked by the caller"),
            threads,
            x,
        ),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx512 => drive(
            crate::simd::Avx512::new().expect("avx512f checked by the caller"),
            threads,
            x,
        ),
        #[cfg(not(target_arch = "x86_64"))]
        other => unreachable!("{} is never available off x86-64", other.name()),
    }
}

/// How a product is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Rows of `A` dotted with rows of the stored `B` (`op(B) = Bᵀ`), no packing.
    Dot,
    /// The blocked loop nest, packing `A` and/or `B` as flagged.
    Blocked { pack_a: bool, pack_b: bool },
}

/// Largest `m` for which `C = α·A·Bᵀ + β·C` (A plain, B transposed, B small
/// enough to stay in L2) is computed as dot products of rows, which beats
/// packing `Bᵀ`; larger products go through the blocked kernel.
///
/// Each route gives a row of C the same value whatever other rows it is computed
/// with, but the two routes add in different orders, so their last bits may
/// differ. A product split by rows gives the unsplit result bit for bit when
/// every piece has more than `DOT_MAX_M` rows or the whole has at most
/// `DOT_MAX_M`.
pub const DOT_MAX_M: usize = 16;
/// Largest stored `B` (elements) for the dot-product path: it must stay in L2
/// while every row block of `A` sweeps it. A product `A·Bᵀ` of at most
/// [`DOT_MAX_M`] rows whose `B` is split by rows takes the same route for every
/// piece, and gives every element the unsplit value, when the whole `B` has at
/// most this many elements.
pub const DOT_MAX_B: usize = 256 * 1024;

/// Largest block of a `B` read in place (elements; 256 KiB, half a 512 KiB L2): every
/// row strip of A sweeps the whole block, which stays in cache. The weight gradient
/// 30×10ᵀ·10×784 (k = 10) is one block, swept by rows of C (faster than by columns;
/// see docs/benchmarks.md).
const IN_PLACE_B_MAX: usize = 64 * 1024;

/// Largest span (elements; 256 KiB, 64 pages of 4 KiB) of one KC-deep strip of a
/// plain `B` (`kc·ldb`) that is read in place rather than packed, when packing would
/// otherwise pay. The strips stream from L2 either way, so close rows cost no more
/// to read in place and the copy is saved: packing a plain B costs more than it
/// saves below 64 Ki floats of span (`cargo xtask bench-gemm --squares …`; see
/// docs/benchmarks.md).
const IN_PLACE_B_SPAN: usize = 64 * 1024;

/// Chooses the plan. Packing a block costs about one cycle per element, while the
/// microkernel retires 16–32 multiply-adds per cycle, so packing `B` pays off only
/// when each packed element is reused by many rows of `A` (and likewise for `A`).
pub(crate) fn plan<K: Micro>(
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    ldb: usize,
) -> Plan {
    if transa == Transpose::No
        && transb == Transpose::Yes
        && m <= DOT_MAX_M
        && n.saturating_mul(k) <= DOT_MAX_B
    {
        return Plan::Dot;
    }
    // op(B) rows are loaded as vectors, so a transposed B is always packed; a plain
    // one only when enough rows of A reuse each packed element, k is long enough
    // for the stride to matter (a strip of ≤ 32 k-rows stays in L1 as it is; the
    // network's weight gradient has k = batch size), and its rows lie far apart.
    let pack_b = transb == Transpose::Yes
        || (m > 4 * K::MR && k > 32 && kc_of::<K>(k).saturating_mul(ldb) > IN_PLACE_B_SPAN);
    // The microkernel broadcasts A one element at a time, so A needs no packing for
    // contiguity. Read in place, a row-major A was faster than packed at every size
    // measured (packing it is a transposition that costs ~1 cycle per element); a
    // stored Aᵀ read in place touches a new cache line per k-step for only MR
    // elements, which pays off only when few strips reuse it.
    let pack_a = transa == Transpose::Yes && (m > 4 * K::MR || n > 4 * K::NR);
    Plan::Blocked { pack_a, pack_b }
}

fn drive<K: Micro>(kern: K, threads: Threads, x: Args<'_, '_>) {
    match (plan::<K>(x.transa, x.transb, x.m, x.n, x.k, x.ldb), threads) {
        (Plan::Dot, _) => dot_products(kern, x),
        (Plan::Blocked { pack_a, pack_b }, Threads::One) => blocked(kern, x, pack_a, pack_b),
        #[cfg(feature = "rayon")]
        (Plan::Blocked { pack_a, pack_b }, Threads::Pool) => {
            in_bands(kern, x, pack_a, pack_b);
        }
    }
}

/// The blocked product in bands of rows of C, one per thread of the current rayon
/// pool, forked once: each band is a whole blocked product of its rows, packing its
/// own copy of B̃. Sharing one B̃ instead (packed by one thread, then a fork per
/// block of B) was slower on 2 cores (docs/benchmarks.md).
/// Every band keeps the whole product's plan and blocking, and an element's sum
/// never depends on which rows share its tile, so each element comes out exactly
/// as on one thread.
#[cfg(feature = "rayon")]
fn in_bands<K: Micro>(kern: K, x: Args<'_, '_>, pack_a: bool, pack_b: bool) {
    use rayon::prelude::*;
    // At least four row strips per band, so each band amortises its packing of B̃.
    let bands = rayon::current_num_threads().min(x.m / (4 * K::MR));
    if bands < 2 || x.m.saturating_mul(x.n).saturating_mul(x.k) < PAR_MIN_WORK {
        return blocked(kern, x, pack_a, pack_b);
    }
    let rows = x.m.div_ceil(bands).next_multiple_of(K::MR);
    let Args { m, n, ldc, c, .. } = x;
    // Only the rows of C (the slice may run on past the last one).
    c[..(m - 1) * ldc + n]
        .par_chunks_mut(rows * ldc)
        .enumerate()
        .for_each(|(band, c)| {
            let i0 = band * rows;
            let band_args = Args {
                m: rows.min(m - i0),
                // Rows i0.. of op(A): rows of a stored A, or columns of a stored Aᵀ.
                a: match x.transa {
                    Transpose::No => &x.a[i0 * x.lda..],
                    Transpose::Yes => &x.a[i0..],
                },
                c,
                ..x
            };
            blocked(kern, band_args, pack_a, pack_b);
        });
}

/// `C = α·A·Bᵀ + β·C` as dot products of rows, in tiles of `DOT_RA × DOT_RB`.
/// The `DOT_RB` rows of `B` of the outer loop stay in L1 while all of `A` passes.
fn dot_products<K: Micro>(kern: K, x: Args<'_, '_>) {
    debug_assert!(x.transa == Transpose::No && x.transb == Transpose::Yes);
    for j0 in (0..x.n).step_by(K::DOT_RB) {
        let rb = K::DOT_RB.min(x.n - j0);
        for i0 in (0..x.m).step_by(K::DOT_RA) {
            let ra = K::DOT_RA.min(x.m - i0);
            kern.dot_tile(
                ra,
                rb,
                x.k,
                x.alpha,
                &x.a[i0 * x.lda..],
                x.lda,
                &x.b[j0 * x.ldb..],
                x.ldb,
                x.beta,
                &mut x.c[i0 * x.ldc + j0..],
                x.ldc,
            );
        }
    }
}

/// The GotoBLAS/BLIS loop nest:
///
/// ```text
/// for jc in 0..n step NC            // B block of NC columns
///   for pc in 0..k step KC          //   pack KC×NC of op(B) → B̃ (L2)
///     for ic in 0..m step MC        //     pack MC×KC of op(A) → Ã, if packed
///       for ir in 0..MC step MR     //       an MR×KC strip of A stays in L1
///         for jr in 0..NC step NR   //         KC×NR strips of B̃ stream from L2
///           microkernel(kc, A strip, B̃ strip, C tile)   // MR×NR of C in registers
/// ```
///
/// The two innermost loops run in this order (as in the `gemm` crate; BLIS swaps
/// them) so that C is swept along its rows, the way it lies in memory, rather than
/// down its columns, where every row of a tile of a large C is a line of its own
/// to fetch. It made the large squares faster, with B̃ sized for L2
/// (`docs/benchmarks.md`).
///
/// An operand that is not packed is read in place through strides: `A` either way
/// (the microkernel broadcasts its elements one by one), `B` only when not
/// transposed (the microkernel loads rows of `op(B)` as vectors).
fn blocked<K: Micro>(kern: K, mut x: Args<'_, '_>, pack_a_flag: bool, pack_b_flag: bool) {
    debug_assert!(pack_b_flag || x.transb == Transpose::No);
    let steps = Steps::of::<K>(x.m, x.n, x.k, pack_b_flag);
    let a_len = if pack_a_flag { steps.mc * steps.kc } else { 0 };
    let b_len = if pack_b_flag { steps.nc * steps.kc } else { 0 };
    with_buffers(a_len, b_len, |abuf, bbuf| {
        for (jc, nc, pc, kc) in steps.blocks(x.n, x.k) {
            if pack_b_flag {
                pack_b(kern, K::NR, x.b_operand(), (pc, kc), (jc, nc), bbuf);
            }
            let packed_b = pack_b_flag.then_some(&*bbuf);
            row_blocks(
                kern,
                &mut x,
                (jc, nc),
                (pc, kc),
                pack_a_flag,
                packed_b,
                abuf,
            );
        }
    });
}

/// Block lengths of the loop nest. Equal blocks rather than full ones plus a sliver:
/// k = 256 with KC = 192 runs as 128 + 128, not 192 + 64 (a short block pays the C
/// traffic for little work).
struct Steps {
    kc: usize,
    mc: usize,
    nc: usize,
}

impl Steps {
    fn of<K: Micro>(m: usize, n: usize, k: usize, pack_b: bool) -> Steps {
        let kc = kc_of::<K>(k);
        let nc_max = if pack_b { K::NC } else { IN_PLACE_B_MAX / kc };
        Steps {
            kc,
            mc: balanced(m, K::MC, K::MR),
            nc: balanced(n, nc_max, K::NR),
        }
    }

    /// `(jc, nc, pc, kc)`: the column blocks of B, and within each the k-blocks.
    fn blocks(&self, n: usize, k: usize) -> impl Iterator<Item = (usize, usize, usize, usize)> {
        let (nc_step, kc_step) = (self.nc, self.kc);
        (0..n).step_by(nc_step).flat_map(move |jc| {
            (0..k)
                .step_by(kc_step)
                .map(move |pc| (jc, nc_step.min(n - jc), pc, kc_step.min(k - pc)))
        })
    }
}

impl Args<'_, '_> {
    fn b_operand(&self) -> Operand<'_> {
        Operand {
            trans: self.transb,
            data: self.b,
            ld: self.ldb,
        }
    }
}

/// For one column block `jc..jc + nc` of B and one k-block `pc..pc + kc`: every row
/// of `x` (all of C, or one band of it), block by block of MC rows.
fn row_blocks<K: Micro>(
    kern: K,
    x: &mut Args<'_, '_>,
    (jc, nc): (usize, usize),
    (pc, kc): (usize, usize),
    pack_a_flag: bool,
    packed_b: Option<&[f32]>,
    abuf: &mut [f32],
) {
    let (mr_w, nr_w) = (K::MR, K::NR);
    let m = x.m;
    let mc_step = balanced(m, K::MC, mr_w);
    // Later k-blocks add to what the first one wrote.
    let beta = if pc == 0 { x.beta } else { 1.0 };
    let a_op = Operand {
        trans: x.transa,
        data: x.a,
        ld: x.lda,
    };
    // The block of B that every row strip of A sweeps: packed strips of B̃, or B in
    // place, whose strips are NR columns apart.
    let (b_block, b_strip) = match packed_b {
        Some(bbuf) => (
            Panel {
                data: bbuf,
                k_stride: nr_w,
                i_stride: 1,
            },
            kc * nr_w,
        ),
        None => (
            Panel {
                data: &x.b[pc * x.ldb + jc..],
                k_stride: x.ldb,
                i_stride: 1,
            },
            nr_w,
        ),
    };
    let c = &mut *x.c;
    for ic in (0..m).step_by(mc_step) {
        let mc = mc_step.min(m - ic);
        if pack_a_flag {
            pack_a(mr_w, a_op, (ic, mc), (pc, kc), abuf);
        }
        // The MR-row strip `ir` of this block of A: packed, or read in place.
        let a_strip = |ir: usize| {
            if pack_a_flag {
                Panel {
                    data: &abuf[ir * kc..],
                    k_stride: mr_w,
                    i_stride: 1,
                }
            } else if x.transa == Transpose::Yes {
                Panel {
                    data: &x.a[pc * x.lda + ic + ir..],
                    k_stride: x.lda,
                    i_stride: 1,
                }
            } else {
                Panel {
                    data: &x.a[(ic + ir) * x.lda + pc..],
                    k_stride: 1,
                    i_stride: x.lda,
                }
            }
        };
        // Each row strip of A, held in L1, against the whole block of B (in L2),
        // so C is swept along its rows.
        for ir in (0..mc).step_by(mr_w) {
            kern.tile_row(
                mr_w.min(mc - ir),
                nc,
                kc,
                x.alpha,
                a_strip(ir),
                b_block,
                b_strip,
                beta,
                &mut c[(ic + ir) * x.ldc + jc..],
                x.ldc,
            );
        }
    }
}

/// The depth of each k-block.
fn kc_of<K: Micro>(k: usize) -> usize {
    balanced(k, K::KC, 1)
}

/// The block length that splits `len` into the fewest blocks of at most `max`
/// (rounded up to a multiple of `unit`), all about equal.
fn balanced(len: usize, max: usize, unit: usize) -> usize {
    let blocks = len.div_ceil(max).max(1);
    len.div_ceil(blocks).next_multiple_of(unit).max(unit)
}

#[cfg(all(test, feature = "rayon"))]
mod tests {
    use super::*;

    fn filled(len: usize, seed: u32) -> Vec<f32> {
        (0..len)
            .map(|i| {
                let h = (i as u32 ^ seed).wrapping_mul(2_654_435_761);
                (h >> 8) as f32 / (1u32 << 24) as f32 - 0.5
            })
            .collect()
    }

    /// Bands on 1, 2 and 3 threads give every element exactly as one thread does,
    /// on every kernel, both layouts of A and B, β = 0 over NaN and β ≠ 0, leading
    /// dimensions wider than the rows, and C longer than its last row.
    #[test]
    fn bands_give_the_single_thread_result_bit_for_bit() {
        let shapes = [
            (200, 150, 150),
            (97, 301, 157),
            (1000, 100, 784),
            (500, 33, 300),
        ];
        for kernel in Kernel::available() {
            for &(m, n, k) in &shapes {
                for (ta, tb) in [
                    (Transpose::No, Transpose::No),
                    (Transpose::No, Transpose::Yes),
                    (Transpose::Yes, Transpose::No),
                    (Transpose::Yes, Transpose::Yes),
                ] {
                    let (ar, ac) = if ta == Transpose::No { (m, k) } else { (k, m) };
                    let (br, bc) = if tb == Transpose::No { (k, n) } else { (n, k) };
                    let (lda, ldb, ldc) = (ac + 3, bc + 1, n + 5);
                    let a = filled(ar * lda, 1);
                    let b = filled(br * ldb, 2);
                    for beta in [0.0, 0.5] {
                        let c0 = if beta == 0.0 {
                            vec![f32::NAN; m * ldc + 7]
                        } else {
                            filled(m * ldc + 7, 3)
                        };
                        let mut want = c0.clone();
                        let run_on = |threads, c: &mut [f32]| {
                            product(
                                kernel,
                                threads,
                                (ta, tb),
                                (m, n, k),
                                (&a, lda),
                                (&b, ldb),
                                beta,
                                (c, ldc),
                            );
                        };
                        run_on(Threads::One, &mut want);
                        for threads in [1, 2, 3] {
                            let mut got = c0.clone();
                            rayon::ThreadPoolBuilder::new()
                                .num_threads(threads)
                                .build()
                                .unwrap()
                                .install(|| run_on(Threads::Pool, &mut got));
                            let same = got
                                .iter()
                                .zip(&want)
                                .all(|(x, y)| x.to_bits() == y.to_bits());
                            assert!(
                                same,
                                "{} {m}×{n}×{k} {ta:?} {tb:?} β={beta} on {threads} threads",
                                kernel.name()
                            );
                        }
                    }
                }
            }
        }
    }

    /// `C ← 0.75·op(A)·op(B) + β·C` through `run`.
    #[allow(clippy::too_many_arguments)]
    fn product(
        kernel: Kernel,
        threads: Threads,
        (transa, transb): (Transpose, Transpose),
        (m, n, k): (usize, usize, usize),
        (a, lda): (&[f32], usize),
        (b, ldb): (&[f32], usize),
        beta: f32,
        (c, ldc): (&mut [f32], usize),
    ) {
        let args = Args {
            transa,
            transb,
            m,
            n,
            k,
            alpha: 0.75,
            a,
            lda,
            b,
            ldb,
            beta,
            c,
            ldc,
        };
        run(kernel, threads, args);
    }
}
