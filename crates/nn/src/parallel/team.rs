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

use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};

use std::time::Instant;

use nndl_linalg::{Kernel, Matrix, DOT_MAX_B, DOT_MAX_M};

use super::sgd::PREFETCH_STRIDE;
use super::signal::Signal;
use super::{Tuning, Workspace};
use crate::data::one_hot;
use crate::plain::update::{Momentum, Shrink};
use crate::plain::{batch_cost, layer, rows_of, rows_of_mut, step_layer};
use crate::{Activation, Data, Network};

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
    let shared = Shared::new(net, ws, threads, data, order, m);
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

/// What `backed` is raised to when the epoch ends with a plan made ahead.
const ABORT: usize = usize::MAX;

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

/// A helper has not started, is in the team, or was told not to join.
const WAITING: u8 = 0;
const JOINED: u8 = 1;
const DISMISSED: u8 = 2;

/// What every thread of the team shares for one epoch.
struct Shared<'a> {
    data: Data<'a>,
    order: &'a [usize],
    m: usize,
    sizes: (usize, usize),
    activation: Activation,
    /// Thread t's rows of layer 1.
    blocks: Vec<Mutex<Block>>,
    /// Each thread's copy of the mini-batch's inputs, gathered by the thread
    /// itself: a copy made by one core and read by another would cross
    /// between their caches every step.
    x: Vec<Mutex<Inputs>>,
    /// Δˡ of the current step, all layers, whole mini-batch.
    deltas: RwLock<Vec<Vec<f32>>>,
    /// The step the helpers are to take next, and its learning rule's values.
    plan: Mutex<Plan>,
    rule: Mutex<Rule>,
    /// Plans published (k + 1 once step k's is).
    planned: Signal,
    /// Steps whose Δ and rule are in (k + 1 once step k's are).
    backed: Signal,
    /// Per helper: steps whose activations are in, and steps whose update is done.
    forwarded: Vec<Signal>,
    updated: Vec<Signal>,
    /// One of [`WAITING`], [`JOINED`], [`DISMISSED`] per helper (threads 1..).
    helpers: Vec<AtomicU8>,
}

/// One thread's rows of layer 1 (W¹, b¹, their velocities) and their outputs.
struct Block {
    rows: Range<usize>,
    w: Matrix,
    b: Vec<f32>,
    vw: Matrix,
    vb: Vec<f32>,
    /// Σₓ ∂Cₓ/∂b of the step.
    nabla_b: Vec<f32>,
    /// The block's neurons' activations, mini-batch rows × block rows.
    out: Vec<f32>,
}

/// The gathered inputs of mini-batch `step` of the epoch.
struct Inputs {
    step: Option<usize>,
    x: Vec<f32>,
}

/// What the helpers need to know about a step before it starts.
#[derive(Clone, Copy, Debug)]
struct Plan {
    step: usize,
    rows: usize,
    parallel: bool,
    done: bool,
}

/// The learning rule's values for a step's update: η/m, the regularisation's shrink, μ.
#[derive(Clone, Copy, Debug)]
struct Rule {
    scale: f32,
    shrink: Shrink,
    mu: f32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<'a> Shared<'a> {
    fn new(
        net: &Network,
        ws: &Workspace,
        threads: usize,
        data: Data<'a>,
        order: &'a [usize],
        m: usize,
    ) -> Self {
        let (n0, n1) = (net.sizes[0], net.sizes[1]);
        let bounds = block_bounds(n1, threads, Kernel::detect().tile_rows());
        let blocks = bounds
            .windows(2)
            .map(|w| {
                let rows = w[0]..w[1];
                let copy = |w: &Matrix| {
                    let data = w.as_slice()[rows.start * n0..rows.end * n0].to_vec();
                    Matrix::from_vec(rows.len(), n0, data)
                };
                Mutex::new(Block {
                    w: copy(&net.weights[0]),
                    b: net.biases[0][rows.clone()].to_vec(),
                    vw: copy(&ws.velocity.weights[0]),
                    vb: ws.velocity.biases[0][rows.clone()].to_vec(),
                    nabla_b: vec![0.0; rows.len()],
                    out: vec![0.0; m * rows.len()],
                    rows,
                })
            })
            .collect();
        let inputs = |_| {
            Mutex::new(Inputs {
                step: None,
                x: vec![0.0; m * n0],
            })
        };
        Shared {
            data,
            order,
            m,
            sizes: (n0, n1),
            activation: net.activation,
            blocks,
            x: (0..threads).map(inputs).collect(),
            deltas: RwLock::new(net.layer_buffers(m)),
            plan: Mutex::new(Plan {
                step: 0,
                rows: 0,
                parallel: false,
                done: false,
            }),
            rule: Mutex::new(Rule {
                scale: 0.0,
                shrink: Shrink::None,
                mu: 0.0,
            }),
            planned: Signal::default(),
            backed: Signal::default(),
            forwarded: (1..threads).map(|_| Signal::default()).collect(),
            updated: (1..threads).map(|_| Signal::default()).collect(),
            helpers: (1..threads).map(|_| AtomicU8::new(WAITING)).collect(),
        }
    }

    /// The examples of mini-batch `step` (empty past the last).
    fn batch(&self, step: usize) -> &'a [usize] {
        let order = self.order;
        let start = (step * self.m).min(order.len());
        &order[start..(start + self.m).min(order.len())]
    }

