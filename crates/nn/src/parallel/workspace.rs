//! The buffers of the fast path, reused from one mini-batch to the next.

use super::schedule::Scheduler;
use super::Tuning;
use crate::plain::batch_cost;
use crate::plain::dropout::Masks;
use crate::plain::momentum::Velocity;
use crate::{Data, Network};

/// Reusable buffers for training one network shape with
/// [`Network::sgd_with`] or [`Network::update_mini_batch_with`]: after the
/// first mini-batch, a step allocates nothing.
#[derive(Debug)]
pub struct Workspace {
    pub(super) tuning: Tuning,
    pub(super) sizes: Vec<usize>,
    /// The mini-batch's inputs, gathered into consecutive rows (A⁰).
    pub(super) x: Vec<f32>,
    /// Which examples of the data make up the mini-batch.
    pub(super) indices: Vec<usize>,
    pub(super) chunks: Vec<Chunk>,
    /// Aˡ for the hidden layers and Δˡ for all layers over the whole mini-batch,
    /// gathered from the chunks when there is more than one.
    pub(super) acts: Vec<Vec<f32>>,
    pub(super) deltas: Vec<Vec<f32>>,
    /// Σₓ ∂Cₓ/∂bˡ.
    pub(super) bias_sums: Vec<Vec<f32>>,
    /// The velocities of momentum-based gradient descent (zero, and unused, without momentum).
    pub(super) velocity: Velocity,
    pub(super) scheduler: Scheduler,
    /// Steps taken with these buffers, and how many of them ran on more than one thread.
    pub(super) steps: u64,
    pub(super) steps_in_parallel: u64,
}

/// The buffers of one chunk of consecutive rows of a mini-batch.
#[derive(Debug, Default)]
pub(super) struct Chunk {
    /// aˡ for l = 1..L, rows × sizes[l].
    pub(super) acts: Vec<Vec<f32>>,
    /// δˡ for l = 1..L, rows × sizes[l].
    pub(super) deltas: Vec<Vec<f32>>,
    /// One-hot desired outputs, rows × sizes[L].
    y: Vec<f32>,
    /// Σₓ Cₓ over the chunk's rows, before the update.
    pub(super) cost: f64,
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
            velocity: Velocity::zeros(network),
            scheduler: Scheduler::default(),
            steps: 0,
            steps_in_parallel: 0,
        }
    }

    /// Whether these buffers were made for `network`'s layer sizes.
    pub(crate) fn fits(&self, network: &Network) -> bool {
        self.sizes == network.sizes
    }

    /// Whether the latest timing trial found running a mini-batch's pieces on
    /// several threads faster than one after the other (see [`Tuning`]).
    pub fn runs_parallel(&self) -> bool {
        self.tuning
            .force_parallel
            .unwrap_or(self.scheduler.prefers_parallel())
    }

    /// The share of the steps taken with these buffers that ran on more than
    /// one thread (`None` before the first step).
    pub fn parallel_share(&self) -> Option<f64> {
        (self.steps > 0).then(|| self.steps_in_parallel as f64 / self.steps as f64)
    }

    /// Counts a step, run on several threads or not.
    pub(super) fn count_step(&mut self, parallel: bool) {
        self.steps += 1;
        self.steps_in_parallel += u64::from(parallel);
    }

    /// Makes room for a mini-batch of `m` rows cut into chunks of `rows`.
    pub(super) fn reserve(&mut self, m: usize, rows: usize) {
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

impl Chunk {
    /// Gathers the examples `idx` of `data` into the rows of `x` (and their
    /// desired outputs), then feeds them forward and backward (BP1–BP2) with the
    /// plain path's functions (dropping out by `masks`, made for `idx`), and
    /// sums their costs.
    pub(super) fn forward_backward(
        &mut self,
        net: &Network,
        data: Data<'_>,
        idx: &[usize],
        x: &mut [f32],
        masks: Option<&Masks<'_>>,
    ) {
        let (rows, n) = (idx.len(), net.output_size());
        let y = &mut self.y[..rows * n];
        data.gather_into(idx, x);
        data.one_hot_into(idx, n, y);
        net.feedforward_keeping(x, rows, &mut self.acts, masks);
        let output = &self.acts[self.acts.len() - 1][..rows * n];
        self.cost = batch_cost(net, output, y);
        net.errors(&self.acts, y, rows, &mut self.deltas, masks);
    }
}
