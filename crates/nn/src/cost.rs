//! Cost functions: how far the network's output `a` is from the desired `y`.
//!
//! A cost gives its value for one example and the error δᴸ = ∂Cₓ/∂zᴸ of the
//! output layer, which is where backpropagation starts (eq. (BP1) of Chapter 2;
//! Chapter 1 needs only the quadratic cost). New costs plug in here without
//! touching the training loop.

use crate::sigmoid::sigmoid_prime_from_output;
use serde::{Deserialize, Serialize};

/// A cost Cₓ(a, y) for one example, for a network whose output layer is sigmoid.
pub trait Cost: Send + Sync {
    /// Cₓ for one example: output `a` and desired output `y` (same length).
    fn value(&self, a: &[f32], y: &[f32]) -> f32;

    /// Writes δᴸ = ∂Cₓ/∂zᴸ into `delta`, element-wise over any number of examples.
    ///
    /// Given `a` = σ(zᴸ) rather than zᴸ: for the sigmoid, σ′(z) = σ(z)(1 − σ(z)) = a(1 − a),
    /// so nothing needs σ or exp again.
    fn delta(&self, a: &[f32], y: &[f32], delta: &mut [f32]);
}

/// The quadratic cost, eq. (6): C = 1/2n Σₓ ‖y(x) − a‖², so Cₓ = ½‖y − a‖².
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quadratic;

impl Cost for Quadratic {
    fn value(&self, a: &[f32], y: &[f32]) -> f32 {
        0.5 * a
            .iter()
            .zip(y)
            .map(|(&a, &y)| (y - a) * (y - a))
            .sum::<f32>()
    }

    fn delta(&self, a: &[f32], y: &[f32], delta: &mut [f32]) {
        // ∇ₐCₓ = a − y, times σ′(zᴸ) computed from a = σ(zᴸ).
        for ((d, &a), &y) in delta.iter_mut().zip(a).zip(y) {
            *d = (a - y) * sigmoid_prime_from_output(a);
        }
    }
}

/// Which cost a network is trained with; saved in the model file's header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CostKind {
    /// [`Quadratic`], eq. (6).
    #[default]
    Quadratic,
}

impl CostKind {
    /// The cost itself.
    pub fn cost(self) -> &'static dyn Cost {
        match self {
            CostKind::Quadratic => &Quadratic,
        }
    }

    /// A short lowercase name (`"quadratic"`).
    pub fn name(self) -> &'static str {
        match self {
            CostKind::Quadratic => "quadratic",
        }
    }

    /// The code stored in model files.
    pub(crate) fn code(self) -> u32 {
        match self {
            CostKind::Quadratic => 0,
        }
    }

    /// The cost for a code stored in a model file.
    pub(crate) fn from_code(code: u32) -> Option<Self> {
        match code {
            0 => Some(CostKind::Quadratic),
            _ => None,
        }
    }
}

impl std::fmt::Display for CostKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sigmoid, sigmoid_prime};

    #[test]
    fn quadratic_value_and_delta() {
        assert_eq!(
            Quadratic.value(&[0.5, 1.0], &[1.0, 0.0]),
            0.5 * (0.25 + 1.0)
        );
        let z = [-2.0f32, 0.3, 4.0];
        let a: Vec<f32> = z.iter().map(|&z| sigmoid(z)).collect();
        let y = [0.0, 1.0, 0.0];
        let mut d = [0.0; 3];
        Quadratic.delta(&a, &y, &mut d);
        for i in 0..3 {
            assert_eq!(d[i], (a[i] - y[i]) * sigmoid_prime(z[i]));
        }
    }
}
