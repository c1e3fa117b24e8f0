//! The one error type of the network: bad shapes, bad data, bad model bytes.

/// Everything that can go wrong building, training, encoding or decoding a
/// [`Network`](crate::Network). Each message is one line.
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
    /// Bytes that are not a model this version can read (bad magic, other
    /// version, truncated, corrupted).
    #[error("{reason}")]
    BadModel {
        /// What is wrong with them.
        reason: String,
    },
}
