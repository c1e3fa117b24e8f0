//! Backpropagation in matrix form over a whole mini-batch, and the gradient
//! descent step of eqs. (20)–(21).
//!
//! For the rows of a mini-batch at once (Aˡ, Δˡ are `m × sizes[l]`):
//! Aˡ = σ(Aˡ⁻¹·Wˡᵀ + bˡ), Δᴸ = ∇ₐC ⊙ σ′(Zᴸ), Δˡ = (Δˡ⁺¹·Wˡ⁺¹) ⊙ σ′(Zˡ), and
//! Σₓ ∂Cₓ/∂Wˡ = Δˡᵀ·Aˡ⁻¹, Σₓ ∂Cₓ/∂bˡ = the column sums of Δˡ. Every product is
//! one GEMM with the transposes folded in; σ′(z) is a(1 − a), so the forward
//! pass keeps only the activations.
//!
//! Splitting the work across threads: the mini-batch is cut into chunks of
//! consecutive rows, each chunk fed forward and backward on its own buffers.
//! The update then needs no reduction: Wˡ ← Wˡ − (η/m)·Δˡᵀ·Aˡ⁻¹ is one GEMM with
//! β = 1 straight into Wˡ, split by blocks of rows of Wˡ. How a mini-batch is
//! cut depends only on its size and the layer sizes, never on the number of
//! threads, so results are bit for bit the same on 1 or 64 threads.

use std::time::Instant;

use nndl_linalg::{col_sums, gemm, MatRef, Matrix, Transpose};
use rayon::prelude::*;

use crate::schedule::Scheduler;
use crate::sigmoid::sigmoid_prime_from_output;
use crate::{Data, Error, Network};

/// How the work of one mini-batch is split. The split changes the rounding,
/// so it is a function of the problem's shape only; the thread count only
/// decides which of the pieces run at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tuning {
    /// Least work (multiply-adds of the forward pass) worth giving one chunk of
    /// the mini-batch; below it the mini-batch is one chunk.
    pub min_chunk_work: usize,
    /// Fewest rows worth giving one chunk: the GEMMs lose speed on fewer.
    pub min_chunk_rows: usize,
    /// Least work (multiply-adds) worth giving one block of rows of a weight update.
    pub min_block_work: usize,
    /// Most chunks (and most blocks per layer) a mini-batch is cut into.
    pub max_pieces: usize,
    /// The classic design instead of the default: each chunk computes its own
    /// Σ ∂Cₓ/∂w (β = 0), and the partial sums are added in chunk order before
    /// the update. Kept to measure against the default, which needs no such
    /// reduction (`cargo xtask bench-train --reduce`).
    pub reduce: bool,
    /// Run the pieces in parallel always (`Some(true)`), never (`Some(false)`),
    /// or as timing shows faster (`None`, the default). Never changes results.
    pub force_parallel: Option<bool>,
}

impl Default for Tuning {
    /// Measured on a 2-core AVX-512 machine (docs/benchmarks.md, "Training"):
    /// chunks of at least 5 rows and 100,000 multiply-adds, at most 2 pieces
    /// (each extra chunk re-reads the weights; with m = 100 four chunks cost
    /// about 10% more CPU than two).
    fn default() -> Self {
        Tuning {
            min_chunk_work: 100_000,
            min_chunk_rows: 5,
            min_block_work: 100_000,
            max_pieces: 2,
            reduce: false,
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
            reduce: false,
            force_parallel: None,
        }
    }

