//! A labelled set of images, laid out for matrix code.

use std::ops::{Bound, Range, RangeBounds};

/// Labelled images: `inputs` holds `len() × input_size()` pixels as one
/// contiguous row-major buffer (image after image, each row-major), scaled
/// from 0–255 to [0, 1]; `labels[i]` is the class of image `i`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Pixels in [0, 1], `len() × rows × cols`, row-major.
    pub inputs: Vec<f32>,
    /// One label per image.
    pub labels: Vec<u8>,
    /// Rows per image.
    pub rows: usize,
    /// Columns per image.
    pub cols: usize,
}

impl Dataset {
    /// The number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels per image (`rows × cols`, 784 for MNIST): the network's input size.
    pub fn input_size(&self) -> usize {
        self.rows * self.cols
    }

    /// The pixels of image `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn image(&self, i: usize) -> &[f32] {
        let n = self.input_size();
        &self.inputs[i * n..(i + 1) * n]
    }

    /// The label of image `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// `(image, label)` pairs, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&[f32], u8)> + '_ {
        // max(1) keeps chunks_exact defined for 0×0 images; there are none then.
        self.inputs
            .chunks_exact(self.input_size().max(1))
            .zip(self.labels.iter().copied())
    }

    /// A copy of some of the images: the first `n` (`subset(1000)`, clamped to
    /// the length, handy for quick runs) or a range (`subset(100..200)`).
    ///
    /// # Panics
    /// If a range reaches past the end, like slice indexing.
    pub fn subset(&self, which: impl Selection) -> Dataset {
        let r = which.range(self.len());
        assert!(
            r.start <= r.end && r.end <= self.len(),
            "subset {}..{} out of bounds for a data set of {}",
            r.start,
            r.end,
            self.len()
        );
        let n = self.input_size();
        Dataset {
            inputs: self.inputs[r.start * n..r.end * n].to_vec(),
            labels: self.labels[r.clone()].to_vec(),
            rows: self.rows,
            cols: self.cols,
        }
    }

    /// The number of images of each class `0..classes`; labels outside are not counted.
    pub fn label_counts(&self, classes: usize) -> Vec<usize> {
        let mut counts = vec![0; classes];
        for &l in &self.labels {
            if let Some(c) = counts.get_mut(usize::from(l)) {
                *c += 1;
            }
        }
        counts
    }
}

/// The book's `vectorized_result`: a vector of `classes` zeros with a 1.0 at
/// `label`, the output the network should give for that digit.
///
/// ```
/// assert_eq!(nndl_mnist::one_hot(3, 5), [0.0, 0.0, 0.0, 1.0, 0.0]);
/// ```
///
/// # Panics
/// If `label >= classes`.
pub fn one_hot(label: u8, classes: usize) -> Vec<f32> {
    assert!(
        usize::from(label) < classes,
        "label {label} ≥ {classes} classes"
    );
    let mut v = vec![0.0; classes];
    v[usize::from(label)] = 1.0;
    v
}

/// Which images [`Dataset::subset`] takes: a count `n` (the first `n`,
/// clamped) or any range of indices.
pub trait Selection {
    /// The indices selected from a set of `len` images.
    fn range(self, len: usize) -> Range<usize>;
}

impl Selection for usize {
    fn range(self, len: usize) -> Range<usize> {
        0..self.min(len)
    }
}

macro_rules! selection_for_ranges {
    ($($t:ty),*) => {$(
        impl Selection for $t {
            fn range(self, len: usize) -> Range<usize> {
                bounds(&self, len)
            }
        }
    )*};
}

selection_for_ranges!(
    Range<usize>,
    std::ops::RangeInclusive<usize>,
    std::ops::RangeFrom<usize>,
    std::ops::RangeTo<usize>,
    std::ops::RangeToInclusive<usize>,
    std::ops::RangeFull
);

fn bounds(r: &impl RangeBounds<usize>, len: usize) -> Range<usize> {
    let start = match r.start_bound() {
        Bound::Included(&s) => s,
        Bound::Excluded(&s) => s.saturating_add(1),
        Bound::Unbounded => 0,
    };
    let end = match r.end_bound() {
        Bound::Included(&e) => e.saturating_add(1),
        Bound::Excluded(&e) => e,
        Bound::Unbounded => len,
    };
    start..end
}
