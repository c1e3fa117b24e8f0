//! Backpropagation, eqs. (BP1)–(BP4) of Chapter 2, for a whole mini-batch at
//! once: row x of Aˡ is aˡ for example x, row x of Δˡ is its error δˡ.

use nndl_linalg::{col_sums, matmul_into, Matrix};

use super::dropout::Masks;
use super::{rows_of, rows_of_mut};
use crate::data::one_hot_rows;
use crate::{Data, Error, Network};

/// Σₓ ∂Cₓ/∂w and Σₓ ∂Cₓ/∂b over a batch, shaped like the network's parameters
/// (the book's `nabla_w` and `nabla_b`).
#[derive(Clone, Debug, PartialEq)]
pub struct Gradient {
    /// Σₓ ∂Cₓ/∂Wˡ, one matrix per weight matrix.
    pub weights: Vec<Matrix>,
    /// Σₓ ∂Cₓ/∂bˡ, one vector per bias vector.
    pub biases: Vec<Vec<f32>>,
}

impl Network {
    /// Backpropagation: the gradient of the cost summed over the examples of
    /// `batch`, Σₓ ∂Cₓ/∂w and Σₓ ∂Cₓ/∂b, for all the examples at once (the
    /// book's `backprop`, eqs. (BP1)–(BP4)).
    ///
    /// # Errors
    /// If the data does not fit the network (input size, labels).
    pub fn backprop(&self, batch: Data<'_>) -> Result<Gradient, Error> {
        batch.check_fits(self.input_size(), self.output_size())?;
        Ok(self.backprop_masked(batch, None))
    }

    /// [`Network::backprop`] on checked data, with the hidden neurons `masks`
    /// drops dropped: the gradient of the thinned network dropout trains.
    pub(crate) fn backprop_masked(&self, batch: Data<'_>, masks: Option<&Masks<'_>>) -> Gradient {
        let (activations, deltas) = self.forward_backward(batch, masks);
        let mut nabla_w = Vec::new();
        let mut nabla_b = Vec::new();
        for (l, w) in self.weights.iter().enumerate() {
            let a_prev = if l == 0 {
                batch.inputs
            } else {
                &activations[l - 1]
            };
            let delta = rows_of(&deltas[l], w.rows());
            // BP3: ∂C/∂bˡⱼ = δˡⱼ, summed over the examples.
            let mut b = vec![0.0; w.rows()];
            col_sums(delta, &mut b);
            // BP4: ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ, summed over the examples: Δˡᵀ·Aˡ⁻¹.
            let mut g = Matrix::zeros(w.rows(), w.cols());
            matmul_into(1.0, delta.t(), rows_of(a_prev, w.cols()), 0.0, g.view_mut());
            nabla_b.push(b);
            nabla_w.push(g);
        }
        Gradient {
            weights: nabla_w,
            biases: nabla_b,
        }
    }

    /// Feedforward and BP1–BP2 for the examples of `batch` (already checked):
    /// every layer's activations Aˡ and errors Δˡ, l = 1..L, with the hidden
    /// neurons that `masks` drops, if any, dropped.
    pub(crate) fn forward_backward(
        &self,
        batch: Data<'_>,
        masks: Option<&Masks<'_>>,
    ) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
        let m = batch.len();
        let y = one_hot_rows(batch.labels, self.output_size());
        let mut activations = self.layer_buffers(m);
        self.feedforward_keeping(batch.inputs, m, &mut activations, masks);
        let mut deltas = self.layer_buffers(m);
        self.errors(&activations, &y, m, &mut deltas, masks);
        (activations, deltas)
    }

    /// The error δˡ = ∂Cₓ/∂zˡ of every layer for `rows` examples, into `deltas`,
    /// from their activations `acts` (as [`Network::feedforward_keeping`] leaves
    /// them, with the same `masks`) and desired outputs `y` (`rows × output_size`).
    pub(crate) fn errors(
        &self,
        acts: &[Vec<f32>],
        y: &[f32],
        rows: usize,
        deltas: &mut [Vec<f32>],
        masks: Option<&Masks<'_>>,
    ) {
        let last = self.weights.len() - 1;
        let n = self.output_size();
        // BP1: δᴸ = ∇ₐC ⊙ σ′(zᴸ), as the cost defines it (aᴸ − y for the
        // cross-entropy, eq. (66), and for softmax with the log-likelihood, eq. (84)).
        let output = &acts[last][..rows * n];
        self.cost
            .cost()
            .delta(output, y, &mut deltas[last][..rows * n]);
        for l in (0..last).rev() {
            let w = &self.weights[l + 1];
            let (lower, upper) = deltas.split_at_mut(l + 1);
            let delta = &mut lower[l][..rows * w.cols()];
            // BP2: δˡ = ((wˡ⁺¹)ᵀδˡ⁺¹) ⊙ σ′(zˡ); for all rows, Δˡ = (Δˡ⁺¹·Wˡ⁺¹) ⊙ σ′(Zˡ),
            matmul_into(
                1.0,
                rows_of(&upper[0][..rows * w.rows()], w.rows()),
                w.view(),
                0.0,
                rows_of_mut(delta, w.cols()),
            );
            // with σ′(z) from the activations: a(1 − a) for the sigmoid, 1 − a²
            // for tanh, 1 if a > 0 else 0 for ReLU.
            let f = self.activation;
            let a = &acts[l][..rows * w.cols()];
            match masks {
                None => {
                    for (d, &a) in delta.iter_mut().zip(a) {
                        *d *= f.prime_from_output(a);
                    }
                }
                // A dropped neuron passes no error back.
                Some(masks) => masks.back(l, delta, a, w.cols(), |a| f.prime_from_output(a)),
            }
        }
    }
}