    /// Rows per chunk for a mini-batch of `m` examples: as many equal chunks as
    /// the work and the rows allow, at most `max_pieces`.
    fn chunk_rows(&self, m: usize, sizes: &[usize]) -> usize {
        let per_example: usize = sizes.windows(2).map(|w| w[0] * w[1]).sum();
        let max = self.max_pieces.min(m / self.min_chunk_rows.max(1));
        pieces(m, m.saturating_mul(per_example), self.min_chunk_work, max)
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

/// Reusable buffers for training one network shape: after the first
/// mini-batch, a step allocates nothing.
#[derive(Debug)]
pub struct Workspace {
    tuning: Tuning,
    sizes: Vec<usize>,
    /// The mini-batch's inputs, gathered into consecutive rows (A⁰).
    x: Vec<f32>,
    /// Which examples of the data make up the mini-batch.
    indices: Vec<usize>,
    chunks: Vec<Chunk>,
    /// Aˡ for the hidden layers and Δˡ for all layers over the whole mini-batch,
    /// gathered from the chunks when there is more than one.
    acts: Vec<Vec<f32>>,
    deltas: Vec<Vec<f32>>,
    /// Σₓ ∂Cₓ/∂bˡ.
    bias_sums: Vec<Vec<f32>>,
    scheduler: Scheduler,
}

/// The buffers of one chunk of consecutive rows of a mini-batch.
#[derive(Debug, Default)]
struct Chunk {
    /// aˡ for l = 1..L, rows × sizes[l].
    acts: Vec<Vec<f32>>,
    /// δˡ for l = 1..L, rows × sizes[l].
    deltas: Vec<Vec<f32>>,
    /// One-hot desired outputs, rows × sizes[L].
    y: Vec<f32>,
    /// Σₓ Cₓ over the chunk's rows, before the update.
    cost: f64,
    /// With [`Tuning::reduce`]: the chunk's Σₓ ∂Cₓ/∂wˡ, shaped like the weights.
    grads: Vec<Vec<f32>>,
}

impl Workspace {
    /// Buffers for training `network` with the default [`Tuning`].
    pub fn new(network: &Network) -> Self {
        Self::with_tuning(network, Tuning::default())
    }

    /// Buffers for training `network`, splitting work as `tuning` says.
    pub fn with_tuning(network: &Network, tuning: Tuning) -> Self {
        Workspace {
            tuning,
            sizes: network.sizes.clone(),
            x: Vec::new(),
            indices: Vec::new(),
            chunks: Vec::new(),
            acts: Vec::new(),
            deltas: Vec::new(),
            bias_sums: network.sizes[1..].iter().map(|&n| vec![0.0; n]).collect(),
            scheduler: Scheduler::default(),
        }
    }

    /// Whether these buffers were made for `network`'s layer sizes.
    pub fn fits(&self, network: &Network) -> bool {
        self.sizes == network.sizes
    }

    /// Whether the latest timing trial found running a mini-batch's pieces on
    /// several threads faster than one after the other (see [`Tuning`]).
    pub fn runs_parallel(&self) -> bool {
        self.tuning
            .force_parallel
            .unwrap_or(self.scheduler.prefers_parallel())
    }

    /// The split this workspace uses.
    pub fn tuning(&self) -> Tuning {
        self.tuning
    }

    /// Makes room for a mini-batch of `m` rows cut into chunks of `rows`.
    fn reserve(&mut self, m: usize, rows: usize) {
        let n_chunks = m.div_ceil(rows);
        grow(&mut self.x, m * self.sizes[0]);
        if self.chunks.len() < n_chunks {
            self.chunks.resize_with(n_chunks, Chunk::default);
        }
        let layers = &self.sizes[1..];
        for c in &mut self.chunks[..n_chunks] {
            grow_layers(&mut c.acts, layers, rows);
            grow_layers(&mut c.deltas, layers, rows);
            grow(&mut c.y, rows * layers[layers.len() - 1]);
            // Shaped like the weights, whatever m is: sized once.
            if self.tuning.reduce && c.grads.is_empty() {
                let weights: Vec<usize> = self.sizes.windows(2).map(|w| w[0] * w[1]).collect();
                grow_layers(&mut c.grads, &weights, 1);
            }
        }
        if n_chunks > 1 {
            grow_layers(&mut self.acts, layers, m);
            grow_layers(&mut self.deltas, layers, m);
        }
    }
}

fn grow(v: &mut Vec<f32>, n: usize) {
    if v.len() < n {
        v.resize(n, 0.0);
    }
}

fn grow_layers(v: &mut Vec<Vec<f32>>, sizes: &[usize], rows: usize) {
    v.resize_with(sizes.len(), Vec::new);
    for (b, &n) in v.iter_mut().zip(sizes) {
        grow(b, rows * n);
    }
}

/// Σₓ ∂Cₓ/∂w and Σₓ ∂Cₓ/∂b over a batch, shaped like the network's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Gradient {
    /// Σₓ ∂Cₓ/∂Wˡ, one matrix per weight matrix.
    pub weights: Vec<Matrix>,
    /// Σₓ ∂Cₓ/∂bˡ, one vector per bias vector.
    pub biases: Vec<Vec<f32>>,
}

impl Network {
    /// Backpropagation: the gradient of the cost summed over the examples of
    /// `batch`, Σₓ ∂Cₓ/∂w and Σₓ ∂Cₓ/∂b (eqs. (BP1)–(BP4) of Chapter 2), for all
    /// the examples at once.
    ///
    /// # Errors
    /// If the data does not fit the network (input size, labels).
    pub fn backprop(&self, batch: Data<'_>) -> Result<Gradient, Error> {
        batch.check_fits(self.input_size(), self.output_size())?;
        let m = batch.len();
        let mut chunk = Chunk::default();
        grow_layers(&mut chunk.acts, &self.sizes[1..], m);
        grow_layers(&mut chunk.deltas, &self.sizes[1..], m);
        grow(&mut chunk.y, m * self.output_size());
        let mut x = vec![0.0; batch.inputs.len()];
        let all: Vec<usize> = (0..m).collect();
        chunk.gather(self, batch, &all, &mut x);
        chunk.forward_backward(self, &x, m);
        let mut grad = Gradient {
            weights: self
                .weights
                .iter()
                .map(|w| Matrix::zeros(w.rows(), w.cols()))
                .collect(),
            biases: self.biases.iter().map(|b| vec![0.0; b.len()]).collect(),
        };
        for (l, (gw, gb)) in grad.weights.iter_mut().zip(&mut grad.biases).enumerate() {
            let (n_in, n_out) = (gw.cols(), gw.rows());
            let a_prev: &[f32] = if l == 0 {
                batch.inputs
            } else {
                &chunk.acts[l - 1]
            };
            let delta = &chunk.deltas[l];
            // ∂C/∂w = δᵀ·a, eq. (BP4), summed over the rows by the GEMM.
            gemm(
                Transpose::Yes,
                Transpose::No,
                n_out,
                n_in,
                m,
                1.0,
                delta,
                n_out,
                a_prev,
                n_in,
                0.0,
                gw.as_mut_slice(),
                n_in,
            );
            col_sums(MatRef::new(&delta[..m * n_out], m, n_out, n_out), gb);
        }
        Ok(grad)
    }

