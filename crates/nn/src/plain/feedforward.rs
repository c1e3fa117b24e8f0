//! Eq. (22), a′ = σ(wa + b): the feedforward pass, for one input or for many
//! inputs at once, one per row (then a′ᵀ = σ(aᵀ·wᵀ + bᵀ), one matrix product per layer).
//! Chapter 3 puts other functions in σ's place: tanh or ReLU in the hidden
//! layers ([`Activation`](super::activation::Activation)), softmax, eq. (78), in
//! the output layer ([`OutputLayer`](super::output::OutputLayer)).

use nndl_linalg::{matmul_into, Matrix};

use super::dropout::Masks;
use super::{rows_of, rows_of_mut};
use crate::Network;

/// Eq. (22) for one layer and every row of `a` at once: `out` = σ(a·wᵀ + b),
/// with `activate` (z, b) ↦ σ(z + b) the layer's neurons.
/// `a` holds rows of `w.cols()` values, `out` as many rows of `w.rows()`.
pub(crate) fn layer(
    w: &Matrix,
    b: &[f32],
    a: &[f32],
    out: &mut [f32],
    activate: impl FnOnce(&mut [f32], &[f32]),
) {
    // z = a·wᵀ: each input row against each neuron's row of weights.
    matmul_into(
        1.0,
        rows_of(a, w.cols()),
        w.view().t(),
        0.0,
        rows_of_mut(out, w.rows()),
    );
    // a′ = σ(z + b).
    activate(out, b);
}

impl Network {
    /// The output of the network for input `x`: a′ = σ(wa + b) layer after
    /// layer, eq. (22) (the book's `feedforward`).
    ///
    /// # Panics
    /// If `x.len()` is not the input size (see [`Network::check_input_size`]).
    pub fn feedforward(&self, x: &[f32]) -> Vec<f32> {
        assert_eq!(
            x.len(),
            self.sizes[0],
            "feedforward: input has the wrong size"
        );
        self.feedforward_plain(x).into_vec()
    }

    /// The outputs for many inputs at once, eq. (22) in matrix form on the plain
    /// path: `inputs` holds one example per row (`n × input_size`), the result
    /// one output per row (`n × output_size`). [`Network::feedforward_batch`]
    /// gives the same result bit for bit, faster.
    ///
    /// # Panics
    /// If `inputs.len()` is not a multiple of the input size.
    pub fn feedforward_plain(&self, inputs: &[f32]) -> Matrix {
        let rows = self.rows_in(inputs, "feedforward_plain");
        let mut a = inputs.to_vec();
        for (l, (w, b)) in self.weights.iter().zip(&self.biases).enumerate() {
            let mut next = vec![0.0; rows * w.rows()];
            layer(w, b, &a, &mut next, |z, b| self.activate(l, z, b));
            a = next;
        }
        Matrix::from_vec(rows, self.output_size(), a)
    }

    /// Feeds the rows of `x` forward, keeping every layer's activations (backprop
    /// needs them all): aˡ for l = 1..L in `acts[l - 1]`, whose first
    /// `rows × sizes[l]` values are written. With `masks`, the hidden neurons
    /// drop out as they say (training with dropout).
    pub(crate) fn feedforward_keeping(
        &self,
        x: &[f32],
        rows: usize,
        acts: &mut [Vec<f32>],
        masks: Option<&Masks<'_>>,
    ) {
        self.feedforward_layer(0, x, rows, &mut acts[0], masks);
        self.feedforward_above(1, rows, acts, masks);
    }

    /// [`Network::feedforward_keeping`] from weights `first` on, with the
    /// activations feeding them already in `acts[first - 1]`.
    pub(crate) fn feedforward_above(
        &self,
        first: usize,
        rows: usize,
        acts: &mut [Vec<f32>],
        masks: Option<&Masks<'_>>,
    ) {
        for l in first..self.weights.len() {
            let (done, todo) = acts.split_at_mut(l);
            self.feedforward_layer(l, &done[l - 1], rows, &mut todo[0], masks);
        }
    }

    /// Eq. (22) for weights `l` and the `rows` rows of `a`, into `out`; hidden
    /// neurons drop out as `masks` says.
    fn feedforward_layer(
        &self,
        l: usize,
        a: &[f32],
        rows: usize,
        out: &mut [f32],
        masks: Option<&Masks<'_>>,
    ) {
        let (w, b) = (&self.weights[l], &self.biases[l]);
        let out = &mut out[..rows * w.rows()];
        layer(w, b, &a[..rows * w.cols()], out, |z, b| {
            self.activate(l, z, b)
        });
        if let Some(masks) = masks.filter(|_| l + 1 < self.weights.len()) {
            masks.drop_out(l, out, w.rows());
        }
    }

    /// The neurons of layer `l + 1` (weights `l`): a = f(z + b) for every row of
    /// `z`, with f the output layer's for the last layer, else the hidden activation.
    fn activate(&self, l: usize, z: &mut [f32], b: &[f32]) {
        if l + 1 == self.weights.len() {
            self.output_layer().apply_rows_with_bias(z, b);
        } else {
            self.activation.apply_rows_with_bias(z, b);
        }
    }

    /// One buffer per layer after the input, each big enough for `rows` examples.
    pub(crate) fn layer_buffers(&self, rows: usize) -> Vec<Vec<f32>> {
        self.sizes[1..]
            .iter()
            .map(|&n| vec![0.0; rows * n])
            .collect()
    }

    /// The number of rows of input size in `inputs`.
    ///
    /// # Panics
    /// If `inputs.len()` is not a multiple of the input size.
    pub(crate) fn rows_in(&self, inputs: &[f32], caller: &str) -> usize {
        let n_in = self.sizes[0];
        assert!(
            inputs.len().is_multiple_of(n_in),
            "{caller}: {} values are not rows of {n_in}",
            inputs.len()
        );
        inputs.len() / n_in
    }
}
