//! How an operand lies in memory: used as stored or transposed, and how many
//! elements a strided block of it spans. Every other module builds on these two.

/// Whether a [`gemm`](crate::gemm()) operand is used as stored or transposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transpose {
    /// `op(X) = X`.
    No,
    /// `op(X) = Xᵀ`.
    Yes,
}

impl Transpose {
    /// The other one.
    #[must_use]
    pub fn flip(self) -> Transpose {
        match self {
            Transpose::No => Transpose::Yes,
            Transpose::Yes => Transpose::No,
        }
    }
}

/// Elements a row-major `rows × cols` block with row stride `ld` spans: from its
/// first element to one past its last, `(rows − 1)·ld + cols`, or 0 for an empty
/// block. `None` if that overflows `usize`.
pub(crate) fn span(rows: usize, cols: usize, ld: usize) -> Option<usize> {
    if rows == 0 || cols == 0 {
        Some(0)
    } else {
        (rows - 1).checked_mul(ld)?.checked_add(cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_of_strided_blocks() {
        assert_eq!(span(3, 4, 6), Some(16));
        assert_eq!(span(1, 5, 1000), Some(5));
        // One column k-steps apart, as the kernels' panels are checked.
        assert_eq!(span(7, 1, 3), Some(19));
        assert_eq!(span(0, 5, 7), Some(0));
        assert_eq!(span(5, 0, 7), Some(0));
        assert_eq!(span(usize::MAX, 2, 2), None);
        assert_eq!(span(2, usize::MAX, 1), None);
    }

    #[test]
    fn flip_swaps() {
        assert_eq!(Transpose::No.flip(), Transpose::Yes);
        assert_eq!(Transpose::Yes.flip(), Transpose::No);
    }
}
