//! The IDX file format and the MNIST data set, as Chapter 1 of Michael
//! Nielsen's *Neural Networks and Deep Learning* uses them: read fast, and
//! validated so strictly that no file can make it panic, hang, or allocate
//! memory its length does not justify.
//!
//! A data directory holds the four files of the MNIST layout, gzipped or not;
//! [`Mnist::load`] reads them and splits the training images into training and
//! validation sets. Here on a tiny data set written on the spot:
//!
//! ```
//! use nndl_mnist::idx::{write_idx_file, IdxArray, IdxData};
//! use nndl_mnist::{Mnist, Options, Split};
//!
//! // Three 2×2 training images and one test image, with their labels.
//! let dir = tempfile::tempdir()?;
//! let images = |n: usize, pixels: Vec<u8>| IdxArray { dims: vec![n, 2, 2], data: IdxData::U8(pixels) };
//! let labels = |l: Vec<u8>| IdxArray { dims: vec![l.len()], data: IdxData::U8(l) };
//! let file = |name: &str| dir.path().join(name);
//! write_idx_file(file("train-images-idx3-ubyte.gz"), &images(3, (0..12).map(|p| p * 20).collect()))?;
//! write_idx_file(file("train-labels-idx1-ubyte.gz"), &labels(vec![5, 0, 4]))?;
//! write_idx_file(file("t10k-images-idx3-ubyte"), &images(1, vec![0, 255, 255, 0]))?;
//! write_idx_file(file("t10k-labels-idx1-ubyte"), &labels(vec![7]))?;
//!
//! // The last training image is held out for validation (the book holds out 10,000).
//! let data = Mnist::load(Options::default().dir(dir.path()).split(Split::Validation(1)))?;
//! assert_eq!((data.training.len(), data.validation.len(), data.test.len()), (2, 1, 1));
//! assert_eq!(data.training.labels, [5, 0]);
//! assert_eq!(data.validation.labels, [4]);
//! assert_eq!(data.test.image(0), [0.0, 1.0, 1.0, 0.0]); // pixels scaled to [0, 1]
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The real MNIST, with the book's 50,000 / 10,000 / 10,000 split, is one call;
//! it is found via `$MNIST_DIR` or a `data/mnist/` directory above the current one
//! (the nndl repository bundles the files):
//!
//! ```no_run
//! let data = nndl_mnist::load()?;
//! assert_eq!(data.training.len(), 50_000);
//! assert_eq!(data.training.input_size(), 784);
//! assert_eq!(data.training.labels[..6], [5, 0, 4, 1, 9, 2]);
//! let target = nndl_mnist::one_hot(data.training.labels[0], 10); // the book's vectorized_result
//! # let _ = target;
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
mod checksum;
mod dataset;
mod error;
pub mod idx;
mod load;
mod locate;
mod names;
mod verify;

#[cfg(feature = "fetch")]
pub mod fetch;

pub use checksum::FileCheck;
pub use dataset::{one_hot, Dataset, Selection};
pub use error::{Error, Result};
pub use load::{load, load_pair, Mnist, Options, Split};
pub use locate::{find_file, locate, locate_files};
pub use names::{FileNames, DATA_SUBDIR, MNIST_DIR_ENV};
pub use verify::{sha256_decompressed, verify, MNIST_SHA256, SUMS_FILE};