    /// Thread `t`'s copy of the inputs of mini-batch `plan.step` as consecutive
    /// rows (A⁰), gathered first if it holds another's.
    fn inputs(&self, t: usize, plan: &Plan) -> MutexGuard<'_, Inputs> {
        let mut inputs = lock(&self.x[t]);
        if inputs.step != Some(plan.step) {
            let batch = self.batch(plan.step);
            for (row, &i) in inputs.x.chunks_exact_mut(self.sizes.0).zip(batch) {
                row.copy_from_slice(self.data.input(i));
            }
            inputs.step = Some(plan.step);
        }
        inputs
    }

    /// Phase 1 for block `b` on thread `t`: its neurons' activations, eq. (22).
    fn forward(&self, t: usize, b: usize, plan: &Plan) {
        let x = self.inputs(t, plan);
        let mut block = lock(&self.blocks[b]);
        let Block { w, b, out, .. } = &mut *block;
        let a = &x.x[..plan.rows * self.sizes.0];
        layer(w, b, a, &mut out[..plan.rows * w.rows()], |z, b| {
            self.activation.apply_rows_with_bias(z, b)
        });
    }

    /// Phase 3 for block `b` on thread `t`: eqs. (20)–(21) for its rows of W¹ and b¹.
    fn update(&self, t: usize, b: usize, plan: &Plan, rule: &Rule) {
        let (n0, n1) = self.sizes;
        let x = self.inputs(t, plan);
        let deltas = self.deltas.read().unwrap_or_else(PoisonError::into_inner);
        let mut block = lock(&self.blocks[b]);
        let Block {
            rows,
            w,
            b,
            vw,
            vb,
            nabla_b,
            ..
        } = &mut *block;
        // The block's neurons: its rows of W, its columns of Δ¹.
        let delta = rows_of(&deltas[0][..plan.rows * n1], n1).submatrix(
            0,
            rows.start,
            plan.rows,
            rows.len(),
        );
        let a_prev = rows_of(&x.x[..plan.rows * n0], n0);
        let momentum = (rule.mu > 0.0).then(|| Momentum {
            mu: rule.mu,
            w: vw.view_mut(),
            b: vb,
        });
        step_layer(
            w.view_mut(),
            b,
            delta,
            a_prev,
            rule.scale,
            rule.shrink,
            momentum,
            nabla_b,
        );
    }

    /// A helper's life: join unless dismissed already, then take part in
    /// every step the plan runs in parallel until told the epoch is done.
    fn help(&self, t: usize) {
        let state = &self.helpers[t - 1];
        if state
            .compare_exchange(WAITING, JOINED, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return;
        }
        let mut next = 0;
        loop {
            self.planned.wait_for(next + 1);
            // A later plan may have replaced step `next`'s while this thread
            // was away: steps thread 0 takes alone do not wait for helpers.
            let plan = *lock(&self.plan);
            if plan.done {
                return;
            }
            next = plan.step + 1;
            if !plan.parallel {
                continue;
            }
            self.forward(t, t, &plan);
            self.forwarded[t - 1].raise(next);
            self.prefetch(next);
            self.backed.wait_for(next);
            if self.backed.get() == ABORT {
                return;
            }
            let rule = *lock(&self.rule);
            self.update(t, t, &plan, &rule);
            self.updated[t - 1].raise(next);
        }
    }

    /// Asks for the inputs of mini-batch `step` to be fetched into this core's
    /// caches (one line in four; the hardware prefetcher fetches the rest).
    fn prefetch(&self, step: usize) {
        for &i in self.batch(step) {
            let row = self.data.input(i);
            for at in (0..row.len()).step_by(PREFETCH_STRIDE) {
                nndl_linalg::prefetch(&row[at..at + 1]);
            }
        }
    }

    /// Whether every helper has joined (then each takes the plans as they come).
    fn all_joined(&self) -> bool {
        self.helpers
            .iter()
            .all(|h| h.load(Ordering::Acquire) == JOINED)
    }

    /// Publishes the plan of the next step.
    fn publish(&self, plan: Plan) {
        *lock(&self.plan) = plan;
        self.planned.raise(plan.step + 1);
    }

    /// Waits until every helper has finished its update of step `step`.
    fn wait_updated(&self, step: usize) {
        for done in &self.updated {
            done.wait_for(step + 1);
        }
    }

    /// Ends the epoch for the helpers (after the last step, numbered `steps`):
    /// those not started never join, those in the team leave.
    fn dismiss(&self, steps: usize) {
        let mut joined = false;
        for h in &self.helpers {
            joined |= h
                .compare_exchange(WAITING, DISMISSED, Ordering::AcqRel, Ordering::Acquire)
                .is_err();
        }
        if joined {
            self.publish(Plan {
                step: steps,
                rows: 0,
                parallel: false,
                done: true,
            });
            // A helper that took a plan made ahead waits for its Δ: none comes.
            self.backed.raise(ABORT);
        }
    }

    /// Puts layer 1 back into the network and the workspace.
    fn give_back(self, net: &mut Network, ws: &mut Workspace) {
        let n0 = self.sizes.0;
        for block in self.blocks {
            let block = block.into_inner().unwrap_or_else(PoisonError::into_inner);
            let r = block.rows;
            let span = r.start * n0..r.end * n0;
            net.weights[0].as_mut_slice()[span.clone()].copy_from_slice(block.w.as_slice());
            net.biases[0][r.clone()].copy_from_slice(&block.b);
            ws.velocity.weights[0].as_mut_slice()[span].copy_from_slice(block.vw.as_slice());
            ws.velocity.biases[0][r].copy_from_slice(&block.vb);
        }
    }
}

