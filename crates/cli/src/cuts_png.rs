//! `nndl read --show`: the picture with the chosen cuts, each digit's ink in its
//! own colour, and under it each digit as the network saw it, with what it read.

use std::path::Path;

use image::{Rgb, RgbImage};
use nndl_vision::{Reading, SIDE};

use crate::{plot, png, tiles};

/// Colours of the digits, in turn: distinct on white and for most colour blindness.
const PALETTE: [[u8; 3]; 6] = [
    [0, 114, 178],
    [213, 94, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [230, 159, 0],
];
/// The page is drawn about this tall, however tall it was.
const PAGE_HEIGHT: usize = 140;
/// Each digit's 28×28 input is drawn this many times larger.
const TILE_SCALE: usize = 3;
/// Room under each tile for its caption.
const CAPTION: usize = 22;
const PAD: usize = 8;

/// Draws `reading` to `path` as a PNG, atomically.
pub fn save(path: &Path, reading: &Reading) -> anyhow::Result<()> {
    png::save(path, &draw(reading))
}

fn draw(reading: &Reading) -> RgbImage {
    let page = &reading.page;
    let k = (PAGE_HEIGHT / page.height.max(1)).clamp(1, 8);
    let tile = SIDE * TILE_SCALE;
    let tiles_width = reading.digits.len() * (tile + PAD) + PAD;
    let width = (page.width * k + 2 * PAD).max(tiles_width);
    let height = page.height * k + 2 * PAD + tile + CAPTION + PAD;
    let mut img = RgbImage::from_pixel(width as u32, height as u32, Rgb([255, 255, 255]));
    // The page: ink dark grey, each digit's ink in its colour.
    let mut colour = vec![None; page.ink.len()];
    for (i, d) in reading.digits.iter().enumerate() {
        for &p in &d.pixels {
            colour[p as usize] = Some(PALETTE[i % PALETTE.len()]);
        }
    }
    for (p, &v) in page.ink.iter().enumerate() {
        let ink = v.clamp(0.0, 1.0);
        let base = colour[p].unwrap_or([60, 60, 60]);
        let rgb = base.map(|c| (255.0 - ink * (255.0 - f32::from(c))).round() as u8);
        let (x, y) = (p % page.width, p / page.width);
        fill(&mut img, PAD + x * k, PAD + y * k, k, k, rgb);
    }
    // Each digit's box on the page, and its input below.
    let top = page.height * k + 2 * PAD;
    let mut captions = Vec::new();
    for (i, d) in reading.digits.iter().enumerate() {
        let rgb = PALETTE[i % PALETTE.len()];
        let s = page.scale;
        let x0 = PAD + (d.bounds.x as f32 * s * k as f32) as usize;
        let y0 = PAD + (d.bounds.y as f32 * s * k as f32) as usize;
        let w = ((d.bounds.width as f32 * s * k as f32) as usize).max(1);
        let h = ((d.bounds.height as f32 * s * k as f32) as usize).max(1);
        frame(&mut img, x0, y0, w, h, rgb);
        let tx = PAD + i * (tile + PAD);
        for (j, &v) in d.input.iter().enumerate() {
            let (x, y) = (j % SIDE, j / SIDE);
            fill(
                &mut img,
                tx + x * TILE_SCALE,
                top + y * TILE_SCALE,
                TILE_SCALE,
                TILE_SCALE,
                tiles::ink_on_paper(v).0,
            );
        }
        frame(&mut img, tx, top, tile, tile, rgb);
        captions.push((
            format!("{}  {:.2}", d.digit, d.confidence),
            (
                (tx + tile / 2) as i32,
                (top + tile + CAPTION / 2 + 2) as i32,
            ),
        ));
    }
    plot::captions(&mut img, &captions, 16.0);
    img
}

fn fill(img: &mut RgbImage, x: usize, y: usize, w: usize, h: usize, rgb: [u8; 3]) {
    for yy in y..(y + h).min(img.height() as usize) {
        for xx in x..(x + w).min(img.width() as usize) {
            img.put_pixel(xx as u32, yy as u32, Rgb(rgb));
        }
    }
}

/// A one-pixel outline just outside the box.
fn frame(img: &mut RgbImage, x: usize, y: usize, w: usize, h: usize, rgb: [u8; 3]) {
    let (x, y) = (x.saturating_sub(1), y.saturating_sub(1));
    let (w, h) = (w + 2, h + 2);
    fill(img, x, y, w, 1, rgb);
    fill(img, x, y + h - 1, w, 1, rgb);
    fill(img, x, y, 1, h, rgb);
    fill(img, x + w - 1, y, 1, h, rgb);
}
