//! Cost functions: how far the network's output `a` is from the desired `y`.
//!
//! A cost gives its value for one example and the error δᴸ = ∂Cₓ/∂zᴸ of the
//! output layer, which is where backpropagation starts (eq. (BP1) of Chapter 2).
//! Chapter 1 needs only the quadratic cost; Chapter 3 adds the cross-entropy
//! (for sigmoid outputs) and the log-likelihood (for a softmax output layer).
//! New costs plug in here without touching the training loop.

use crate::plain::output::OutputLayer;
use crate::sigmoid::sigmoid_prime_from_output;
use serde::{Deserialize, Serialize};

/// A cost Cₓ(a, y) for one example, for the output layer it is made for
/// ([`CostKind::output_layer`]).
pub trait Cost: Send + Sync {
    /// Cₓ for one example: output `a` and desired output `y` (same length).
    fn value(&self, a: &[f32], y: &[f32]) -> f32;

    /// Writes δᴸ = ∂Cₓ/∂zᴸ into `delta`, element-wise over any number of examples.
    ///
    /// Given the output `a` rather than zᴸ: for the sigmoid, σ′(z) = σ(z)(1 − σ(z)) = a(1 − a),
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

/// The cross-entropy cost, eq. (63): C = −1/n Σₓ Σⱼ [yⱼ ln aᴸⱼ + (1 − yⱼ) ln(1 − aᴸⱼ)],
/// for sigmoid output neurons. Its δᴸ = aᴸ − y, eqs. (66)–(67): no σ′(zᴸ), so a
/// saturated output neuron still learns fast.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CrossEntropy;

impl Cost for CrossEntropy {
    fn value(&self, a: &[f32], y: &[f32]) -> f32 {
        // Σⱼ ln(1 − aⱼ) over the outputs whose yⱼ = 0 is the logarithm of their
        // product: one ln for all of them instead of one each, which made the
        // cost a tenth of a small network's epoch. The product is kept in f64
        // and folded into the sum before it could underflow.
        let (mut sum, mut product) = (0.0f64, 1.0f64);
        for (&a, &y) in a.iter().zip(y) {
            if y == 0.0 {
                product *= f64::from((1.0 - a).max(f32::MIN_POSITIVE));
                if product < 1e-200 {
                    sum += product.ln();
                    product = 1.0;
                }
            } else {
                sum += f64::from(y_ln_a(y, a) + y_ln_a(1.0 - y, 1.0 - a));
            }
        }
        -((sum + product.ln()) as f32)
    }

    fn delta(&self, a: &[f32], y: &[f32], delta: &mut [f32]) {
        a_minus_y(a, y, delta);
    }
}

/// The log-likelihood cost, eq. (80): Cₓ ≡ −ln aᴸ_y, for a softmax output layer
/// (with y one-hot, −Σⱼ yⱼ ln aᴸⱼ). Its δᴸ = aᴸ − y, eq. (84).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogLikelihood;

impl Cost for LogLikelihood {
    fn value(&self, a: &[f32], y: &[f32]) -> f32 {
        -a.iter().zip(y).map(|(&a, &y)| y_ln_a(y, a)).sum::<f32>()
    }

    fn delta(&self, a: &[f32], y: &[f32], delta: &mut [f32]) {
        a_minus_y(a, y, delta);
    }
}

/// y·ln a, finite for every a in [0, 1]: 0 when y = 0 (the book's `nan_to_num`
/// turns 0·ln 0 = NaN into 0), and ln a no lower than ln of the smallest normal
/// f32 (about −87.3) when a = 0.
fn y_ln_a(y: f32, a: f32) -> f32 {
    if y == 0.0 {
        0.0
    } else {
        y * a.max(f32::MIN_POSITIVE).ln()
    }
}

/// δᴸ = aᴸ − y, the output error of both Chapter 3 costs.
fn a_minus_y(a: &[f32], y: &[f32], delta: &mut [f32]) {
    for ((d, &a), &y) in delta.iter_mut().zip(a).zip(y) {
        *d = a - y;
    }
}

/// Which cost a network is trained with; saved in the model file's header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CostKind {
    /// [`Quadratic`], eq. (6), for sigmoid outputs.
    #[default]
    Quadratic,
    /// [`CrossEntropy`], eq. (63), for sigmoid outputs.
    CrossEntropy,
    /// [`LogLikelihood`], eq. (80), for a softmax output layer.
    LogLikelihood,
}

