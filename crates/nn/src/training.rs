//! What training takes (the hyper-parameters of stochastic gradient descent)
//! and what it reports, for both [`Network::sgd`] and [`Network::sgd_plain`].

use std::time::Duration;

use crate::plain::momentum::Rules;
use crate::plain::schedule::Watch;
use crate::plain::update::check_eta;
use crate::{init, Data, Error, Network};

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

    /// The order of `n` training examples in epoch `epoch`: `0..n` shuffled with
    /// the generator of `(seed, epoch)`, so that it depends on nothing else
    /// (the book's `random.shuffle(training_data)`).
    pub(crate) fn shuffle(&self, epoch: usize, n: usize, order: &mut Vec<usize>) {
        order.clear();
        order.extend(0..n);
        init::shuffle(&mut init::epoch_rng(self.seed, epoch), order);
    }

    /// Checks the configuration and the data before training `net`.
    pub(crate) fn check(
        &self,
        net: &Network,
        training: Data<'_>,
        test: Option<Data<'_>>,
    ) -> Result<(), Error> {
        training.check_fits(net.input_size(), net.output_size())?;
        if training.is_empty() {
            return Err(Error::InvalidData("no training examples".into()));
        }
        if let Some(test) = test {
            test.check_fits(net.input_size(), net.output_size())?;
            if test.is_empty() {
                return Err(Error::InvalidData("no test examples".into()));
            }
        }
        if self.mini_batch_size == 0 {
            return Err(Error::InvalidConfig(
                "the mini-batch size must be at least 1".into(),
            ));
        }
        check_eta(self.eta)
    }

    /// [`SgdConfig::check`] and the `rules`; returns the watch that will follow
    /// the held-out accuracy (`test`), which the schedule and early stopping need.
    pub(crate) fn check_rules(
        &self,
        net: &Network,
        training: Data<'_>,
        rules: &Rules,
        test: Option<Data<'_>>,
    ) -> Result<Watch, Error> {
        self.check(net, training, test)?;
        rules.check()?;
        let watch = Watch::new(rules.schedule, rules.early_stop, self.eta);
        if watch.needs_accuracy() && test.is_none() {
            return Err(Error::InvalidConfig(
                "a plateau schedule and early stopping need held-out data to watch".into(),
            ));
        }
        Ok(watch)
    }
}

/// Writes the training inputs of an epoch from the original ones:
/// `augment(epoch, originals, inputs)` (see [`Network::sgd_augmented`]).
pub type Augment<'a> = &'a mut dyn FnMut(usize, &[f32], &mut [f32]);

/// The training data of `epoch`: `training` itself without `augment`, else
/// its labels with the inputs `augment` writes into `buffer`.
pub(crate) fn epoch_inputs<'b>(
    training: Data<'b>,
    augment: &mut Option<Augment<'_>>,
    epoch: usize,
    buffer: &'b mut Vec<f32>,
) -> Data<'b> {
    match augment {
        None => training,
        Some(augment) => {
            buffer.resize(training.inputs.len(), 0.0);
            augment(epoch, training.inputs, buffer);
            Data {
                inputs: buffer,
                ..training
            }
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
    /// The learning rate of the epoch's last step (it changes with a schedule).
    pub eta: f32,
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
