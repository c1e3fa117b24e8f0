//! The rules of a training run beyond Chapter 1's, and the velocities of
//! momentum-based gradient descent (Chapter 3, "Variations on stochastic
//! gradient descent"): every weight and bias has a velocity v, and a step is
//! v → v′ = μv − η∇C, then w → w′ = w + v′ (the book's eqs. (107)–(108)).

use nndl_linalg::Matrix;

use super::dropout::Masks;
use super::schedule::Schedule;
use crate::plain::update::Regularization;
use crate::{Error, Network};

/// The rules of a training run beyond Chapter 1's: regularisation, momentum,
/// dropout, a learning-rate schedule and early stopping.
/// `Rules::default()` is plain stochastic gradient descent; a [`Regularization`]
/// converts into the rules with it and nothing else.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rules {
    /// L2, L1 or none.
    pub regularization: Regularization,
    /// The momentum co-efficient μ in [0, 1): 0 is no momentum (plain gradient
    /// descent, exactly), 1 − μ the "friction".
    pub momentum: f32,
    /// The probability p in [0, 1) that a hidden neuron drops out of an
    /// example's training step: 0 is no dropout (the book uses 0.5).
    pub dropout: f32,
    /// How η changes during the run.
    pub schedule: Schedule,
    /// Stop after this many epochs without a new best accuracy on the held-out
    /// data, and end with the best network seen (`None`: run every epoch).
    pub early_stop: Option<usize>,
}

impl From<Regularization> for Rules {
    fn from(regularization: Regularization) -> Self {
        Rules {
            regularization,
            ..Rules::default()
        }
    }
}

impl Rules {
    /// Checks λ, μ, p and the schedule.
    pub(crate) fn check(&self) -> Result<(), Error> {
        self.regularization.check()?;
        self.schedule.check()?;
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(Error::InvalidConfig(format!(
                "the momentum co-efficient μ must be in [0, 1), not {}",
                self.momentum
            )));
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(Error::InvalidConfig(format!(
                "the dropout probability must be in [0, 1), not {}",
                self.dropout
            )));
        }
        if self.early_stop == Some(0) {
            return Err(Error::InvalidConfig(
                "early stopping needs a patience of at least 1 epoch".into(),
            ));
        }
        Ok(())
    }

    /// The dropout masks of a mini-batch made of training examples `examples`
    /// in epoch `epoch` of a run seeded `seed`; `None` without dropout.
    pub(crate) fn masks<'a>(
        &self,
        seed: u64,
        epoch: usize,
        examples: &'a [usize],
    ) -> Option<Masks<'a>> {
        (self.dropout > 0.0).then_some(Masks {
            p: self.dropout,
            seed,
            epoch,
            examples,
        })
    }
}

/// The velocities of a network's weights and biases, shaped like them; zero at
/// the start of training.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Velocity {
    pub(crate) weights: Vec<Matrix>,
    pub(crate) biases: Vec<Vec<f32>>,
}

impl Velocity {
    /// All velocities 0, for `net`'s shape.
    pub(crate) fn zeros(net: &Network) -> Self {
        Velocity {
            weights: net
                .weights
                .iter()
                .map(|w| Matrix::zeros(w.rows(), w.cols()))
                .collect(),
            biases: net.biases.iter().map(|b| vec![0.0; b.len()]).collect(),
        }
    }
}
