//! Pictures of numbers built from pictures of single digits, with the truth known:
//! to measure how well numbers are read, and to test it.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::resize::resize;

/// How digits are laid out side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberLayout {
    /// The columns of paper between one digit's ink and the next's, drawn
    /// uniformly from this inclusive range; negative overlaps them.
    pub gap: (i32, i32),
    /// Each digit is scaled by a factor drawn from 1 ± this.
    pub scale_jitter: f32,
    /// Each digit is moved up or down by up to this many pixels.
    pub baseline_jitter: i32,
    /// Paper around the number, in pixels.
    pub margin: usize,
}

impl Default for NumberLayout {
    /// Well apart (4 to 12 columns), ±10% in size, ±2 pixels up or down.
    fn default() -> Self {
        NumberLayout {
            gap: (4, 12),
            scale_jitter: 0.1,
            baseline_jitter: 2,
            margin: 8,
        }
    }
}

/// A number made by [`compose_number`]: ink levels in [0, 1] (paper 0), and
/// where each digit went.
#[derive(Clone, Debug, PartialEq)]
pub struct ComposedNumber {
    /// Ink levels, row-major.
    pub ink: Vec<f32>,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// The first and last column of each digit's ink, left to right.
    pub spans: Vec<(usize, usize)>,
    /// Whose ink each pixel is: the index of the digit darkest there, or
    /// [`PAPER`] where no digit has ink.
    pub owner: Vec<u8>,
}

/// [`ComposedNumber::owner`] of a pixel no digit inks.
pub const PAPER: u8 = u8::MAX;

/// Lays `digits` (each `side`×`side` ink levels, paper 0) side by side as
/// `layout` says, each cropped to its ink, with the random choices drawn from
/// `seed`. Where digits overlap, the darker ink wins.
///
/// # Panics
/// If a digit is not `side`×`side` or has no ink, or there are more than 255 digits.
pub fn compose_number(
    digits: &[&[f32]],
    side: usize,
    layout: &NumberLayout,
    seed: u64,
) -> ComposedNumber {
    assert!(
        digits.len() < usize::from(PAPER),
        "compose_number: too many digits"
    );
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let glyphs: Vec<(Vec<f32>, usize, usize, i32)> = digits
        .iter()
        .map(|d| {
            let (crop, w, h) = crop_to_ink(d, side);
            let s = 1.0 + rng.random_range(-1.0..=1.0) * layout.scale_jitter;
            let (sw, sh) = (scaled(w, s), scaled(h, s));
            let shift = rng.random_range(-layout.baseline_jitter..=layout.baseline_jitter);
            (resize(&crop, w, h, sw, sh), sw, sh, shift)
        })
        .collect();
    let gaps: Vec<i32> = (1..glyphs.len())
        .map(|_| rng.random_range(layout.gap.0..=layout.gap.1))
        .collect();
    let tallest = glyphs.iter().map(|g| g.2).max().unwrap_or(0);
    let jitter = layout.baseline_jitter.unsigned_abs() as usize;
    let height = tallest + 2 * (jitter + layout.margin);
    let mut xs = Vec::with_capacity(glyphs.len());
    let mut x = layout.margin as i64;
    for (i, g) in glyphs.iter().enumerate() {
        xs.push(x);
        let gap = gaps.get(i).copied().unwrap_or(0);
        x = (x + g.1 as i64 + i64::from(gap)).max(xs[i] + 1);
    }
    let right = xs
        .iter()
        .zip(&glyphs)
        .map(|(&x, g)| x as usize + g.1)
        .max()
        .unwrap_or(0);
    let width = right + layout.margin;
    let mut ink = vec![0.0f32; width * height];
    let mut owner = vec![PAPER; width * height];
    let mut spans = Vec::with_capacity(glyphs.len());
    for (d, (&x0, (glyph, w, h, shift))) in xs.iter().zip(&glyphs).enumerate() {
        let x0 = x0 as usize;
        let y0 = ((height - h) as i32 / 2 + shift) as usize;
        for (r, row) in glyph.chunks_exact(*w).enumerate() {
            for (c, &v) in row.iter().enumerate() {
                let i = (y0 + r) * width + x0 + c;
                if v > ink[i] {
                    ink[i] = v;
                    owner[i] = d as u8;
                }
            }
        }
        spans.push((x0, x0 + w - 1));
    }
    ComposedNumber {
        ink,
        width,
        height,
        spans,
        owner,
    }
}

fn scaled(n: usize, s: f32) -> usize {
    ((n as f32 * s).round() as usize).max(1)
}

/// The digit cut down to the box around its ink, with its width and height.
fn crop_to_ink(digit: &[f32], side: usize) -> (Vec<f32>, usize, usize) {
    assert_eq!(digit.len(), side * side, "a digit is not {side}×{side}");
    let inked = |i: usize| digit[i] > 0.0;
    let cols: Vec<usize> = (0..side)
        .filter(|&c| (0..side).any(|r| inked(r * side + c)))
        .collect();
    let rows: Vec<usize> = (0..side)
        .filter(|&r| (0..side).any(|c| inked(r * side + c)))
        .collect();
    let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) =
        (cols.first(), cols.last(), rows.first(), rows.last())
    else {
        panic!("compose_number: a digit has no ink");
    };
    let (w, h) = (x1 - x0 + 1, y1 - y0 + 1);
    let crop = (y0..=y1)
        .flat_map(|r| digit[r * side + x0..=r * side + x1].iter().copied())
        .collect();
    (crop, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_go_left_to_right_with_the_gaps_asked_for() {
        let bar: Vec<f32> = (0..28 * 28)
            .map(|i| {
                if (12..16).contains(&(i % 28)) && (4..24).contains(&(i / 28)) {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        let layout = NumberLayout {
            gap: (-2, -2),
            scale_jitter: 0.0,
            baseline_jitter: 0,
            margin: 5,
        };
        let n = compose_number(&[&bar, &bar, &bar], 28, &layout, 7);
        assert_eq!(n.spans, vec![(5, 8), (7, 10), (9, 12)]);
        assert_eq!((n.width, n.height), (18, 30));
        assert_eq!(n.ink.iter().filter(|&&v| v > 0.0).count(), 8 * 20);
        // Where bars overlap, the first keeps its ink (equal shades: the first wins).
        let row: Vec<u8> = n.owner[10 * 18..11 * 18].to_vec();
        let p = PAPER;
        assert_eq!(row, [p, p, p, p, p, 0, 0, 0, 0, 1, 1, 2, 2, p, p, p, p, p]);
    }
}
