//! The random affine part of a distortion: shift, rotation, scale and shear
//! about the centre of the 28×28 field.

use rand::RngExt;

use super::{Distortion, DistortionParams};

/// Where each output pixel takes its ink from: source = m · (p − c − t) + c
/// for an output point p, the field's centre c and the shift t. m is the
/// inverse of the forward map (rotation · shear · scale), so the picture
/// itself turns, shears, grows and moves by t.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Affine {
    /// Row-major 2×2 inverse map.
    pub(crate) m: [f32; 4],
    /// The shift (x, y), in pixels.
    pub(crate) t: [f32; 2],
}

impl Affine {
    /// No change.
    #[cfg(test)]
    pub(crate) const IDENTITY: Affine = Affine {
        m: [1.0, 0.0, 0.0, 1.0],
        t: [0.0, 0.0],
    };

    /// A map drawn uniformly within `p`'s ranges.
    pub(crate) fn random(p: &DistortionParams, rng: &mut impl RngExt) -> Affine {
        let mut within = |r: f32| {
            if r > 0.0 {
                rng.random_range(-r..=r)
            } else {
                0.0
            }
        };
        let rotation_degrees = within(p.rotation_degrees);
        let scale = [1.0 + within(p.scale), 1.0 + within(p.scale)];
        let shear = within(p.shear);
        let shift = [within(p.shift), within(p.shift)];
        Affine::of(&Distortion {
            shift,
            rotation_degrees,
            scale,
            shear,
        })
    }

    /// The map of `d`.
    pub(crate) fn of(d: &Distortion) -> Affine {
        let [sx, sy] = d.scale;
        let shear = d.shear;
        let t = d.shift;
        // Forward: rotation · shear · scale.
        let (sin, cos) = d.rotation_degrees.to_radians().sin_cos();
        let f = [
            cos * sx,
            (cos * shear - sin) * sy,
            sin * sx,
            (sin * shear + cos) * sy,
        ];
        let det = f[0] * f[3] - f[1] * f[2];
        let m = [f[3] / det, -f[1] / det, -f[2] / det, f[0] / det];
        Affine { m, t }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn maps_stay_within_their_ranges() {
        let p = DistortionParams::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..1000 {
            let a = Affine::random(&p, &mut rng);
            assert!(a.t.iter().all(|t| t.abs() <= p.shift));
            let det = a.m[0] * a.m[3] - a.m[1] * a.m[2];
            // 1/det is the area's change: between (1 − s)² and (1 + s)².
            let area = 1.0 / det;
            assert!(
                area >= (1.0 - p.scale).powi(2) - 1e-4 && area <= (1.0 + p.scale).powi(2) + 1e-4,
                "{area}"
            );
        }
        let none = Affine::random(&DistortionParams::none(), &mut rng);
        assert_eq!(none, Affine::IDENTITY);
    }
}
