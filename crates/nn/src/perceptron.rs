//! The perceptron: a unit that weighs binary evidence and fires when the weighted
//! sum clears a threshold (eqs. (1), (2)).

/// A perceptron with real weights and a bias, taking binary inputs and giving a binary output.
///
/// In the threshold form of eq. (1) a perceptron fires when Σⱼ wⱼxⱼ > threshold. Moving the
/// threshold to the other side as the bias b ≡ −threshold gives eq. (2), the form stored here:
/// the output is 1 if w·x + b > 0 and 0 otherwise.
///
/// ```
/// use nndl_nn::Perceptron;
///
/// let nand = Perceptron::nand();
/// assert_eq!(nand.output(&[1, 1]), 0);
/// assert_eq!(nand.output(&[0, 1]), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Perceptron {
    /// One weight wⱼ per input xⱼ: how much that piece of evidence counts.
    pub weights: Vec<f32>,
    /// The bias b = −threshold: how easy it is to get the perceptron to fire.
    pub bias: f32,
}

impl Perceptron {
    /// A perceptron in the form of eq. (2), with weights w and bias b.
    pub fn new(weights: Vec<f32>, bias: f32) -> Self {
        Self { weights, bias }
    }

    /// A perceptron in the threshold form of eq. (1): it fires when Σⱼ wⱼxⱼ > `threshold`.
    ///
    /// Stored as eq. (2) with bias b = −threshold.
    pub fn from_threshold(weights: Vec<f32>, threshold: f32) -> Self {
        Self::new(weights, -threshold)
    }

    /// The threshold of eq. (1), −b.
    pub fn threshold(&self) -> f32 {
        -self.bias
    }

    /// The chapter's NAND gate: weights (−2, −2) and bias 3.
    ///
    /// Inputs 00, 01 and 10 give w·x + b = 3, 1, 1 > 0, so output 1; input 11 gives
    /// −2 − 2 + 3 = −1, so output 0. Because NAND is universal for computation, so are
    /// perceptrons.
    pub fn nand() -> Self {
        Self::new(vec![-2.0, -2.0], 3.0)
    }

    /// The chapter's cheese-festival decision with the given threshold.
    ///
    /// Inputs: x₁ = 1 if the weather is good, x₂ = 1 if your boyfriend or girlfriend wants
    /// to go along, x₃ = 1 if the festival is near public transit. The weights are (6, 2, 2):
    /// the weather matters most. With threshold 5 you go exactly when the weather is good;
    /// with threshold 3 you go when the weather is good, or when both other conditions hold.
    pub fn cheese_festival(threshold: f32) -> Self {
        Self::from_threshold(vec![6.0, 2.0, 2.0], threshold)
    }

    /// Number of inputs the perceptron expects.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the perceptron takes no inputs at all (its output is then fixed by the bias).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The weighted input w·x + b of eq. (2).
    ///
    /// # Panics
    /// If `x` does not have one entry per weight.
    pub fn weighted_input(&self, x: &[u8]) -> f32 {
        assert_eq!(x.len(), self.weights.len(), "one input per weight");
        dot_plus_bias(&self.weights, x.iter().map(|&xj| f32::from(xj)), self.bias)
    }

    /// The output of eq. (2): 1 if w·x + b > 0, else 0.
    ///
    /// Inputs are bits; any nonzero byte counts as its numeric value, so pass 0 or 1.
    ///
    /// # Panics
    /// If `x` does not have one entry per weight.
    pub fn output(&self, x: &[u8]) -> u8 {
        step(self.weighted_input(x))
    }
}

/// The perceptron's activation: 1 if z > 0, else 0 (eq. (2)). Zero itself gives 0.
#[inline]
pub fn step(z: f32) -> u8 {
    u8::from(z > 0.0)
}

/// w·x + b, summed left to right so that every caller rounds the same way.
#[inline]
pub(crate) fn dot_plus_bias(w: &[f32], x: impl IntoIterator<Item = f32>, b: f32) -> f32 {
    w.iter().zip(x).fold(0.0, |acc, (wj, xj)| acc + wj * xj) + b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_form_and_bias_form_agree() {
        let p = Perceptron::from_threshold(vec![1.0, 1.0], 1.5);
        assert_eq!(p.bias, -1.5);
        assert_eq!(p.threshold(), 1.5);
        assert_eq!(p.output(&[1, 1]), 1);
        assert_eq!(p.output(&[1, 0]), 0);
    }

    #[test]
    fn exactly_at_the_threshold_does_not_fire() {
        // Eq. (1) uses "≤ threshold → 0".
        let p = Perceptron::from_threshold(vec![2.0, 3.0], 5.0);
        assert_eq!(p.weighted_input(&[1, 1]), 0.0);
        assert_eq!(p.output(&[1, 1]), 0);
        assert_eq!(step(0.0), 0);
        assert_eq!(step(-0.0), 0);
        assert_eq!(step(f32::MIN_POSITIVE), 1);
    }

    #[test]
    #[should_panic(expected = "one input per weight")]
    fn wrong_number_of_inputs_is_a_bug() {
        Perceptron::nand().output(&[1]);
    }
}