    /// One step of gradient descent on the mini-batch `batch`: eqs. (20)–(21),
    /// w → w − (η/m) Σₓ ∂Cₓ/∂w and b → b − (η/m) Σₓ ∂Cₓ/∂b with m = `batch.len()`.
    ///
    /// Allocates its buffers; to train many mini-batches, use
    /// [`Network::update_mini_batch_with`] with one [`Workspace`].
    ///
    /// # Errors
    /// If the data does not fit the network, `eta` is not finite and positive,
    /// or the batch is empty.
    pub fn update_mini_batch(&mut self, batch: Data<'_>, eta: f32) -> Result<(), Error> {
        let mut ws = Workspace::new(self);
        self.update_mini_batch_with(batch, eta, &mut ws).map(|_| ())
    }

    /// [`Network::update_mini_batch`] with reusable buffers. Returns Σₓ Cₓ over
    /// the batch, measured before the step.
    ///
    /// # Errors
    /// As [`Network::update_mini_batch`], and if `ws` was made for another shape.
    pub fn update_mini_batch_with(
        &mut self,
        batch: Data<'_>,
        eta: f32,
        ws: &mut Workspace,
    ) -> Result<f64, Error> {
        batch.check_fits(self.input_size(), self.output_size())?;
        check_eta(eta)?;
        if batch.is_empty() {
            return Err(Error::InvalidData("an empty mini-batch".into()));
        }
        if !ws.fits(self) {
            return Err(Error::InvalidConfig(format!(
                "the workspace was made for layer sizes {:?}, not {:?}",
                ws.sizes, self.sizes
            )));
        }
        ws.indices.clear();
        ws.indices.extend(0..batch.len());
        let indices = std::mem::take(&mut ws.indices);
        let cost = self.step(batch, &indices, eta, ws);
        ws.indices = indices;
        Ok(cost)
    }

