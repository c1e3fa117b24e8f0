//! A blob: some pixels of the page that belong together, with their bounding box.

/// Pixels of a page (indices into its row-major ink) and their bounding box,
/// corners inclusive.
#[derive(Clone, Debug, Default)]
pub(crate) struct Blob {
    pub pixels: Vec<u32>,
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Blob {
    /// The blob of `pixels` on a page `width` pixels wide.
    pub fn of(pixels: Vec<u32>, width: usize) -> Blob {
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for &p in &pixels {
            let (x, y) = (p as usize % width, p as usize / width);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        Blob {
            pixels,
            x0,
            y0,
            x1,
            y1,
        }
    }

    pub fn width(&self) -> usize {
        self.x1 + 1 - self.x0
    }

    pub fn height(&self) -> usize {
        self.y1 + 1 - self.y0
    }

    /// The blob's own ink on its box, every other mark's ink left out.
    pub fn crop(&self, ink: &[f32], width: usize) -> Vec<f32> {
        let w = self.width();
        let mut out = vec![0.0; w * self.height()];
        for &p in &self.pixels {
            let (x, y) = (p as usize % width - self.x0, p as usize / width - self.y0);
            out[y * w + x] = ink[p as usize];
        }
        out
    }

    /// Columns between this blob's box and `other`'s, 0 when they overlap.
    pub fn gap_x(&self, other: &Blob) -> usize {
        other.x0.saturating_sub(self.x1 + 1) + self.x0.saturating_sub(other.x1 + 1)
    }

    /// The larger of the horizontal and vertical gaps between the two boxes.
    pub fn gap(&self, other: &Blob) -> usize {
        let gap_y = other.y0.saturating_sub(self.y1 + 1) + self.y0.saturating_sub(other.y1 + 1);
        self.gap_x(other).max(gap_y)
    }

    /// This blob and `other` as one.
    pub fn join(&mut self, other: Blob) {
        self.x0 = self.x0.min(other.x0);
        self.y0 = self.y0.min(other.y0);
        self.x1 = self.x1.max(other.x1);
        self.y1 = self.y1.max(other.y1);
        self.pixels.extend(other.pixels);
    }

    /// The ink-weighted mean column.
    pub fn centre_x(&self, ink: &[f32], width: usize) -> f32 {
        let (mut m, mut mx) = (0.0f32, 0.0f32);
        for &p in &self.pixels {
            let v = ink[p as usize];
            m += v;
            mx += v * (p as usize % width) as f32;
        }
        if m > 0.0 {
            mx / m
        } else {
            (self.x0 + self.x1) as f32 / 2.0
        }
    }
}
