//! Elastic distortion (Simard, Steinkraus and Platt 2003, section 2): a
//! random displacement field, each component uniform in (−1, 1), smoothed by
//! a Gaussian of standard deviation σ and multiplied by α.
//!
//! Smoothing a field costs far more than bending an image with it, so the
//! fields are made once per run, a bank of them from the seed; each image
//! then picks one, negated or transposed or not (eight fields from each).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::DistortionParams;
use crate::SIDE;

/// Precomputed displacement fields, each 2 × 28 × 28 (dx then dy), in pixels.
#[derive(Clone, Debug, Default)]
pub(crate) struct FieldBank {
    fields: Vec<f32>,
    /// The largest displacement of any field along either axis.
    largest: f32,
}

/// One field of the bank, as an image uses it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldView<'a> {
    field: &'a [f32],
    largest: f32,
    sign: f32,
    transpose: bool,
}

const CELLS: usize = SIDE * SIDE;

impl FieldBank {
    /// `p.elastic_fields` fields of strength α and smoothness σ, from `seed`.
    pub(crate) fn new(p: &DistortionParams, seed: u64) -> Self {
        if p.elastic_alpha <= 0.0 || p.elastic_fields == 0 {
            return FieldBank::default();
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x656c_6173_7469_6300);
        let kernel = gaussian(p.elastic_sigma);
        let mut fields = vec![0.0; p.elastic_fields * 2 * CELLS];
        for component in fields.chunks_exact_mut(CELLS) {
            for v in component.iter_mut() {
                *v = rng.random_range(-1.0f32..1.0);
            }
            smooth(component, &kernel);
            component.iter_mut().for_each(|v| *v *= p.elastic_alpha);
        }
        let largest = fields.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        FieldBank { fields, largest }
    }

    /// Fields in the bank.
    pub(crate) fn len(&self) -> usize {
        self.fields.len() / (2 * CELLS)
    }

    /// Field `k`, negated and transposed as asked.
    pub(crate) fn view(&self, k: usize, negate: bool, transpose: bool) -> FieldView<'_> {
        FieldView {
            field: &self.fields[k * 2 * CELLS..(k + 1) * 2 * CELLS],
            largest: self.largest,
            sign: if negate { -1.0 } else { 1.0 },
            transpose,
        }
    }
}

impl FieldView<'_> {
    /// No displacement of this field is longer than this along either axis.
    pub(crate) fn largest(&self) -> f32 {
        self.largest
    }

    /// The displacement (dx, dy) at pixel (x, y).
    #[inline]
    pub(crate) fn at(&self, x: usize, y: usize) -> (f32, f32) {
        let (dx, dy) = self.field.split_at(CELLS);
        let (d0, d1) = if self.transpose {
            // Transposing the picture swaps the axes of the displacements too.
            (dy[x * SIDE + y], dx[x * SIDE + y])
        } else {
            (dx[y * SIDE + x], dy[y * SIDE + x])
        };
        (self.sign * d0, self.sign * d1)
    }
}

/// A normalised 1-D Gaussian of standard deviation `sigma`, to 3σ each side.
fn gaussian(sigma: f32) -> Vec<f32> {
    let r = (3.0 * sigma).ceil().max(1.0) as i32;
    let k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f32 = k.iter().sum();
    k.into_iter().map(|v| v / sum).collect()
}

/// Smooths a 28×28 plane by `kernel` along rows, then along columns, with
/// zeros beyond the edges.
fn smooth(plane: &mut [f32], kernel: &[f32]) {
    let r = (kernel.len() / 2) as isize;
    let mut tmp = vec![0.0; CELLS];
    let taps = |line: &dyn Fn(isize) -> f32, at: isize| -> f32 {
        kernel
            .iter()
            .enumerate()
            .map(|(k, w)| w * line(at + k as isize - r))
            .sum()
    };
    let get = |p: &[f32], i: isize| {
        if (0..SIDE as isize).contains(&i) {
            p[i as usize]
        } else {
            0.0
        }
    };
    for y in 0..SIDE {
        let row = &plane[y * SIDE..(y + 1) * SIDE];
        for x in 0..SIDE {
            tmp[y * SIDE + x] = taps(&|i| get(row, i), x as isize);
        }
    }
    for x in 0..SIDE {
        let column: Vec<f32> = (0..SIDE).map(|y| tmp[y * SIDE + x]).collect();
        for y in 0..SIDE {
            plane[y * SIDE + x] = taps(&|i| get(&column, i), y as isize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_smooth_and_about_as_strong_as_asked() {
        let p = DistortionParams {
            elastic_fields: 8,
            ..DistortionParams::default()
        };
        let bank = FieldBank::new(&p, 3);
        assert_eq!(bank.len(), 8);
        let rms =
            (bank.fields.iter().map(|v| v * v).sum::<f32>() / bank.fields.len() as f32).sqrt();
        // Uniform noise (variance 1/3) smoothed by a 2-D Gaussian of σ keeps
        // about 1/(2σ√π) of its spread, times α.
        let expected = p.elastic_alpha * (1.0f32 / 3.0).sqrt()
            / (2.0 * p.elastic_sigma * std::f32::consts::PI.sqrt());
        assert!(
            rms > 0.5 * expected && rms < 1.5 * expected,
            "{rms} vs {expected}"
        );
        // Neighbours move together.
        let f = &bank.fields[..CELLS];
        let step: f32 = (0..SIDE - 1)
            .map(|x| (f[14 * SIDE + x] - f[14 * SIDE + x + 1]).abs())
            .sum::<f32>()
            / 27.0;
        assert!(step < 0.3 * rms, "{step} vs {rms}");
    }

    #[test]
    fn a_view_negates_and_transposes() {
        let bank = FieldBank::new(
            &DistortionParams {
                elastic_fields: 1,
                ..Default::default()
            },
            1,
        );
        let plain = bank.view(0, false, false);
        let neg = bank.view(0, true, false);
        let tr = bank.view(0, false, true);
        let (a, b) = plain.at(3, 17);
        assert_eq!(neg.at(3, 17), (-a, -b));
        assert_eq!(tr.at(17, 3), (b, a));
    }
}
