//! Perceptrons, sigmoid neurons and the feedforward network of Chapter 1 of
//! Michael Nielsen's *Neural Networks and Deep Learning*, trained by mini-batch
//! stochastic gradient descent with backpropagation.
//!
//! Build a [`Network`], train it with [`Network::sgd`] on labelled examples
//! ([`Data`]: rows of inputs and one label per row), and count how many it gets
//! right with [`Network::evaluate`]:
//!
//! ```
//! use std::ops::ControlFlow;
//! use nndl_nn::{Data, Network, SgdConfig};
//!
//! // A toy problem: which of two inputs is larger (label 0 or 1).
//! let inputs = [0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.1, 0.6, 0.8, 0.2, 0.3, 0.9];
//! let labels = [0, 1, 0, 1, 0, 1];
//! let data = Data::new(&inputs, &labels, 2)?;
//!
//! let mut net = Network::new(&[2, 4, 2], 1)?; // 2 inputs, 4 hidden neurons, 2 outputs
//! let cfg = SgdConfig::new(500, 2, 3.0); // 500 epochs, mini-batches of 2, η = 3
//! net.sgd(data, &cfg, None, &mut |_| ControlFlow::Continue(()))?;
//! assert_eq!(net.evaluate(data)?, 6);
//! # Ok::<(), nndl_nn::Error>(())
//! ```
//!
//! The network's arithmetic is written twice over the same functions: the
//! [`plain`] path reads like the book's `network.py` (each equation beside its
//! line), and the [`parallel`] path, which `sgd`, `evaluate` and
//! [`Network::feedforward_batch`] use, runs those functions on pieces of the
//! work on several threads. Both give the same weights bit for bit.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod adder;
pub mod bitwise;
pub mod circuit;
pub mod cost;
mod data;
mod error;
pub mod init;
mod network;
mod options;
pub mod parallel;
pub mod perceptron;
pub mod plain;
mod safetensors;
mod save;
pub mod sigmoid;
pub mod sigmoid_neuron;
mod training;

pub use bitwise::BitwiseOutput;
pub use circuit::{Circuit, CircuitBuilder, Node, UnitId};
pub use cost::{Cost, CostKind, CrossEntropy, LogLikelihood, Quadratic};
pub use data::Data;
pub use error::Error;
pub use network::Network;
/// The index of the largest output, the network's answer (the first on ties, as
/// the book's `np.argmax`; NaN never chosen).
pub use nndl_linalg::argmax;
pub use nndl_linalg::Matrix;
pub use options::{Init, NetworkOptions};
pub use perceptron::Perceptron;
pub use plain::activation::Activation;
pub use plain::backprop::Gradient;
pub use plain::momentum::Rules;
pub use plain::output::{softmax, OutputLayer};
pub use plain::schedule::Schedule;
pub use plain::update::Regularization;
pub use save::{Meta, FORMAT_VERSION};
pub use sigmoid::{sigmoid, sigmoid_prime, sigmoid_prime_from_output};
pub use sigmoid_neuron::SigmoidNeuron;
pub use training::{Augment, EpochReport, Progress, SgdConfig, TrainSummary, DEFAULT_SEED};
