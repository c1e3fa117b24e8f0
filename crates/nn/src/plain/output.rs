//! The output layer (Chapter 3, "Softmax"): sigmoid neurons as in Chapter 1,
//! or a softmax layer, whose outputs are positive and sum to 1, eq. (78).

use serde::{Deserialize, Serialize};

use crate::sigmoid::sigmoid_rows_with_bias;

/// What the output neurons compute from their weighted inputs zᴸ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum OutputLayer {
    /// aᴸⱼ = σ(zᴸⱼ), each neuron on its own.
    #[default]
    Sigmoid,
    /// aᴸⱼ = e^zᴸⱼ / Σₖ e^zᴸₖ, eq. (78): a probability distribution over the classes.
    Softmax,
}

impl OutputLayer {
    /// aᴸ from zᴸ + b for every row of `z` (rows of `b.len()` values), in place.
    pub(crate) fn apply_rows_with_bias(self, z: &mut [f32], b: &[f32]) {
        match self {
            OutputLayer::Sigmoid => sigmoid_rows_with_bias(z, b),
            OutputLayer::Softmax => {
                for row in z.chunks_exact_mut(b.len()) {
                    for (z, &b) in row.iter_mut().zip(b) {
                        *z += b;
                    }
                    softmax(row);
                }
            }
        }
    }

    /// A short lowercase name (`"sigmoid"`, `"softmax"`).
    pub fn name(self) -> &'static str {
        match self {
            OutputLayer::Sigmoid => "sigmoid",
            OutputLayer::Softmax => "softmax",
        }
    }

    /// The code stored in model files.
    pub(crate) fn code(self) -> u32 {
        match self {
            OutputLayer::Sigmoid => 0,
            OutputLayer::Softmax => 1,
        }
    }

    /// The output layer for a code stored in a model file.
    pub(crate) fn from_code(code: u32) -> Option<Self> {
        [OutputLayer::Sigmoid, OutputLayer::Softmax]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

/// Eq. (78) in place: z ← e^zⱼ / Σₖ e^zₖ. The largest z is subtracted first
/// (which does not change the result), so no e^z overflows.
pub fn softmax(z: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for z in z.iter_mut() {
        *z = (*z - max).exp();
        sum += *z;
    }
    for z in z.iter_mut() {
        *z /= sum;
    }
}

impl std::fmt::Display for OutputLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_sums_to_one_and_does_not_overflow() {
        for z in [
            [1.0f32, 2.0, 3.0],
            [1000.0, 1001.0, -1000.0],
            [-1e30, 0.0, 1e30],
        ] {
            let mut a = z;
            softmax(&mut a);
            assert!(a.iter().all(|a| a.is_finite() && *a >= 0.0), "{a:?}");
            assert!((a.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{a:?}");
        }
        let mut a = [1000.0f32, 1000.0];
        softmax(&mut a);
        assert_eq!(a, [0.5, 0.5]);
    }
}
