//! The plain path: the book's `network.py`, in the matrix form Chapter 2
//! suggests (every row of a matrix is one example, so one matrix product serves
//! a whole mini-batch). Short functions, each equation beside the line that
//! computes it:
//!
//! | equation | file | function |
//! |----------|------|----------|
//! | (22) a′ = σ(wa + b) | `feedforward.rs` | `layer`, used by [`Network::feedforward`](crate::Network::feedforward) and [`Network::feedforward_plain`](crate::Network::feedforward_plain) |
//! | BP1 δᴸ = ∇ₐC ⊙ σ′(zᴸ) | `backprop.rs` | `Network::errors` (with [`Cost::delta`](crate::Cost::delta)) |
//! | BP2 δˡ = ((wˡ⁺¹)ᵀδˡ⁺¹) ⊙ σ′(zˡ) | `backprop.rs` | `Network::errors` |
//! | BP3 ∂C/∂bˡⱼ = δˡⱼ | `backprop.rs`, `update.rs` | [`Network::backprop`](crate::Network::backprop), `step_layer` |
//! | BP4 ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ | `backprop.rs`, `update.rs` | [`Network::backprop`](crate::Network::backprop), `step_layer` |
//! | (20) w → w′ = w − (η/m) Σⱼ ∂C_Xⱼ/∂w | `update.rs` | `step_layer`, called by [`Network::update_mini_batch`](crate::Network::update_mini_batch) |
//! | (21) b → b′ = b − (η/m) Σⱼ ∂C_Xⱼ/∂b | `update.rs` | `step_layer` |
//! | (18)–(19) random mini-batches | `sgd.rs` | [`Network::sgd_plain`](crate::Network::sgd_plain) |
//! | (6) C = 1/2n Σₓ ‖y(x) − a‖² | `evaluate.rs` | `score` (with [`Cost::value`](crate::Cost::value)), [`Network::evaluate_plain`](crate::Network::evaluate_plain) |
//! | Chapter 3: (78) softmax | `output.rs` | [`OutputLayer`](crate::OutputLayer), [`softmax`](crate::softmax) |
//! | Chapter 3: tanh (109)–(110), ReLU (112) | `activation.rs` | [`Activation`](crate::Activation), in `layer` and BP2 |
//! | Chapter 3: (93) L2, (97) L1 | `update.rs` | `step_layer`, [`Regularization`](crate::Regularization) |
//! | Chapter 3: momentum, v → μv − η∇C, w → w + v | `update.rs`, `momentum.rs` | `momentum_step`, [`Rules`](crate::Rules) |
//! | Chapter 3: dropout (inverted) | `dropout.rs` | `Masks`, in `feedforward_keeping` and BP2 |
//! | Chapter 3: η schedule, early stopping | `schedule.rs` | [`Schedule`](crate::Schedule), `Watch` |
//!
//! The fast path ([`crate::parallel`]) runs these same functions on pieces of
//! the work, so both give the same weights bit for bit (tested in
//! `crates/nn/tests/plain_vs_parallel.rs`).

pub(crate) mod activation;
pub(crate) mod backprop;
pub(crate) mod dropout;
mod evaluate;
mod feedforward;
pub(crate) mod momentum;
pub(crate) mod output;
pub(crate) mod schedule;
mod sgd;
pub(crate) mod update;

pub(crate) use evaluate::{batch_cost, score};
pub(crate) use feedforward::layer;
pub(crate) use update::step_layer;

use nndl_linalg::{MatMut, MatRef};

/// `data` as a row-major matrix of `cols` columns (as many rows as it holds).
pub(crate) fn rows_of(data: &[f32], cols: usize) -> MatRef<'_> {
    MatRef::new(data, data.len() / cols, cols, cols)
}

/// [`rows_of`], writable.
pub(crate) fn rows_of_mut(data: &mut [f32], cols: usize) -> MatMut<'_> {
    let rows = data.len() / cols;
    MatMut::new(data, rows, cols, cols)
}
