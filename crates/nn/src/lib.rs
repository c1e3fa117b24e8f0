//! Perceptrons, sigmoid neurons and the feedforward network of Chapter 1 of
//! Michael Nielsen's *Neural Networks and Deep Learning*.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod adder;
mod backprop;
pub mod bitwise;
pub mod circuit;
pub mod cost;
mod data;
mod error;
mod evaluate;
pub mod init;
mod network;
pub mod perceptron;
mod safetensors;
mod save;
mod schedule;
mod sgd;
pub mod sigmoid;
pub mod sigmoid_neuron;

pub use backprop::{Gradient, Tuning, Workspace};
pub use bitwise::BitwiseOutput;
pub use circuit::{Circuit, CircuitBuilder, Node, UnitId};
pub use cost::{Cost, CostKind, Quadratic};
pub use data::Data;
pub use error::Error;
pub use network::{argmax, Network};
pub use perceptron::Perceptron;
pub use save::{Meta, FORMAT_VERSION};
pub use sgd::{EpochReport, Progress, SgdConfig, TrainSummary, DEFAULT_SEED};
pub use sigmoid::{sigmoid, sigmoid_prime, sigmoid_prime_from_output};
pub use sigmoid_neuron::SigmoidNeuron;
