//! Learning-rate schedules and early stopping (Chapter 3, "How to choose a
//! neural network's hyper-parameters": "Early stopping to determine the number
//! of training epochs" and "Learning rate schedule"), both judged on held-out
//! data, never on the test set the result is reported on.

use crate::{Error, Network};

/// How the learning rate η changes during a run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Schedule {
    /// η stays as given (Chapters 1 and 3's runs).
    #[default]
    Constant,
    /// The book's schedule: halve η whenever `patience` epochs pass without a
    /// new best accuracy on the held-out data, and stop once η has been
    /// halved `halvings` times (7 halvings: η has fallen by 128×).
    Plateau {
        /// Epochs without improvement before η halves (the book suggests 10).
        patience: usize,
        /// Halvings before training stops.
        halvings: u32,
    },
    /// η falls in a straight line over the run's steps, from η at the first
    /// step towards 0 after the last: big steps while far from a minimum,
    /// small ones to settle into it. For runs of a fixed, short length.
    Linear,
}

impl Schedule {
    /// The book's schedule: halve after 10 epochs without improvement, stop
    /// when η has fallen by 128×.
    pub const BOOK: Schedule = Schedule::Plateau {
        patience: 10,
        halvings: 7,
    };

    /// Checks the schedule's numbers.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match *self {
            Schedule::Plateau { patience: 0, .. } => Err(Error::InvalidConfig(
                "the schedule's patience must be at least 1 epoch".into(),
            )),
            _ => Ok(()),
        }
    }
}

/// Watches the accuracy on held-out data after every epoch: sets η by the
/// schedule, keeps the best network seen when early stopping, and says when
/// to stop. Both training loops use it, so both follow the same rules.
#[derive(Clone, Debug)]
pub(crate) struct Watch {
    schedule: Schedule,
    early_stop: Option<usize>,
    eta: f32,
    halvings: u32,
    best: Option<usize>,
    since_best: usize,
    since_change: usize,
    best_network: Option<Network>,
}

impl Watch {
    /// A watch for a run starting at learning rate `eta`, with `schedule` and,
    /// with `early_stop = Some(n)`, stopping after n epochs without a new best.
    pub(crate) fn new(schedule: Schedule, early_stop: Option<usize>, eta: f32) -> Self {
        Watch {
            schedule,
            early_stop,
            eta,
            halvings: 0,
            best: None,
            since_best: 0,
            since_change: 0,
            best_network: None,
        }
    }

    /// Whether the watch needs an accuracy after every epoch.
    pub(crate) fn needs_accuracy(&self) -> bool {
        self.early_stop.is_some() || matches!(self.schedule, Schedule::Plateau { .. })
    }

    /// The learning rate of step `step` of `steps` in the whole run (counted
    /// over all epochs, from the first epoch of a fresh run).
    pub(crate) fn eta(&self, step: usize, steps: usize) -> f32 {
        match self.schedule {
            Schedule::Linear => self.eta * (1.0 - step as f32 / steps as f32),
            _ => self.eta,
        }
    }

    /// After an epoch that classified `correct` held-out examples right, with
    /// the network as it is now: returns whether training should stop.
    pub(crate) fn after_epoch(&mut self, correct: usize, net: &Network) -> bool {
        if self.best.is_none_or(|b| correct > b) {
            self.best = Some(correct);
            self.since_best = 0;
            self.since_change = 0;
            if self.early_stop.is_some() {
                self.best_network = Some(net.clone());
            }
        } else {
            self.since_best += 1;
            self.since_change += 1;
        }
        if let Schedule::Plateau { patience, halvings } = self.schedule {
            if self.since_change >= patience {
                self.since_change = 0;
                self.halvings += 1;
                self.eta /= 2.0;
                if self.halvings >= halvings {
                    return true;
                }
            }
        }
        self.early_stop.is_some_and(|n| self.since_best >= n)
    }

    /// Ends the run: with early stopping, `net` becomes the best network seen.
    pub(crate) fn finish(self, net: &mut Network) {
        if let Some(best) = self.best_network {
            *net = best;
        }
    }
}