impl CostKind {
    /// The cost itself.
    pub fn cost(self) -> &'static dyn Cost {
        match self {
            CostKind::Quadratic => &Quadratic,
            CostKind::CrossEntropy => &CrossEntropy,
            CostKind::LogLikelihood => &LogLikelihood,
        }
    }

    /// The output layer this cost's δᴸ is computed for: the quadratic and
    /// cross-entropy costs take sigmoid outputs, the log-likelihood a softmax layer
    /// (the pairs of Chapter 3; its δᴸ = aᴸ − y holds only for them).
    pub fn output_layer(self) -> OutputLayer {
        match self {
            CostKind::Quadratic | CostKind::CrossEntropy => OutputLayer::Sigmoid,
            CostKind::LogLikelihood => OutputLayer::Softmax,
        }
    }

    /// Every cost, Chapter 1's first.
    pub const ALL: [CostKind; 3] = [
        CostKind::Quadratic,
        CostKind::CrossEntropy,
        CostKind::LogLikelihood,
    ];

    /// A short lowercase name (`"quadratic"`, `"cross-entropy"`, `"log-likelihood"`).
    pub fn name(self) -> &'static str {
        match self {
            CostKind::Quadratic => "quadratic",
            CostKind::CrossEntropy => "cross-entropy",
            CostKind::LogLikelihood => "log-likelihood",
        }
    }

    /// The code stored in model files.
    pub(crate) fn code(self) -> u32 {
        match self {
            CostKind::Quadratic => 0,
            CostKind::CrossEntropy => 1,
            CostKind::LogLikelihood => 2,
        }
    }

    /// The cost for a code stored in a model file.
    pub(crate) fn from_code(code: u32) -> Option<Self> {
        match code {
            0 => Some(CostKind::Quadratic),
            1 => Some(CostKind::CrossEntropy),
            2 => Some(CostKind::LogLikelihood),
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
    /// Eq. (63) term by term, one ln per output.
    fn cross_entropy_by_terms(a: &[f32], y: &[f32]) -> f64 {
        -a.iter()
            .zip(y)
            .map(|(&a, &y)| f64::from(y_ln_a(y, a) + y_ln_a(1.0 - y, 1.0 - a)))
            .sum::<f64>()
    }

    #[test]
    fn the_cross_entropy_by_one_product_is_eq_63_term_by_term() {
        let mut cases: Vec<(Vec<f32>, Vec<f32>)> = Vec::new();
        for k in 0..50u32 {
            let a: Vec<f32> = (0..10)
                .map(|j| ((k * 7 + j * 13) % 97) as f32 / 96.0)
                .collect();
            let mut y = vec![0.0; 10];
            y[(k % 10) as usize] = 1.0;
            cases.push((a, y));
        }
        // Saturated outputs: 1 − a = 0 for every wrong digit, and a = 0 for the right one.
        let mut y = vec![0.0; 10];
        y[3] = 1.0;
        cases.push((vec![1.0; 10], y.clone()));
        let mut a = vec![1.0; 10];
        a[3] = 0.0;
        cases.push((a, y));
        for (a, y) in cases {
            let want = cross_entropy_by_terms(&a, &y);
            let got = f64::from(CrossEntropy.value(&a, &y));
            assert!(
                (got - want).abs() <= 1e-5 * want.abs().max(1.0),
                "{got} vs {want}"
            );
        }
    }

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

    #[test]
    fn chapter3_costs_are_finite_at_0_and_1() {
        for a in [[0.0f32, 1.0], [1.0, 0.0], [0.5, 0.5]] {
            for y in [[1.0f32, 0.0], [0.0, 1.0]] {
                assert!(CrossEntropy.value(&a, &y).is_finite(), "{a:?} {y:?}");
                assert!(LogLikelihood.value(&a, &y).is_finite(), "{a:?} {y:?}");
            }
        }
        assert_eq!(CrossEntropy.value(&[1.0, 0.0], &[1.0, 0.0]), 0.0);
        let c = CrossEntropy.value(&[0.25], &[1.0]);
        assert!((c + 0.25f32.ln()).abs() < 1e-6);
        assert!((LogLikelihood.value(&[0.2, 0.8], &[0.0, 1.0]) + 0.8f32.ln()).abs() < 1e-6);
        let mut d = [0.0; 2];
        CrossEntropy.delta(&[0.25, 0.5], &[1.0, 0.0], &mut d);
        assert_eq!(d, [-0.75, 0.5]);
    }
}
