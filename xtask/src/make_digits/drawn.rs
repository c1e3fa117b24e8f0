//! Drawn digits: each style of [`super::strokes`] written many times with a
//! wobbling hand — its points jittered, slanted, squashed, with a pen that
//! is thin or bold and presses harder in places — and rendered anti-aliased.

use std::path::Path;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use super::canvas::Canvas;
use super::strokes::{Stroke, Style, STYLES};

/// Drawings of each digit.
const PER_DIGIT: usize = 50;

/// Writes [`PER_DIGIT`] drawings of each digit into `out`, cycling through
/// its styles; returns how many files were written.
pub fn write_all(out: &Path, rng: &mut ChaCha8Rng) -> Result<usize, String> {
    let mut written = 0;
    for digit in 0..10u8 {
        let styles: Vec<&Style> = STYLES.iter().filter(|s| s.digit == digit).collect();
        for n in 0..PER_DIGIT {
            let style = styles[n % styles.len()];
            let canvas = draw(style, rng).rotated(rng.random_range(-5.0..5.0f32));
            canvas.save(&out.join(format!("{digit}_{}_{n:02}.png", style.name)), rng)?;
            written += 1;
        }
    }
    Ok(written)
}

/// One drawing of `style` on a canvas of 40–80 pixels.
fn draw(style: &Style, rng: &mut ChaCha8Rng) -> Canvas {
    let size = rng.random_range(40..=80usize);
    let (width, height) = (size + rng.random_range(0..=size / 4), size);
    let jitter = Normal::new(0.0f32, 0.025).expect("a valid σ");
    let slant = rng.random_range(-0.3..0.3f32);
    let aspect = rng.random_range(0.6..1.05f32);
    let scale = rng.random_range(0.55..0.85f32) * height as f32;
    // Pen width as a fraction of the digit's height: from a fine pen to a marker.
    let pen = rng.random_range(0.04..0.16f32) * scale;
    let (ox, oy) = (
        rng.random_range(0.1..0.9f32) * (width as f32 - scale * aspect).max(0.0),
        rng.random_range(0.1..0.9f32) * (height as f32 - scale).max(0.0),
    );
    let mut canvas = Canvas::new(width, height);
    for stroke in style.strokes {
        let points: Vec<(f32, f32)> = stroke
            .points
            .iter()
            .map(|&(x, y)| {
                let (x, y) = (x + jitter.sample(rng), y + jitter.sample(rng));
                // Slant: the top leans right for a positive slant.
                let x = x + slant * (0.5 - y);
                (ox + x * scale * aspect, oy + y * scale)
            })
            .collect();
        let path = trace(stroke, &points);
        let press = rng.random_range(0.0..std::f32::consts::TAU);
        ink_path(&mut canvas, &path, pen, press);
    }
    canvas
}

/// The stroke's path as a dense polyline: through its points, curved
/// (Catmull-Rom) or straight between them.
fn trace(stroke: &Stroke, p: &[(f32, f32)]) -> Vec<(f32, f32)> {
    if !stroke.smooth || p.len() < 3 {
        return p.to_vec();
    }
    let mut out = Vec::new();
    for i in 0..p.len() - 1 {
        let p0 = p[i.saturating_sub(1)];
        let (p1, p2) = (p[i], p[i + 1]);
        let p3 = p[(i + 2).min(p.len() - 1)];
        for k in 0..8 {
            let t = k as f32 / 8.0;
            let (t2, t3) = (t * t, t * t * t);
            let f = |a: f32, b: f32, c: f32, d: f32| {
                0.5 * (2.0 * b
                    + (c - a) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (3.0 * b - a - 3.0 * c + d) * t3)
            };
            out.push((f(p0.0, p1.0, p2.0, p3.0), f(p0.1, p1.1, p2.1, p3.1)));
        }
    }
    out.push(p[p.len() - 1]);
    out
}

/// Inks a polyline with a round pen of width `pen`, pressing between 70% and
/// 130% of it along the way (phase `press`), anti-aliased by distance.
fn ink_path(canvas: &mut Canvas, path: &[(f32, f32)], pen: f32, press: f32) {
    let n = path.len().max(2) as f32;
    for (i, pair) in path.windows(2).enumerate() {
        let width = pen * (1.0 + 0.3 * (press + 6.0 * i as f32 / n).sin());
        let r = width / 2.0;
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let (lo_x, hi_x) = ((x0.min(x1) - r - 1.0).max(0.0), x0.max(x1) + r + 1.0);
        let (lo_y, hi_y) = ((y0.min(y1) - r - 1.0).max(0.0), y0.max(y1) + r + 1.0);
        for y in lo_y as usize..=(hi_y as usize).min(canvas.height.saturating_sub(1)) {
            for x in lo_x as usize..=(hi_x as usize).min(canvas.width.saturating_sub(1)) {
                let d = distance((x as f32 + 0.5, y as f32 + 0.5), (x0, y0), (x1, y1));
                canvas.ink_at(x, y, r - d + 0.5);
            }
        }
    }
}

/// Distance from `p` to the segment from `a` to `b`.
fn distance(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}
