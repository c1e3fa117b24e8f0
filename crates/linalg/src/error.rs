//! The one error type of the crate: operands whose shapes or lengths do not fit.

use std::fmt;

/// Operands whose dimensions, strides or slice lengths do not fit together.
///
/// The message names the operation and the mismatch, e.g.
/// `gemm: a has 100 elements, needs at least 7840 for a 10×784 (lda 784)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    message: String,
}

impl ShapeError {
    pub(crate) fn new(message: String) -> Self {
        Self { message }
    }

    /// The human-readable description of the mismatch.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ShapeError {}
