//! Momentum-based gradient descent (Chapter 3, "Variations on stochastic
//! gradient descent"): every weight and bias has a velocity v, and a step is
//! v → v′ = μv − η∇C, then w → w′ = w + v′ (the book's eqs. (107)–(108)).

use nndl_linalg::Matrix;

use crate::plain::update::Regularization;
use crate::{Error, Network};

/// The rules of a training run beyond Chapter 1's: regularisation and momentum.
/// `Rules::default()` is plain stochastic gradient descent; a [`Regularization`]
/// converts into the rules with it and no momentum.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rules {
    /// L2, L1 or none.
    pub regularization: Regularization,
    /// The momentum co-efficient μ in [0, 1): 0 is no momentum (plain gradient
    /// descent, exactly), 1 − μ the "friction".
    pub momentum: f32,
}

impl From<Regularization> for Rules {
    fn from(regularization: Regularization) -> Self {
        Rules {
            regularization,
            momentum: 0.0,
        }
    }
}

impl Rules {
    /// Checks λ and μ.
    pub(crate) fn check(&self) -> Result<(), Error> {
        self.regularization.check()?;
        if (0.0..1.0).contains(&self.momentum) {
            Ok(())
        } else {
            Err(Error::InvalidConfig(format!(
                "the momentum co-efficient μ must be in [0, 1), not {}",
                self.momentum
            )))
        }
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
