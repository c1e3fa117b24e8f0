//! Mini-batch stochastic gradient descent on the fast path: the loop of
//! [`Network::sgd_plain`] with the fast step, the next mini-batch's inputs
//! prefetched, and a report after every mini-batch and epoch.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use super::Workspace;
use crate::plain::momentum::{Rules, Velocity};
use crate::{Data, EpochReport, Error, Network, Progress, Regularization, SgdConfig, TrainSummary};

/// Floats between software prefetches of a row (4 cache lines).
const PREFETCH_STRIDE: usize = 64;

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
    /// alone, or [`Rules`] with momentum): the steps of
    /// [`Network::sgd_plain_with_rules`], bit for bit. The velocities start at 0
    /// in every call.
    ///
    /// # Errors
    /// As [`Network::sgd_with`], and if λ is negative or not finite, or μ not in [0, 1).
    pub fn sgd_with_rules(
        &mut self,
        training: Data<'_>,
        cfg: &SgdConfig,
        rules: impl Into<Rules>,
        test: Option<Data<'_>>,
        observer: &mut dyn FnMut(Progress<'_>) -> ControlFlow<()>,
        ws: &mut Workspace,
    ) -> Result<TrainSummary, Error> {
        let rules = rules.into();
        cfg.check(self, training, test)?;
        rules.check()?;
        self.check_workspace(ws)?;
        let shrink = rules.regularization.shrink(cfg.eta, training.len());
        ws.velocity = Velocity::zeros(self);

        let start = Instant::now();
        let n = training.len();
        let mut order: Vec<usize> = Vec::with_capacity(n);
        let mut summary = TrainSummary {
            epochs_completed: 0,
            last_completed_epoch: None,
            next_epoch: cfg.start_epoch,
            interrupted: false,
            best: None,
            elapsed: Duration::ZERO,
        };
        for epoch in cfg.start_epoch..cfg.epochs {
            let epoch_start = Instant::now();
            cfg.shuffle(epoch, n, &mut order);
            let mut cost_sum = 0.0;
            let mut done = 0;
            let mut batches = order.chunks(cfg.mini_batch_size).peekable();
            while let Some(batch) = batches.next() {
                // The rows of the next mini-batch are scattered over the whole
                // training set, far out of cache: ask for them now, so they arrive
                // while this mini-batch computes. One line in four is enough for
                // the hardware prefetcher to fetch the rest of each row.
                for &i in batches.peek().copied().unwrap_or_default() {
                    let row = training.input(i);
                    for at in (0..row.len()).step_by(PREFETCH_STRIDE) {
                        nndl_linalg::prefetch(&row[at..at + 1]);
                    }
                }
                cost_sum += self.step(training, batch, cfg.eta, shrink, rules.momentum, ws);
                done += batch.len();
                let progress = Progress::MiniBatch {
                    epoch,
                    done_examples: done,
                    total_examples: n,
                };
                if observer(progress).is_break() {
                    summary.interrupted = true;
                    summary.elapsed = start.elapsed();
                    return Ok(summary);
                }
            }
            let training_cost = cost_sum / n as f64;
            let (correct, total, cost) = match test {
                Some(test) => {
                    let (right, sum) = self.evaluate_with_cost(test, self.cost.cost());
                    (Some(right), Some(test.len()), sum / test.len() as f64)
                }
                None => (None, None, training_cost),
            };
            if let Some(c) = correct {
                if summary.best.is_none_or(|(_, b)| c > b) {
                    summary.best = Some((epoch, c));
                }
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
            };
            if observer(Progress::Epoch(&report, self)).is_break() {
                summary.interrupted = epoch + 1 < cfg.epochs;
                break;
            }
        }
        summary.elapsed = start.elapsed();
        Ok(summary)
    }
}
