//! PNG pictures made of 28×28 tiles: strips of digits (dark ink on white paper, as the
//! chapter prints them) and grids of hidden neurons' weights.

use std::path::Path;

use image::{Rgb, RgbImage};

use crate::atomic;
use crate::prepare::SIDE;

/// Pixels of paper between tiles and around the picture, before scaling.
const GAP: u32 = 2;

/// The colour of a digit's pixel: dark ink on white paper.
pub fn ink_on_paper(v: f32) -> Rgb<u8> {
    let level = 255 - (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Rgb([level, level, level])
}

/// The colour of a weight scaled to [−1, 1]: blue for negative, white for zero, red for
/// positive, so the neuron's preferred and penalised pixels show apart.
pub fn diverging(v: f32) -> Rgb<u8> {
    let v = v.clamp(-1.0, 1.0);
    let fade = 255 - (v.abs() * 255.0).round() as u8;
    if v >= 0.0 {
        Rgb([255, fade, fade])
    } else {
        Rgb([fade, fade, 255])
    }
}

/// Lays `tiles` (784 values each) out in rows of `columns`, each pixel a `scale`×`scale`
/// square coloured by `colour`, with white gaps.
pub fn grid(
    tiles: &[&[f32]],
    columns: usize,
    scale: u32,
    colour: impl Fn(f32) -> Rgb<u8>,
) -> RgbImage {
    let columns = columns.clamp(1, tiles.len().max(1));
    let rows = tiles.len().div_ceil(columns).max(1);
    let side = SIDE as u32 * scale;
    let step = side + GAP * scale;
    let width = columns as u32 * step + GAP * scale;
    let height = rows as u32 * step + GAP * scale;
    let mut image = RgbImage::from_pixel(width, height, Rgb([255, 255, 255]));
    for (n, tile) in tiles.iter().enumerate() {
        let x0 = GAP * scale + (n % columns) as u32 * step;
        let y0 = GAP * scale + (n / columns) as u32 * step;
        for (i, &v) in tile.iter().enumerate().take(SIDE * SIDE) {
            let c = colour(v);
            let (px, py) = ((i % SIDE) as u32 * scale, (i / SIDE) as u32 * scale);
            for dy in 0..scale {
                for dx in 0..scale {
                    image.put_pixel(x0 + px + dx, y0 + py + dy, c);
                }
            }
        }
    }
    image
}

/// Writes `image` as a PNG, atomically.
pub fn save_png(path: &Path, image: &RgbImage) -> anyhow::Result<()> {
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| anyhow::anyhow!("cannot encode {}: {e}", path.display()))?;
    atomic::write_bytes(path, &png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strip_has_the_tiles_in_order_with_gaps() {
        let black = vec![1.0; 784];
        let white = vec![0.0; 784];
        let image = grid(&[&black, &white, &black], 3, 2, ink_on_paper);
        let step = (28 + GAP) * 2;
        assert_eq!(image.dimensions(), (3 * step + GAP * 2, step + GAP * 2));
        let centre = |n: u32| *image.get_pixel(GAP * 2 + n * step + 28, GAP * 2 + 28);
        assert_eq!(centre(0), Rgb([0, 0, 0]));
        assert_eq!(centre(1), Rgb([255, 255, 255]));
        assert_eq!(centre(2), Rgb([0, 0, 0]));
        assert_eq!(*image.get_pixel(0, 0), Rgb([255, 255, 255]));
    }

    #[test]
    fn a_grid_wraps_rows_and_keeps_the_pixel_layout() {
        let mut tile = vec![0.0; 784];
        tile[28 * 3 + 5] = 1.0; // row 3, column 5
        let tiles: Vec<&[f32]> = vec![&tile; 5];
        let image = grid(&tiles, 2, 1, ink_on_paper);
        let step = 28 + GAP;
        assert_eq!(image.dimensions(), (2 * step + GAP, 3 * step + GAP));
        // Fifth tile: third row, first column.
        assert_eq!(
            *image.get_pixel(GAP + 5, GAP + 2 * step + 3),
            Rgb([0, 0, 0])
        );
        assert_eq!(
            *image.get_pixel(GAP + 6, GAP + 2 * step + 3),
            Rgb([255, 255, 255])
        );
    }

    #[test]
    fn diverging_colours() {
        assert_eq!(diverging(0.0), Rgb([255, 255, 255]));
        assert_eq!(diverging(1.0), Rgb([255, 0, 0]));
        assert_eq!(diverging(-1.0), Rgb([0, 0, 255]));
        assert_eq!(diverging(-7.0), Rgb([0, 0, 255]));
    }

    #[test]
    fn saves_a_readable_png() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("strip.png");
        let tile = vec![0.5; 784];
        save_png(&path, &grid(&[&tile], 1, 1, ink_on_paper)).unwrap();
        let back = image::open(&path).unwrap().to_rgb8();
        assert_eq!(back.dimensions(), (28 + 2 * GAP, 28 + 2 * GAP));
        assert_eq!(*back.get_pixel(10, 10), Rgb([127, 127, 127]));
    }
}
