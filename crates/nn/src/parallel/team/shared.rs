//! What the team's threads share for an epoch: each thread's block of the first
//! layer, each one's copy of the inputs, Δ, the plan of the next step, and the
//! signals they hand work over with; and a helper's part of each step.

use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};

use nndl_linalg::Matrix;

use super::super::signal::Signal;
use super::super::Workspace;
use crate::plain::update::{Momentum, Shrink};
use crate::plain::{layer, rows_of, step_layer};
use crate::{Activation, Data, Network};

/// What `backed` is raised to when the epoch ends with a plan made ahead.
const ABORT: usize = usize::MAX;

/// A helper has not started, is in the team, or was told not to join.
const WAITING: u8 = 0;
const JOINED: u8 = 1;
const DISMISSED: u8 = 2;

/// What every thread of the team shares for one epoch.
pub(super) struct Shared<'a> {
    pub(super) data: Data<'a>,
    order: &'a [usize],
    pub(super) m: usize,
    pub(super) sizes: (usize, usize),
    activation: Activation,
    /// Thread t's rows of layer 1.
    blocks: Vec<Mutex<Block>>,
    /// Each thread's copy of the mini-batch's inputs, gathered by the thread
    /// itself: a copy made by one core and read by another would cross
    /// between their caches every step.
    x: Vec<Mutex<Inputs>>,
    /// Δˡ of the current step, all layers, whole mini-batch.
    pub(super) deltas: RwLock<Vec<Vec<f32>>>,
    /// The step the helpers are to take next, and its learning rule's values.
    plan: Mutex<Plan>,
    pub(super) rule: Mutex<Rule>,
    /// Plans published (k + 1 once step k's is).
    planned: Signal,
    /// Steps whose Δ and rule are in (k + 1 once step k's are).
    pub(super) backed: Signal,
    /// Per helper: steps whose activations are in, and steps whose update is done.
    pub(super) forwarded: Vec<Signal>,
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
pub(super) struct Plan {
    pub(super) step: usize,
    pub(super) rows: usize,
    pub(super) parallel: bool,
    pub(super) done: bool,
}

/// The learning rule's values for a step's update: η/m, the regularisation's shrink, μ.
#[derive(Clone, Copy, Debug)]
pub(super) struct Rule {
    pub(super) scale: f32,
    pub(super) shrink: Shrink,
    pub(super) mu: f32,
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<'a> Shared<'a> {
    pub(super) fn new(
        net: &Network,
        ws: &Workspace,
        bounds: &[usize],
        data: Data<'a>,
        order: &'a [usize],
        m: usize,
    ) -> Self {
        let (n0, n1) = (net.sizes[0], net.sizes[1]);
        let threads = bounds.len() - 1;
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
    pub(super) fn batch(&self, step: usize) -> &'a [usize] {
        let order = self.order;
        let start = (step * self.m).min(order.len());
        &order[start..(start + self.m).min(order.len())]
    }

    /// Thread `t`'s copy of the inputs of mini-batch `plan.step` as consecutive
    /// rows (A⁰), gathered first if it holds another's.
    fn inputs(&self, t: usize, plan: &Plan) -> MutexGuard<'_, Inputs> {
        let mut inputs = lock(&self.x[t]);
        if inputs.step != Some(plan.step) {
            self.data.gather_into(self.batch(plan.step), &mut inputs.x);
            inputs.step = Some(plan.step);
        }
        inputs
    }

    /// Phase 1 for block `b` on thread `t`: its neurons' activations, eq. (22).
    pub(super) fn forward(&self, t: usize, b: usize, plan: &Plan) {
        let x = self.inputs(t, plan);
        let mut block = lock(&self.blocks[b]);
        let Block { w, b, out, .. } = &mut *block;
        let a = &x.x[..plan.rows * self.sizes.0];
        layer(w, b, a, &mut out[..plan.rows * w.rows()], |z, b| {
            self.activation.apply_rows_with_bias(z, b)
        });
    }

    /// The number of threads (and of blocks).
    pub(super) fn threads(&self) -> usize {
        self.blocks.len()
    }

    /// A¹ of the mini-batch's `rows` examples, gathered into `a1` from the
    /// blocks' columns.
    pub(super) fn activations(&self, rows: usize, a1: &mut [f32]) {
        let n1 = self.sizes.1;
        for block in &self.blocks {
            let block = lock(block);
            let width = block.rows.len();
            for (a1, out) in a1[..rows * n1]
                .chunks_exact_mut(n1)
                .zip(block.out.chunks_exact(width))
            {
                a1[block.rows.clone()].copy_from_slice(out);
            }
        }
    }

    /// Phase 3 for block `b` on thread `t`: eqs. (20)–(21) for its rows of W¹ and b¹.
    pub(super) fn update(&self, t: usize, b: usize, plan: &Plan, rule: &Rule) {
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
    pub(super) fn help(&self, t: usize) {
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
            self.data.prefetch(self.batch(next));
            self.backed.wait_for(next);
            if self.backed.get() == ABORT {
                return;
            }
            let rule = *lock(&self.rule);
            self.update(t, t, &plan, &rule);
            self.updated[t - 1].raise(next);
        }
    }

    /// Whether every helper has joined (then each takes the plans as they come).
    pub(super) fn all_joined(&self) -> bool {
        self.helpers
            .iter()
            .all(|h| h.load(Ordering::Acquire) == JOINED)
    }

    /// Publishes the plan of the next step.
    pub(super) fn publish(&self, plan: Plan) {
        *lock(&self.plan) = plan;
        self.planned.raise(plan.step + 1);
    }

    /// Waits until every helper has finished its update of step `step`.
    pub(super) fn wait_updated(&self, step: usize) {
        for done in &self.updated {
            done.wait_for(step + 1);
        }
    }

    /// Ends the epoch for the helpers (after the last step, numbered `steps`):
    /// those not started never join, those in the team leave.
    pub(super) fn dismiss(&self, steps: usize) {
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
    pub(super) fn give_back(self, net: &mut Network, ws: &mut Workspace) {
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
