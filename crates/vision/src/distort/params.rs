//! How strong the distortions are.

/// The ranges the random distortions are drawn from (each uniformly, per
/// image and epoch). `DistortionParams::default()` is a moderate set that
/// keeps every digit readable; [`DistortionParams::none`] is the identity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DistortionParams {
    /// Largest shift, in pixels, along each axis.
    pub shift: f32,
    /// Largest rotation, in degrees, either way.
    pub rotation_degrees: f32,
    /// Largest change of size, as a fraction (0.15: from 85% to 115%), drawn
    /// separately for width and height.
    pub scale: f32,
    /// Largest horizontal shear (x moves by shear × y).
    pub shear: f32,
    /// Strength α of the elastic distortion, in pixels: the displacement
    /// fields are smoothed noise scaled by α (0: none).
    pub elastic_alpha: f32,
    /// Smoothness σ of the elastic fields, in pixels: the Gaussian the noise
    /// is smoothed with (Simard et al. used 4 on 29×29 digits).
    pub elastic_sigma: f32,
    /// Number of precomputed elastic fields to choose from.
    pub elastic_fields: usize,
}

impl Default for DistortionParams {
    fn default() -> Self {
        DistortionParams {
            shift: 2.0,
            rotation_degrees: 12.0,
            scale: 0.12,
            shear: 0.15,
            elastic_alpha: 16.0,
            elastic_sigma: 4.0,
            elastic_fields: 256,
        }
    }
}

impl DistortionParams {
    /// No distortion at all: every image comes out as it went in.
    pub fn none() -> Self {
        DistortionParams {
            shift: 0.0,
            rotation_degrees: 0.0,
            scale: 0.0,
            shear: 0.0,
            elastic_alpha: 0.0,
            elastic_sigma: 4.0,
            elastic_fields: 0,
        }
    }

    /// Whether these parameters leave every image unchanged.
    pub fn is_identity(&self) -> bool {
        self.shift == 0.0
            && self.rotation_degrees == 0.0
            && self.scale == 0.0
            && self.shear == 0.0
            && (self.elastic_alpha == 0.0 || self.elastic_fields == 0)
    }
}
