//! The fast path: the plain path's functions ([`crate::plain`]) run on pieces
//! of the work, on several threads, with buffers reused from one mini-batch to
//! the next. [`Network::sgd`](crate::Network::sgd),
//! [`Network::evaluate`](crate::Network::evaluate) and
//! [`Network::feedforward_batch`](crate::Network::feedforward_batch) use it.
//!
//! One step of gradient descent ([`Network::update_mini_batch_with`](crate::Network::update_mini_batch_with)):
//!
//! 1. the mini-batch is cut into chunks of consecutive rows; each chunk gathers
//!    its examples and is fed forward and backward (BP1–BP2) on its own buffers;
//! 2. the update, eqs. (20)–(21), needs no sum of per-chunk gradients: for each
//!    layer, Wˡ ← Wˡ − (η/m)·Δˡᵀ·Aˡ⁻¹ is one matrix product over the whole
//!    mini-batch added straight into Wˡ, split by blocks of rows of Wˡ (which
//!    are independent of each other).
//!
//! How a mini-batch is cut depends only on its size and the layer sizes
//! ([`Tuning`]), never on the number of threads, so results are bit for bit
//! the same on 1 or 64 threads, and the same as the plain path's wherever the
//! matrix products give every row the same result whatever rows they are
//! computed with (see `crates/nn/tests/plain_vs_parallel.rs` for where that
//! holds). Whether the pieces of a mini-batch actually run in parallel is
//! decided by timing both ways (`schedule.rs`).
//!
//! Steps of a few microseconds (the book's m = 10) cannot pay for a fork and a
//! join each, so an epoch whose first layer is split and whose other layers are
//! not runs on a team of threads that stay awake from its first step to its
//! last, splitting the first layer by neurons (`team/`), with the same
//! weights bit for bit.

mod evaluate;
mod schedule;
mod sgd;
mod signal;
mod step;
mod team;
mod workspace;

pub use workspace::Workspace;

use nndl_linalg::DOT_MAX_M;

/// How the work of one mini-batch is split. The split changes the rounding,
/// so it is a function of the problem's shape only; the thread count only
/// decides which of the pieces run at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tuning {
    /// Least work (multiply-adds of the forward pass) worth giving one chunk of
    /// the mini-batch; below it the mini-batch is one chunk.
    pub min_chunk_work: usize,
    /// Fewest rows worth giving one chunk: the matrix products lose speed on fewer.
    pub min_chunk_rows: usize,
    /// Least work (multiply-adds) worth giving one block of rows of a weight update.
    pub min_block_work: usize,
    /// Most chunks (and most blocks per layer) a mini-batch is cut into.
    pub max_pieces: usize,
    /// Run the pieces in parallel always (`Some(true)`), never (`Some(false)`),
    /// or as timing shows faster (`None`, the default). Never changes results.
    /// `Some(true)` waits at the start of each epoch until the pool has a
    /// thread free for each of the epoch's team (see `team/`).
    pub force_parallel: Option<bool>,
}

impl Default for Tuning {
    /// Few, large pieces: each extra chunk re-reads all the weights, so beyond
    /// two pieces (one per core of the machine the values were measured on, see
    /// docs/benchmarks.md) splitting costs more CPU than it saves time.
    fn default() -> Self {
        Tuning {
            min_chunk_work: 100_000,
            min_chunk_rows: 5,
            min_block_work: 100_000,
            max_pieces: 2,
            force_parallel: None,
        }
    }
}

impl Tuning {
    /// Never split: one chunk, one block per layer.
    pub fn sequential() -> Self {
        Tuning {
            min_chunk_work: usize::MAX,
            min_chunk_rows: usize::MAX,
            min_block_work: usize::MAX,
            max_pieces: 1,
            force_parallel: None,
        }
    }

    /// Rows per chunk for a mini-batch of `m` examples: as many equal chunks as
    /// the work and the rows allow, at most `max_pieces`.
    ///
    /// A mini-batch of more than [`DOT_MAX_M`] rows is cut only into chunks of
    /// more than `DOT_MAX_M` rows, so each chunk's forward product takes the
    /// route the whole mini-batch's would, and gives the plain path's values.
    fn chunk_rows(&self, m: usize, sizes: &[usize]) -> usize {
        let per_example: usize = sizes.windows(2).map(|w| w[0] * w[1]).sum();
        let min_rows = if m > DOT_MAX_M {
            self.min_chunk_rows.max(DOT_MAX_M + 1)
        } else {
            self.min_chunk_rows
        };
        let mut max = self.max_pieces.min(m / min_rows.max(1));
        loop {
            let rows = pieces(m, m.saturating_mul(per_example), self.min_chunk_work, max);
            // The last chunk takes what is left; it too must be long enough.
            let last = m - (m.div_ceil(rows) - 1) * rows;
            if max <= 1 || last >= min_rows {
                return rows;
            }
            max -= 1;
        }
    }

    /// Rows of W per block when updating an `n_out × n_in` layer from `m` examples.
    fn block_rows(&self, m: usize, n_out: usize, n_in: usize) -> usize {
        let work = m.saturating_mul(n_out).saturating_mul(n_in);
        pieces(n_out, work, self.min_block_work, self.max_pieces)
    }
}

/// The length of each of the pieces `len` items are cut into so that each has
/// at least `min_work` of the `work`, and there are at most `max_pieces`.
fn pieces(len: usize, work: usize, min_work: usize, max_pieces: usize) -> usize {
    let count = (work / min_work.max(1))
        .clamp(1, max_pieces.max(1))
        .min(len.max(1));
    len.div_ceil(count).max(1)
}

/// Runs on the rayon pool when `parallel`, else in order on the calling thread:
/// the least length of a piece for [`rayon::iter::IndexedParallelIterator::with_min_len`].
/// A parallel iterator that may not be split runs inline, so one body serves both ways.
fn min_len(parallel: bool) -> usize {
    if parallel {
        1
    } else {
        usize::MAX
    }
}
