//! `Matrix`, the views and the element-wise operations.

use nndl_linalg::{
    add_assign, add_row_to_rows, argmax, argmax_rows, argmax_rows_into, axpy, col_sums,
    hadamard_assign, map, map_in_place, row_sums, scale, sub_assign, zip_map, MatMut, MatRef,
    Matrix,
};
use proptest::prelude::*;

#[test]
fn constructors_and_accessors() {
    let m = Matrix::from_fn(2, 3, |i, j| (10 * i + j) as f32);
    assert_eq!(m.shape(), (2, 3));
    assert_eq!(m.as_slice(), &[0.0, 1.0, 2.0, 10.0, 11.0, 12.0]);
    assert_eq!(m.row(1), &[10.0, 11.0, 12.0]);
    assert_eq!(m[(1, 2)], 12.0);
    assert_eq!(m.transpose().shape(), (3, 2));
    assert_eq!(m.transpose()[(2, 1)], 12.0);
    assert_eq!(Matrix::zeros(0, 5).as_slice().len(), 0);
    let mut z = Matrix::zeros(2, 2);
    z[(0, 1)] = 3.0;
    z.row_mut(1)[0] = 4.0;
    assert_eq!(z.as_slice(), &[0.0, 3.0, 4.0, 0.0]);
    let e = Matrix::try_from_vec(2, 2, vec![1.0; 3]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Matrix::from_vec: 3 elements given for a 2×2 matrix (needs 4)"
    );
    assert!(Matrix::try_from_vec(usize::MAX, 2, vec![]).is_err());
    assert_eq!(m.into_vec(), [0.0, 1.0, 2.0, 10.0, 11.0, 12.0]);
}

#[test]
#[should_panic(expected = "Matrix: index (2, 0) out of bounds for a 2×3 matrix")]
fn index_out_of_bounds_panics() {
    let m = Matrix::zeros(2, 3);
    let _ = m[(2, 0)];
}

#[test]
fn transpose_of_odd_sizes_round_trips() {
    for (r, c) in [(1, 1), (1, 70), (33, 31), (65, 2)] {
        let m = Matrix::from_fn(r, c, |i, j| (i * 1000 + j) as f32);
        assert_eq!(m.transpose().transpose(), m);
        assert_eq!(m.view().t().to_matrix(), m.transpose());
    }
}

#[test]
fn views_stride_transpose_and_submatrix() {
    let data: Vec<f32> = (0..20).map(|x| x as f32).collect();
    let v = MatRef::new(&data, 3, 4, 6); // rows start at 0, 6, 12
    assert_eq!(v.row(2), &[12.0, 13.0, 14.0, 15.0]);
    assert_eq!(v.get(1, 3), 9.0);
    assert_eq!((v.stride(), v.is_transposed()), (6, false));
    let t = v.t();
    assert_eq!((t.rows(), t.cols()), (4, 3));
    assert_eq!((t.stride(), t.is_transposed()), (6, true));
    assert_eq!(t.get(3, 1), 9.0);
    assert_eq!(t[(3, 1)], 9.0);
    let s = v.submatrix(1, 1, 2, 2);
    assert_eq!(s.to_matrix().as_slice(), &[7.0, 8.0, 13.0, 14.0]);
    let st = t.submatrix(1, 1, 2, 2); // rows 1..3 of vᵀ = columns 1..3 of v
    assert_eq!(st.to_matrix().as_slice(), &[7.0, 13.0, 8.0, 14.0]);
    assert!(MatRef::try_new(&data, 4, 4, 6).is_err());
    assert!(MatRef::try_new(&data, 2, 7, 6).is_err());

    let mut short = [0.0f32; 11];
    assert!(MatMut::try_new(&mut short, 3, 4, 4).is_err());
    assert!(MatMut::try_new(&mut short, 3, 4, 3).is_err());
    let mut buf = vec![0.0f32; 12];
    let mut w = MatMut::new(&mut buf, 3, 4, 4);
    w[(2, 3)] = 1.0;
    w.rb_mut().t()[(0, 1)] = 2.0; // (1, 0) of w
    w.row_mut(0)[1] = 3.0;
    assert_eq!((w.stride(), w.is_transposed()), (4, false));
    assert!(w.rb_mut().t().is_transposed());
    assert_eq!(w.get(1, 0), 2.0);
    assert_eq!(w.as_ref().get(0, 1), 3.0);
    assert_eq!(buf[11], 1.0);
}

#[test]
#[should_panic(expected = "does not fit in a 3×4 matrix")]
fn submatrix_out_of_bounds_panics() {
    let data = [0.0f32; 12];
    let _ = MatRef::new(&data, 3, 4, 4).submatrix(2, 2, 2, 2);
}

