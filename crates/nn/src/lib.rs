//! Perceptrons, sigmoid neurons and the feedforward network of Chapter 1 of
//! Michael Nielsen's *Neural Networks and Deep Learning*.

pub mod sigmoid;

pub use sigmoid::{sigmoid, sigmoid_prime};