/// Thread 0: runs the steps, the layers above the first, and the scheduler.
struct Driver<'s, 'w> {
    shared: &'s Shared<'s>,
    ws: &'w mut Workspace,
    /// Aˡ of the whole mini-batch (layer 1 gathered from the blocks).
    acts: Vec<Vec<f32>>,
    y: Vec<f32>,
    /// The number of the next step.
    step: usize,
    /// The next step's plan, once made, and whether the scheduler chose it.
    plan: Option<(Plan, bool)>,
    /// The latest step the helpers took part in.
    last_parallel: Option<usize>,
}

impl<'s, 'w> Driver<'s, 'w> {
    fn new(net: &Network, ws: &'w mut Workspace, shared: &'s Shared<'s>) -> Self {
        Driver {
            acts: net.layer_buffers(shared.m),
            y: vec![0.0; shared.m * net.output_size()],
            shared,
            ws,
            step: 0,
            plan: None,
            last_parallel: None,
        }
    }

    /// The plan of step `k`: in parallel if the helpers have joined and the
    /// scheduler (or the tuning) says so; published for them if in parallel.
    fn plan(&mut self, k: usize) -> (Plan, bool) {
        let s = self.shared;
        let force = self.ws.tuning.force_parallel;
        if force == Some(true) {
            // Always parallel: from the first step, so every step is.
            while !s.all_joined() {
                std::thread::yield_now();
            }
        }
        let joined = s.all_joined();
        let picked = joined && force.is_none();
        let plan = Plan {
            step: k,
            rows: s.batch(k).len(),
            parallel: joined && force.unwrap_or_else(|| self.ws.scheduler.pick()),
            done: false,
        };
        if plan.parallel {
            s.publish(plan);
        }
        (plan, picked)
    }

