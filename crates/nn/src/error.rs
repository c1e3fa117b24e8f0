//! The one error type of the network: bad shapes, bad data, bad files.

use std::path::PathBuf;

/// Everything that can go wrong building, training, saving or loading a
/// [`Network`](crate::Network). Each message is one line; I/O errors name the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The layer sizes given to [`Network::new`](crate::Network::new) do not describe a network.
    #[error("invalid layer sizes {sizes:?}: {reason}")]
    InvalidSizes {
        /// The sizes as given.
        sizes: Vec<usize>,
        /// Why they were refused.
        reason: &'static str,
    },
    /// Inputs and labels do not fit together, or do not fit the network.
    #[error("invalid data: {0}")]
    InvalidData(String),
    /// A training hyper-parameter is out of range.
    #[error("invalid training parameter: {0}")]
    InvalidConfig(String),
    /// The network has `expected` inputs but the data has `found` values per example.
    #[error("the network takes {expected} inputs but the data has {found} values per example")]
    InputSize {
        /// The network's input size.
        expected: usize,
        /// The size of one example in the data.
        found: usize,
    },
    /// Reading or writing a file failed.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said (part of the message, so not also a
        /// `source()`: `{:#}` and error-chain printers would show it twice).
        error: std::io::Error,
    },
    /// The file is not a model this version can read (bad magic, other version, truncated, corrupted).
    #[error("{}: {reason}", path.display())]
    BadModel {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl Error {
    pub(crate) fn io(path: &std::path::Path, error: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            error,
        }
    }

    pub(crate) fn bad_model(path: &std::path::Path, reason: impl Into<String>) -> Self {
        Error::BadModel {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}
