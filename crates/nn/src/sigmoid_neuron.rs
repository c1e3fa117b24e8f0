//! The sigmoid neuron: a perceptron smoothed so that small changes in weights and bias
//! make small changes in the output (eqs. (3)–(5)).

use crate::perceptron::{dot_plus_bias, Perceptron};
use crate::sigmoid::{sigmoid, sigmoid_prime};

/// A sigmoid neuron with weights w and bias b; inputs and output are reals in [0, 1].
///
/// Its output is σ(w·x + b) = 1 / (1 + exp(−Σⱼ wⱼxⱼ − b)), eq. (4), using [`sigmoid`].
///
/// ```
/// use nndl_nn::SigmoidNeuron;
///
/// let n = SigmoidNeuron::new(vec![-2.0, -2.0], 3.0);
/// assert!((n.output(&[1.0, 1.0]) - 0.2689).abs() < 1e-4); // σ(−1)
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SigmoidNeuron {
    /// One weight per input.
    pub weights: Vec<f32>,
    /// The bias.
    pub bias: f32,
}

impl SigmoidNeuron {
    /// A sigmoid neuron with weights w and bias b.
    pub fn new(weights: Vec<f32>, bias: f32) -> Self {
        Self { weights, bias }
    }

    /// The sigmoid neuron with the same weights and bias as `perceptron`, both multiplied by `c`.
    ///
    /// As c → ∞ its output tends to the perceptron's wherever w·x + b ≠ 0.
    pub fn from_perceptron(perceptron: &Perceptron, c: f32) -> Self {
        Self::new(
            perceptron.weights.iter().map(|w| c * w).collect(),
            c * perceptron.bias,
        )
    }

    /// The weighted input z = w·x + b.
    ///
    /// # Panics
    /// If `x` does not have one entry per weight.
    pub fn weighted_input(&self, x: &[f32]) -> f32 {
        assert_eq!(x.len(), self.weights.len(), "one input per weight");
        dot_plus_bias(&self.weights, x.iter().copied(), self.bias)
    }

    /// The output σ(w·x + b), eq. (4).
    ///
    /// # Panics
    /// If `x` does not have one entry per weight.
    pub fn output(&self, x: &[f32]) -> f32 {
        sigmoid(self.weighted_input(x))
    }

    /// The partial derivatives of the output: ∂output/∂wⱼ = σ′(z)xⱼ and ∂output/∂b = σ′(z).
    ///
    /// Returns (∂output/∂w, ∂output/∂b).
    pub fn gradient(&self, x: &[f32]) -> (Vec<f32>, f32) {
        let s = sigmoid_prime(self.weighted_input(x));
        (x.iter().map(|xj| s * xj).collect(), s)
    }

    /// The first-order estimate of eq. (5) of how the output changes when the weights change by
    /// `dw` and the bias by `db`: Δoutput ≈ Σⱼ ∂output/∂wⱼ Δwⱼ + ∂output/∂b Δb.
    ///
    /// The output is a linear function of the changes to this order; the error of the estimate
    /// is of second order in the size of the change.
    ///
    /// # Panics
    /// If `x` or `dw` does not have one entry per weight.
    pub fn linear_change(&self, x: &[f32], dw: &[f32], db: f32) -> f32 {
        assert_eq!(dw.len(), self.weights.len(), "one change per weight");
        let (grad_w, grad_b) = self.gradient(x);
        dot_plus_bias(&grad_w, dw.iter().copied(), grad_b * db)
    }

    /// The same neuron with its weights changed by `dw` and its bias by `db`.
    ///
    /// # Panics
    /// If `dw` does not have one entry per weight.
    pub fn nudged(&self, dw: &[f32], db: f32) -> Self {
        assert_eq!(dw.len(), self.weights.len(), "one change per weight");
        Self::new(
            self.weights.iter().zip(dw).map(|(w, d)| w + d).collect(),
            self.bias + db,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_eq_4() {
        let n = SigmoidNeuron::new(vec![0.5, -1.0, 2.0], -0.25);
        let x = [0.2f32, 0.9, 0.4];
        let z: f64 = 0.5 * 0.2 - 0.9 + 2.0 * 0.4 - 0.25;
        let want = 1.0 / (1.0 + (-z).exp());
        assert!((f64::from(n.output(&x)) - want).abs() < 1e-6);
    }

    #[test]
    fn large_weighted_inputs_saturate_without_nan() {
        let n = SigmoidNeuron::new(vec![1000.0], 0.0);
        assert_eq!(n.output(&[1.0]), 1.0);
        let n = SigmoidNeuron::new(vec![-1000.0], 0.0);
        assert_eq!(n.output(&[1.0]), 0.0);
        assert_eq!(n.gradient(&[1.0]), (vec![0.0], 0.0));
    }

    #[test]
    fn from_perceptron_scales_weights_and_bias() {
        let n = SigmoidNeuron::from_perceptron(&Perceptron::nand(), 10.0);
        assert_eq!(n, SigmoidNeuron::new(vec![-20.0, -20.0], 30.0));
    }
}
