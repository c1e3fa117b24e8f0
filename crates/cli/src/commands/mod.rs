//! One module per `nndl` command: its arguments and its `run`.

pub mod baseline;
pub mod data;
pub mod eval;
pub mod perceptron;
pub mod predict;
pub mod show;
pub mod train;
pub mod weights;
