//! The IDX file format: two zero bytes, a type byte, the number of dimensions,
//! each dimension as a big-endian `u32`, then the values in row-major order,
//! big-endian.
//!
//! Files may be gzipped; gzip is recognised by its magic bytes (`1f 8b`), not
//! by the file name, and decoded as a stream.
//!
//! ```
//! use nndl_mnist::idx::{read_idx, write_idx, IdxArray, IdxData};
//!
//! let array = IdxArray { dims: vec![2, 3], data: IdxData::I16(vec![1, -2, 3, -4, 5, -6]) };
//! let mut bytes = Vec::new();
//! write_idx(&mut bytes, &array)?;
//! assert_eq!(&bytes[..4], &[0, 0, 0x0b, 2]);
//! assert_eq!(read_idx(&bytes[..])?, array);
//! # Ok::<(), nndl_mnist::Error>(())
//! ```

mod array;
mod fast;
mod header;
mod read;
mod source;
mod write;

pub use array::{IdxArray, IdxData, IdxType, MAX_RANK};
pub use fast::{read_u8_images, read_u8_labels, Images};
pub use read::{read_idx, read_idx_file};
pub use write::{write_idx, write_idx_file};

pub(crate) use fast::read_f32_images_into;
pub(crate) use source::Source;
