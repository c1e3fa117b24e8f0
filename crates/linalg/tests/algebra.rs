//! Algebraic properties of the product, within f32 tolerance, on every kernel.

mod common;

use common::Rng;
use nndl_linalg::{gemm_with, matmul, matmul_into, Kernel, MatRef, Matrix, Transpose};
use proptest::prelude::*;

/// `a · b` on a chosen kernel, through the views' BLAS operands.
fn mul(kernel: Kernel, a: MatRef<'_>, b: MatRef<'_>) -> Matrix {
    let mut c = Matrix::zeros(a.rows(), b.cols());
    let (ta, ad, lda) = a.as_gemm_operand();
    let (tb, bd, ldb) = b.as_gemm_operand();
    let (m, n, k) = (a.rows(), b.cols(), a.cols());
    gemm_with(
        kernel,
        ta,
        tb,
        m,
        n,
        k,
        1.0,
        ad,
        lda,
        bd,
        ldb,
        0.0,
        c.as_mut_slice(),
        n,
    );
    c
}

fn random(rng: &mut Rng, r: usize, c: usize) -> Matrix {
    Matrix::from_vec(r, c, rng.vec(r * c))
}

fn assert_near(what: &str, x: &Matrix, y: &Matrix, tol: f32) {
    assert_eq!(x.shape(), y.shape(), "{what}: shapes");
    for (i, (a, b)) in x.as_slice().iter().zip(y.as_slice()).enumerate() {
        assert!(
            (a - b).abs() <= tol * (1.0 + b.abs()),
            "{what}: element {i}: {a} vs {b}"
        );
    }
}

fn add(x: &Matrix, y: &Matrix) -> Matrix {
    let mut s = x.clone();
    nndl_linalg::add_assign(s.as_mut_slice(), y.as_slice());
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn product_laws(m in 1usize..70, n in 1usize..70, k in 1usize..70, p in 1usize..40, seed in any::<u64>()) {
        let mut rng = Rng(seed);
        let a = random(&mut rng, m, k);
        let b = random(&mut rng, k, n);
        let b2 = random(&mut rng, k, n);
        let c = random(&mut rng, n, p);
        let tol = 1e-5 * (k.max(n) as f32);
        for kernel in Kernel::available() {
            let name = kernel.name();
            let ab = mul(kernel, a.view(), b.view());
            // (AB)ᵀ = BᵀAᵀ, with the transposes as views (no copies).
            let bt_at = mul(kernel, b.view().t(), a.view().t());
            assert_near(&format!("{name}: (AB)ᵀ = BᵀAᵀ"), &ab.transpose(), &bt_at, tol);
            // The same with materialised transposes.
            let bt_at2 = mul(kernel, b.transpose().view(), a.transpose().view());
            assert_near(&format!("{name}: copies"), &bt_at, &bt_at2, tol);
            // Identity on both sides, exactly.
            let i_m = Matrix::from_fn(m, m, |i, j| f32::from(u8::from(i == j)));
            let i_k = Matrix::from_fn(k, k, |i, j| f32::from(u8::from(i == j)));
            prop_assert_eq!(&mul(kernel, i_m.view(), a.view()), &a);
            prop_assert_eq!(&mul(kernel, a.view(), i_k.view()), &a);
            // A(B + B2) = AB + AB2.
            let lhs = mul(kernel, a.view(), add(&b, &b2).view());
            let rhs = add(&ab, &mul(kernel, a.view(), b2.view()));
            assert_near(&format!("{name}: distributivity"), &lhs, &rhs, tol);
            // (AB)C = A(BC).
            let l = mul(kernel, ab.view(), c.view());
            let r = mul(kernel, a.view(), mul(kernel, b.view(), c.view()).view());
            assert_near(&format!("{name}: associativity"), &l, &r, 1e-5 * ((k * n) as f32));
        }
    }
}

#[test]
fn matmul_into_on_sub_blocks_and_transposed_outputs() {
    let mut rng = Rng(9);
    let big = random(&mut rng, 9, 11);
    let a = big.view().submatrix(1, 2, 4, 5); // 4×5 inside a 9×11
    let b = big.view().submatrix(3, 0, 5, 3); // 5×3
    let want = matmul(a.to_matrix().view(), b.to_matrix().view());
    assert_eq!(matmul(a, b), want);

    // Into a sub-block of a larger C, leaving the rest untouched.
    let mut c = Matrix::from_fn(6, 7, |_, _| -7.0);
    matmul_into(1.0, a, b, 0.0, c.view_mut().submatrix_mut(1, 2, 4, 3));
    for i in 0..6 {
        for j in 0..7 {
            let inside = (1..5).contains(&i) && (2..5).contains(&j);
            let expect = if inside { want[(i - 1, j - 2)] } else { -7.0 };
            assert_eq!(c[(i, j)], expect, "({i}, {j})");
        }
    }

    // Into a transposed view: cᵀ = a·b, so c = bᵀ·aᵀ.
    let mut ct = Matrix::zeros(3, 4);
    matmul_into(2.0, a, b, 0.0, ct.view_mut().t());
    for i in 0..4 {
        for j in 0..3 {
            assert!((ct[(j, i)] - 2.0 * want[(i, j)]).abs() < 1e-5);
        }
    }
}

#[test]
#[should_panic(expected = "matmul_into: shapes do not agree: a is 2×3, b is 2×3")]
fn matmul_shape_mismatch_panics() {
    let a = Matrix::zeros(2, 3);
    let _ = matmul(a.view(), a.view());
}

#[test]
fn matrix_method_and_gemm_agree() {
    let mut rng = Rng(3);
    let a = random(&mut rng, 17, 33);
    let b = random(&mut rng, 33, 19);
    let mut c = vec![0.0; 17 * 19];
    nndl_linalg::gemm(
        Transpose::No,
        Transpose::No,
        17,
        19,
        33,
        1.0,
        a.as_slice(),
        33,
        b.as_slice(),
        19,
        0.0,
        &mut c,
        19,
    );
    assert_eq!(a.matmul(&b).as_slice(), &c[..]);
}
