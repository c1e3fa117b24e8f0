//! Perceptrons, sigmoid neurons and the feedforward network of Chapter 1 of
//! Michael Nielsen's *Neural Networks and Deep Learning*.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod backprop;
pub mod cost;
mod data;
mod error;
mod evaluate;
pub mod init;
mod network;
mod safetensors;
mod save;
mod sgd;
pub mod sigmoid;

pub use backprop::{Gradient, Tuning, Workspace};
pub use cost::{Cost, CostKind, Quadratic};
pub use data::Data;
pub use error::Error;
pub use network::Network;
pub use save::{Meta, FORMAT_VERSION};
pub use sgd::{EpochReport, Progress, SgdConfig, TrainSummary};
pub use sigmoid::{sigmoid, sigmoid_prime};
