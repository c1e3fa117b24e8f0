//! One step of gradient descent on a mini-batch: eqs. (20)–(21).

use nndl_linalg::{col_sums, matmul_into, MatMut, MatRef};

use super::rows_of;
use crate::{Data, Error, Network};

/// Eqs. (20)–(21) for one layer, or for a block of its neurons: `w` and `b` are
/// their weights and biases, `delta` the m × neurons errors Δ of the mini-batch,
/// `a_prev` the m × inputs activations A feeding them, `scale` = η/m.
/// `nabla_b` (one value per neuron) receives Σₓ ∂Cₓ/∂b.
pub(crate) fn step_layer(
    w: MatMut<'_>,
    b: &mut [f32],
    delta: MatRef<'_>,
    a_prev: MatRef<'_>,
    scale: f32,
    nabla_b: &mut [f32],
) {
    // Eq. (20) with BP4 (∂C/∂wⱼₖ = aₖδⱼ): w → w − (η/m) Σₓ δₓaₓᵀ, for all the
    // rows at once W ← 1·W − (η/m)·Δᵀ·A, one product added straight into W.
    matmul_into(-scale, delta.t(), a_prev, 1.0, w);
    // Eq. (21) with BP3 (∂C/∂bⱼ = δⱼ): b → b − (η/m) Σₓ δₓ.
    col_sums(delta, nabla_b);
    for (b, &nb) in b.iter_mut().zip(nabla_b.iter()) {
        *b -= scale * nb;
    }
}

impl Network {
    /// One step of gradient descent on the mini-batch `batch` (the book's
    /// `update_mini_batch`): eqs. (20)–(21), w → w − (η/m) Σₓ ∂Cₓ/∂w and
    /// b → b − (η/m) Σₓ ∂Cₓ/∂b with m = `batch.len()`, the sums from
    /// backpropagation ([`Network::backprop`]).
    ///
    /// This is the plain path; [`Network::sgd`] takes the same steps, bit for
    /// bit, through [`Network::update_mini_batch_with`].
    ///
    /// # Errors
    /// If the data does not fit the network, `eta` is not finite and positive,
    /// or the batch is empty.
    pub fn update_mini_batch(&mut self, batch: Data<'_>, eta: f32) -> Result<(), Error> {
        self.check_mini_batch(batch, eta)?;
        let (activations, deltas) = self.forward_backward(batch);
        let scale = eta / batch.len() as f32;
        for (l, (w, b)) in self.weights.iter_mut().zip(&mut self.biases).enumerate() {
            let a_prev = if l == 0 {
                batch.inputs
            } else {
                &activations[l - 1]
            };
            let mut nabla_b = vec![0.0; b.len()];
            let (delta, a_prev) = (rows_of(&deltas[l], w.rows()), rows_of(a_prev, w.cols()));
            step_layer(w.view_mut(), b, delta, a_prev, scale, &mut nabla_b);
        }
        Ok(())
    }

    /// Checks a mini-batch and a learning rate before a step.
    pub(crate) fn check_mini_batch(&self, batch: Data<'_>, eta: f32) -> Result<(), Error> {
        batch.check_fits(self.input_size(), self.output_size())?;
        check_eta(eta)?;
        if batch.is_empty() {
            return Err(Error::InvalidData("an empty mini-batch".into()));
        }
        Ok(())
    }
}

/// Checks that the learning rate η is finite and positive.
pub(crate) fn check_eta(eta: f32) -> Result<(), Error> {
    if eta.is_finite() && eta > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidConfig(format!(
            "the learning rate η must be finite and positive, not {eta}"
        )))
    }
}
