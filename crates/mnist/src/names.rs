//! What the data is called and where it is kept: the four file names of a data
//! set, the directory a project keeps them in, and the environment variable that
//! points elsewhere.

/// The environment variable naming the data directory.
pub const MNIST_DIR_ENV: &str = "MNIST_DIR";

/// Where a project keeps the data, relative to its root.
pub const DATA_SUBDIR: &str = "data/mnist";

/// The file names of a data set's four IDX files, without `.gz` (both the
/// gzipped and the plain file are accepted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileNames {
    /// Training images, e.g. `train-images-idx3-ubyte`.
    pub train_images: String,
    /// Training labels.
    pub train_labels: String,
    /// Test images.
    pub test_images: String,
    /// Test labels.
    pub test_labels: String,
}

impl FileNames {
    /// The MNIST names, also used by Fashion-MNIST and KMNIST.
    pub fn mnist() -> FileNames {
        FileNames::with_prefix("")
    }

    /// The MNIST names behind `prefix` and a dash, the EMNIST convention:
    /// `with_prefix("emnist-digits")` gives `emnist-digits-train-images-idx3-ubyte`.
    /// An empty prefix gives the MNIST names. (EMNIST stores each image
    /// transposed, column-major; this crate returns the bytes as stored.)
    pub fn with_prefix(prefix: &str) -> FileNames {
        let name = |base: &str| {
            if prefix.is_empty() {
                base.to_string()
            } else {
                format!("{prefix}-{base}")
            }
        };
        FileNames {
            train_images: name("train-images-idx3-ubyte"),
            train_labels: name("train-labels-idx1-ubyte"),
            test_images: name("t10k-images-idx3-ubyte"),
            test_labels: name("t10k-labels-idx1-ubyte"),
        }
    }

    /// The four names, training images first.
    pub fn all(&self) -> [&str; 4] {
        [
            &self.train_images,
            &self.train_labels,
            &self.test_images,
            &self.test_labels,
        ]
    }
}

impl Default for FileNames {
    fn default() -> Self {
        FileNames::mnist()
    }
}
