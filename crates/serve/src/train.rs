//! Training from the page: the embedder (the `nndl` command line) supplies a
//! [`Trainer`]; the server runs one run at a time, streams each epoch to the page
//! as server-sent events, and serves the new model when the run ends.

use std::sync::atomic::AtomicBool;

use nndl_nn::Network;
use serde::{Deserialize, Serialize};

use crate::state::Model;

/// A named set of training settings the trainer offers.
#[derive(Clone, Debug, Serialize)]
pub struct Preset {
    /// Its name, e.g. `fast`.
    pub name: String,
    /// What it trains, in a sentence.
    pub about: String,
}

/// What the page asks to train: a preset, and any settings to change in it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TrainRequest {
    /// The preset's name.
    pub preset: String,
    /// Neurons in the hidden layer (784-N-10).
    pub hidden: Option<usize>,
    /// Passes over the training data.
    pub epochs: Option<usize>,
    /// The learning rate η.
    pub eta: Option<f32>,
    /// Train on the first N training images only.
    pub train_size: Option<usize>,
}

impl TrainRequest {
    /// Checks the settings' ranges, so a request cannot ask for a run that never ends
    /// or a network that does not fit in memory.
    pub fn check(&self, presets: &[Preset]) -> Result<(), String> {
        if !presets.iter().any(|p| p.name == self.preset) {
            let names: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
            return Err(format!("preset must be one of {}", names.join(", ")));
        }
        let within = |v: Option<usize>, name: &str, most: usize| match v {
            Some(n) if n == 0 || n > most => Err(format!("{name} must be from 1 to {most}")),
            _ => Ok(()),
        };
        within(self.hidden, "hidden", 2000)?;
        within(self.epochs, "epochs", 200)?;
        within(self.train_size, "train_size", 50_000)?;
        match self.eta {
            Some(eta) if !(eta.is_finite() && eta > 0.0 && eta <= 100.0) => {
                Err("eta must be a number above 0, at most 100".into())
            }
            _ => Ok(()),
        }
    }
}

/// One finished epoch of a run.
#[derive(Clone, Debug, Serialize)]
pub struct Epoch {
    /// The epoch, counting from 0.
    pub epoch: usize,
    /// Epochs in the run.
    pub epochs: usize,
    /// Accuracy on the set the run is watched on (validation or test).
    pub accuracy: f64,
    /// The cost on that set.
    pub cost: f64,
}

/// Runs training for the page. It blocks; the server calls it off its async threads.
pub trait Trainer: Send + Sync + 'static {
    /// The presets the page may choose from.
    fn presets(&self) -> Vec<Preset>;

    /// Trains as `request` says, calling `on_epoch` after each epoch with the
    /// network as it is then, and returns the trained model (saved atomically
    /// wherever the trainer keeps models). Stops soon after `stop` is set,
    /// returning the model as last saved.
    ///
    /// # Errors
    /// A sentence saying why the run could not start or failed.
    fn train(
        &self,
        request: &TrainRequest,
        stop: &AtomicBool,
        on_epoch: &mut dyn FnMut(Epoch, Option<Network>),
    ) -> Result<Model, String>;
}
