//! Feedforward of many inputs in parallel, and what it is used for: how many
//! examples a network gets right, and its cost.

use nndl_linalg::Matrix;
use rayon::prelude::*;

use crate::cost::Cost;
use crate::plain::score;
use crate::{Data, Error, Network};

/// Most examples per block when a batch is fed forward in parallel: big enough
/// that the matrix products run at speed, small enough that the activations
/// stay in cache.
const MAX_BLOCK_ROWS: usize = 256;

/// Rows per block for `rows` inputs: equal blocks of at most [`MAX_BLOCK_ROWS`].
/// Equal rather than full blocks and a remainder, so no block is much smaller
/// than the rest: a matrix product may take another route for very few rows
/// (with other rounding), and then the blocks would not give the plain path's
/// result bit for bit.
fn block_rows(rows: usize) -> usize {
    rows.div_ceil(rows.div_ceil(MAX_BLOCK_ROWS).max(1)).max(1)
}

impl Network {
    /// The outputs for many inputs at once: `inputs` holds one example per row
    /// (`n × input_size`), the result has one output per row (`n × output_size`).
    /// Blocks of rows are fed forward in parallel; the result is
    /// [`Network::feedforward_plain`]'s, bit for bit.
    ///
    /// # Panics
    /// If `inputs.len()` is not a multiple of the input size.
    pub fn feedforward_batch(&self, inputs: &[f32]) -> Matrix {
        let rows = self.rows_in(inputs, "feedforward_batch");
        let (n_in, n_out) = (self.input_size(), self.output_size());
        let mut out = Matrix::zeros(rows, n_out);
        let block = block_rows(rows);
        out.as_mut_slice()
            .par_chunks_mut(block * n_out)
            .zip(inputs.par_chunks(block * n_in))
            .for_each_init(
                || self.layer_buffers(block),
                |acts, (out, x)| {
                    let r = x.len() / n_in;
                    self.feedforward_keeping(x, r, acts, None);
                    out.copy_from_slice(&acts[acts.len() - 1][..r * n_out]);
                },
            );
        out
    }

    /// The number of examples whose label is the index of the network's largest
    /// output (the book's `evaluate`), fed forward in parallel: the count of
    /// [`Network::evaluate_plain`].
    ///
    /// # Errors
    /// If the data does not fit the network (input size, a label ≥ the output size).
    pub fn evaluate(&self, data: Data<'_>) -> Result<usize, Error> {
        data.check_fits(self.input_size(), self.output_size())?;
        Ok(self.evaluate_with_cost(data, self.cost.cost()).0)
    }

    /// The mean cost over the examples, C = 1/n Σₓ Cₓ (for [`Quadratic`](crate::cost::Quadratic),
    /// eq. (6)), with the desired output the one-hot vector of the label.
    ///
    /// # Errors
    /// If the data does not fit the network or is empty.
    pub fn total_cost<C: Cost + ?Sized>(&self, data: Data<'_>, cost: &C) -> Result<f64, Error> {
        data.check_fits(self.input_size(), self.output_size())?;
        if data.is_empty() {
            return Err(Error::InvalidData(
                "no examples to measure the cost on".into(),
            ));
        }
        Ok(self.evaluate_with_cost(data, cost).1 / data.len() as f64)
    }

    /// (number right, Σₓ Cₓ) for checked data, from one parallel forward pass.
    pub(crate) fn evaluate_with_cost<C: Cost + ?Sized>(
        &self,
        data: Data<'_>,
        cost: &C,
    ) -> (usize, f64) {
        score(
            self.feedforward_batch(data.inputs).view(),
            data.labels,
            cost,
        )
    }
}
