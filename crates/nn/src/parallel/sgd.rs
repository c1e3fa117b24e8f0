//! Mini-batch stochastic gradient descent on the fast path: the loop of
//! [`Network::sgd_plain`] with the fast step, the next mini-batch's inputs
//! prefetched, and a report after every mini-batch and epoch.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use super::team::{self, Step};
use super::Workspace;
use crate::plain::momentum::{Rules, Velocity};
use crate::plain::schedule::Watch;
use crate::training::epoch_inputs;
use crate::{
    Augment, Data, EpochReport, Error, Network, Progress, Regularization, SgdConfig, TrainSummary,
};

impl Network {
    /// Trains the network by mini-batch stochastic gradient descent: the epochs,
    /// shuffles and steps of [`Network::sgd_plain`], with the same weights bit
    /// for bit, on the fast path. `observer` hears after every mini-batch and
    /// every epoch (with the test results when `test` is given) and can stop
    /// training by returning [`ControlFlow::Break`].
    ///
    /// # Errors
    /// If the data does not fit the network, the training data is empty, the test
    /// data is empty, m = 0, or η is not finite and positive.
    pub fn sgd(
        &mut self,
        training: Data<'_>,
        cfg: &SgdConfig,
        test: Option<Data<'_>>,
        observer: &mut dyn FnMut(Progress<'_>) -> ControlFlow<()>,
    ) -> Result<TrainSummary, Error> {
        let mut ws = Workspace::new(self);
        self.sgd_with(training, cfg, test, observer, &mut ws)
    }

    /// [`Network::sgd`] with the buffers (and their [`Tuning`](super::Tuning)) given.
    ///
    /// # Errors
    /// As [`Network::sgd`], and if `ws` was made for another shape.
    pub fn sgd_with(
        &mut self,
        training: Data<'_>,
        cfg: &SgdConfig,
        test: Option<Data<'_>>,
        observer: &mut dyn FnMut(Progress<'_>) -> ControlFlow<()>,
        ws: &mut Workspace,
    ) -> Result<TrainSummary, Error> {
        self.sgd_with_rules(training, cfg, Regularization::None, test, observer, ws)
    }

    /// [`Network::sgd_with`] with Chapter 3's `rules` (a [`Regularization`]
    /// alone, or [`Rules`]): the steps of [`Network::sgd_plain_with_rules`],
    /// bit for bit. The velocities start at 0 in every call. With a plateau
    /// schedule or early stopping, `test` is the held-out data they watch, and
    /// the run may end before `cfg.epochs`; with early stopping it ends with
    /// the best network seen (`summary.best` says which epoch's).
    ///
    /// # Errors
    /// As [`Network::sgd_with`], and if λ is negative or not finite, μ or the
    /// dropout probability not in [0, 1), a patience is 0, or a plateau
    /// schedule or early stopping has no `test` data to watch.
    pub fn sgd_with_rules(
        &mut self,
        training: Data<'_>,
        cfg: &SgdConfig,
        rules: impl Into<Rules>,
        test: Option<Data<'_>>,
        observer: &mut dyn FnMut(Progress<'_>) -> ControlFlow<()>,
        ws: &mut Workspace,
    ) -> Result<TrainSummary, Error> {
        self.sgd_augmented(training, None, cfg, rules, test, observer, ws)
    }

    /// [`Network::sgd_with_rules`] with training inputs made afresh for every
    /// epoch: before epoch e, `augment(e, originals, inputs)` writes that
    /// epoch's inputs (e.g. each image randomly distorted) from the original
    /// ones, row for row, and the epoch trains on them with the original
    /// labels. For the same weights on any number of threads, what it writes
    /// must depend only on e and the originals. `None` trains on the originals.
    ///
    /// # Errors
    /// As [`Network::sgd_with_rules`].
    #[allow(clippy::too_many_arguments)] // sgd_with_rules's, and the augmentation
    pub fn sgd_augmented(
        &mut self,
        training: Data<'_>,
        mut augment: Option<Augment<'_>>,
        cfg: &SgdConfig,
        rules: impl Into<Rules>,
        test: Option<Data<'_>>,
        observer: &mut dyn FnMut(Progress<'_>) -> ControlFlow<()>,
        ws: &mut Workspace,
    ) -> Result<TrainSummary, Error> {
        let rules = rules.into();
        let mut watch = cfg.check_rules(self, training, &rules, test)?;
        self.check_workspace(ws)?;
        ws.velocity = Velocity::zeros(self);

        let start = Instant::now();
        let n = training.len();
        let mut eta = cfg.eta;
        let mut order: Vec<usize> = Vec::with_capacity(n);
        let mut summary = TrainSummary {
            epochs_completed: 0,
            last_completed_epoch: None,
            next_epoch: cfg.start_epoch,
            interrupted: false,
            best: None,
            elapsed: Duration::ZERO,
        };
        let mut inputs = Vec::new();
        for epoch in cfg.start_epoch..cfg.epochs {
            let epoch_start = Instant::now();
            let training = epoch_inputs(training, &mut augment, epoch, &mut inputs);
            cfg.shuffle(epoch, n, &mut order);
            let m = cfg.mini_batch_size;
            let mut steps = EpochSteps {
                training,
                order: &order,
                epoch,
                cfg,
                rules: &rules,
                watch: &mut watch,
                observer: &mut *observer,
                eta,
            };
            let dropout = rules.dropout > 0.0;
            let cost_sum = match team::team_size(self, &ws.tuning, m, n, dropout) {
                Some(threads) => team::run(self, ws, threads, training, &order, m, |net, step| {
                    steps.run(net, step)
                }),
                None => steps.run(self, &mut |net, batch, eta, shrink, mu| {
                    let masks = rules.masks(cfg.seed, epoch, batch);
                    net.step(training, batch, eta, shrink, mu, masks, ws)
                }),
            };
            eta = steps.eta;
            let Some(cost_sum) = cost_sum else {
                summary.interrupted = true;
                summary.elapsed = start.elapsed();
                return Ok(summary);
            };
            let training_cost = cost_sum / n as f64;
            let (correct, total, cost) = match test {
                Some(test) => {
                    let (right, sum) = self.evaluate_with_cost(test, self.cost.cost());
                    (Some(right), Some(test.len()), sum / test.len() as f64)
                }
                None => (None, None, training_cost),
            };
            let mut stop = false;
            if let Some(c) = correct {
                if summary.best.is_none_or(|(_, b)| c > b) {
                    summary.best = Some((epoch, c));
                }
                stop = watch.after_epoch(c, self);
            }
            summary.epochs_completed += 1;
            summary.last_completed_epoch = Some(epoch);
            summary.next_epoch = epoch + 1;
            let report = EpochReport {
                epoch,
                correct,
                total,
                cost,
                training_cost,
                elapsed: epoch_start.elapsed(),
                eta,
            };
            if observer(Progress::Epoch(&report, self)).is_break() {
                summary.interrupted = epoch + 1 < cfg.epochs;
                break;
            }
            if stop {
                break;
            }
        }
        watch.finish(self);
        summary.elapsed = start.elapsed();
        Ok(summary)
    }
}

/// The mini-batches of one epoch, stepped through in order.
struct EpochSteps<'a, 'b> {
    training: Data<'a>,
    order: &'b [usize],
    epoch: usize,
    cfg: &'b SgdConfig,
    rules: &'b Rules,
    watch: &'b mut Watch,
    observer: &'b mut dyn FnMut(Progress<'_>) -> ControlFlow<()>,
    /// η of the latest step.
    eta: f32,
}

impl EpochSteps<'_, '_> {
    /// Runs every mini-batch of the epoch through `step`, reporting after each.
    /// Returns Σₓ Cₓ over the epoch, or `None` if the observer stopped training.
    fn run(&mut self, net: &mut Network, step: &mut Step<'_>) -> Option<f64> {
        let (cfg, training, n) = (self.cfg, self.training, self.order.len());
        let steps_per_epoch = n.div_ceil(cfg.mini_batch_size);
        let steps = cfg.epochs * steps_per_epoch;
        let mut cost_sum = 0.0;
        let mut done = 0;
        let mut batches = self
            .order
            .chunks(cfg.mini_batch_size)
            .enumerate()
            .peekable();
        while let Some((k, batch)) = batches.next() {
            // The next mini-batch's rows, now, so they arrive while this one computes.
            training.prefetch(batches.peek().map_or(&[][..], |&(_, b)| b));
            self.eta = self.watch.eta(self.epoch * steps_per_epoch + k, steps);
            let shrink = self.rules.regularization.shrink(self.eta, n);
            cost_sum += step(net, batch, self.eta, shrink, self.rules.momentum);
            done += batch.len();
            let progress = Progress::MiniBatch {
                epoch: self.epoch,
                done_examples: done,
                total_examples: n,
            };
            if (self.observer)(progress).is_break() {
                return None;
            }
        }
        Some(cost_sum)
    }
}
