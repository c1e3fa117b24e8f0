//! Thread 0 of the team: it runs the steps, the layers above the first and the
//! scheduler, and hands the helpers their parts.

use std::sync::PoisonError;
use std::time::Instant;

use super::super::Workspace;
use super::shared::{lock, Plan, Rule, Shared};
use crate::plain::update::{Momentum, Shrink};
use crate::plain::{batch_cost, rows_of, rows_of_mut, step_layer};
use crate::Network;

/// Thread 0: runs the steps, the layers above the first, and the scheduler.
pub(super) struct Driver<'s, 'w> {
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
    pub(super) fn new(net: &Network, ws: &'w mut Workspace, shared: &'s Shared<'s>) -> Self {
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

    pub(super) fn step(
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
            s.threads()
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
        self.ws.count_step(plan.parallel);
        // Plan the next step now, so the helpers can start on it while this
        // thread reports and prepares.
        if !s.batch(k + 1).is_empty() {
            self.plan = Some(self.plan(k + 1));
        }
        cost
    }

    /// Ends the epoch for the helpers: lets them finish any update they were
    /// given, then dismisses them (a plan made ahead is dropped).
    pub(super) fn dismiss(&mut self) {
        if let Some(j) = self.last_parallel {
            self.shared.wait_updated(j);
        }
        self.shared.dismiss(self.step + 1);
    }

    /// Phase 2: A¹ gathered from the blocks, the layers above fed forward
    /// (eq. (22)), the cost, and Δ for every layer (BP1–BP2).
    fn backward(&mut self, net: &Network, plan: &Plan) -> f64 {
        let s = self.shared;
        let rows = plan.rows;
        s.activations(rows, &mut self.acts[0][..rows * s.sizes.1]);
        net.feedforward_above(1, rows, &mut self.acts, None);
        let n = net.output_size();
        let y = &mut self.y[..rows * n];
        s.data.one_hot_into(s.batch(plan.step), n, y);
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
