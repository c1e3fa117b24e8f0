//! Reading any IDX array.

use std::io::Read;
use std::path::Path;

use super::array::{IdxArray, IdxData};
use super::header::Header;
use super::source::Source;
use crate::error::Result;

/// What readers that are not files are called in errors.
pub(crate) const INPUT: &str = "<input>";

/// Reads an IDX array, gzipped or not, from any reader.
///
/// Errors name the input `<input>`; use [`read_idx_file`] for files. Memory
/// grows only as bytes arrive, so a header that lies about its size cannot
/// make this allocate more than the input justifies.
pub fn read_idx<R: Read>(reader: R) -> Result<IdxArray> {
    let mut src = Source::new(reader, Path::new(INPUT), None)?;
    read_from(&mut src)
}

/// Reads an IDX file, gzipped or not.
///
/// ```no_run
/// let labels = nndl_mnist::idx::read_idx_file("data/mnist/t10k-labels-idx1-ubyte.gz")?;
/// assert_eq!(labels.dims, [10_000]);
/// # Ok::<(), nndl_mnist::Error>(())
/// ```
pub fn read_idx_file(path: impl AsRef<Path>) -> Result<IdxArray> {
    let mut src = Source::open(path.as_ref())?;
    read_from(&mut src)
}

fn read_from(src: &mut Source<'_>) -> Result<IdxArray> {
    let header = Header::read(src)?;
    let mut bytes = Vec::with_capacity(src.capacity_for(header.bytes));
    src.read_data(header.bytes, |chunk| bytes.extend_from_slice(chunk))?;
    src.finish(header.bytes)?;
    Ok(IdxArray {
        data: IdxData::from_be_bytes(header.ty, bytes),
        dims: header.dims,
    })
}
