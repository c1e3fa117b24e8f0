//! The choices Chapter 3 of the book adds to a network and its training (the cost, the
//! hidden neurons, the starting weights), as command-line values and as the names the
//! training record stores.

use clap::ValueEnum;
use nndl_nn::{Activation, CostKind, Init, Schedule};

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
    /// N(0, 2/n_in) weights and zero biases, for ReLU (He et al. 2015).
    He,
}

impl From<InitArg> for Init {
    fn from(i: InitArg) -> Init {
        match i {
            InitArg::Standard => Init::Standard,
            InitArg::Scaled => Init::Scaled,
            InitArg::He => Init::He,
        }
    }
}

/// `--output`: the output layer. The cost decides it (softmax goes with the
/// log-likelihood), so this flag only says the same thing from the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// σ(z), with the quadratic or the cross-entropy cost.
    Sigmoid,
    /// Softmax, eq. (78), with the log-likelihood cost.
    Softmax,
}

/// `--schedule`: how η changes during the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScheduleArg {
    /// η stays as given.
    Constant,
    /// Halve η after --patience epochs without a new best on validation; stop when it has fallen 128×.
    Plateau,
    /// η falls in a straight line to 0 over the run.
    Linear,
}

impl ScheduleArg {
    /// The schedule, with `patience` epochs for a plateau.
    pub fn schedule(self, patience: usize) -> Schedule {
        match self {
            ScheduleArg::Constant => Schedule::Constant,
            ScheduleArg::Plateau => Schedule::Plateau {
                patience,
                halvings: 7,
            },
            ScheduleArg::Linear => Schedule::Linear,
        }
    }
}

/// The text the training record stores for `schedule`: `constant`, `linear`
/// or `plateau:<patience>:<halvings>`.
pub fn schedule_name(schedule: Schedule) -> String {
    match schedule {
        Schedule::Plateau { patience, halvings } => format!("plateau:{patience}:{halvings}"),
        Schedule::Linear => "linear".into(),
        _ => "constant".into(),
    }
}

/// The schedule a training record names.
pub fn schedule_of(name: &str) -> Option<Schedule> {
    match name.split(':').collect::<Vec<_>>()[..] {
        ["constant"] => Some(Schedule::Constant),
        ["linear"] => Some(Schedule::Linear),
        ["plateau", patience, halvings] => Some(Schedule::Plateau {
            patience: patience.parse().ok()?,
            halvings: halvings.parse().ok()?,
        }),
        _ => None,
    }
}

/// The name the training record stores for `init`.
pub fn init_name(init: Init) -> &'static str {
    match init {
        Init::Scaled => "scaled",
        Init::He => "he",
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
        for init in [Init::Standard, Init::Scaled, Init::He] {
            assert_eq!(init_of(init_name(init)), Some(init));
        }
        assert_eq!(init_of("fancy"), None);
    }

    #[test]
    fn schedule_names_read_back() {
        for s in [
            Schedule::Constant,
            Schedule::Linear,
            Schedule::BOOK,
            ScheduleArg::Plateau.schedule(3),
        ] {
            assert_eq!(schedule_of(&schedule_name(s)), Some(s));
        }
        for bad in ["", "plateau", "plateau:x:7", "slow"] {
            assert_eq!(schedule_of(bad), None, "{bad}");
        }
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
