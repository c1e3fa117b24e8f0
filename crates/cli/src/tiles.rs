//! PNG pictures made of 28×28 tiles: strips of digits (dark ink on white paper, as the
//! chapter prints them) and grids of hidden neurons' weights.

use image::{Rgb, RgbImage};

use nndl_vision::SIDE;

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
    Layout::new(tiles.len(), columns, scale, 0).draw(tiles, colour)
}

/// [`grid`] with a caption above each tile (what the tile is: a digit, a neuron).
pub fn captioned_grid(
    tiles: &[&[f32]],
    captions: &[String],
    columns: usize,
    scale: u32,
    colour: impl Fn(f32) -> Rgb<u8>,
) -> RgbImage {
    let font = (6 * scale).clamp(11, 28);
    let layout = Layout::new(tiles.len(), columns, scale, font + 4);
    let mut image = layout.draw(tiles, colour);
    let texts: Vec<(String, (i32, i32))> = captions
        .iter()
        .take(tiles.len())
        .enumerate()
        .map(|(n, caption)| {
            let (x0, y0) = layout.origin(n);
            let centre = (x0 + layout.side / 2) as i32;
            (caption.clone(), (centre, (y0 - layout.band / 2 - 1) as i32))
        })
        .collect();
    crate::plot::captions(&mut image, &texts, f64::from(font));
    image
}

/// Where the tiles go.
struct Layout {
    columns: usize,
    rows: usize,
    scale: u32,
    /// Side of a tile in pixels.
    side: u32,
    /// Height of the caption band above each tile.
    band: u32,
}

impl Layout {
    fn new(tiles: usize, columns: usize, scale: u32, band: u32) -> Layout {
        let columns = columns.clamp(1, tiles.max(1));
        Layout {
            columns,
            rows: tiles.div_ceil(columns).max(1),
            scale,
            side: SIDE as u32 * scale,
            band,
        }
    }

    /// The top left corner of tile `n`.
    fn origin(&self, n: usize) -> (u32, u32) {
        let gap = GAP * self.scale;
        let (x_step, y_step) = (self.side + gap, self.side + gap + self.band);
        (
            gap + (n % self.columns) as u32 * x_step,
            gap + self.band + (n / self.columns) as u32 * y_step,
        )
    }

    fn draw(&self, tiles: &[&[f32]], colour: impl Fn(f32) -> Rgb<u8>) -> RgbImage {
        let gap = GAP * self.scale;
        let width = self.columns as u32 * (self.side + gap) + gap;
        let height = self.rows as u32 * (self.side + gap + self.band) + gap;
        let mut image = RgbImage::from_pixel(width, height, Rgb([255, 255, 255]));
        let scale = self.scale;
        for (n, tile) in tiles.iter().enumerate() {
            let (x0, y0) = self.origin(n);
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
    fn captions_go_above_their_tiles() {
        let white = vec![0.0; 784];
        let tiles: Vec<&[f32]> = vec![&white; 2];
        let captions = vec!["0".to_string(), "1".to_string()];
        let plain = grid(&tiles, 2, 2, ink_on_paper);
        let image = captioned_grid(&tiles, &captions, 2, 2, ink_on_paper);
        assert_eq!(image.width(), plain.width());
        assert!(image.height() > plain.height());
        // Some ink in the band above each tile, none in the tiles themselves.
        let layout = Layout::new(2, 2, 2, 16);
        for n in 0..2 {
            let (x0, y0) = layout.origin(n);
            let inked = (x0..x0 + layout.side)
                .flat_map(|x| (y0 - 16..y0).map(move |y| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 128)
                .count();
            assert!(inked > 0, "caption {n}");
            assert_eq!(*image.get_pixel(x0 + 28, y0 + 28), Rgb([255, 255, 255]));
        }
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
        crate::png::save(&path, &grid(&[&tile], 1, 1, ink_on_paper)).unwrap();
        let back = image::open(&path).unwrap().to_rgb8();
        assert_eq!(back.dimensions(), (28 + 2 * GAP, 28 + 2 * GAP));
        assert_eq!(*back.get_pixel(10, 10), Rgb([127, 127, 127]));
    }
}
