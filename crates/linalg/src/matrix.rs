//! `Matrix`: an owned, row-major matrix of `f32`.

use std::ops::{Index, IndexMut};

use crate::error::ShapeError;
use crate::view::{MatMut, MatRef};

/// An owned `rows × cols` matrix of `f32`, stored row-major without padding.
///
/// ```
/// use nndl_linalg::Matrix;
/// let m = Matrix::from_fn(2, 3, |i, j| (i * 3 + j) as f32);
/// assert_eq!(m.row(1), &[3.0, 4.0, 5.0]);
/// assert_eq!(m[(0, 2)], 2.0);
/// assert_eq!(m.transpose()[(2, 0)], 2.0);
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

fn element_count(what: &str, rows: usize, cols: usize) -> Result<usize, ShapeError> {
    rows.checked_mul(cols)
        .ok_or_else(|| ShapeError::new(format!("{what}: {rows}×{cols} overflows usize")))
}

impl Matrix {
    /// A `rows × cols` matrix of zeros.
    ///
    /// # Panics
    /// If `rows * cols` overflows `usize`.
    #[track_caller]
    pub fn zeros(rows: usize, cols: usize) -> Self {
        let len = element_count("Matrix::zeros", rows, cols).unwrap_or_else(|e| panic!("{e}"));
        Self {
            rows,
            cols,
            data: vec![0.0; len],
        }
    }

    /// A matrix taking ownership of row-major `data`.
    ///
    /// # Panics
    /// If `data.len() != rows * cols`; see [`Matrix::try_from_vec`].
    #[track_caller]
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f32>) -> Self {
        Self::try_from_vec(rows, cols, data).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`Matrix::from_vec`], returning the mismatch instead of panicking.
    pub fn try_from_vec(rows: usize, cols: usize, data: Vec<f32>) -> Result<Self, ShapeError> {
        let len = element_count("Matrix::from_vec", rows, cols)?;
        if data.len() != len {
            return Err(ShapeError::new(format!(
                "Matrix::from_vec: {} elements given for a {rows}×{cols} matrix (needs {len})",
                data.len()
            )));
        }
        Ok(Self { rows, cols, data })
    }

    /// A matrix whose element `(i, j)` is `f(i, j)`, filled row by row.
    ///
    /// # Panics
    /// If `rows * cols` overflows `usize`.
    #[track_caller]
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> f32) -> Self {
        let len = element_count("Matrix::from_fn", rows, cols).unwrap_or_else(|e| panic!("{e}"));
        let mut data = Vec::with_capacity(len);
        for i in 0..rows {
            for j in 0..cols {
                data.push(f(i, j));
            }
        }
        Self { rows, cols, data }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// `(rows, cols)`.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// All elements, row-major.
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    /// All elements, row-major, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// The row-major element vector.
    pub fn into_vec(self) -> Vec<f32> {
        self.data
    }

    /// Row `i`.
    ///
    /// # Panics
    /// If `i >= rows`.
    #[track_caller]
    pub fn row(&self, i: usize) -> &[f32] {
        assert!(
            i < self.rows,
            "Matrix::row: row {i} out of bounds for {} rows",
            self.rows
        );
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Row `i`, mutable.
    ///
    /// # Panics
    /// If `i >= rows`.
    #[track_caller]
    pub fn row_mut(&mut self, i: usize) -> &mut [f32] {
        assert!(
            i < self.rows,
            "Matrix::row_mut: row {i} out of bounds for {} rows",
            self.rows
        );
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// A read-only view of the whole matrix.
    pub fn view(&self) -> MatRef<'_> {
        MatRef::new(&self.data, self.rows, self.cols, self.cols)
    }

    /// A mutable view of the whole matrix.
    pub fn view_mut(&mut self) -> MatMut<'_> {
        MatMut::new(&mut self.data, self.rows, self.cols, self.cols)
    }

    /// A new matrix holding the transpose (`cols × rows`).
    ///
    /// Use [`MatRef::t`] instead when a transposed *view* is enough.
    #[must_use]
    pub fn transpose(&self) -> Matrix {
        // Blocks keep both the reads and the writes within a few cache lines.
        const B: usize = 32;
        let mut out = Matrix::zeros(self.cols, self.rows);
        for i0 in (0..self.rows).step_by(B) {
            for j0 in (0..self.cols).step_by(B) {
                for i in i0..(i0 + B).min(self.rows) {
                    for j in j0..(j0 + B).min(self.cols) {
                        out.data[j * self.rows + i] = self.data[i * self.cols + j];
                    }
                }
            }
        }
        out
    }
}

impl MatRef<'_> {
    /// Copies the view into an owned, row-major [`Matrix`].
    pub fn to_matrix(&self) -> Matrix {
        Matrix::from_fn(self.rows(), self.cols(), |i, j| self.get(i, j))
    }
}

impl Index<(usize, usize)> for Matrix {
    type Output = f32;

    #[track_caller]
    fn index(&self, (i, j): (usize, usize)) -> &f32 {
        assert!(
            i < self.rows && j < self.cols,
            "Matrix: index ({i}, {j}) out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        &self.data[i * self.cols + j]
    }
}

impl IndexMut<(usize, usize)> for Matrix {
    #[track_caller]
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut f32 {
        assert!(
            i < self.rows && j < self.cols,
            "Matrix: index ({i}, {j}) out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        &mut self.data[i * self.cols + j]
    }
}
