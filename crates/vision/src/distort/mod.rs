//! Training distortions: every training digit, every epoch, slightly moved,
//! turned, scaled, sheared and elastically bent, so the network learns what
//! stays the same when a person's hand wobbles (the book's "Artificially
//! expanding the training data", Chapter 3, and Simard, Steinkraus and Platt,
//! "Best practices for convolutional neural networks applied to visual
//! document analysis", 2003).
//!
//! Each distorted image depends only on (seed, epoch, example), so a training
//! run gives the same weights whatever the number of threads or the order the
//! images are made in.

mod affine;
mod elastic;
mod params;
mod resample;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

pub use params::DistortionParams;

use crate::SIDE;
use affine::Affine;
use elastic::FieldBank;

/// The distortions of one training run: the parameters, and the bank of
/// smoothed elastic displacement fields drawn once from the run's seed.
///
/// ```
/// use nndl_vision::{DistortionParams, Distortions, SIDE};
///
/// let mut digit = vec![0.0; SIDE * SIDE];
/// for y in 6..22 { digit[y * SIDE + 14] = 1.0; } // a "1"
/// let distortions = Distortions::new(DistortionParams::default(), 7);
/// let mut out = vec![0.0; SIDE * SIDE];
/// distortions.distort(&digit, 3, 0, &mut out);
/// assert_ne!(out, digit); // moved, turned, bent a little
/// let mut again = vec![0.0; SIDE * SIDE];
/// distortions.distort(&digit, 3, 0, &mut again);
/// assert_eq!(out, again); // the same (seed, epoch, example), the same picture
/// ```
#[derive(Clone, Debug)]
pub struct Distortions {
    params: DistortionParams,
    seed: u64,
    bank: FieldBank,
}

impl Distortions {
    /// The distortions `params` describes, drawn from `seed`.
    pub fn new(params: DistortionParams, seed: u64) -> Self {
        let bank = FieldBank::new(&params, seed);
        Distortions { params, seed, bank }
    }

    /// The parameters.
    pub fn params(&self) -> &DistortionParams {
        &self.params
    }

    /// Writes into `out` the 28×28 `image` as distorted for training example
    /// `example` in epoch `epoch`.
    ///
    /// # Panics
    /// If `image` or `out` does not hold 28 × 28 values.
    pub fn distort(&self, image: &[f32], epoch: u64, example: u64, out: &mut [f32]) {
        assert_eq!(image.len(), SIDE * SIDE, "distort: the image is not 28×28");
        assert_eq!(out.len(), SIDE * SIDE, "distort: the output is not 28×28");
        if self.params.is_identity() {
            out.copy_from_slice(image);
            return;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(mix(self.seed, epoch, example));
        let map = Affine::random(&self.params, &mut rng);
        let field = (self.params.elastic_alpha > 0.0).then(|| {
            let k = rng.random_range(0..self.bank.len());
            self.bank.view(k, rng.random(), rng.random())
        });
        resample::warp(image, &map, field.as_ref(), out);
    }

    /// [`Distortions::distort`] for every 28×28 image of `images` (example i
    /// is the i-th image), into the same places of `out`, on all of rayon's
    /// threads.
    ///
    /// # Panics
    /// If `images` is not whole 28×28 images or `out` is not as long.
    pub fn distort_all(&self, images: &[f32], epoch: u64, out: &mut [f32]) {
        let n = SIDE * SIDE;
        assert!(
            images.len().is_multiple_of(n) && out.len() == images.len(),
            "distort_all: {} values in, {} out, not whole 28×28 images",
            images.len(),
            out.len()
        );
        out.par_chunks_mut(n)
            .zip(images.par_chunks(n))
            .enumerate()
            .with_min_len(64)
            .for_each(|(i, (out, image))| self.distort(image, epoch, i as u64, out));
    }
}

/// One affine distortion, given exactly: the picture is scaled (width and
/// height apart), sheared, turned about the field's centre and shifted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Distortion {
    /// Shift (right, down), in pixels.
    pub shift: [f32; 2],
    /// Rotation in degrees (positive turns from +x towards +y: clockwise on screen).
    pub rotation_degrees: f32,
    /// Scale of width and height (1: unchanged).
    pub scale: [f32; 2],
    /// Horizontal shear: x moves by shear × y.
    pub shear: f32,
}

impl Distortion {
    /// No change.
    pub const IDENTITY: Distortion = Distortion {
        shift: [0.0, 0.0],
        rotation_degrees: 0.0,
        scale: [1.0, 1.0],
        shear: 0.0,
    };

    /// Just a shift by (dx, dy) pixels.
    pub fn shift(dx: f32, dy: f32) -> Distortion {
        Distortion {
            shift: [dx, dy],
            ..Distortion::IDENTITY
        }
    }

    /// Writes into `out` the 28×28 `image` distorted by this map.
    ///
    /// # Panics
    /// If `image` or `out` does not hold 28 × 28 values.
    pub fn apply(&self, image: &[f32], out: &mut [f32]) {
        assert_eq!(image.len(), SIDE * SIDE, "apply: the image is not 28×28");
        assert_eq!(out.len(), SIDE * SIDE, "apply: the output is not 28×28");
        resample::warp(image, &Affine::of(self), None, out);
    }
}

/// One seed for each (run, epoch, example): SplitMix64's finaliser over the
/// three, so neighbouring examples get unrelated streams.
fn mix(seed: u64, epoch: u64, example: u64) -> u64 {
    let mut z = seed;
    for v in [epoch, example] {
        z = splitmix(z ^ v.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    }
    z
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
