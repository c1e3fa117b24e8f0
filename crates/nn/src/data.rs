//! Training and test data as borrowed slices: no files, no copies.

use crate::Error;

/// A set of labelled examples: `inputs` holds `len()` rows of `input_size`
/// values (row-major), `labels[i]` is the class of row `i` (for MNIST, the digit).
///
/// The desired output `y` of the network for a label is its one-hot vector,
/// built on the fly by training and the cost.
#[derive(Clone, Copy, Debug)]
pub struct Data<'a> {
    /// `len() × input_size` values, one example per row.
    pub inputs: &'a [f32],
    /// One label per example.
    pub labels: &'a [u8],
    /// Number of values per example.
    pub input_size: usize,
}

impl<'a> Data<'a> {
    /// Wraps `inputs` (`labels.len() × input_size` values) and `labels`, checking
    /// that their lengths agree. Whether the labels fit the network's outputs is
    /// checked where the network meets the data (training, evaluation).
    pub fn new(inputs: &'a [f32], labels: &'a [u8], input_size: usize) -> Result<Self, Error> {
        let data = Data {
            inputs,
            labels,
            input_size,
        };
        data.validate()?;
        Ok(data)
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The input of example `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn input(&self, i: usize) -> &'a [f32] {
        &self.inputs[i * self.input_size..(i + 1) * self.input_size]
    }

    /// The examples `range` (e.g. the first 1,000 for a quick run).
    ///
    /// # Panics
    /// If the range is out of bounds.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Data<'a> {
        Data {
            inputs: &self.inputs[range.start * self.input_size..range.end * self.input_size],
            labels: &self.labels[range],
            input_size: self.input_size,
        }
    }

    /// The inputs and labels of examples `indices`, in that order, as new
    /// consecutive rows.
    pub(crate) fn gather(&self, indices: &[usize]) -> (Vec<f32>, Vec<u8>) {
        let mut x = vec![0.0; indices.len() * self.input_size];
        self.gather_into(indices, &mut x);
        (x, indices.iter().map(|&i| self.labels[i]).collect())
    }

    /// Copies the inputs of examples `indices`, in that order, into the
    /// consecutive rows of `x`.
    pub(crate) fn gather_into(&self, indices: &[usize], x: &mut [f32]) {
        for (row, &i) in x.chunks_exact_mut(self.input_size).zip(indices) {
            row.copy_from_slice(self.input(i));
        }
    }

    /// The one-hot desired outputs of examples `indices`, in that order, into
    /// the consecutive rows of `n` values of `y`.
    pub(crate) fn one_hot_into(&self, indices: &[usize], n: usize, y: &mut [f32]) {
        for (y, &i) in y.chunks_exact_mut(n).zip(indices) {
            one_hot(self.labels[i], y);
        }
    }

    /// Asks for the inputs of examples `indices` to be fetched into this core's
    /// caches. They are scattered over the whole training set, far out of cache;
    /// asked for a step ahead, they arrive while the current step computes. One
    /// line in four is enough for the hardware prefetcher to fetch the rest of
    /// each row.
    pub(crate) fn prefetch(&self, indices: &[usize]) {
        for &i in indices {
            let row = self.input(i);
            for at in (0..row.len()).step_by(PREFETCH_STRIDE) {
                nndl_linalg::prefetch(&row[at..at + 1]);
            }
        }
    }

    /// Checks the lengths (the fields are public, so a `Data` may not have come from [`Data::new`]).
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.input_size == 0 {
            return Err(Error::InvalidData("input size is 0".into()));
        }
        match self.labels.len().checked_mul(self.input_size) {
            Some(n) if n == self.inputs.len() => Ok(()),
            _ => Err(Error::InvalidData(format!(
                "{} input values are not {} examples of {} values",
                self.inputs.len(),
                self.labels.len(),
                self.input_size
            ))),
        }
    }

    /// Checks that the data fits a network with `input_size` inputs and `outputs` outputs.
    pub(crate) fn check_fits(&self, input_size: usize, outputs: usize) -> Result<(), Error> {
        self.validate()?;
        if self.input_size != input_size {
            return Err(Error::InputSize {
                expected: input_size,
                found: self.input_size,
            });
        }
        if let Some(i) = self.labels.iter().position(|&l| usize::from(l) >= outputs) {
            return Err(Error::InvalidData(format!(
                "label {} of example {i} is not below the network's {outputs} outputs",
                self.labels[i]
            )));
        }
        Ok(())
    }
}

/// Floats between software prefetches of a row (4 cache lines).
const PREFETCH_STRIDE: usize = 64;

/// Writes y(x), the desired output for `label`, into `y`: the one-hot vector,
/// 1 at the label's index and 0 elsewhere.
pub(crate) fn one_hot(label: u8, y: &mut [f32]) {
    y.fill(0.0);
    y[usize::from(label)] = 1.0;
}

/// The one-hot desired outputs of `labels`, one row of `n` each.
pub(crate) fn one_hot_rows(labels: &[u8], n: usize) -> Vec<f32> {
    let mut y = vec![0.0; labels.len() * n];
    for (row, &label) in y.chunks_exact_mut(n).zip(labels) {
        one_hot(label, row);
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_must_agree() {
        let x = [0.0f32; 6];
        assert!(Data::new(&x, &[0, 1], 3).is_ok());
        assert!(Data::new(&x, &[0, 1], 2).is_err());
        assert!(Data::new(&x, &[0, 1, 2], 0).is_err());
        let d = Data::new(&x, &[0, 4], 3).unwrap();
        assert!(d.check_fits(3, 10).is_ok());
        assert!(d
            .check_fits(3, 4)
            .unwrap_err()
            .to_string()
            .contains("label 4 of example 1"));
        assert!(matches!(
            d.check_fits(4, 10),
            Err(Error::InputSize {
                expected: 4,
                found: 3
            })
        ));
        assert_eq!(d.slice(1..2).input(0).len(), 3);
    }
}
