//! An epoch of steps on a team of threads that stay awake from its first
//! mini-batch to its last and hand work over through [`Signal`]s, for the small steps
//! (a few microseconds of work) where forking and joining per step would cost
//! as much as the second core gives.
//!
//! The first layer holds nearly all the work of the book's networks, so the team
//! splits it by neurons: thread t owns a block of rows of W¹ (and b¹, and their
//! velocities) for the whole epoch, in its own buffer. A step is
//!
//! 1. every thread: its neurons' activations for the whole mini-batch, eq. (22);
//! 2. thread 0: the layers above, the cost, BP1 and BP2 (a few hundred
//!    multiply-adds per example), while the others ask for the next
//!    mini-batch's inputs to be fetched into their caches;
//! 3. every thread: its rows of W¹ and b¹, eqs. (20)–(21); thread 0 also the
//!    layers above.
//!
//! Only one-way hand-overs, no barrier: thread 0 publishes the plan of step k
//! (at the end of step k − 1), each helper says when its activations are in,
//! thread 0 says when Δ is. A helper then runs on into step k + 1 while thread 0
//! finishes step k, so thread 0 rarely waits.
//!
//! Each neuron's value comes from the same matrix products as on the plain path
//! (a product split by rows of W gives every element the same sum), so the
//! weights are the same bit for bit on any number of threads. A step may also
//! run on thread 0 alone, and the [`Scheduler`](super::schedule::Scheduler)
//! times both ways, as for the pool's steps.

mod driver;
mod shared;

use nndl_linalg::{Kernel, DOT_MAX_B, DOT_MAX_M};

use super::{Tuning, Workspace};
use crate::plain::update::Shrink;
use crate::{Data, Network};
use driver::Driver;
use shared::Shared;

/// The fast path's step as the epoch loop calls it: the examples of the
/// mini-batch, η, the regularisation's shrink and μ; returns Σₓ Cₓ.
pub(super) type Step<'s> = dyn FnMut(&mut Network, &[usize], f32, Shrink, f32) -> f64 + 's;

/// How many threads a team for training `net` on mini-batches of `m` (out of
/// `n` examples) would have, or `None` when the pool's step suits better: one
/// thread, dropout (its masks cut across the neurons), one layer, a first layer
/// too small to split, later layers big enough to be split themselves, or a
/// product whose route would change with the split (and with it the rounding).
pub(super) fn team_size(
    net: &Network,
    tuning: &Tuning,
    m: usize,
    n: usize,
    dropout: bool,
) -> Option<usize> {
    let threads = rayon::current_num_threads()
        .min(tuning.max_pieces)
        .min(net.sizes[1]);
    let (n0, n1) = (net.sizes[0], net.sizes[1]);
    let splits_first = tuning.block_rows(m, n1, n0) < n1;
    let later_whole = net.weights[1..]
        .iter()
        .all(|w| tuning.block_rows(m, w.rows(), w.cols()) == w.rows());
    // Forward products of ≤ DOT_MAX_M rows take the dot-product route when W
    // is small enough: then every block of W does too.
    let same_route = |rows: usize| rows == 0 || rows > DOT_MAX_M || n0 * n1 <= DOT_MAX_B;
    let fits = threads >= 2
        && tuning.force_parallel != Some(false)
        && !dropout
        && net.weights.len() >= 2
        && splits_first
        && later_whole
        && same_route(m)
        && same_route(n % m);
    fits.then_some(threads)
}

/// Runs `body` (the epoch's loop over mini-batches of `m` examples of `data`, in
/// `order`) with a team of `threads` threads standing by; `body` steps through
/// the [`Step`] it is given. Layer 1 lives in the team's blocks meanwhile, and is
/// back in `net` when this returns.
#[allow(clippy::too_many_arguments)]
pub(super) fn run<R>(
    net: &mut Network,
    ws: &mut Workspace,
    threads: usize,
    data: Data<'_>,
    order: &[usize],
    m: usize,
    body: impl FnOnce(&mut Network, &mut Step<'_>) -> R,
) -> R {
    let bounds = block_bounds(net.sizes[1], threads, Kernel::detect().tile_rows());
    let shared = Shared::new(net, ws, &bounds, data, order, m);
    let mut driver = Driver::new(net, ws, &shared);
    let result = rayon::in_place_scope(|scope| {
        for t in 1..threads {
            let shared = &shared;
            scope.spawn(move |_| shared.help(t));
        }
        let result = body(net, &mut |net, batch, eta, shrink, mu| {
            driver.step(net, batch, eta, shrink, mu)
        });
        driver.dismiss();
        result
    });
    shared.give_back(net, ws);
    result
}

/// Where the blocks of `n` rows of W¹ start and end for `threads` threads: at
/// multiples of the kernel's tile rows where each block can have some, so the
/// blocks' updates cost what the whole one does (30 rows on 12-row tiles: 12 +
/// 18, three tiles, not 15 + 15, four). Rounding down gives thread 0, which
/// also does the layers above, the smallest block.
fn block_bounds(n: usize, threads: usize, tile: usize) -> Vec<usize> {
    let even = |t: usize| t * n / threads;
    let rounded = |t: usize| even(t) / tile * tile;
    let by_tiles: Vec<usize> = (0..=threads)
        .map(|t| if t == threads { n } else { rounded(t) })
        .collect();
    if by_tiles.windows(2).all(|w| w[0] < w[1]) {
        by_tiles
    } else {
        (0..=threads).map(even).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size_on(threads: usize, sizes: &[usize], m: usize, dropout: bool) -> Option<usize> {
        let net = Network::new(sizes, 1).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| team_size(&net, &Tuning::default(), m, 50_000, dropout))
    }

    #[test]
    fn a_team_trains_the_book_network_on_two_threads_or_more() {
        assert_eq!(size_on(2, &[784, 30, 10], 10, false), Some(2));
        // The tuning cuts the work in two at most.
        assert_eq!(size_on(8, &[784, 100, 10], 10, false), Some(2));
    }

    #[test]
    fn blocks_end_on_whole_tiles_where_they_can() {
        assert_eq!(block_bounds(30, 2, 12), [0, 12, 30]);
        assert_eq!(block_bounds(100, 2, 12), [0, 48, 100]);
        assert_eq!(block_bounds(30, 2, 6), [0, 12, 30]);
        assert_eq!(block_bounds(30, 3, 4), [0, 8, 20, 30]);
        // Too few rows for a tile each: equal blocks.
        assert_eq!(block_bounds(20, 2, 12), [0, 10, 20]);
        assert_eq!(block_bounds(5, 2, 4), [0, 2, 5]);
    }

    #[test]
    fn the_pool_steps_otherwise() {
        // One thread; dropout; one layer; a first layer too small to split.
        assert_eq!(size_on(1, &[784, 30, 10], 10, false), None);
        assert_eq!(size_on(2, &[784, 30, 10], 10, true), None);
        assert_eq!(size_on(2, &[784, 10], 10, false), None);
        assert_eq!(size_on(2, &[784, 30, 10], 1, false), None);
        // A second layer big enough to be split itself.
        assert_eq!(size_on(2, &[784, 800, 800, 10], 10, false), None);
        // 784-400-10 with m = 10: the whole W¹ is too big for the dot-product
        // route, half of it is not; splitting would change the rounding.
        assert_eq!(size_on(2, &[784, 400, 10], 10, false), None);
        assert_eq!(size_on(2, &[784, 400, 10], 40, false), Some(2));
    }
}
