//! The IDX file format and the MNIST data set, as Chapter 1 of Michael
//! Nielsen's *Neural Networks and Deep Learning* uses them: read fast, and
//! validated so strictly that no file can make it panic, hang, or allocate
//! memory its length does not justify.
//!
//! ```no_run
//! // The book's split: 50,000 training, 10,000 validation, 10,000 test images,
//! // found via $MNIST_DIR or a data/mnist/ directory above the current one.
//! let data = nndl_mnist::load()?;
//! assert_eq!(data.training.len(), 50_000);
//! assert_eq!(data.training.input_size(), 784);
//! let first: &[f32] = data.training.image(0); // 784 pixels in [0, 1]
//! assert_eq!(data.training.labels[..6], [5, 0, 4, 1, 9, 2]);
//! let target = nndl_mnist::one_hot(data.training.labels[0], 10); // the book's vectorized_result
//! # let _ = (first, target);
//! # Ok::<(), nndl_mnist::Error>(())
//! ```
//!
//! - [`Mnist::load`] with [`Options`] loads other splits ([`Split`]), other
//!   directories and other data sets of the same format (Fashion-MNIST,
//!   KMNIST, EMNIST via [`FileNames::with_prefix`]); [`load_pair`] loads any
//!   pair of image and label files of any image size.
//! - [`idx`] reads and writes IDX arrays of every element type, gzipped or
//!   not (gzip is recognised by its magic bytes).
//! - [`verify`] checks the SHA-256 of the decompressed files against the
//!   known MNIST sums; [`locate`] finds the data directory.
//! - With the `fetch` feature, `fetch::fetch_mnist` downloads the files from
//!   public mirrors, checking their sums and writing atomically.
//!
//! Every error is an [`Error`] whose one-line message names the file.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod atomic;
mod dataset;
mod error;
pub mod idx;
mod load;
mod locate;
mod verify;

#[cfg(feature = "fetch")]
pub mod fetch;

pub use dataset::{one_hot, Dataset, Selection};
pub use error::{Error, Result};
pub use load::{find_file, load, load_pair, FileNames, Mnist, Options, Split};
pub use locate::{locate, locate_files, DATA_SUBDIR, MNIST_DIR_ENV};
pub use verify::{sha256_decompressed, verify, FileCheck, MNIST_SHA256, SUMS_FILE};
