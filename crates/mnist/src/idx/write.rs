//! Writing IDX arrays, plain or gzipped, atomically for files.

use std::io::{BufWriter, Write};
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

use super::array::IdxArray;
use super::header::Header;
use crate::error::{Error, Result};

/// What writers that are not files are called in errors.
const OUTPUT: &str = "<output>";

/// Writes `array` as IDX to any writer, uncompressed.
///
/// Fails without writing anything if the array could not be read back: no
/// dimensions or more than [`super::MAX_RANK`], a zero or larger than `u32`
/// dimension, or a data length that is not the product of the dimensions.
pub fn write_idx<W: Write>(writer: W, array: &IdxArray) -> Result<()> {
    let path = Path::new(OUTPUT);
    let header = checked_header(array, path)?;
    write_to(writer, &header, array).map_err(|e| Error::io(path, e))
}

/// Writes `array` to the file `path`, gzipped if the name ends in `.gz`.
///
/// The file is written to a temporary file beside it, synced, then renamed
/// over `path`, so readers never see a half-written file.
pub fn write_idx_file(path: impl AsRef<Path>, array: &IdxArray) -> Result<()> {
    let path = path.as_ref();
    let header = checked_header(array, path)?;
    let gzip = path.extension().is_some_and(|e| e == "gz");
    crate::atomic::write_file(path, |file| {
        if gzip {
            let mut enc = GzEncoder::new(file, Compression::default());
            write_to(&mut enc, &header, array)?;
            enc.finish()?;
            Ok(())
        } else {
            write_to(file, &header, array)
        }
    })
}

fn checked_header(array: &IdxArray, path: &Path) -> Result<Header> {
    let dims: Vec<u64> = array.dims.iter().map(|&d| d as u64).collect();
    let header = Header::from_dims(array.idx_type(), &dims, path)?;
    if header.len != array.len() {
        return Err(Error::LengthMismatch {
            path: path.to_path_buf(),
            dims,
            expected: header.len as u64,
            found: array.len() as u64,
        });
    }
    Ok(header)
}

fn write_to<W: Write>(writer: W, header: &Header, array: &IdxArray) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(super::source::CHUNK, writer);
    out.write_all(&header.to_bytes())?;
    let per_chunk = super::source::CHUNK / array.idx_type().size();
    let mut buf = Vec::with_capacity(super::source::CHUNK);
    let mut start = 0;
    while start < array.len() {
        let end = (start + per_chunk).min(array.len());
        buf.clear();
        array.data.extend_be_bytes(start..end, &mut buf);
        out.write_all(&buf)?;
        start = end;
    }
    out.flush()
}
