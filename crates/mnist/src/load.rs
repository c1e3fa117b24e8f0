//! Loading a data set the way Chapter 1 uses it: training, validation and test.

use std::path::{Path, PathBuf};

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::idx::{read_f32_images_into, read_u8_labels};
use crate::locate::{find_file, locate_files};
use crate::names::FileNames;

/// How the training file is divided between training and validation.
/// Validation images are always the *last* ones of the training file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Split {
    /// The book's split: the first 50,000 for training, the last 10,000 for
    /// validation (for a file of another size: the last 10,000 for validation).
    #[default]
    Book,
    /// Every training image for training, none for validation.
    AllTraining,
    /// The last `n` training images for validation.
    Validation(usize),
}

impl Split {
    /// The number of validation images.
    pub fn validation_len(self) -> usize {
        match self {
            Split::Book => 10_000,
            Split::AllTraining => 0,
            Split::Validation(n) => n,
        }
    }
}

/// What [`Mnist::load`] loads and from where.
///
/// ```
/// use nndl_mnist::{FileNames, Options, Split};
/// // Fashion-MNIST uses the MNIST file names; train on all 60,000 images.
/// let fashion = Options::default().dir("data/fashion").split(Split::AllTraining);
/// // EMNIST Balanced: prefixed names, 47 classes, 5,000 validation images.
/// let emnist = Options::default()
///     .dir("data/emnist")
///     .files(FileNames::with_prefix("emnist-balanced"))
///     .classes(47)
///     .split(Split::Validation(5_000));
/// assert_eq!(emnist.files.train_images, "emnist-balanced-train-images-idx3-ubyte");
/// # let _ = fashion;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The data directory; `None` searches as [`crate::locate`] does.
    pub dir: Option<PathBuf>,
    /// The four file names.
    pub files: FileNames,
    /// Training/validation split.
    pub split: Split,
    /// Labels must be below this (10 for digits; 47 for EMNIST Balanced, …).
    pub classes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dir: None,
            files: FileNames::mnist(),
            split: Split::Book,
            classes: 10,
        }
    }
}

impl Options {
    /// Loads from `dir` instead of searching.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// Uses other file names.
    pub fn files(mut self, files: FileNames) -> Self {
        self.files = files;
        self
    }

    /// Splits training and validation data this way.
    pub fn split(mut self, split: Split) -> Self {
        self.split = split;
        self
    }

    /// Accepts labels `0..classes`.
    pub fn classes(mut self, classes: usize) -> Self {
        self.classes = classes;
        self
    }
}

/// The three data sets of Chapter 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Mnist {
    /// Images to learn from (the first 50,000 by default).
    pub training: Dataset,
    /// Images held out to tune hyper-parameters (the last 10,000 training images by default).
    pub validation: Dataset,
    /// The 10,000 `t10k` images, for the final score.
    pub test: Dataset,
}

impl Mnist {
    /// Loads the data set described by `options`.
    ///
    /// The training and test files are decoded in parallel on two threads.
    pub fn load(options: Options) -> Result<Mnist> {
        let dir = locate_files(options.dir.as_deref(), &options.files)?;
        let files = &options.files;
        let train_images = find_file(&dir, &files.train_images)?;
        let train_labels = find_file(&dir, &files.train_labels)?;
        let test_images = find_file(&dir, &files.test_images)?;
        let test_labels = find_file(&dir, &files.test_labels)?;

        let (training, test) = std::thread::scope(|s| {
            let test = s.spawn(|| load_pair(&test_images, &test_labels, options.classes));
            let training = load_pair(&train_images, &train_labels, options.classes);
            let test = test
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (training, test)
        });
        let (mut training, test) = (training?, test?);
        if (training.rows, training.cols) != (test.rows, test.cols) {
            return Err(Error::ImageSizeMismatch {
                first: train_images,
                first_size: (training.rows, training.cols),
                second: test_images,
                second_size: (test.rows, test.cols),
            });
        }

        let n_validation = options.split.validation_len();
        let Some(n_training) = training.len().checked_sub(n_validation) else {
            return Err(Error::BadSplit {
                path: train_images,
                validation: n_validation,
                available: training.len(),
            });
        };
        // split_off keeps the training images in place and moves only the tail.
        let validation = Dataset {
            inputs: training
                .inputs
                .split_off(n_training * training.input_size()),
            labels: training.labels.split_off(n_training),
            rows: training.rows,
            cols: training.cols,
        };
        Ok(Mnist {
            training,
            validation,
            test,
        })
    }
}

/// Loads MNIST with the book's 50,000 / 10,000 / 10,000 split from wherever
/// [`crate::locate`] finds it.
pub fn load() -> Result<Mnist> {
    Mnist::load(Options::default())
}

/// Loads any pair of IDX image and label files (gzipped or not): `u8` images
/// of any size and `u8` labels below `classes`, as many of each.
pub fn load_pair(
    images: impl AsRef<Path>,
    labels: impl AsRef<Path>,
    classes: usize,
) -> Result<Dataset> {
    let mut set = Dataset {
        inputs: Vec::new(),
        labels: Vec::new(),
        rows: 0,
        cols: 0,
    };
    set.append_pair(images, labels, classes)?;
    Ok(set)
}

impl Dataset {
    /// Appends a pair of IDX image and label files (gzipped or not), checked as
    /// [`load_pair`] checks them, read straight into this set: a large pair is
    /// never held twice. Its images must be the size of this set's (any size
    /// when the set is empty). Gives the number of images appended; on an error
    /// the set is as it was.
    pub fn append_pair(
        &mut self,
        images: impl AsRef<Path>,
        labels: impl AsRef<Path>,
        classes: usize,
    ) -> Result<usize> {
        let (images, labels) = (images.as_ref(), labels.as_ref());
        let start = self.inputs.len();
        let result = self.read_pair(images, labels, classes);
        if result.is_err() {
            self.inputs.truncate(start);
        }
        result
    }

    fn read_pair(&mut self, images: &Path, labels: &Path, classes: usize) -> Result<usize> {
        let [count, rows, cols] = read_f32_images_into(images, &mut self.inputs)?;
        if !self.labels.is_empty() && (rows, cols) != (self.rows, self.cols) {
            return Err(Error::WrongShape {
                path: images.to_path_buf(),
                expected: "images the size of those they are added to",
                dims: [count, rows, cols].iter().map(|&d| d as u64).collect(),
            });
        }
        let label_values = read_u8_labels(labels)?;
        if count != label_values.len() {
            return Err(Error::CountMismatch {
                images: images.to_path_buf(),
                images_count: count,
                labels: labels.to_path_buf(),
                labels_count: label_values.len(),
            });
        }
        if let Some((index, &label)) = label_values
            .iter()
            .enumerate()
            .find(|(_, &l)| usize::from(l) >= classes)
        {
            return Err(Error::LabelOutOfRange {
                path: labels.to_path_buf(),
                index,
                label,
                classes,
            });
        }
        self.labels.extend_from_slice(&label_values);
        (self.rows, self.cols) = (rows, cols);
        Ok(count)
    }
}
