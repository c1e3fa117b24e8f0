//! Element-wise operations on slices and views, the loops of a network's training
//! step, written once so the compiler can vectorise them; and [`argmax`], the
//! network's prediction.
//!
//! Every function checks that the lengths agree and panics with a message
//! naming the function and both lengths otherwise.

use crate::view::{MatMut, MatRef};

#[track_caller]
fn same_len(what: &str, a: usize, b: usize) {
    assert!(a == b, "{what}: lengths differ ({a} vs {b})");
}

/// `y += x`, element by element.
#[track_caller]
pub fn add_assign(y: &mut [f32], x: &[f32]) {
    same_len("add_assign", y.len(), x.len());
    for (y, x) in y.iter_mut().zip(x) {
        *y += *x;
    }
}

/// `y -= x`, element by element.
#[track_caller]
pub fn sub_assign(y: &mut [f32], x: &[f32]) {
    same_len("sub_assign", y.len(), x.len());
    for (y, x) in y.iter_mut().zip(x) {
        *y -= *x;
    }
}

/// `y *= alpha`.
pub fn scale(y: &mut [f32], alpha: f32) {
    for y in y {
        *y *= alpha;
    }
}

/// `y += alpha · x` (BLAS `saxpy`); the gradient-descent step of eq. (20) and (21)
/// is `axpy(-eta / m, grad, w)`.
#[track_caller]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    same_len("axpy", x.len(), y.len());
    for (y, x) in y.iter_mut().zip(x) {
        *y += alpha * *x;
    }
}

/// `y ⊙= x`: the Hadamard (element-wise) product, in place.
#[track_caller]
pub fn hadamard_assign(y: &mut [f32], x: &[f32]) {
    same_len("hadamard_assign", y.len(), x.len());
    for (y, x) in y.iter_mut().zip(x) {
        *y *= *x;
    }
}

/// `out[i] = f(x[i])`, e.g. σ applied to a layer's weighted inputs.
#[track_caller]
pub fn map(x: &[f32], out: &mut [f32], f: impl Fn(f32) -> f32) {
    same_len("map", x.len(), out.len());
    for (o, x) in out.iter_mut().zip(x) {
        *o = f(*x);
    }
}

/// `y[i] = f(y[i])`.
pub fn map_in_place(y: &mut [f32], f: impl Fn(f32) -> f32) {
    for y in y {
        *y = f(*y);
    }
}

/// `out[i] = f(a[i], b[i])`, e.g. `(a − y) ⊙ σ′(z)` in one pass.
#[track_caller]
pub fn zip_map(a: &[f32], b: &[f32], out: &mut [f32], f: impl Fn(f32, f32) -> f32) {
    same_len("zip_map", a.len(), b.len());
    same_len("zip_map", a.len(), out.len());
    for ((o, a), b) in out.iter_mut().zip(a).zip(b) {
        *o = f(*a, *b);
    }
}

/// `out[j] = Σᵢ m[i, j]`: one sum per column (the bias gradient, summed over a mini-batch).
#[track_caller]
pub fn col_sums(m: MatRef<'_>, out: &mut [f32]) {
    assert!(
        out.len() == m.cols(),
        "col_sums: out has {} elements for {} columns",
        out.len(),
        m.cols()
    );
    out.fill(0.0);
    if m.is_transposed() {
        // Columns of a transposed view are contiguous stored rows.
        let t = m.t();
        for (j, o) in out.iter_mut().enumerate() {
            *o = t.row(j).iter().sum();
        }
    } else {
        for i in 0..m.rows() {
            add_assign(out, m.row(i));
        }
    }
}

/// `out[i] = Σⱼ m[i, j]`: one sum per row.
#[track_caller]
pub fn row_sums(m: MatRef<'_>, out: &mut [f32]) {
    assert!(
        out.len() == m.rows(),
        "row_sums: out has {} elements for {} rows",
        out.len(),
        m.rows()
    );
    col_sums(m.t(), out);
}

/// The index of the first largest value: ties go to the first, and NaN is never
/// chosen over a number. If every value is NaN, or the slice is empty, 0.
///
/// This is the network's prediction: the digit whose output neuron is most active.
///
/// ```
/// use nndl_linalg::argmax;
/// assert_eq!(argmax(&[0.1, 0.7, 0.2]), 1);
/// assert_eq!(argmax(&[0.5, 0.9, 0.9]), 1); // the first of a tie
/// assert_eq!(argmax(&[f32::NAN, 0.2, 0.1]), 1); // NaN never wins
/// assert_eq!(argmax(&[f32::NAN, f32::NAN]), 0);
/// assert_eq!(argmax(&[]), 0);
/// ```
pub fn argmax(values: &[f32]) -> usize {
    first_largest(values.iter().copied())
}

/// [`argmax`]'s rule over any sequence of values.
fn first_largest(values: impl Iterator<Item = f32>) -> usize {
    let mut best: Option<(usize, f32)> = None;
    for (i, v) in values.enumerate() {
        let better = match best {
            None => !v.is_nan(),
            Some((_, b)) => v > b,
        };
        if better {
            best = Some((i, v));
        }
    }
    best.map_or(0, |(i, _)| i)
}

/// The column index of the largest element of each row, by [`argmax`]'s rule
/// (the first one on ties, NaN never chosen; a row of only NaN gives 0).
///
/// # Panics
/// If the matrix has rows but no columns (a row of nothing has no largest element).
#[track_caller]
pub fn argmax_rows(m: MatRef<'_>) -> Vec<usize> {
    let mut out = vec![0; m.rows()];
    argmax_rows_into(m, &mut out);
    out
}

/// [`argmax_rows`] into a caller-owned buffer of `m.rows()` elements.
///
/// # Panics
/// If `out.len() != m.rows()` or the matrix has no columns while it has rows.
#[track_caller]
pub fn argmax_rows_into(m: MatRef<'_>, out: &mut [usize]) {
    assert!(
        out.len() == m.rows(),
        "argmax_rows_into: out has {} elements for {} rows",
        out.len(),
        m.rows()
    );
    assert!(
        m.rows() == 0 || m.cols() > 0,
        "argmax_rows: a row of a {}×0 matrix has no maximum",
        m.rows()
    );
    for (i, o) in out.iter_mut().enumerate() {
        *o = if m.is_transposed() {
            first_largest((0..m.cols()).map(|j| m.get(i, j)))
        } else {
            argmax(m.row(i))
        };
    }
}

/// `m[i, :] += row` for every row `i`: adds the bias vector to each example of a batch.
#[track_caller]
pub fn add_row_to_rows(mut m: MatMut<'_>, row: &[f32]) {
    assert!(
        row.len() == m.cols(),
        "add_row_to_rows: row has {} elements for {} columns",
        row.len(),
        m.cols()
    );
    if m.is_transposed() {
        for i in 0..m.rows() {
            for (j, r) in row.iter().enumerate() {
                m[(i, j)] += *r;
            }
        }
    } else {
        for i in 0..m.rows() {
            add_assign(m.row_mut(i), row);
        }
    }
}
