//! Picture files (PNG, JPEG, BMP, GIF, PNM/PGM) decoded into brightness, safely:
//! the format is judged by the content, not the name, and the size the header
//! claims is checked before a pixel is decoded, so a hostile file cannot make
//! the decoder allocate gigabytes. Behind the `decode` feature.

use std::fmt;
use std::io::Cursor;

use image::{DynamicImage, ImageReader, Limits};

/// Largest side accepted, read from the header before anything is decoded.
pub const MAX_SIDE: u32 = 20_000;
/// Largest number of pixels accepted (a 50-megapixel photo).
pub const MAX_PIXELS: u64 = 50_000_000;

/// A decoded picture: brightness in [0, 1] (0 black, 1 white), row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    /// Brightness of each pixel; transparent pixels are white paper.
    pub brightness: Vec<f32>,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
}

/// Why bytes are not a picture we read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes at all.
    Empty,
    /// Not one of the formats read.
    NotAnImage,
    /// The header claims a picture with no pixels or too many.
    TooLarge {
        /// The claimed width.
        width: u32,
        /// The claimed height.
        height: u32,
    },
    /// The format was recognised but the data is damaged; the decoder's words.
    Unreadable(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "empty file"),
            DecodeError::NotAnImage => {
                write!(f, "not an image (PNG, JPEG, BMP, GIF or PNM/PGM expected)")
            }
            DecodeError::TooLarge { width, height } => write!(
                f,
                "image of {width}×{height} pixels is empty or too large (at most {MAX_SIDE} a side and {MAX_PIXELS} pixels)"
            ),
            DecodeError::Unreadable(why) => write!(f, "not a readable image ({why})"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a picture file's bytes into its brightness.
///
/// # Errors
/// See [`DecodeError`].
pub fn decode(bytes: &[u8]) -> Result<Picture, DecodeError> {
    Ok(brightness(&decode_image(bytes)?))
}

/// Decodes a picture file's bytes, checking the size its header claims first.
///
/// # Errors
/// See [`DecodeError`].
pub fn decode_image(bytes: &[u8]) -> Result<DynamicImage, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let format = image::guess_format(bytes).map_err(|_| DecodeError::NotAnImage)?;
    let reader = || {
        let mut r = ImageReader::new(Cursor::new(bytes));
        r.set_format(format);
        r
    };
    let unreadable = |e: image::ImageError| DecodeError::Unreadable(e.to_string());
    let (width, height) = reader().into_dimensions().map_err(unreadable)?;
    let pixels = u64::from(width) * u64::from(height);
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(DecodeError::TooLarge { width, height });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    let mut r = reader();
    r.limits(limits);
    r.decode().map_err(unreadable)
}

/// A decoded image's brightness, transparent pixels composed onto white paper.
pub fn brightness(image: &DynamicImage) -> Picture {
    let brightness = image
        .to_luma_alpha32f()
        .pixels()
        .map(|p| {
            let [l, a] = p.0;
            (a * l + (1.0 - a)).clamp(0.0, 1.0)
        })
        .collect();
    Picture {
        brightness,
        width: image.width() as usize,
        height: image.height() as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_bytes_are_refused_before_decoding() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"hello, not a picture"),
            Err(DecodeError::NotAnImage)
        );
        let huge = b"P5\n100000 100000\n255\n\0\0\0";
        assert_eq!(
            decode(huge),
            Err(DecodeError::TooLarge {
                width: 100_000,
                height: 100_000
            })
        );
        assert!(matches!(
            decode(b"P5\n4 4\n255\n\0"),
            Err(DecodeError::Unreadable(_))
        ));
    }

    #[test]
    fn a_grey_pgm_decodes_to_its_brightness() {
        let pgm = b"P5\n2 1\n255\n\x00\xff";
        let p = decode(pgm).unwrap();
        assert_eq!((p.width, p.height), (2, 1));
        assert_eq!(p.brightness, vec![0.0, 1.0]);
    }
}
