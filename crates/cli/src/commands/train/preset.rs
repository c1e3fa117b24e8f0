//! `--preset`: named sets of defaults for `nndl train`, each the run of a chapter of the
//! book. Any flag given beside a preset overrides that one setting.

use clap::ValueEnum;
use nndl_nn::{CostKind, Init};

/// The runs `--preset` names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// Chapter 1: 784-30-10, quadratic cost, N(0, 1) weights, η = 3.0, m = 10, 30 epochs.
    #[default]
    Chapter1,
    /// Chapter 3's network2.py run: 784-100-10, cross-entropy, N(0, 1/n_in) weights,
    /// L2 λ = 5.0, η = 0.1, m = 10, 60 epochs.
    Chapter3,
}

/// The settings a preset stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Defaults {
    /// Neurons in the hidden layer of 784-N-10.
    pub hidden: usize,
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
    /// L2 regularisation λ (0: none).
    pub lambda: f32,
}

impl Preset {
    /// The settings of this preset.
    pub fn defaults(self) -> Defaults {
        match self {
            Preset::Chapter1 => Defaults {
                hidden: 30,
                epochs: 30,
                batch_size: 10,
                eta: 3.0,
                cost: CostKind::Quadratic,
                init: Init::Standard,
                lambda: 0.0,
            },
            Preset::Chapter3 => Defaults {
                hidden: 100,
                epochs: 60,
                batch_size: 10,
                eta: 0.1,
                cost: CostKind::CrossEntropy,
                init: Init::Scaled,
                lambda: 5.0,
            },
        }
    }
}
