//! Borrowed matrix views: a slice, a shape, a row stride and a transpose flag.
//!
//! A view of a `rows × cols` matrix either reads its slice row-major
//! (element `(i, j)` at `i * stride + j`) or, when transposed, column-major
//! (element `(i, j)` at `j * stride + i`). That is exactly what the BLAS-style
//! [`gemm`](crate::gemm()) needs, so sub-blocks and transposes never copy.

use std::ops::{Index, IndexMut};

use crate::error::ShapeError;
use crate::layout::{span, Transpose};

/// Checks that `data` can hold a stored `rows × cols` block with row stride `stride`.
fn check_storage(
    what: &str,
    len: usize,
    rows: usize,
    cols: usize,
    stride: usize,
) -> Result<(), ShapeError> {
    if stride < cols {
        return Err(ShapeError::new(format!(
            "{what}: row stride {stride} is less than the {cols} columns"
        )));
    }
    match span(rows, cols, stride) {
        Some(need) if need <= len => Ok(()),
        Some(need) => Err(ShapeError::new(format!(
            "{what}: data has {len} elements, needs at least {need} for a {rows}×{cols} (stride {stride})"
        ))),
        None => Err(ShapeError::new(format!(
            "{what}: a {rows}×{cols} with stride {stride} overflows usize"
        ))),
    }
}

/// A borrowed, read-only view of a `rows × cols` matrix of `f32`.
///
/// Cheap to copy. [`MatRef::t`] and [`MatRef::submatrix`] return new views of
/// the same data without copying it.
#[derive(Clone, Copy, Debug)]
pub struct MatRef<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    stride: usize,
    transposed: bool,
}

impl<'a> MatRef<'a> {
    /// A row-major view: element `(i, j)` is `data[i * row_stride + j]`.
    ///
    /// # Panics
    /// If `row_stride < cols` or `data` is too short; see [`MatRef::try_new`].
    #[track_caller]
    pub fn new(data: &'a [f32], rows: usize, cols: usize, row_stride: usize) -> Self {
        match Self::try_new(data, rows, cols, row_stride) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }

    /// Like [`MatRef::new`], returning the mismatch instead of panicking.
    pub fn try_new(
        data: &'a [f32],
        rows: usize,
        cols: usize,
        row_stride: usize,
    ) -> Result<Self, ShapeError> {
        check_storage("MatRef::new", data.len(), rows, cols, row_stride)?;
        Ok(Self {
            data,
            rows,
            cols,
            stride: row_stride,
            transposed: false,
        })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The stride between consecutive stored rows (the BLAS leading dimension).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Whether the view reads its storage transposed (column-major).
    pub fn is_transposed(&self) -> bool {
        self.transposed
    }

    /// The transposed view, `cols × rows`, sharing the same data.
    #[must_use]
    pub fn t(self) -> MatRef<'a> {
        MatRef {
            rows: self.cols,
            cols: self.rows,
            transposed: !self.transposed,
            ..self
        }
    }

    /// The view as BLAS arguments: `(op, storage, leading dimension)`.
    pub fn as_gemm_operand(&self) -> (Transpose, &'a [f32], usize) {
        let op = if self.transposed {
            Transpose::Yes
        } else {
            Transpose::No
        };
        (op, self.data, self.stride)
    }

    fn offset(&self, i: usize, j: usize) -> usize {
        if self.transposed {
            j * self.stride + i
        } else {
            i * self.stride + j
        }
    }

    /// Element `(i, j)`.
    ///
    /// # Panics
    /// If `i >= rows` or `j >= cols`.
    #[track_caller]
    pub fn get(&self, i: usize, j: usize) -> f32 {
        assert!(
            i < self.rows && j < self.cols,
            "MatRef::get: index ({i}, {j}) out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        self.data[self.offset(i, j)]
    }

    /// Row `i` as a contiguous slice.
    ///
    /// # Panics
    /// If `i >= rows`, or if the view is transposed (its rows are not contiguous).
    #[track_caller]
    pub fn row(&self, i: usize) -> &'a [f32] {
        assert!(
            !self.transposed,
            "MatRef::row: the view is transposed, its rows are not contiguous"
        );
        assert!(
            i < self.rows,
            "MatRef::row: row {i} out of bounds for {} rows",
            self.rows
        );
        let start = i * self.stride;
        &self.data[start..start + self.cols]
    }

    /// The `rows × cols` block whose top-left element is `(r0, c0)`.
    ///
    /// # Panics
    /// If the block does not lie inside the matrix.
    #[track_caller]
    pub fn submatrix(self, r0: usize, c0: usize, rows: usize, cols: usize) -> MatRef<'a> {
        check_block(
            "MatRef::submatrix",
            self.rows,
            self.cols,
            r0,
            c0,
            rows,
            cols,
        );
        let start = if rows == 0 || cols == 0 {
            0
        } else {
            self.offset(r0, c0)
        };
        MatRef {
            data: &self.data[start..],
            rows,
            cols,
            stride: self.stride,
            transposed: self.transposed,
        }
    }
}

impl Index<(usize, usize)> for MatRef<'_> {
    type Output = f32;

    #[track_caller]
    fn index(&self, (i, j): (usize, usize)) -> &f32 {
        assert!(
            i < self.rows && j < self.cols,
            "MatRef: index ({i}, {j}) out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        &self.data[self.offset(i, j)]
    }
}

