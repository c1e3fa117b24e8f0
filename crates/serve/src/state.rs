//! What the server holds: the model it reads with, and where kept digits go.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};

use nndl_nn::Network;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::train::{Epoch, Trainer};

/// A trained network for 28×28 digits, with what the page says about it.
pub struct Model {
    /// The network: 784 inputs, 10 outputs (11 for a model trained on cut pieces:
    /// the last says "not a digit").
    pub net: Network,
    /// Where it came from, e.g. its file name.
    pub source: String,
    /// Its accuracy on MNIST's 10,000 test digits, when known.
    pub test_accuracy: Option<f64>,
}

impl Model {
    /// A model to serve.
    pub fn new(net: Network, source: String, test_accuracy: Option<f64>) -> Model {
        Model {
            net,
            source,
            test_accuracy,
        }
    }
}

/// What happens to a training run, as the page is told it.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TrainEvent {
    /// A run started.
    Started {
        /// The epochs asked for (none: the preset's).
        epochs: Option<usize>,
    },
    /// An epoch ended.
    Epoch(Epoch),
    /// The run ended (finished or stopped) and its model is now the one served.
    Done {
        /// Where the model was saved.
        source: String,
        /// Its accuracy on MNIST's test digits, when known.
        test_accuracy: Option<f64>,
        /// Whether it was stopped before its last epoch.
        stopped: bool,
    },
    /// The run failed.
    Failed {
        /// Why.
        error: String,
    },
}

/// The run under way, if any, and what the last one did.
#[derive(Default)]
pub(crate) struct Training {
    pub running: bool,
    pub stop: Arc<AtomicBool>,
    pub events: Vec<TrainEvent>,
    /// The network after the last epoch, for its weights.
    pub snapshot: Option<Arc<Network>>,
}

/// The server's state.
pub struct App {
    model: RwLock<Arc<Model>>,
    pub(crate) save_dir: PathBuf,
    /// Held while choosing a kept digit's file name, so two saves never pick one name.
    pub(crate) save_lock: Mutex<()>,
    pub(crate) trainer: Option<Arc<dyn Trainer>>,
    pub(crate) training: Mutex<Training>,
    pub(crate) events: broadcast::Sender<TrainEvent>,
}

impl App {
    /// Serves `model`, keeping saved digits in `save_dir` (made when first needed).
    pub fn new(model: Model, save_dir: PathBuf) -> App {
        App {
            model: RwLock::new(Arc::new(model)),
            save_dir,
            save_lock: Mutex::new(()),
            trainer: None,
            training: Mutex::new(Training::default()),
            events: broadcast::channel(256).0,
        }
    }

    /// Lets the page train models with `trainer` (the Train tab).
    pub fn with_trainer(mut self, trainer: impl Trainer) -> App {
        self.trainer = Some(Arc::new(trainer));
        self
    }

    /// Serves `model` from now on.
    pub fn set_model(&self, model: Model) {
        *self.model.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(model);
    }

    /// Records `event` and sends it to every page listening.
    pub(crate) fn tell(&self, event: TrainEvent) {
        self.training
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .events
            .push(event.clone());
        // No page listening is not an error.
        let _ = self.events.send(event);
    }

    /// The model requests are answered with now.
    pub fn model(&self) -> Arc<Model> {
        Arc::clone(&self.model.read().unwrap_or_else(|e| e.into_inner()))
    }
}