    /// Gradient descent on the examples `indices` of `data` (already checked),
    /// with buffers `ws`. Returns Σₓ Cₓ before the step.
    pub(crate) fn step(
        &mut self,
        data: Data<'_>,
        indices: &[usize],
        eta: f32,
        ws: &mut Workspace,
    ) -> f64 {
        let m = indices.len();
        let n0 = self.sizes[0];
        let rows = ws.tuning.chunk_rows(m, &self.sizes);
        ws.reserve(m, rows);
        let n_chunks = m.div_ceil(rows);
        let tuning = ws.tuning;
        let splits = n_chunks > 1
            || self
                .weights
                .iter()
                .any(|w| tuning.block_rows(m, w.rows(), w.cols()) < w.rows());
        let try_parallel = splits && rayon::current_num_threads() > 1;
        let parallel = try_parallel && tuning.force_parallel.unwrap_or_else(|| ws.scheduler.pick());
        let started = Instant::now();

        // Forward and backward, chunk by chunk; each chunk gathers its own rows.
        let net = &*self;
        let x = &mut ws.x[..m * n0];
        let chunks = &mut ws.chunks[..n_chunks];
        let run = |((chunk, x), idx): ((&mut Chunk, &mut [f32]), &[usize])| {
            chunk.gather(net, data, idx, x);
            chunk.forward_backward(net, x, idx.len());
            if tuning.reduce {
                chunk.weight_gradients(net, x, idx.len());
            }
        };
        if parallel && n_chunks > 1 {
            chunks
                .par_iter_mut()
                .zip(x.par_chunks_mut(rows * n0))
                .zip(indices.par_chunks(rows))
                .for_each(run);
        } else {
            chunks
                .iter_mut()
                .zip(x.chunks_mut(rows * n0))
                .zip(indices.chunks(rows))
                .for_each(run);
        }
        let cost = chunks.iter().map(|c| c.cost).sum();

        // Δˡ and Aˡ over the whole mini-batch.
        let (acts, deltas): (&[Vec<f32>], &[Vec<f32>]) = if n_chunks == 1 {
            (&ws.chunks[0].acts, &ws.chunks[0].deltas)
        } else {
            for (l, &n) in self.sizes[1..].iter().enumerate() {
                let mut at = 0;
                for (c, idx) in ws.chunks.iter().zip(indices.chunks(rows)) {
                    let len = idx.len() * n;
                    ws.acts[l][at..at + len].copy_from_slice(&c.acts[l][..len]);
                    ws.deltas[l][at..at + len].copy_from_slice(&c.deltas[l][..len]);
                    at += len;
                }
            }
            (&ws.acts, &ws.deltas)
        };
        for (l, sums) in ws.bias_sums.iter_mut().enumerate() {
            let n = sums.len();
            col_sums(MatRef::new(&deltas[l][..m * n], m, n, n), sums);
        }

        // eqs. (20)–(21): W ← W − (η/m)·ΔᵀA as one GEMM into W, b ← b − (η/m)·Σ rows of Δ.
        let scale = eta / m as f32;
        let x = &ws.x[..m * n0];
        let bias_sums = &ws.bias_sums;
        let chunks = &ws.chunks[..n_chunks];
        let update_layer = |(l, (w, b)): (usize, (&mut Matrix, &mut Vec<f32>))| {
            let (n_in, n_out) = (w.cols(), w.rows());
            let a_prev: &[f32] = if l == 0 { x } else { &acts[l - 1][..m * n_in] };
            let delta = &deltas[l];
            let block = tuning.block_rows(m, n_out, n_in);
            let update_block = |(k, (w, b)): (usize, (&mut [f32], &mut [f32]))| {
                let r0 = k * block;
                let r = b.len();
                if tuning.reduce {
                    reduce_into(w, chunks, l, r0 * n_in, scale);
                } else {
                    gemm(
                        Transpose::Yes,
                        Transpose::No,
                        r,
                        n_in,
                        m,
                        -scale,
                        &delta[r0..],
                        n_out,
                        a_prev,
                        n_in,
                        1.0,
                        w,
                        n_in,
                    );
                }
                for (b, &s) in b.iter_mut().zip(&bias_sums[l][r0..r0 + r]) {
                    *b -= scale * s;
                }
            };
            let w = w.as_mut_slice();
            if parallel && block < n_out {
                w.par_chunks_mut(block * n_in)
                    .zip(b.par_chunks_mut(block))
                    .enumerate()
                    .for_each(update_block);
            } else {
                w.chunks_mut(block * n_in)
                    .zip(b.chunks_mut(block))
                    .enumerate()
                    .for_each(update_block);
            }
        };
        if parallel {
            self.weights
                .par_iter_mut()
                .zip(self.biases.par_iter_mut())
                .enumerate()
                .for_each(update_layer);
        } else {
            self.weights
                .iter_mut()
                .zip(self.biases.iter_mut())
                .enumerate()
                .for_each(update_layer);
        }
        if try_parallel && tuning.force_parallel.is_none() {
            ws.scheduler.record(parallel, started.elapsed());
        }
        cost
    }
}

impl Chunk {
    /// Σₓ ∂Cₓ/∂wˡ = Δˡᵀ·Aˡ⁻¹ over this chunk's rows, into `grads` (eq. (BP4)).
    fn weight_gradients(&mut self, net: &Network, x: &[f32], rows: usize) {
        for (l, w) in net.weights.iter().enumerate() {
            let (n_in, n_out) = (w.cols(), w.rows());
            let a_prev: &[f32] = if l == 0 { x } else { &self.acts[l - 1] };
            gemm(
                Transpose::Yes,
                Transpose::No,
                n_out,
                n_in,
                rows,
                1.0,
                &self.deltas[l],
                n_out,
                a_prev,
                n_in,
                0.0,
                &mut self.grads[l][..n_out * n_in],
                n_in,
            );
        }
    }

