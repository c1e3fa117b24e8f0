//! How well a network does on labelled data: how many it gets right, and its cost.

use rayon::prelude::*;

use crate::cost::Cost;
use crate::network::{argmax, FORWARD_BLOCK_ROWS};
use crate::{Data, Error, Network};

impl Network {
    /// The number of examples whose label is the index of the network's largest
    /// output. Fed forward in blocks of rows, the blocks in parallel.
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

    /// (number right, Σₓ Cₓ) for checked data, from one forward pass. Blocks are
    /// summed in order, so the result does not depend on the number of threads.
    pub(crate) fn evaluate_with_cost<C: Cost + ?Sized>(
        &self,
        data: Data<'_>,
        cost: &C,
    ) -> (usize, f64) {
        let (n_in, n_out) = (self.input_size(), self.output_size());
        let per_block: Vec<(usize, f64)> = data
            .inputs
            .par_chunks(FORWARD_BLOCK_ROWS * n_in)
            .zip(data.labels.par_chunks(FORWARD_BLOCK_ROWS))
            .map_init(
                || {
                    (
                        self.activation_buffers(FORWARD_BLOCK_ROWS),
                        vec![0.0f32; n_out],
                    )
                },
                |(acts, y), (x, labels)| {
                    self.forward_into(x, labels.len(), acts);
                    let out = &acts[acts.len() - 1];
                    let mut right = 0;
                    let mut sum = 0.0;
                    for (a, &label) in out.chunks_exact(n_out).zip(labels) {
                        let label = usize::from(label);
                        right += usize::from(argmax(a) == label);
                        y.fill(0.0);
                        y[label] = 1.0;
                        sum += f64::from(cost.value(a, y));
                    }
                    (right, sum)
                },
            )
            .collect();
        per_block
            .iter()
            .fold((0, 0.0), |(r, s), &(r1, s1)| (r + r1, s + s1))
    }
}