#[test]
fn element_wise_operations() {
    let mut y = vec![1.0, 2.0, 3.0];
    add_assign(&mut y, &[1.0, 1.0, 1.0]);
    assert_eq!(y, [2.0, 3.0, 4.0]);
    sub_assign(&mut y, &[2.0, 2.0, 2.0]);
    assert_eq!(y, [0.0, 1.0, 2.0]);
    scale(&mut y, 2.0);
    assert_eq!(y, [0.0, 2.0, 4.0]);
    axpy(0.5, &[2.0, 2.0, 2.0], &mut y);
    assert_eq!(y, [1.0, 3.0, 5.0]);
    hadamard_assign(&mut y, &[2.0, 0.0, -1.0]);
    assert_eq!(y, [2.0, 0.0, -5.0]);
    let mut out = vec![0.0; 3];
    map(&y, &mut out, |x| x * x);
    assert_eq!(out, [4.0, 0.0, 25.0]);
    map_in_place(&mut out, |x| x + 1.0);
    assert_eq!(out, [5.0, 1.0, 26.0]);
    let mut z = vec![0.0; 3];
    zip_map(&y, &out, &mut z, |a, b| a - b);
    assert_eq!(z, [-3.0, -1.0, -31.0]);
}

#[test]
#[should_panic(expected = "axpy: lengths differ (2 vs 3)")]
fn length_mismatch_panics() {
    axpy(1.0, &[1.0, 2.0], &mut [0.0; 3]);
}

#[test]
fn sums_argmax_and_bias_rows() {
    let m = Matrix::from_vec(3, 2, vec![1.0, 5.0, 2.0, 5.0, 3.0, -1.0]);
    let mut cs = [0.0; 2];
    col_sums(m.view(), &mut cs);
    assert_eq!(cs, [6.0, 9.0]);
    let mut rs = [0.0; 3];
    row_sums(m.view(), &mut rs);
    assert_eq!(rs, [6.0, 7.0, 2.0]);
    // Through a transposed view the roles swap.
    let mut ts = [0.0; 3];
    col_sums(m.view().t(), &mut ts);
    assert_eq!(ts, rs);

    // Ties go to the first index; NaN does not win.
    assert_eq!(argmax_rows(m.view()), vec![1, 1, 0]);
    let tie = Matrix::from_vec(2, 3, vec![2.0, 2.0, 1.0, f32::NAN, 0.5, 0.2]);
    let mut idx = [9; 2];
    argmax_rows_into(tie.view(), &mut idx);
    assert_eq!(idx, [0, 1]);
    assert_eq!(argmax_rows(m.view().t()), vec![2, 0]);

    let mut z = Matrix::zeros(2, 3);
    add_row_to_rows(z.view_mut(), &[1.0, 2.0, 3.0]);
    assert_eq!(z.as_slice(), &[1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
    let mut zt = Matrix::zeros(3, 2);
    add_row_to_rows(zt.view_mut().t(), &[1.0, 2.0, 3.0]);
    assert_eq!(zt.as_slice(), &[1.0, 1.0, 2.0, 2.0, 3.0, 3.0]);
}

#[test]
fn argmax_takes_the_first_largest_and_never_nan() {
    let nan = f32::NAN;
    assert_eq!(argmax(&[3.0, 1.0, 2.0]), 0);
    assert_eq!(argmax(&[1.0, 3.0, 3.0, 2.0]), 1);
    assert_eq!(argmax(&[-1.0, -1.0]), 0);
    // A NaN first does not stick (nn's old `v > a[best]` kept it).
    assert_eq!(argmax(&[nan, 0.5, 0.7]), 2);
    assert_eq!(argmax(&[0.5, nan, 0.7, nan]), 2);
    assert_eq!(argmax(&[nan, f32::NEG_INFINITY]), 1);
    assert_eq!(argmax(&[f32::INFINITY, nan, 1.0]), 0);
    assert_eq!(argmax(&[nan, nan, nan]), 0);
    assert_eq!(argmax(&[]), 0);
    assert_eq!(argmax(&[-0.0, 0.0]), 0);
}

/// What `argmax` must return, written as the rule reads: the first index whose
/// value is a number no other number exceeds; 0 when there is no number.
fn first_largest_by_rule(v: &[f32]) -> usize {
    (0..v.len())
        .find(|&i| !v[i].is_nan() && v.iter().all(|&x| x.is_nan() || x <= v[i]))
        .unwrap_or(0)
}

/// Small integers (so ties are common) and NaN.
fn value() -> impl Strategy<Value = f32> {
    prop_oneof![4 => (-3i8..=3).prop_map(f32::from), 1 => Just(f32::NAN)]
}

proptest! {
    #[test]
    fn argmax_follows_its_rule(v in proptest::collection::vec(value(), 0..12)) {
        prop_assert_eq!(argmax(&v), first_largest_by_rule(&v));
    }

    #[test]
    fn argmax_rows_is_argmax_of_each_row(
        rows in 0usize..6,
        cols in 1usize..7,
        seed in proptest::collection::vec(value(), 36),
    ) {
        let m = Matrix::from_fn(rows, cols, |i, j| seed[i * cols + j]);
        let want: Vec<usize> = (0..rows).map(|i| argmax(m.row(i))).collect();
        prop_assert_eq!(argmax_rows(m.view()), want);
        // Through a transposed view the rows are the stored columns.
        let t = m.transpose();
        prop_assert_eq!(argmax_rows(t.view().t()), argmax_rows(m.view()));
    }
}
