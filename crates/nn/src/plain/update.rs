//! One step of gradient descent on a mini-batch: eqs. (20)–(21), and with
//! Chapter 3's regularisation, eqs. (93) (L2) and (97) (L1), and momentum.

use nndl_linalg::{col_sums, matmul_into, MatMut, MatRef};

use super::dropout::Masks;
use super::momentum::Velocity;
use super::rows_of;
use crate::{Data, Error, Network};

/// Regularisation (Chapter 3, "Regularization"): a term added to the cost that
/// keeps the weights small. Biases are not regularised, as in the book.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Regularization {
    /// None: the cost as it is (Chapters 1–2).
    #[default]
    None,
    /// L2, eq. (85): C = C₀ + λ/2n Σ_w w²; weight decay, eq. (93).
    L2 {
        /// λ ≥ 0.
        lambda: f32,
    },
    /// L1, eq. (95): C = C₀ + λ/n Σ_w |w|; eq. (97).
    L1 {
        /// λ ≥ 0.
        lambda: f32,
    },
}

impl Regularization {
    /// What it does to the weights in one step with learning rate η on a
    /// training set of `n` examples.
    pub(crate) fn shrink(self, eta: f32, n: usize) -> Shrink {
        match self {
            Regularization::None => Shrink::None,
            // Eqs. (93) and (97): both move w by ηλ/n (times w, or sgn(w)).
            Regularization::L2 { lambda } => Shrink::L2(eta * lambda / n as f32),
            Regularization::L1 { lambda } => Shrink::L1(eta * lambda / n as f32),
        }
    }

    /// Checks that λ is finite and not negative.
    pub(crate) fn check(self) -> Result<(), Error> {
        match self {
            Regularization::L2 { lambda } | Regularization::L1 { lambda }
                if !(lambda.is_finite() && lambda >= 0.0) =>
            {
                Err(Error::InvalidConfig(format!(
                    "the regularisation parameter λ must be finite and not negative, not {lambda}"
                )))
            }
            _ => Ok(()),
        }
    }
}

/// How regularisation moves the weights in one step, before the gradient's part.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Shrink {
    /// Not at all.
    None,
    /// w → (1 − ηλ/n)·w: the amount ηλ/n.
    L2(f32),
    /// w → w − (ηλ/n)·sgn(w): the amount ηλ/n.
    L1(f32),
}

/// Eqs. (20)–(21) for one layer, or for a block of its neurons: `w` and `b` are
/// their weights and biases, `delta` the m × neurons errors Δ of the mini-batch,
/// `a_prev` the m × inputs activations A feeding them, `scale` = η/m, `shrink`
/// the regularisation's part, `momentum` the velocities and μ when there is
/// momentum. `nabla_b` (one value per neuron) receives Σₓ ∂Cₓ/∂b.
#[allow(clippy::too_many_arguments)]
pub(crate) fn step_layer(
    mut w: MatMut<'_>,
    b: &mut [f32],
    delta: MatRef<'_>,
    a_prev: MatRef<'_>,
    scale: f32,
    shrink: Shrink,
    momentum: Option<Momentum<'_>>,
    nabla_b: &mut [f32],
) {
    col_sums(delta, nabla_b);
    if let Some(mut v) = momentum {
        // Momentum: v → μv − (η/m) Σₓ δₓaₓᵀ (with BP4), one product added into μ·V,
        matmul_into(-scale, delta.t(), a_prev, v.mu, v.w.rb_mut());
        // then the regularisation's part and w → w + v.
        return momentum_step(w, b, v, shrink, scale, nabla_b);
    }
    let decay = match shrink {
        // Eq. (93), L2: w → (1 − ηλ/n)·w − (η/m) Σₓ ∂Cₓ/∂w, the factor as the product's β.
        Shrink::L2(by) => 1.0 - by,
        // Eq. (97), L1: w → w − (ηλ/n)·sgn(w) − (η/m) Σₓ ∂Cₓ/∂w, with sgn(0) = 0.
        Shrink::L1(by) => {
            for i in 0..w.rows() {
                for w in w.row_mut(i) {
                    *w -= by * sgn(*w);
                }
            }
            1.0
        }
        Shrink::None => 1.0,
    };
    // Eq. (20) with BP4 (∂C/∂wⱼₖ = aₖδⱼ): w → w − (η/m) Σₓ δₓaₓᵀ, for all the
    // rows at once W ← 1·W − (η/m)·Δᵀ·A, one product added straight into W.
    matmul_into(-scale, delta.t(), a_prev, decay, w);
    // Eq. (21) with BP3 (∂C/∂bⱼ = δⱼ): b → b − (η/m) Σₓ δₓ.
    for (b, &nb) in b.iter_mut().zip(nabla_b.iter()) {
        *b -= scale * nb;
    }
}

