//! Fast paths for what MNIST-like data sets hold: `u8` images
//! (count × rows × cols) and `u8` labels (count).

use std::path::Path;

use super::array::IdxType;
use super::header::Header;
use super::source::Source;
use crate::error::{Error, Result};

/// A stack of `u8` images as read from an IDX file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Images {
    /// Number of images.
    pub count: usize,
    /// Rows per image.
    pub rows: usize,
    /// Columns per image.
    pub cols: usize,
    /// `count × rows × cols` pixels, image after image, each row-major.
    pub pixels: Vec<u8>,
}

impl Images {
    /// The pixels of image `i`.
    ///
    /// # Panics
    /// If `i >= self.count`.
    pub fn image(&self, i: usize) -> &[u8] {
        let size = self.rows * self.cols;
        &self.pixels[i * size..(i + 1) * size]
    }
}

/// Reads an IDX file of `u8` images (three dimensions: count, rows, cols).
///
/// ```no_run
/// let images = nndl_mnist::idx::read_u8_images("data/mnist/t10k-images-idx3-ubyte.gz")?;
/// assert_eq!((images.count, images.rows, images.cols), (10_000, 28, 28));
/// # Ok::<(), nndl_mnist::Error>(())
/// ```
pub fn read_u8_images(path: impl AsRef<Path>) -> Result<Images> {
    let mut src = Source::open(path.as_ref())?;
    let (header, [count, rows, cols]) = images_header(&mut src)?;
    let mut pixels = Vec::with_capacity(src.capacity_for(header.bytes));
    src.read_data(header.bytes, |chunk| pixels.extend_from_slice(chunk))?;
    src.finish(header.bytes)?;
    Ok(Images {
        count,
        rows,
        cols,
        pixels,
    })
}

/// Reads an IDX file of `u8` labels (one dimension).
pub fn read_u8_labels(path: impl AsRef<Path>) -> Result<Vec<u8>> {
    let mut src = Source::open(path.as_ref())?;
    let header = Header::read(&mut src)?;
    expect_u8(&src, &header)?;
    if header.dims.len() != 1 {
        return Err(Error::WrongShape {
            path: src.path.clone(),
            expected: "labels (one dimension: count)",
            dims: header.dims_u64(),
        });
    }
    let mut labels = Vec::with_capacity(src.capacity_for(header.bytes));
    src.read_data(header.bytes, |chunk| labels.extend_from_slice(chunk))?;
    src.finish(header.bytes)?;
    Ok(labels)
}

/// Reads `u8` images straight into `f32` pixels in [0, 1], appended to
/// `pixels`, decoding as a stream so the `u8` image stack is never held whole;
/// gives the count, rows and columns.
pub(crate) fn read_f32_images_into(path: &Path, pixels: &mut Vec<f32>) -> Result<[usize; 3]> {
    let mut src = Source::open(path)?;
    let (header, dims) = images_header(&mut src)?;
    pixels.reserve(src.capacity_for(header.bytes));
    src.read_data(header.bytes, |chunk| {
        pixels.extend(chunk.iter().map(|&p| f32::from(p) / 255.0));
    })?;
    src.finish(header.bytes)?;
    Ok(dims)
}

fn images_header(src: &mut Source<'_>) -> Result<(Header, [usize; 3])> {
    let header = Header::read(src)?;
    expect_u8(src, &header)?;
    match header.dims[..] {
        [count, rows, cols] => Ok((header.clone(), [count, rows, cols])),
        _ => Err(Error::WrongShape {
            path: src.path.clone(),
            expected: "images (three dimensions: count × rows × cols)",
            dims: header.dims_u64(),
        }),
    }
}

fn expect_u8(src: &Source<'_>, header: &Header) -> Result<()> {
    if header.ty != IdxType::U8 {
        return Err(Error::WrongType {
            path: src.path.clone(),
            expected: IdxType::U8,
            found: header.ty,
        });
    }
    Ok(())
}
