//! Perceptrons, sigmoid neurons and the feedforward network of Chapter 1 of
//! Michael Nielsen's *Neural Networks and Deep Learning*.
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
pub use cost::{Cost, CostKind, Quadratic};
pub use data::Data;
pub use error::Error;
pub use network::{argmax, Network};
pub use nndl_linalg::Matrix;
pub use perceptron::Perceptron;
pub use plain::backprop::Gradient;
pub use save::{Meta, FORMAT_VERSION};
pub use sigmoid::{sigmoid, sigmoid_prime, sigmoid_prime_from_output};
pub use sigmoid_neuron::SigmoidNeuron;
pub use training::{EpochReport, Progress, SgdConfig, TrainSummary, DEFAULT_SEED};
