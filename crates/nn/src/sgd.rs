//! Mini-batch stochastic gradient descent, as in the book's `SGD`: shuffle,
//! cut into mini-batches, one gradient step per mini-batch, report after each epoch.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use crate::backprop::{check_eta, Workspace};
use crate::{init, Data, Error, Network};

/// Floats between software prefetches of a row (4 cache lines).
const PREFETCH_STRIDE: usize = 64;

/// The hyper-parameters of [`Network::sgd`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdConfig {
    /// Train until this many epochs are done in all (epochs `start_epoch..epochs` run now).
    pub epochs: usize,
    /// Examples per mini-batch, m (1 is online learning).
    pub mini_batch_size: usize,
    /// The learning rate η.
    pub eta: f32,
    /// Seeds the shuffle of each epoch (with the epoch number: see [`init::epoch_rng`]).
    pub seed: u64,
    /// The first epoch to run: 0 for a fresh network, k to resume after k finished
    /// epochs (gives the same weights as not stopping at all).
    pub start_epoch: usize,
}

/// The seed used when none is given, by the library and the `nndl` command alike.
/// With it, the chapter's 784-30-10 run ends at 9557 / 10000.
pub const DEFAULT_SEED: u64 = 1;

impl SgdConfig {
    /// `epochs` epochs of mini-batches of `mini_batch_size` with learning rate `eta`,
    /// seed [`DEFAULT_SEED`], from epoch 0.
    pub fn new(epochs: usize, mini_batch_size: usize, eta: f32) -> Self {
        SgdConfig {
            epochs,
            mini_batch_size,
            eta,
            seed: DEFAULT_SEED,
            start_epoch: 0,
        }
    }
}

/// What training reports to its observer.
#[derive(Debug)]
pub enum Progress<'a> {
    /// After every mini-batch (cheap: for progress bars and for stopping early).
    MiniBatch {
        /// The current epoch.
        epoch: usize,
        /// Examples of this epoch trained on so far.
        done_examples: usize,
        /// Examples in an epoch.
        total_examples: usize,
    },
    /// After every epoch, with the network as it is now (to save a checkpoint).
    Epoch(&'a EpochReport, &'a Network),
}

/// How an epoch went.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochReport {
    /// The epoch, counting from 0.
    pub epoch: usize,
    /// Test examples classified right, when test data was given.
    pub correct: Option<usize>,
    /// Number of test examples, when test data was given.
    pub total: Option<usize>,
    /// The mean cost: on the test data when given (after the epoch), else the
    /// same as `training_cost`.
    pub cost: f64,
    /// The mean cost on the training data over the epoch, each mini-batch
    /// measured just before its own update (free: it comes from the same forward pass).
    pub training_cost: f64,
    /// Wall time of the epoch, evaluation included.
    pub elapsed: Duration,
}

impl EpochReport {
    /// The fraction of test examples classified right, when test data was given.
    pub fn accuracy(&self) -> Option<f64> {
        match (self.correct, self.total) {
            (Some(c), Some(t)) if t > 0 => Some(c as f64 / t as f64),
            _ => None,
        }
    }
}

/// How a call to [`Network::sgd`] ended.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainSummary {
    /// Epochs completed in this call.
    pub epochs_completed: usize,
    /// The last epoch completed in this call, if any.
    pub last_completed_epoch: Option<usize>,
    /// The `start_epoch` that resumes exactly after the last completed epoch.
    pub next_epoch: usize,
    /// Whether the observer stopped training. If it stopped in the middle of an
    /// epoch, the network holds that epoch's first mini-batches' updates; the
    /// network passed with the last [`Progress::Epoch`] is the exact resume point.
    pub interrupted: bool,
    /// The best test result of this call: (epoch, correct).
    pub best: Option<(usize, usize)>,
    /// Wall time of the whole call.
    pub elapsed: Duration,
}

impl Network {
    /// Trains the network by mini-batch stochastic gradient descent.
    ///
    /// For each epoch `e` in `cfg.start_epoch..cfg.epochs`: the training data's
    /// order is shuffled with a generator depending only on `(cfg.seed, e)`, cut
    /// into mini-batches of `cfg.mini_batch_size` (the last one smaller when it
    /// does not divide, and stepped with η/its size), and each mini-batch gives
    /// one step of [`Network::update_mini_batch`]. `observer` hears after every
    /// mini-batch and every epoch (with the test results when `test` is given)
    /// and can stop training by returning [`ControlFlow::Break`].
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

    /// [`Network::sgd`] with the buffers (and their [`Tuning`](crate::Tuning)) given.
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
        training.check_fits(self.input_size(), self.output_size())?;
        if training.is_empty() {
            return Err(Error::InvalidData("no training examples".into()));
        }
        if let Some(test) = test {
            test.check_fits(self.input_size(), self.output_size())?;
            if test.is_empty() {
                return Err(Error::InvalidData("no test examples".into()));
            }
        }
        if cfg.mini_batch_size == 0 {
            return Err(Error::InvalidConfig(
                "the mini-batch size must be at least 1".into(),
            ));
        }
        check_eta(cfg.eta)?;
        if !ws.fits(self) {
            return Err(Error::InvalidConfig(
                "the workspace was made for other layer sizes".into(),
            ));
        }

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
            order.clear();
            order.extend(0..n);
            init::shuffle(&mut init::epoch_rng(cfg.seed, epoch), &mut order);
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
                cost_sum += self.step(training, batch, cfg.eta, ws);
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
