//! Reading a picture file of a digit, safely, and handing its pixels to
//! [`nndl_vision::prepare`], which makes the 28×28 input the way MNIST's digits were made.

use std::path::Path;

use anyhow::Context;
use nndl_vision::decode::{self, Picture};

use crate::paths;

/// Reads `path` and prepares it: the 784 inputs, row-major, ink in [0, 1].
///
/// Errors name the file: missing, a directory, empty, not a readable image,
/// too large, or blank.
pub fn prepare_file(path: &Path) -> anyhow::Result<Vec<f32>> {
    let picture = read_picture(path)?;
    prepare_picture(&picture).with_context(|| format!("{}", path.display()))
}

/// Reads the picture at `path` (see [`nndl_vision::decode`]: its size is checked
/// from the header before decoding).
pub fn read_picture(path: &Path) -> anyhow::Result<Picture> {
    let name = path.display();
    let meta = paths::input(path, paths::IMAGE, "")?;
    // The largest picture accepted, 50 megapixels, is 200 MB even as a 32-bit BMP.
    if meta.len() > 256 << 20 {
        anyhow::bail!(
            "{name}: a file of {} bytes is too large for a picture",
            meta.len()
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("{name}"))?;
    decode::decode(&bytes).with_context(|| format!("{name}"))
}

/// Prepares a picture as MNIST's digits were (see [`nndl_vision::prepare`]):
/// inverted when the background is light, cropped to the ink, scaled to fit 20×20
/// keeping the aspect ratio, and centred by its centre of mass in 28×28. Returns
/// 784 values in [0, 1].
pub fn prepare_picture(p: &Picture) -> anyhow::Result<Vec<f32>> {
    Ok(nndl_vision::prepare(&p.brightness, p.width, p.height)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, GrayImage, Luma, Rgba, RgbaImage};

    fn prepare(image: &DynamicImage) -> anyhow::Result<Vec<f32>> {
        prepare_picture(&decode::brightness(image))
    }
    use nndl_vision::SIDE;

    fn ink_box(field: &[f32]) -> (usize, usize) {
        let rows = (0..SIDE).filter(|r| field[r * SIDE..(r + 1) * SIDE].iter().any(|&v| v > 0.3));
        let cols = (0..SIDE).filter(|c| (0..SIDE).any(|r| field[r * SIDE + c] > 0.3));
        (cols.count(), rows.count())
    }

    /// A dark bar on white paper, off centre, in a large image.
    fn bar_on_paper(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |x, y| {
            let inside = (w / 8..w / 8 + w / 10).contains(&x) && (h / 10..h / 2).contains(&y);
            Luma([if inside { 20 } else { 235 }])
        }))
    }

    #[test]
    fn a_dark_digit_on_light_paper_becomes_light_on_dark_centred_in_20x20() {
        let field = prepare(&bar_on_paper(400, 300)).unwrap();
        assert_eq!(field.len(), 784);
        assert!(field.iter().all(|v| (0.0..=1.0).contains(v)));
        let (cx, cy) = nndl_vision::centre_of_mass(&field, SIDE).unwrap();
        assert!(
            (cx - 14.0).abs() <= 1.0 && (cy - 14.0).abs() <= 1.0,
            "{cx} {cy}"
        );
        // A tall bar: 20 pixels high, about 20·(40/120) wide.
        let (w, h) = ink_box(&field);
        assert!((19..=21).contains(&h), "height {h}");
        assert!((5..=9).contains(&w), "width {w}");
        assert_eq!(field[0], 0.0, "the paper becomes black");
    }

    #[test]
    fn light_ink_on_dark_is_kept_and_mnist_itself_is_nearly_unchanged() {
        // MNIST's own test digits, light on dark, 28×28: prepared again, they
        // come back nearly as they were (where MNIST centres them, too).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist");
        let mnist = nndl_mnist::Mnist::load(nndl_mnist::Options {
            dir: Some(dir),
            ..Default::default()
        })
        .unwrap();
        let (mut same, mut total) = (0, 0);
        for (pixels, _) in mnist.test.iter().take(200) {
            let digit = GrayImage::from_fn(28, 28, |x, y| {
                Luma([(pixels[(y * 28 + x) as usize] * 255.0).round() as u8])
            });
            let field = prepare(&DynamicImage::ImageLuma8(digit)).unwrap();
            same += field
                .iter()
                .zip(pixels)
                .filter(|(a, b)| (**a > 0.5) == (**b > 0.5))
                .count();
            total += 784;
        }
        let agree = same as f64 / total as f64;
        assert!(agree > 0.97, "{agree:.4} of the pixels agree");
    }

    #[test]
    fn transparent_background_counts_as_paper() {
        let mut img = RgbaImage::from_pixel(50, 50, Rgba([0, 0, 0, 0]));
        for y in 10..40 {
            for x in 20..26 {
                img.put_pixel(x, y, Rgba([0, 0, 0, 255]));
            }
        }
        let field = prepare(&DynamicImage::ImageRgba8(img)).unwrap();
        let (w, h) = ink_box(&field);
        assert!((19..=21).contains(&h) && (3..=6).contains(&w), "{w}×{h}");
    }

    #[test]
    fn blank_images_are_refused() {
        for value in [0u8, 128, 255] {
            let img = DynamicImage::ImageLuma8(GrayImage::from_pixel(64, 64, Luma([value])));
            let err = prepare(&img).unwrap_err().to_string();
            assert!(err.contains("blank"), "{err}");
        }
    }

    #[test]
    fn a_single_pixel_image_and_a_one_pixel_dot_do_not_panic() {
        // A lone pixel is its own border, hence paper: blank, and said so.
        let one = DynamicImage::ImageLuma8(GrayImage::from_pixel(1, 1, Luma([255])));
        assert!(prepare(&one).unwrap_err().to_string().contains("blank"));
        let mut dot = GrayImage::from_pixel(100, 3, Luma([255]));
        dot.put_pixel(50, 1, Luma([0]));
        let field = prepare(&DynamicImage::ImageLuma8(dot)).unwrap();
        assert!(field.iter().any(|&v| v > 0.9));
    }

    #[test]
    fn bad_files_name_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "this is not a picture").unwrap();
        let empty = dir.path().join("empty.png");
        std::fs::write(&empty, "").unwrap();
        let truncated = dir.path().join("cut.png");
        let mut png = Vec::new();
        bar_on_paper(40, 40)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        std::fs::write(&truncated, &png[..png.len() / 2]).unwrap();
        for (path, words) in [
            (text, "not an image"),
            (empty, "empty"),
            (truncated, "cut.png"),
            (dir.path().to_path_buf(), "directory"),
            (dir.path().join("missing.png"), "missing.png"),
        ] {
            let err = format!("{:#}", prepare_file(&path).unwrap_err());
            assert!(err.contains(words), "{err}");
            assert!(
                err.contains(&*path.file_name().unwrap().to_string_lossy()),
                "{err}"
            );
        }
    }

    #[test]
    fn absurd_dimensions_are_refused_from_the_header() {
        // A PGM header claiming 100000×100000 pixels followed by almost nothing.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.pgm");
        std::fs::write(&path, b"P5\n100000 100000\n255\n\0\0\0").unwrap();
        let err = format!("{:#}", prepare_file(&path).unwrap_err());
        assert!(
            err.contains("huge.pgm") && err.contains("too large"),
            "{err}"
        );
    }
}
