//! The one error type of the crate. Every message is a single line that starts
//! with the file it is about, so a user can act on it without a backtrace.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::checksum::FileCheck;
use crate::idx::IdxType;
use crate::names::MNIST_DIR_ENV;

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong reading, checking or fetching IDX files.
///
/// Each variant names the file (or URL) it is about; readers that are not
/// files are called `<input>` and writers `<output>`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The operating system refused to open, read or write a file.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said (part of the message, so not also a
        /// `source()`: `{:#}` and error-chain printers would show it twice).
        error: io::Error,
    },

    /// The input starts like gzip but does not decompress.
    #[error("{}: corrupt gzip data: {error}", path.display())]
    Gzip {
        /// The file.
        path: PathBuf,
        /// What the decoder said (part of the message, as for `Io`).
        error: io::Error,
    },

    /// The first two bytes are not the zeros every IDX file starts with.
    #[error(
        "{}: not an IDX file: it starts with {}, but IDX starts with 00 00 <type> <rank>",
        path.display(),
        Hex(found)
    )]
    BadMagic {
        /// The file.
        path: PathBuf,
        /// The first four bytes (decompressed).
        found: [u8; 4],
    },

    /// The third byte is not one of the six IDX type codes.
    #[error(
        "{}: unknown IDX type code 0x{code:02x} (known: 0x08 u8, 0x09 i8, 0x0b i16, 0x0c i32, 0x0d f32, 0x0e f64)",
        path.display()
    )]
    UnknownType {
        /// The file.
        path: PathBuf,
        /// The type byte found.
        code: u8,
    },

    /// The header declares no dimension at all or more than [`crate::idx::MAX_RANK`].
    #[error(
        "{}: the IDX header declares {rank} dimensions; 1 to {} are supported",
        path.display(),
        crate::idx::MAX_RANK
    )]
    BadRank {
        /// The file.
        path: PathBuf,
        /// The number of dimensions declared.
        rank: usize,
    },

    /// One of the declared dimensions is zero.
    #[error("{}: the IDX header declares an empty dimension: {}", path.display(), Dims(dims))]
    ZeroDimension {
        /// The file.
        path: PathBuf,
        /// The declared dimensions.
        dims: Vec<u64>,
    },

    /// The declared dimensions multiply to more bytes than this machine can address.
    #[error(
        "{}: the IDX header declares {} values of {}, more than can be addressed",
        path.display(),
        Dims(dims),
        ty
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The declared dimensions.
        dims: Vec<u64>,
        /// The declared element type.
        ty: IdxType,
    },

    /// The header is cut short.
    #[error(
        "{}: truncated IDX header: {expected} bytes needed, only {found} present",
        path.display()
    )]
    TruncatedHeader {
        /// The file.
        path: PathBuf,
        /// Header bytes needed.
        expected: u64,
        /// Header bytes present.
        found: u64,
    },

    /// There are fewer data bytes than the header declares.
    #[error(
        "{}: truncated: the header declares {expected} bytes of data, only {found} present",
        path.display()
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Data bytes declared by the header.
        expected: u64,
        /// Data bytes present.
        found: u64,
    },

    /// There are bytes after the data the header declares.
    #[error(
        "{}: {extra} unexpected bytes after the {expected} bytes of data the header declares",
        path.display()
    )]
    TrailingBytes {
        /// The file.
        path: PathBuf,
        /// Data bytes declared by the header.
        expected: u64,
        /// Bytes found after them.
        extra: u64,
    },

    /// The file holds another element type than the caller asked for.
    #[error("{}: expected IDX values of {expected}, found {found}", path.display())]
    WrongType {
        /// The file.
        path: PathBuf,
        /// The type asked for.
        expected: IdxType,
        /// The type in the file.
        found: IdxType,
    },

    /// The file has another number of dimensions than the caller asked for.
    #[error("{}: expected {expected}, found dimensions {}", path.display(), Dims(dims))]
    WrongShape {
        /// The file.
        path: PathBuf,
        /// What was expected, e.g. `"images (count × rows × cols)"`.
        expected: &'static str,
        /// The dimensions found.
        dims: Vec<u64>,
    },

    /// An array to be written is not self-consistent.
    #[error(
        "{}: cannot write: dimensions {} hold {expected} values, the data has {found}",
        path.display(),
        Dims(dims)
    )]
    LengthMismatch {
        /// The file.
        path: PathBuf,
        /// The array's dimensions.
        dims: Vec<u64>,
        /// The number of values the dimensions call for.
        expected: u64,
        /// The number of values present.
        found: u64,
    },

    /// A label is not below the number of classes.
    #[error(
        "{}: label {label} of item {index} is not below the {classes} classes",
        path.display()
    )]
    LabelOutOfRange {
        /// The label file.
        path: PathBuf,
        /// Index of the offending item.
        index: usize,
        /// The offending label.
        label: u8,
        /// The number of classes.
        classes: usize,
    },

    /// An image file and its label file disagree on the number of items.
    #[error(
        "{}: {images_count} images, but {}: {labels_count} labels",
        images.display(),
        labels.display()
    )]
    CountMismatch {
        /// The image file.
        images: PathBuf,
        /// Number of images.
        images_count: usize,
        /// The label file.
        labels: PathBuf,
        /// Number of labels.
        labels_count: usize,
    },

    /// Training and test images differ in size.
    #[error(
        "{}: images are {}×{}, but {}: {}×{}",
        first.display(),
        first_size.0,
        first_size.1,
        second.display(),
        second_size.0,
        second_size.1
    )]
    ImageSizeMismatch {
        /// One image file.
        first: PathBuf,
        /// Its image size (rows, cols).
        first_size: (usize, usize),
        /// The other image file.
        second: PathBuf,
        /// Its image size (rows, cols).
        second_size: (usize, usize),
    },

    /// The validation set asked for is larger than the training file.
    #[error(
        "{}: a validation set of {validation} images was asked for, but the file holds only {available}",
        path.display()
    )]
    BadSplit {
        /// The training image file.
        path: PathBuf,
        /// Validation images asked for.
        validation: usize,
        /// Training images in the file.
        available: usize,
    },

    /// A data directory lacks one of the files.
    #[error("{}: neither {name}.gz nor {name} is there", dir.display())]
    MissingFile {
        /// The directory.
        dir: PathBuf,
        /// The file name without `.gz`.
        name: String,
    },

    /// No data directory was found.
    #[error(
        "MNIST data not found; looked in {}. Get it with `cargo xtask fetch-mnist` (in the nndl repository) or `nndl data fetch`, or set {} to a directory holding {}[.gz]",
        PathList(looked),
        MNIST_DIR_ENV,
        wanted
    )]
    DataNotFound {
        /// Every directory looked in, in order.
        looked: Vec<PathBuf>,
        /// The file the directories were searched for.
        wanted: String,
    },

    /// A `SHA256SUMS` file has a line that is not `<64 hex digits>  <name>`.
    #[error("{}:{line}: not a `<sha256>  <name>` line", path.display())]
    BadSumsFile {
        /// The sums file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
    },

    /// Files do not have the SHA-256 sums they should.
    #[error("checksum mismatch: {}", Mismatches(mismatches))]
    ChecksumMismatch {
        /// The files that failed, with expected and actual sums.
        mismatches: Vec<FileCheck>,
    },

    /// Every mirror failed for a file (only with the `fetch` feature).
    #[error("{name}: could not be downloaded: {}", attempts.join("; "))]
    Download {
        /// The file name.
        name: String,
        /// One `url: reason` entry per mirror tried.
        attempts: Vec<String>,
    },
}

impl Error {
    /// Wraps an I/O error about `path`.
    pub(crate) fn io(path: &Path, error: io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

struct Dims<'a>(&'a [u64]);

impl fmt::Display for Dims<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("×")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

struct PathList<'a>(&'a [PathBuf]);

impl fmt::Display for PathList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no directory");
        }
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", p.display())?;
        }
        Ok(())
    }
}

struct Mismatches<'a>(&'a [FileCheck]);

impl fmt::Display for Mismatches<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(
                f,
                "{}: SHA-256 is {}, expected {}",
                c.path.display(),
                c.actual,
                c.expected
            )?;
        }
        Ok(())
    }
}