#[track_caller]
fn check_block(what: &str, rows: usize, cols: usize, r0: usize, c0: usize, r: usize, c: usize) {
    let fits = r0.checked_add(r).is_some_and(|e| e <= rows)
        && c0.checked_add(c).is_some_and(|e| e <= cols);
    assert!(
        fits,
        "{what}: a {r}×{c} block at ({r0}, {c0}) does not fit in a {rows}×{cols} matrix"
    );
}

/// A borrowed, mutable view of a `rows × cols` matrix of `f32`.
///
/// Like [`MatRef`], with a row stride and a transpose flag; it is the output
/// operand of [`matmul_into`](crate::matmul_into).
#[derive(Debug)]
pub struct MatMut<'a> {
    data: &'a mut [f32],
    rows: usize,
    cols: usize,
    stride: usize,
    transposed: bool,
}

impl<'a> MatMut<'a> {
    /// A row-major mutable view: element `(i, j)` is `data[i * row_stride + j]`.
    ///
    /// # Panics
    /// If `row_stride < cols` or `data` is too short; see [`MatMut::try_new`].
    #[track_caller]
    pub fn new(data: &'a mut [f32], rows: usize, cols: usize, row_stride: usize) -> Self {
        match Self::try_new(data, rows, cols, row_stride) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }

    /// Like [`MatMut::new`], returning the mismatch instead of panicking.
    pub fn try_new(
        data: &'a mut [f32],
        rows: usize,
        cols: usize,
        row_stride: usize,
    ) -> Result<Self, ShapeError> {
        check_storage("MatMut::new", data.len(), rows, cols, row_stride)?;
        Ok(Self {
            data,
            rows,
            cols,
            stride: row_stride,
            transposed: false,
        })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The stride between consecutive stored rows (the BLAS leading dimension).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Whether the view writes its storage transposed (column-major).
    pub fn is_transposed(&self) -> bool {
        self.transposed
    }

    /// The transposed view, `cols × rows`, over the same data.
    #[must_use]
    pub fn t(self) -> MatMut<'a> {
        MatMut {
            rows: self.cols,
            cols: self.rows,
            transposed: !self.transposed,
            ..self
        }
    }

    /// A shorter-lived mutable view of the same matrix, leaving `self` usable afterwards.
    pub fn rb_mut(&mut self) -> MatMut<'_> {
        MatMut {
            data: self.data,
            rows: self.rows,
            cols: self.cols,
            stride: self.stride,
            transposed: self.transposed,
        }
    }

    /// A read-only view of the same matrix.
    pub fn as_ref(&self) -> MatRef<'_> {
        MatRef {
            data: self.data,
            rows: self.rows,
            cols: self.cols,
            stride: self.stride,
            transposed: self.transposed,
        }
    }

    pub(crate) fn into_parts(self) -> (&'a mut [f32], usize, usize, usize, bool) {
        (
            self.data,
            self.rows,
            self.cols,
            self.stride,
            self.transposed,
        )
    }

    fn offset(&self, i: usize, j: usize) -> usize {
        if self.transposed {
            j * self.stride + i
        } else {
            i * self.stride + j
        }
    }

    /// Element `(i, j)`.
    ///
    /// # Panics
    /// If `i >= rows` or `j >= cols`.
    #[track_caller]
    pub fn get(&self, i: usize, j: usize) -> f32 {
        self[(i, j)]
    }

    /// Row `i` as a contiguous mutable slice.
    ///
    /// # Panics
    /// If `i >= rows`, or if the view is transposed (its rows are not contiguous).
    #[track_caller]
    pub fn row_mut(&mut self, i: usize) -> &mut [f32] {
        assert!(
            !self.transposed,
            "MatMut::row_mut: the view is transposed, its rows are not contiguous"
        );
        assert!(
            i < self.rows,
            "MatMut::row_mut: row {i} out of bounds for {} rows",
            self.rows
        );
        let start = i * self.stride;
        &mut self.data[start..start + self.cols]
    }

    /// The mutable `rows × cols` block whose top-left element is `(r0, c0)`.
    ///
    /// # Panics
    /// If the block does not lie inside the matrix.
    #[track_caller]
    pub fn submatrix_mut(self, r0: usize, c0: usize, rows: usize, cols: usize) -> MatMut<'a> {
        check_block(
            "MatMut::submatrix_mut",
            self.rows,
            self.cols,
            r0,
            c0,
            rows,
            cols,
        );
        let start = if rows == 0 || cols == 0 {
            0
        } else {
            self.offset(r0, c0)
        };
        MatMut {
            data: &mut self.data[start..],
            rows,
            cols,
            stride: self.stride,
            transposed: self.transposed,
        }
    }
}

impl Index<(usize, usize)> for MatMut<'_> {
    type Output = f32;

    #[track_caller]
    fn index(&self, (i, j): (usize, usize)) -> &f32 {
        assert!(
            i < self.rows && j < self.cols,
            "MatMut: index ({i}, {j}) out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        &self.data[self.offset(i, j)]
    }
}

impl IndexMut<(usize, usize)> for MatMut<'_> {
    #[track_caller]
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut f32 {
        assert!(
            i < self.rows && j < self.cols,
            "MatMut: index ({i}, {j}) out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        let o = self.offset(i, j);
        &mut self.data[o]
    }
}
