//! The chapter's exercise of an extra layer that turns the ten digit outputs into the digit's
//! 4-bit binary code.

use crate::sigmoid_neuron::SigmoidNeuron;

/// Four sigmoid neurons on top of the ten digit outputs; neuron k gives bit k (worth 2ᵏ) of
/// the digit.
///
/// # The weights and biases
/// Neuron k has weight +10 from digit output d when bit k of d is 1, weight −10 when it is 0,
/// and bias 0. So each neuron votes for 1 with the digits whose code has its bit set and for 0
/// with the others, and the most active digit output wins the vote.
///
/// Why that is enough: suppose digit d's output is at least 0.99 and the other nine are at most
/// 0.01. If bit k of d is 1, neuron k's weighted input is at least 10 · 0.99 (from d) minus
/// 10 · 0.01 for each of at most nine other digits, that is ≥ 9.9 − 0.9 = 9, so its output is
/// ≥ σ(9) ≈ 0.99988. If bit k of d is 0, the same count gives a weighted input ≤ −9 and an output
/// ≤ σ(−9) ≈ 0.00012. The neurons therefore spell d's bits, with a wide margin around ½. The size
/// 10 only sets how sharp the outputs are; any positive weight with bias 0 gives the right bits.
///
/// ```
/// use nndl_nn::BitwiseOutput;
///
/// let layer = BitwiseOutput::new();
/// let mut digits = [0.01f32; 10];
/// digits[6] = 0.99; // 6 = 0b0110
/// let bits = layer.output(&digits).map(|a| u8::from(a > 0.5));
/// assert_eq!(bits, [0, 1, 1, 0]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BitwiseOutput {
    /// Neuron k computes bit k (least significant first).
    pub neurons: [SigmoidNeuron; 4],
}

impl BitwiseOutput {
    /// The weight magnitude from each digit output to each bit neuron.
    pub const WEIGHT: f32 = 10.0;

    /// The layer with the weights and biases explained on [`BitwiseOutput`].
    pub fn new() -> Self {
        let neuron = |k: u32| {
            let weights = (0..10u32)
                .map(|d| {
                    if (d >> k) & 1 == 1 {
                        Self::WEIGHT
                    } else {
                        -Self::WEIGHT
                    }
                })
                .collect();
            SigmoidNeuron::new(weights, 0.0)
        };
        Self {
            neurons: [neuron(0), neuron(1), neuron(2), neuron(3)],
        }
    }

    /// The four bit outputs for the ten digit outputs, bit 0 first.
    pub fn output(&self, digits: &[f32; 10]) -> [f32; 4] {
        self.neurons.each_ref().map(|n| n.output(digits))
    }
}

impl Default for BitwiseOutput {
    fn default() -> Self {
        Self::new()
    }
}

/// The 4-bit binary code of `digit` (0–9), least significant bit first.
///
/// # Panics
/// If `digit` > 9.
pub fn digit_bits(digit: u8) -> [u8; 4] {
    assert!(digit <= 9, "a digit is 0 to 9, not {digit}");
    [0, 1, 2, 3].map(|k| (digit >> k) & 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hot_digits_give_their_binary_code() {
        let layer = BitwiseOutput::new();
        for d in 0..10u8 {
            let mut digits = [0.0f32; 10];
            digits[usize::from(d)] = 1.0;
            let bits = layer.output(&digits).map(|a| u8::from(a > 0.5));
            assert_eq!(bits, digit_bits(d), "digit {d}");
        }
        assert_eq!(digit_bits(9), [1, 0, 0, 1]);
    }
}