/// The velocities of a layer's (or a block's) weights and biases, and μ.
pub(crate) struct Momentum<'a> {
    pub(crate) mu: f32,
    pub(crate) w: MatMut<'a>,
    pub(crate) b: &'a mut [f32],
}

/// The rest of [`step_layer`] with momentum ("Momentum-based gradient descent"),
/// v → v′ = μv − η∇C, w → w′ = w + v′, once `v.w` holds μv − (η/m)Σₓ∂Cₓ/∂w:
/// the regularisation's part of v′, w → w + v′, and the same for the biases.
fn momentum_step(
    mut w: MatMut<'_>,
    b: &mut [f32],
    mut v: Momentum<'_>,
    shrink: Shrink,
    scale: f32,
    nabla_b: &[f32],
) {
    for i in 0..w.rows() {
        for (w, v) in w.row_mut(i).iter_mut().zip(v.w.row_mut(i)) {
            // The regularisation's part of η∇C: (ηλ/n)·w for L2, (ηλ/n)·sgn(w) for L1.
            *v -= match shrink {
                Shrink::L2(by) => by * *w,
                Shrink::L1(by) => by * sgn(*w),
                Shrink::None => 0.0,
            };
            // w → w + v′.
            *w += *v;
        }
    }
    // The same for the biases (with BP3), never regularised.
    for ((b, vb), &nb) in b.iter_mut().zip(v.b.iter_mut()).zip(nabla_b) {
        *vb = v.mu * *vb - scale * nb;
        *b += *vb;
    }
}

/// The sign of w: −1, 0 or 1 (the book takes sgn(0) = 0, so L1 leaves a zero weight alone).
fn sgn(w: f32) -> f32 {
    if w == 0.0 {
        0.0
    } else {
        w.signum()
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
        self.update_mini_batch_regularized(batch, eta, Regularization::None, 1)
    }

    /// [`Network::update_mini_batch`] with regularisation `reg` for a training
    /// set of `n` examples: eq. (93) for L2, eq. (97) for L1.
    ///
    /// # Errors
    /// As [`Network::update_mini_batch`], and if λ is negative or not finite or `n` is 0.
    pub fn update_mini_batch_regularized(
        &mut self,
        batch: Data<'_>,
        eta: f32,
        reg: Regularization,
        n: usize,
    ) -> Result<(), Error> {
        self.check_mini_batch(batch, eta)?;
        reg.check()?;
        if n == 0 {
            return Err(Error::InvalidData("a training set of 0 examples".into()));
        }
        self.step_plain(batch, eta, reg.shrink(eta, n), None, None);
        Ok(())
    }

    /// One step on a checked mini-batch, with regularisation `shrink` and, when
    /// given, momentum μ with the velocities `velocity` and dropout by `masks`.
    pub(crate) fn step_plain(
        &mut self,
        batch: Data<'_>,
        eta: f32,
        shrink: Shrink,
        mut velocity: Option<(&mut Velocity, f32)>,
        masks: Option<&Masks<'_>>,
    ) {
        let (activations, deltas) = self.forward_backward(batch, masks);
        let scale = eta / batch.len() as f32;
        for (l, (w, b)) in self.weights.iter_mut().zip(&mut self.biases).enumerate() {
            let a_prev = if l == 0 {
                batch.inputs
            } else {
                &activations[l - 1]
            };
            let mut nabla_b = vec![0.0; b.len()];
            let (delta, a_prev) = (rows_of(&deltas[l], w.rows()), rows_of(a_prev, w.cols()));
            let momentum = velocity.as_mut().map(|(v, mu)| Momentum {
                mu: *mu,
                w: v.weights[l].view_mut(),
                b: &mut v.biases[l],
            });
            step_layer(
                w.view_mut(),
                b,
                delta,
                a_prev,
                scale,
                shrink,
                momentum,
                &mut nabla_b,
            );
        }
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
