//! The choices Chapter 3 of the book adds to a network and its training (the cost, the
//! hidden neurons, the starting weights), as command-line values and as the names the
//! training record stores.

use clap::ValueEnum;
use nndl_nn::{Activation, CostKind, Init};

/// `--cost`: what the network is trained to make small. The cost picks the output layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CostArg {
    /// ½‖y − a‖², Chapter 1's, with sigmoid outputs.
    Quadratic,
    /// The cross-entropy, with sigmoid outputs: saturated outputs still learn fast.
    CrossEntropy,
    /// −ln a_y, with a softmax output layer.
    LogLikelihood,
}

impl From<CostArg> for CostKind {
    fn from(c: CostArg) -> CostKind {
        match c {
            CostArg::Quadratic => CostKind::Quadratic,
            CostArg::CrossEntropy => CostKind::CrossEntropy,
            CostArg::LogLikelihood => CostKind::LogLikelihood,
        }
    }
}

/// `--activation`: the hidden neurons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActivationArg {
    /// σ(z), Chapter 1's.
    Sigmoid,
    /// tanh(z).
    Tanh,
    /// max(0, z); wants a smaller η (about 0.05).
    Relu,
}

impl From<ActivationArg> for Activation {
    fn from(a: ActivationArg) -> Activation {
        match a {
            ActivationArg::Sigmoid => Activation::Sigmoid,
            ActivationArg::Tanh => Activation::Tanh,
            ActivationArg::Relu => Activation::Relu,
        }
    }
}

/// `--init`: how the weights start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitArg {
    /// N(0, 1), Chapter 1's.
    Standard,
    /// N(0, 1/n_in) for the weights into a neuron with n_in inputs.
    Scaled,
}

impl From<InitArg> for Init {
    fn from(i: InitArg) -> Init {
        match i {
            InitArg::Standard => Init::Standard,
            InitArg::Scaled => Init::Scaled,
        }
    }
}

/// The name the training record stores for `init`.
pub fn init_name(init: Init) -> &'static str {
    match init {
        Init::Scaled => "scaled",
        _ => "standard",
    }
}

/// The initialisation a training record names.
pub fn init_of(name: &str) -> Option<Init> {
    InitArg::from_str(name, false).ok().map(Init::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_names_read_back() {
        for init in [Init::Standard, Init::Scaled] {
            assert_eq!(init_of(init_name(init)), Some(init));
        }
        assert_eq!(init_of("fancy"), None);
    }

    #[test]
    fn value_names_are_the_libraries_names() {
        for c in CostArg::value_variants() {
            let name = c.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(CostKind::from(*c).name(), name);
        }
        for a in ActivationArg::value_variants() {
            let name = a.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(Activation::from(*a).name(), name);
        }
    }
}