    /// Copies the inputs of examples `idx` of `data` into the rows of `x`, and
    /// their one-hot desired outputs into `y`.
    fn gather(&mut self, net: &Network, data: Data<'_>, idx: &[usize], x: &mut [f32]) {
        let n = net.output_size();
        let y = &mut self.y[..idx.len() * n];
        y.fill(0.0);
        for ((row, y), &i) in x
            .chunks_exact_mut(data.input_size)
            .zip(y.chunks_exact_mut(n))
            .zip(idx)
        {
            row.copy_from_slice(data.input(i));
            y[usize::from(data.labels[i])] = 1.0;
        }
    }

    /// Feedforward and backpropagation for `rows` examples `x` whose targets are in `y`.
    fn forward_backward(&mut self, net: &Network, x: &[f32], rows: usize) {
        net.forward_into(x, rows, &mut self.acts);
        let last = net.sizes.len() - 2;
        let n_last = net.output_size();
        let a_last = &self.acts[last][..rows * n_last];
        let y = &self.y[..rows * n_last];
        let cost = net.cost.cost();
        self.cost = a_last
            .chunks_exact(n_last)
            .zip(y.chunks_exact(n_last))
            .map(|(a, y)| f64::from(cost.value(a, y)))
            .sum();
        // δᴸ = ∇ₐC ⊙ σ′(zᴸ), eq. (BP1).
        cost.delta(a_last, y, &mut self.deltas[last][..rows * n_last]);
        // δˡ = ((wˡ⁺¹)ᵀδˡ⁺¹) ⊙ σ′(zˡ), eq. (BP2), for all rows: Δˡ = Δˡ⁺¹·Wˡ⁺¹.
        for l in (0..last).rev() {
            let w = &net.weights[l + 1];
            let (n_out, n_next) = (w.cols(), w.rows());
            let (lower, upper) = self.deltas.split_at_mut(l + 1);
            let delta = &mut lower[l][..rows * n_out];
            gemm(
                Transpose::No,
                Transpose::No,
                rows,
                n_out,
                n_next,
                1.0,
                &upper[0],
                n_next,
                w.as_slice(),
                n_out,
                0.0,
                delta,
                n_out,
            );
            for (d, &a) in delta.iter_mut().zip(&self.acts[l]) {
                *d *= sigmoid_prime_from_output(a);
            }
        }
    }
}

/// `w ← w − scale · Σ_c grads_c`, the chunks' gradients of layer `l` from
/// element `at` on, added in chunk order.
fn reduce_into(w: &mut [f32], chunks: &[Chunk], l: usize, at: usize, scale: f32) {
    const TILE: usize = 256;
    let mut sum = [0.0f32; TILE];
    for (t, w) in w.chunks_mut(TILE).enumerate() {
        let from = at + t * TILE;
        let sum = &mut sum[..w.len()];
        sum.copy_from_slice(&chunks[0].grads[l][from..from + w.len()]);
        for c in &chunks[1..] {
            for (s, &g) in sum.iter_mut().zip(&c.grads[l][from..from + w.len()]) {
                *s += g;
            }
        }
        for (w, &s) in w.iter_mut().zip(sum.iter()) {
            *w -= scale * s;
        }
    }
}

pub(crate) fn check_eta(eta: f32) -> Result<(), Error> {
    if eta.is_finite() && eta > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidConfig(format!(
            "the learning rate η must be finite and positive, not {eta}"
        )))
    }
}
