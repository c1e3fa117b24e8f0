//! A grayscale canvas of ink in [0, 1] and what is done to every picture
//! before it is saved: a slight turn, blur, paper and ink colours, noise.

use std::path::Path;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Ink levels, row-major, 0 paper and 1 full ink.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub ink: Vec<f32>,
}

impl Canvas {
    pub fn new(width: usize, height: usize) -> Canvas {
        Canvas {
            width,
            height,
            ink: vec![0.0; width * height],
        }
    }

    /// Adds ink `v` at (x, y), keeping the darker.
    pub fn ink_at(&mut self, x: usize, y: usize, v: f32) {
        if x < self.width && y < self.height {
            let p = &mut self.ink[y * self.width + x];
            *p = p.max(v.clamp(0.0, 1.0));
        }
    }

    /// Turned by `degrees` about the centre (bilinear; blank beyond the edges).
    pub fn rotated(&self, degrees: f32) -> Canvas {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (cx, cy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let mut out = Canvas::new(self.width, self.height);
        for y in 0..self.height {
            for x in 0..self.width {
                let (px, py) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                let sx = cos * px + sin * py + cx - 0.5;
                let sy = -sin * px + cos * py + cy - 0.5;
                out.ink[y * self.width + x] = self.sample(sx, sy);
            }
        }
        out
    }

    fn sample(&self, x: f32, y: f32) -> f32 {
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let at = |xi: f32, yi: f32| -> f32 {
            if xi < 0.0 || yi < 0.0 || xi >= self.width as f32 || yi >= self.height as f32 {
                0.0
            } else {
                self.ink[yi as usize * self.width + xi as usize]
            }
        };
        let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1.0, y0) * fx;
        let bottom = at(x0, y0 + 1.0) * (1.0 - fx) + at(x0 + 1.0, y0 + 1.0) * fx;
        top * (1.0 - fy) + bottom * fy
    }

    /// A 3×3 blur, mixed in by `amount` in [0, 1].
    pub fn blurred(&self, amount: f32) -> Canvas {
        let mut out = Canvas::new(self.width, self.height);
        for y in 0..self.height {
            for x in 0..self.width {
                let mut sum = 0.0;
                for (dx, dy) in (-1..=1).flat_map(|dy| (-1..=1).map(move |dx| (dx, dy))) {
                    let (sx, sy) = (x as isize + dx, y as isize + dy);
                    if sx >= 0
                        && sy >= 0
                        && (sx as usize) < self.width
                        && (sy as usize) < self.height
                    {
                        sum += self.ink[sy as usize * self.width + sx as usize];
                    }
                }
                let own = self.ink[y * self.width + x];
                out.ink[y * self.width + x] = own * (1.0 - amount) + sum / 9.0 * amount;
            }
        }
        out
    }

    /// Saves the canvas as a grayscale PNG: dark ink on light paper or light
    /// on dark, paper and ink of random shades, with light noise.
    pub fn save(&self, path: &Path, rng: &mut ChaCha8Rng) -> Result<(), String> {
        let dark_on_light = rng.random_bool(0.7);
        let (paper, ink) = if dark_on_light {
            (
                rng.random_range(0.75..1.0f32),
                rng.random_range(0.0..0.3f32),
            )
        } else {
            (
                rng.random_range(0.0..0.2f32),
                rng.random_range(0.75..1.0f32),
            )
        };
        let noise = rng.random_range(0.0..0.04f32);
        let pixels: Vec<u8> = self
            .ink
            .iter()
            .map(|&v| {
                let shade = paper + (ink - paper) * v + noise * rng.random_range(-1.0..1.0f32);
                (shade.clamp(0.0, 1.0) * 255.0).round() as u8
            })
            .collect();
        image::GrayImage::from_raw(self.width as u32, self.height as u32, pixels)
            .ok_or("canvas size")?
            .save(path)
            .map_err(|e| format!("{}: {e}", path.display()))
    }
}