    fn step(
        &mut self,
        net: &mut Network,
        batch: &[usize],
        eta: f32,
        shrink: Shrink,
        mu: f32,
    ) -> f64 {
        let s = self.shared;
        let k = self.step;
        self.step += 1;
        debug_assert_eq!(batch, s.batch(k), "the team steps through `order`");
        let (plan, picked) = match self.plan.take() {
            Some(planned) if planned.0.step == k => planned,
            _ => self.plan(k),
        };
        let started = Instant::now();
        let rule = Rule {
            scale: eta / batch.len() as f32,
            shrink,
            mu,
        };
        // Thread 0's block, or every block when it steps alone (once the
        // helpers are done with theirs).
        let blocks = if plan.parallel {
            1
        } else {
            if let Some(j) = self.last_parallel {
                s.wait_updated(j);
            }
            s.blocks.len()
        };
        for b in 0..blocks {
            s.forward(0, b, &plan);
        }
        if plan.parallel {
            for f in &s.forwarded {
                f.wait_for(k + 1);
            }
        }
        let cost = self.backward(net, &plan);
        if plan.parallel {
            *lock(&s.rule) = rule;
            s.backed.raise(k + 1);
            self.last_parallel = Some(k);
        }
        for b in 0..blocks {
            s.update(0, b, &plan, &rule);
        }
        self.update_above(net, &plan, &rule);
        if picked {
            self.ws.scheduler.record(plan.parallel, started.elapsed());
        }
        // Plan the next step now, so the helpers can start on it while this
        // thread reports and prepares.
        if !s.batch(k + 1).is_empty() {
            self.plan = Some(self.plan(k + 1));
        }
        cost
    }

    /// Ends the epoch for the helpers: lets them finish any update they were
    /// given, then dismisses them (a plan made ahead is dropped).
    fn dismiss(&mut self) {
        if let Some(j) = self.last_parallel {
            self.shared.wait_updated(j);
        }
        self.shared.dismiss(self.step + 1);
    }

    /// Phase 2: A¹ gathered from the blocks, the layers above fed forward
    /// (eq. (22)), the cost, and Δ for every layer (BP1–BP2).
    fn backward(&mut self, net: &Network, plan: &Plan) -> f64 {
        let s = self.shared;
        let (rows, n1) = (plan.rows, s.sizes.1);
        for block in &s.blocks {
            let block = lock(block);
            let width = block.rows.len();
            let a1 = self.acts[0][..rows * n1].chunks_exact_mut(n1);
            for (a1, out) in a1.zip(block.out.chunks_exact(width)) {
                a1[block.rows.clone()].copy_from_slice(out);
            }
        }
        for l in 1..net.weights.len() {
            let (w, b) = (&net.weights[l], &net.biases[l]);
            let (done, todo) = self.acts.split_at_mut(l);
            let a = &done[l - 1][..rows * w.cols()];
            layer(w, b, a, &mut todo[0][..rows * w.rows()], |z, b| {
                net.activate(l, z, b)
            });
        }
        let n = net.output_size();
        let y = &mut self.y[..rows * n];
        for (y, &i) in y.chunks_exact_mut(n).zip(s.batch(plan.step)) {
            one_hot(s.data.labels[i], y);
        }
        let last = self.acts.len() - 1;
        let cost = batch_cost(net, &self.acts[last][..rows * n], y);
        let mut deltas = s.deltas.write().unwrap_or_else(PoisonError::into_inner);
        net.errors(&self.acts, y, rows, &mut deltas, None);
        cost
    }

    /// Phase 3 for the layers above the first (thread 0's, whole).
    fn update_above(&mut self, net: &mut Network, plan: &Plan, rule: &Rule) {
        let deltas = self
            .shared
            .deltas
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let rows = plan.rows;
        let v = &mut self.ws.velocity;
        for l in 1..net.weights.len() {
            let w = &mut net.weights[l];
            let (n_out, n_in) = (w.rows(), w.cols());
            let momentum = (rule.mu > 0.0).then(|| Momentum {
                mu: rule.mu,
                w: v.weights[l].view_mut(),
                b: &mut v.biases[l],
            });
            step_layer(
                rows_of_mut(w.as_mut_slice(), n_in),
                &mut net.biases[l],
                rows_of(&deltas[l][..rows * n_out], n_out),
                rows_of(&self.acts[l - 1][..rows * n_in], n_in),
                rule.scale,
                rule.shrink,
                momentum,
                &mut self.ws.bias_sums[l],
            );
        }
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
