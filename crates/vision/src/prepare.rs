//! MNIST's preparation of a digit, for any picture of one: NIST's digits
//! were "size normalized to fit in a 20x20 pixel box while preserving their
//! aspect ratio", anti-aliased, and "centered in a 28x28 image by computing
//! the center of mass of the pixels" (LeCun et al., the MNIST page), white
//! ink on black. A photo or a drawing is brought to the same form here, or
//! the network sees something it never learned.

use std::fmt;

use crate::centre::centre_by_mass;
use crate::ink::{ink_levels, peak, BLANK};
use crate::resize::resize;
use crate::stroke::{dilate, stroke_width};

/// Side of the box the digit is scaled to fit (MNIST's preprocessing).
const BOX: f32 = 20.0;
/// Ink fainter than this fraction of the peak is paper texture or noise, not the digit.
const NOISE: f32 = 0.15;
/// MNIST's strokes are about this wide, as a fraction of the digit's longer side
/// (2 to 3 pixels in the 20-pixel box).
const MNIST_STROKE: f32 = 0.11;
/// Strokes thinner than this fraction of the longer side are a fine pen's, and
/// are thickened to MNIST's before the digit is scaled down.
const THIN: f32 = 0.07;
/// The longer side a thin-stroked digit is brought to before it is thickened.
const THICKEN_AT: usize = 80;

/// Why a picture could not be prepared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrepareError {
    /// The picture has no ink: one colour, or only faint noise.
    Blank,
}

impl fmt::Display for PrepareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrepareError::Blank => write!(f, "no digit found: the image is blank"),
        }
    }
}

impl std::error::Error for PrepareError {}

/// Prepares a picture of a digit as MNIST's were made: `brightness` holds
/// `width`×`height` values in [0, 1], row-major, 0 black and 1 white (dark
/// ink on light paper or light ink on dark, either). The result is 784 ink
/// levels in [0, 1], white ink on black: inverted when the paper is light,
/// the background removed, cropped to the ink, a fine pen's strokes grown to
/// MNIST's width, scaled to fit 20×20 keeping the aspect ratio, and centred by
/// its centre of mass in 28×28.
///
/// ```
/// use nndl_vision::{prepare, SIDE};
///
/// // A dark vertical bar on white paper, 40×30 pixels.
/// let (w, h) = (40, 30);
/// let picture: Vec<f32> = (0..w * h)
///     .map(|i| if (18..22).contains(&(i % w)) && (5..25).contains(&(i / w)) { 0.1 } else { 0.95 })
///     .collect();
/// let digit = prepare(&picture, w, h)?;
/// assert_eq!(digit.len(), SIDE * SIDE);
/// assert_eq!(digit[0], 0.0); // the paper is black now
/// assert!(digit[14 * SIDE + 14] > 0.9); // the bar is white, in the middle
/// # Ok::<(), nndl_vision::PrepareError>(())
/// ```
///
/// # Errors
/// [`PrepareError::Blank`] when the picture has no ink.
///
/// # Panics
/// If `brightness.len() != width * height`.
pub fn prepare(brightness: &[f32], width: usize, height: usize) -> Result<Vec<f32>, PrepareError> {
    assert_eq!(
        brightness.len(),
        width * height,
        "prepare: not a {width}×{height} picture"
    );
    let ink = ink_levels(brightness, width, height);
    fit_and_centre(&ink, width)
}

/// The rest of MNIST's preparation, for ink already separated from its paper
/// (`ink` is `width` pixels wide, paper 0): cropped to the ink, scaled to fit
/// 20×20 keeping the aspect ratio, given full ink, centred by mass in 28×28.
pub(crate) fn fit_and_centre(ink: &[f32], width: usize) -> Result<Vec<f32>, PrepareError> {
    let (x, y, w, h) = ink_bounds(ink, width).ok_or(PrepareError::Blank)?;
    let digit: Vec<f32> = (y..y + h)
        .flat_map(|r| ink[r * width + x..r * width + x + w].iter().copied())
        .collect();
    let (digit, w, h) = thick_strokes(digit, w, h);
    let scale = BOX / w.max(h) as f32;
    let sw = ((w as f32 * scale).round() as usize).clamp(1, BOX as usize);
    let sh = ((h as f32 * scale).round() as usize).clamp(1, BOX as usize);
    let mut small = resize(&digit, w, h, sw, sh);
    // A thin pen stroke averaged over many pixels gets faint: give it MNIST's full ink back.
    let top = peak(&small);
    if top < BLANK {
        return Err(PrepareError::Blank);
    }
    small.iter_mut().for_each(|v| *v = (*v / top).min(1.0));
    Ok(centre_by_mass(&small, sw, sh))
}

