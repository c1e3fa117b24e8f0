//! How well the network does: the number of test inputs it gets right (the
//! book's `evaluate`), and the cost, eq. (6).

use nndl_linalg::{argmax, MatRef};

use crate::cost::Cost;
use crate::data::one_hot;
use crate::{Data, Error, Network};

/// Σₓ Cₓ over the rows of `output` (the network's outputs) and `y` (the
/// desired outputs), with the network's cost, in row order.
pub(crate) fn batch_cost(net: &Network, output: &[f32], y: &[f32]) -> f64 {
    let (n, cost) = (net.output_size(), net.cost.cost());
    output
        .chunks_exact(n)
        .zip(y.chunks_exact(n))
        .map(|(a, y)| f64::from(cost.value(a, y)))
        .sum()
}

/// (number right, Σₓ Cₓ) for the network's `outputs` (one row per example) and
/// the examples' `labels`: right when the largest output is the label's, and
/// Cₓ = `cost.value(a, y)` with y the one-hot vector of the label (for
/// [`Quadratic`](crate::Quadratic), ½‖y − a‖², eq. (6) before the 1/n).
/// Summed in row order, so the result does not depend on how the outputs were computed.
pub(crate) fn score<C: Cost + ?Sized>(
    outputs: MatRef<'_>,
    labels: &[u8],
    cost: &C,
) -> (usize, f64) {
    let mut y = vec![0.0; outputs.cols()];
    let mut right = 0;
    let mut sum = 0.0;
    for (i, &label) in labels.iter().enumerate() {
        let a = outputs.row(i);
        right += usize::from(argmax(a) == usize::from(label));
        one_hot(label, &mut y);
        sum += f64::from(cost.value(a, &y));
    }
    (right, sum)
}

impl Network {
    /// The number of examples whose label is the index of the network's largest
    /// output (the book's `evaluate`), on the plain path: one
    /// [`Network::feedforward_plain`] of all the inputs. [`Network::evaluate`]
    /// gives the same count, faster.
    ///
    /// # Errors
    /// If the data does not fit the network (input size, a label ≥ the output size).
    pub fn evaluate_plain(&self, data: Data<'_>) -> Result<usize, Error> {
        data.check_fits(self.input_size(), self.output_size())?;
        let outputs = self.feedforward_plain(data.inputs);
        Ok(score(outputs.view(), data.labels, self.cost.cost()).0)
    }
}
