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

/// Side of the box the digit is scaled to fit (MNIST's preprocessing).
const BOX: f32 = 20.0;
/// Ink fainter than this fraction of the peak is paper texture or noise, not the digit.
const NOISE: f32 = 0.15;

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
/// the background removed, cropped to the ink, scaled to fit 20×20 keeping
/// the aspect ratio, and centred by its centre of mass in 28×28.
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
