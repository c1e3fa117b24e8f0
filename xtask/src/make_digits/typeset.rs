//! Typeset digits: every digit of every font found, rasterised with
//! ab_glyph at a random size and place, slightly turned and blurred.

use std::path::{Path, PathBuf};

use ab_glyph::{Font, FontVec, PxScale};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::canvas::Canvas;

/// Fonts whose "digits" are symbols, or that duplicate another's.
const SKIP: &[&str] = &["Symbol", "D050000L", "MathTeX", "Dingbat"];

/// Writes every digit of every usable font under `fonts` into `out`;
/// returns (fonts used, files written).
pub fn write_all(fonts: &Path, out: &Path, rng: &mut ChaCha8Rng) -> Result<(usize, usize), String> {
    let mut files = Vec::new();
    find_fonts(fonts, &mut files);
    files.sort();
    let (mut used, mut written) = (0, 0);
    for path in files {
        let Some(font) = load(&path) else { continue };
        let name = font_name(&path);
        used += 1;
        for digit in 0..10u8 {
            let canvas = render(&font, digit, rng);
            let canvas = canvas.rotated(rng.random_range(-8.0..8.0f32));
            let canvas = if rng.random_bool(0.5) {
                canvas.blurred(rng.random_range(0.2..0.8f32))
            } else {
                canvas
            };
            canvas.save(&out.join(format!("{digit}_{name}_0.png")), rng)?;
            written += 1;
        }
    }
    if used == 0 {
        return Err(format!(
            "no usable .ttf or .otf fonts under {}",
            fonts.display()
        ));
    }
    Ok((used, written))
}

fn find_fonts(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            find_fonts(&path, found);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
        {
            let name = path.to_string_lossy();
            if !SKIP.iter().any(|s| name.contains(s)) {
                found.push(path);
            }
        }
    }
}

/// The font, if it has ten distinct digits with ink.
fn load(path: &Path) -> Option<FontVec> {
    let font = FontVec::try_from_vec(std::fs::read(path).ok()?).ok()?;
    let shapes: Vec<Vec<u8>> = (0..10u8)
        .map(|d| {
            let glyph = font.glyph_id(char::from(b'0' + d));
            let outlined = font.outline_glyph(glyph.with_scale(PxScale::from(24.0)))?;
            let b = outlined.px_bounds();
            let (w, h) = (b.width() as usize + 1, b.height() as usize + 1);
            let mut bits = vec![0u8; w * h];
            outlined.draw(|x, y, c| {
                if let Some(v) = bits.get_mut(y as usize * w + x as usize) {
                    *v = (c * 255.0) as u8;
                }
            });
            bits.iter().any(|&v| v > 128).then_some(bits)
        })
        .collect::<Option<_>>()?;
    let distinct = (0..10).all(|i| (i + 1..10).all(|j| shapes[i] != shapes[j]));
    distinct.then_some(font)
}

/// "dejavusans-bold" from ".../DejaVuSans-Bold.ttf".
fn font_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_lowercase().replace('_', "-"))
        .unwrap_or_default()
}

/// `digit` in `font`, its ink 45–85% of a 40–72 pixel canvas's height, at a random place.
fn render(font: &FontVec, digit: u8, rng: &mut ChaCha8Rng) -> Canvas {
    let size = rng.random_range(40..=72usize);
    let (width, height) = (size + rng.random_range(0..=size / 3), size);
    let glyph_id = font.glyph_id(char::from(b'0' + digit));
    // Measure at 100 px, then scale so the ink is as tall as wanted.
    let measure = font
        .outline_glyph(glyph_id.with_scale(PxScale::from(100.0)))
        .expect("checked when loaded");
    let ink_height = rng.random_range(0.45..0.85f32) * height as f32;
    let px = 100.0 * ink_height / measure.px_bounds().height();
    let outlined = font
        .outline_glyph(glyph_id.with_scale(PxScale::from(px)))
        .expect("checked when loaded");
    let b = outlined.px_bounds();
    let mut canvas = Canvas::new(width, height);
    let room_x = (width as f32 - b.width()).max(0.0);
    let room_y = (height as f32 - b.height()).max(0.0);
    let (ox, oy) = (
        rng.random_range(0.0..=room_x) as usize,
        rng.random_range(0.0..=room_y) as usize,
    );
    outlined.draw(|x, y, c| canvas.ink_at(ox + x as usize, oy + y as usize, c));
    canvas
}
