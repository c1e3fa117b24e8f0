//! What the server holds: the model it reads with, and where kept digits go.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use nndl_nn::Network;

/// A trained network for 28×28 digits, with what the page says about it.
pub struct Model {
    /// The network: 784 inputs, 10 outputs.
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

/// The server's state.
pub struct App {
    model: RwLock<Arc<Model>>,
    pub(crate) save_dir: PathBuf,
    /// Held while choosing a kept digit's file name, so two saves never pick one name.
    pub(crate) save_lock: Mutex<()>,
}

impl App {
    /// Serves `model`, keeping saved digits in `save_dir` (made when first needed).
    pub fn new(model: Model, save_dir: PathBuf) -> App {
        App {
            model: RwLock::new(Arc::new(model)),
            save_dir,
            save_lock: Mutex::new(()),
        }
    }

    /// The model requests are answered with now.
    pub fn model(&self) -> Arc<Model> {
        Arc::clone(&self.model.read().unwrap_or_else(|e| e.into_inner()))
    }
}
