//! `--preset`: named sets of defaults for `nndl train`, each the run of a chapter of the
//! book. Any flag given beside a preset overrides that one setting.

use clap::ValueEnum;
use nndl_nn::{Activation, CostKind, Init, Regularization, Rules, Schedule};

use crate::sets::SetName;

/// The runs `--preset` names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// Chapter 1: 784-30-10, quadratic cost, N(0, 1) weights, η = 3.0, m = 10, 30 epochs.
    #[default]
    Chapter1,
    /// Chapter 3's network2.py run: 784-100-10, cross-entropy, N(0, 1/n_in) weights,
    /// L2 λ = 5.0, η = 0.1, m = 10, 60 epochs.
    Chapter3,
    /// The quickest run to 98% found: 784-200-10, ReLU, He init, softmax,
    /// momentum 0.9, m = 100, η = 0.15 falling linearly over 5 epochs; watched on validation.
    Fast,
    /// The most accurate model found that trains here in well under ten minutes:
    /// 784-800-800-10, ReLU, scaled init, softmax, momentum 0.9, m = 128, η = 0.1
    /// falling linearly over 150 epochs of distorted training images; watched on validation.
    Best,
}

/// The settings a preset stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Defaults {
    /// Neurons in each hidden layer, between the 784 inputs and the 10 outputs.
    pub hidden: &'static [usize],
    /// Passes over the training data.
    pub epochs: usize,
    /// Mini-batch size m.
    pub batch_size: usize,
    /// Learning rate η.
    pub eta: f32,
    /// The cost (and with it the output layer).
    pub cost: CostKind,
    /// How the weights start.
    pub init: Init,
    /// The hidden neurons.
    pub activation: Activation,
    /// Regularisation, momentum, dropout, schedule, early stopping.
    pub rules: Rules,
    /// The set accuracy is watched on after each epoch.
    pub eval_on: SetName,
    /// Whether every epoch trains on freshly distorted images.
    pub augment: bool,
}

impl Preset {
    /// The settings of this preset.
    pub fn defaults(self) -> Defaults {
        match self {
            Preset::Chapter1 => Defaults {
                hidden: &[30],
                epochs: 30,
                batch_size: 10,
                eta: 3.0,
                cost: CostKind::Quadratic,
                init: Init::Standard,
                activation: Activation::Sigmoid,
                rules: Rules::default(),
                eval_on: SetName::Test,
                augment: false,
            },
            Preset::Chapter3 => Defaults {
                hidden: &[100],
                epochs: 60,
                batch_size: 10,
                eta: 0.1,
                cost: CostKind::CrossEntropy,
                init: Init::Scaled,
                activation: Activation::Sigmoid,
                rules: Regularization::L2 { lambda: 5.0 }.into(),
                eval_on: SetName::Test,
                augment: false,
            },
            Preset::Fast => Defaults {
                hidden: &[200],
                epochs: 5,
                batch_size: 100,
                eta: 0.15,
                cost: CostKind::LogLikelihood,
                init: Init::He,
                activation: Activation::Relu,
                rules: Rules {
                    momentum: 0.9,
                    schedule: Schedule::Linear,
                    ..Rules::default()
                },
                eval_on: SetName::Validation,
                augment: false,
            },
            Preset::Best => Defaults {
                hidden: &[800, 800],
                epochs: 150,
                batch_size: 128,
                eta: 0.1,
                cost: CostKind::LogLikelihood,
                init: Init::Scaled,
                activation: Activation::Relu,
                rules: Rules {
                    momentum: 0.9,
                    schedule: Schedule::Linear,
                    ..Rules::default()
                },
                eval_on: SetName::Validation,
                augment: true,
            },
        }
    }
}
