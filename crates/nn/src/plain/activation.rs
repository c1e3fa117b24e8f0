//! The neurons of the hidden layers (Chapter 3, "Other models of artificial
//! neuron"): sigmoid as in Chapter 1, tanh, or rectified linear. Each gives its
//! output a = f(z) in the forward pass, eq. (22) with f in place of σ, and its
//! derivative f′(z) from that output, as BP2 uses it.

use serde::{Deserialize, Serialize};

use crate::sigmoid::{sigmoid_prime_from_output, sigmoid_rows_with_bias};

/// The activation function f of the hidden neurons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Activation {
    /// σ(z) = 1/(1 + e^−z), eq. (3); σ′ = a(1 − a).
    #[default]
    Sigmoid,
    /// tanh(z) = (e^z − e^−z)/(e^z + e^−z), eqs. (109)–(110); tanh′ = 1 − a².
    Tanh,
    /// The rectified linear unit max(0, z), eq. (112) (max(0, w·x + b)); its derivative is 1 when a > 0, else 0.
    Relu,
}

impl Activation {
    /// a = f(z + b) for every row of `z` (rows of `b.len()` values), in place.
    pub(crate) fn apply_rows_with_bias(self, z: &mut [f32], b: &[f32]) {
        match self {
            Activation::Sigmoid => sigmoid_rows_with_bias(z, b),
            Activation::Tanh => for_rows_with_bias(z, b, f32::tanh),
            Activation::Relu => for_rows_with_bias(z, b, |z| z.max(0.0)),
        }
    }

    /// f′(z) from the output a = f(z).
    #[inline]
    pub(crate) fn prime_from_output(self, a: f32) -> f32 {
        match self {
            Activation::Sigmoid => sigmoid_prime_from_output(a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// Every activation, Chapter 1's first.
    pub const ALL: [Activation; 3] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu];

    /// A short lowercase name (`"sigmoid"`, `"tanh"`, `"relu"`).
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
        }
    }

    /// The code stored in model files.
    pub(crate) fn code(self) -> u32 {
        match self {
            Activation::Sigmoid => 0,
            Activation::Tanh => 1,
            Activation::Relu => 2,
        }
    }

    /// The activation for a code stored in a model file.
    pub(crate) fn from_code(code: u32) -> Option<Self> {
        [Activation::Sigmoid, Activation::Tanh, Activation::Relu]
            .into_iter()
            .find(|a| a.code() == code)
    }
}

/// z ← f(z + b) element by element, row by row.
fn for_rows_with_bias(z: &mut [f32], b: &[f32], f: impl Fn(f32) -> f32) {
    for row in z.chunks_exact_mut(b.len()) {
        for (z, &b) in row.iter_mut().zip(b) {
            *z = f(*z + b);
        }
    }
}

impl std::fmt::Display for Activation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_from_the_output() {
        for z in [-3.0f32, -0.5, 0.2, 2.5] {
            let mut a = [z];
            Activation::Tanh.apply_rows_with_bias(&mut a, &[0.0]);
            let h = 1e-3f64;
            let zd = f64::from(z);
            let numeric = ((zd + h).tanh() - (zd - h).tanh()) / (2.0 * h);
            assert!((f64::from(Activation::Tanh.prime_from_output(a[0])) - numeric).abs() < 1e-4);
            let mut r = [z];
            Activation::Relu.apply_rows_with_bias(&mut r, &[0.0]);
            assert_eq!(r[0], z.max(0.0));
            assert_eq!(
                Activation::Relu.prime_from_output(r[0]),
                if z > 0.0 { 1.0 } else { 0.0 }
            );
        }
    }
}