/// The digit with strokes at least about as thick, for its size, as MNIST's:
/// written with a fine pen, a digit scaled into 20×20 would be a one-pixel
/// hairline, which a network trained on MNIST reads worse. Such a digit is brought
/// to [`THICKEN_AT`] pixels and its strokes grown to MNIST's width there.
fn thick_strokes(digit: Vec<f32>, w: usize, h: usize) -> (Vec<f32>, usize, usize) {
    let long = w.max(h);
    if long < BOX as usize {
        return (digit, w, h);
    }
    let top = peak(&digit);
    let solid: Vec<f32> = digit
        .iter()
        .map(|&v| if v > 0.5 * top { 1.0 } else { 0.0 })
        .collect();
    let stroke = stroke_width(&solid, w);
    if stroke >= THIN * long as f32 {
        return (digit, w, h);
    }
    let f = (THICKEN_AT as f32 / long as f32).min(1.0);
    let (nw, nh) = (
        ((w as f32 * f).round() as usize).max(1),
        ((h as f32 * f).round() as usize).max(1),
    );
    let digit = if f < 1.0 {
        resize(&digit, w, h, nw, nh)
    } else {
        digit
    };
    // Grow each side of the stroke by half of what it lacks.
    let lacking = MNIST_STROKE * nw.max(nh) as f32 - stroke * f;
    let grow = (lacking / 2.0).round().max(0.0) as usize;
    // A margin for the strokes to grow into on the outside too, as a broad pen's would.
    let (pw, ph) = (nw + 2 * grow, nh + 2 * grow);
    let mut padded = vec![0.0; pw * ph];
    for y in 0..nh {
        padded[(y + grow) * pw + grow..(y + grow) * pw + grow + nw]
            .copy_from_slice(&digit[y * nw..(y + 1) * nw]);
    }
    (dilate(&padded, pw, ph, grow), pw, ph)
}

/// The smallest rectangle holding all the ink, as (x, y, width, height);
/// `None` when blank. Faint specks are dropped so they neither move the box
/// nor the centre of mass.
fn ink_bounds(ink: &[f32], width: usize) -> Option<(usize, usize, usize, usize)> {
    let top = peak(ink);
    if top < BLANK {
        return None;
    }
    let threshold = NOISE * top;
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (i, &v) in ink.iter().enumerate() {
        if v > threshold {
            let (x, y) = (i % width, i / width);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    Some((x0, y0, x1 - x0 + 1, y1 - y0 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::centre::SIDE;

    /// A ring of radius 80 on a 200×200 page, drawn with a pen `pen` pixels wide.
    fn ring(pen: f32) -> Vec<f32> {
        (0..200 * 200)
            .map(|i| {
                let (x, y) = ((i % 200) as f32 - 100.0, (i / 200) as f32 - 100.0);
                let d = (x * x + y * y).sqrt();
                if (d - 80.0).abs() <= pen / 2.0 {
                    0.0
                } else {
                    1.0
                }
            })
            .collect()
    }

    /// Pixels of row 14 of a prepared digit with ink above one half.
    fn inked_across_the_middle(digit: &[f32]) -> usize {
        digit[14 * SIDE..15 * SIDE]
            .iter()
            .filter(|&&v| v > 0.5)
            .count()
    }

    #[test]
    fn a_fine_pen_is_thickened_to_mnist_strokes_and_a_broad_one_is_left_alone() {
        let fine = prepare(&ring(2.0), 200, 200).unwrap();
        let broad = prepare(&ring(22.0), 200, 200).unwrap();
        // The ring crosses the middle row twice; MNIST's strokes are 2 to 3 pixels.
        let (f, b) = (
            inked_across_the_middle(&fine),
            inked_across_the_middle(&broad),
        );
        assert!((4..=7).contains(&f), "fine pen: {f} pixels");
        assert!((4..=7).contains(&b), "broad pen: {b} pixels");
        // Left alone: the broad ring prepares as it did before thickening existed.
        let (digit, w, h) = thick_strokes(ring(22.0).iter().map(|v| 1.0 - v).collect(), 200, 200);
        assert_eq!((w, h), (200, 200));
        assert_eq!(
            digit,
            ring(22.0).iter().map(|v| 1.0 - v).collect::<Vec<_>>()
        );
    }
}
