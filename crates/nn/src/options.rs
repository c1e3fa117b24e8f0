//! The choices Chapter 3 adds to a network: its cost, its output layer, the
//! activation of its hidden neurons, and how its weights start.

use crate::cost::CostKind;
use crate::plain::activation::Activation;
use crate::plain::output::OutputLayer;

/// How the initial weights and biases are drawn (Chapter 3, "Weight initialization").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Init {
    /// Every weight and bias from N(0, 1), as in Chapter 1.
    #[default]
    Standard,
    /// Weights into a neuron with n_in inputs from N(0, 1/n_in), biases from
    /// N(0, 1): the weighted input z starts near 0 rather than spread over
    /// ±√n_in, so the hidden neurons do not start saturated. The same draws as
    /// [`Init::Standard`], each weight divided by √n_in.
    Scaled,
    /// For ReLU hidden neurons (beyond the book; He et al. 2015, "Delving deep
    /// into rectifiers"): weights from N(0, 2/n_in), biases 0. A ReLU passes on
    /// only half of its input's spread, so twice the variance keeps the
    /// signal's size from layer to layer, and no neuron starts dead or wide open
    /// because of a large bias. The same weight draws as [`Init::Standard`],
    /// each multiplied by √(2/n_in).
    He,
}

/// The architecture and starting point of a network, for [`Network::with_options`](crate::Network::with_options).
/// `NetworkOptions::default()` is Chapter 1's network.
///
/// ```
/// use nndl_nn::{Activation, CostKind, Init, Network, NetworkOptions};
///
/// // Chapter 3's network: cross-entropy cost, scaled initial weights.
/// let opts = NetworkOptions { cost: CostKind::CrossEntropy, init: Init::Scaled, ..Default::default() };
/// let net = Network::with_options(&[784, 30, 10], &opts, 1)?;
/// assert_eq!(net.cost(), CostKind::CrossEntropy);
/// assert_eq!(net.activation(), Activation::Sigmoid);
/// # Ok::<(), nndl_nn::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NetworkOptions {
    /// The cost; it decides the output layer ([`CostKind::output_layer`]).
    pub cost: CostKind,
    /// The activation of the hidden neurons.
    pub activation: Activation,
    /// How the weights start.
    pub init: Init,
}

impl NetworkOptions {
    /// The output layer these options give: the one the cost is made for.
    pub fn output_layer(&self) -> OutputLayer {
        self.cost.output_layer()
    }
}
