//! The BLAS-style entry points: argument checking, then the blocked driver.

use crate::driver::{Args, Threads};
use crate::error::ShapeError;
use crate::kernel::Kernel;
use crate::layout::{span, Transpose};
use crate::matrix::Matrix;
use crate::view::{MatMut, MatRef};

/// Checks one operand: `op(x)` is `rows × cols`, so `x` is stored `rows × cols`
/// (or `cols × rows` when transposed) with row stride `ld`.
fn check_operand(
    name: &str,
    trans: Transpose,
    rows: usize,
    cols: usize,
    len: usize,
    ld: usize,
) -> Result<(), ShapeError> {
    let (sr, sc) = match trans {
        Transpose::No => (rows, cols),
        Transpose::Yes => (cols, rows),
    };
    if ld < sc {
        return Err(ShapeError::new(format!(
            "gemm: ld{name} is {ld}, less than the {sc} columns of the stored {sr}×{sc} {name}"
        )));
    }
    match span(sr, sc, ld) {
        Some(need) if need <= len => Ok(()),
        Some(need) => Err(ShapeError::new(format!(
            "gemm: {name} has {len} elements, needs at least {need} for a {sr}×{sc} (ld{name} {ld})"
        ))),
        None => Err(ShapeError::new(format!(
            "gemm: a {sr}×{sc} {name} with ld{name} {ld} overflows usize"
        ))),
    }
}

#[allow(clippy::too_many_arguments)]
fn check_args(
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    c: &[f32],
    ldc: usize,
) -> Result<(), ShapeError> {
    check_operand("a", transa, m, k, a.len(), lda)?;
    check_operand("b", transb, k, n, b.len(), ldb)?;
    check_operand("c", Transpose::No, m, n, c.len(), ldc)
}

/// `C ← α·op(A)·op(B) + β·C` on row-major storage (BLAS `sgemm`).
///
/// `op(A)` is `m × k` and `op(B)` is `k × n`; `C` is `m × n` with row stride `ldc`.
/// `lda` is the row stride of `A` *as stored*: for `transa = No`, `A` is `m` rows of
/// `lda ≥ k`; for `Yes`, `A` is stored `k × m` with `lda ≥ m` (likewise for `B`).
/// With `beta = 0`, `C` is only written, so NaN or infinity already in it is ignored;
/// with `k = 0` (or `alpha = 0`) the result is `β·C`.
///
/// Runs the kernel chosen by [`Kernel::detect`], single-threaded.
///
/// ```
/// use nndl_linalg::{gemm, Transpose};
/// // [1 2 3]   [1 0]   [ 4  2]
/// // [4 5 6] · [0 1] = [10  5]
/// //           [1 0]
/// let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
/// let b = [1.0, 0.0, 0.0, 1.0, 1.0, 0.0];
/// let mut c = [f32::NAN; 4];
/// gemm(Transpose::No, Transpose::No, 2, 2, 3, 1.0, &a, 3, &b, 2, 0.0, &mut c, 2);
/// assert_eq!(c, [4.0, 2.0, 10.0, 5.0]);
/// ```
///
/// # Panics
/// If a leading dimension is smaller than its stored row, or a slice is too short,
/// with a message naming the operand, e.g.
/// `gemm: a has 100 elements, needs at least 7840 for a 10×784 (lda 784)`;
/// [`try_gemm`] returns that error instead.
#[allow(clippy::too_many_arguments)]
#[track_caller]
pub fn gemm(
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    gemm_with(
        Kernel::detect(),
        transa,
        transb,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
    );
}

/// [`gemm`] returning a [`ShapeError`] instead of panicking on mismatched arguments.
#[allow(clippy::too_many_arguments)]
pub fn try_gemm(
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) -> Result<(), ShapeError> {
    try_gemm_with(
        Kernel::detect(),
        transa,
        transb,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
    )
}

/// [`gemm`] on a chosen [`Kernel`] rather than the detected one.
///
/// # Panics
/// As [`gemm`], and if the CPU cannot run `kernel` (see [`Kernel::is_available`]).
#[allow(clippy::too_many_arguments)]
#[track_caller]
pub fn gemm_with(
    kernel: Kernel,
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    if let Err(e) = try_gemm_with(
        kernel, transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
    ) {
        panic!("{e}");
    }
}

/// [`gemm_with`] returning a [`ShapeError`] instead of panicking on mismatched arguments.
///
/// # Panics
/// If the CPU cannot run `kernel` (that is a programming error, not a shape error).
#[allow(clippy::too_many_arguments)]
#[track_caller]
fn try_gemm_with(
    kernel: Kernel,
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) -> Result<(), ShapeError> {
    assert!(
        kernel.is_available(),
        "gemm_with: this CPU cannot run the {} kernel (available: {:?})",
        kernel.name(),
        Kernel::available()
    );
    run_checked(
        kernel,
        Threads::One,
        transa,
        transb,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
    )
}

/// Checks the arguments, then runs the product on an available `kernel`.
#[allow(clippy::too_many_arguments)]
fn run_checked(
    kernel: Kernel,
    threads: Threads,
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) -> Result<(), ShapeError> {
    check_args(transa, transb, m, n, k, a, lda, b, ldb, c, ldc)?;
    let args = Args {
        transa,
        transb,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
    };
    crate::driver::run(kernel, threads, args);
    Ok(())
}

/// [`gemm`] on the threads of the current rayon pool: `C` is cut into bands of
/// rows, one per thread, each computed by the same single-threaded code.
///
/// Each element of `C` is computed exactly as [`gemm`] computes it (the same
/// kernel, the same plan, the same order of additions), so the result is
/// bit-for-bit that of [`gemm`] on any number of threads. Products too small to
/// repay a fork (under about 4 million multiply-adds, or fewer than 48 rows) run
/// on the calling thread. Run it inside `ThreadPool::install` to choose the
/// threads; inside a pool already busy with other work, prefer [`gemm`].
///
/// ```
/// use nndl_linalg::{gemm, par_gemm, Transpose};
/// let (m, n, k) = (300, 200, 100);
/// let a: Vec<f32> = (0..m * k).map(|i| (i % 7) as f32).collect();
/// let b: Vec<f32> = (0..k * n).map(|i| (i % 5) as f32).collect();
/// let (mut c1, mut c2) = (vec![0.0; m * n], vec![0.0; m * n]);
/// gemm(Transpose::No, Transpose::No, m, n, k, 1.0, &a, k, &b, n, 0.0, &mut c1, n);
/// par_gemm(Transpose::No, Transpose::No, m, n, k, 1.0, &a, k, &b, n, 0.0, &mut c2, n);
/// assert_eq!(c1, c2);
/// ```
///
/// # Panics
/// As [`gemm`].
#[cfg(feature = "rayon")]
#[allow(clippy::too_many_arguments)]
#[track_caller]
pub fn par_gemm(
    transa: Transpose,
    transb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    if let Err(e) = run_checked(
        Kernel::detect(),
        Threads::Pool,
        transa,
        transb,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
    ) {
        panic!("{e}");
    }
}

/// `a · b` as a new matrix.
///
/// ```
/// use nndl_linalg::{matmul, Matrix};
/// let a = Matrix::from_vec(2, 2, vec![1.0, 2.0, 3.0, 4.0]);
/// let b = Matrix::from_vec(2, 1, vec![1.0, 1.0]);
/// assert_eq!(matmul(a.view(), b.view()).as_slice(), &[3.0, 7.0]);
/// // A transposed view costs nothing: aᵀ · b.
/// assert_eq!(matmul(a.view().t(), b.view()).as_slice(), &[4.0, 6.0]);
/// ```
///
/// # Panics
/// If `a.cols() != b.rows()`.
#[track_caller]
pub fn matmul(a: MatRef<'_>, b: MatRef<'_>) -> Matrix {
    let mut c = Matrix::zeros(a.rows(), b.cols());
    matmul_into(1.0, a, b, 0.0, c.view_mut());
    c
}

impl Matrix {
    /// `self · rhs` as a new matrix; see [`matmul`].
    ///
    /// # Panics
    /// If `self.cols() != rhs.rows()`.
    #[track_caller]
    pub fn matmul(&self, rhs: &Matrix) -> Matrix {
        matmul(self.view(), rhs.view())
    }
}

/// `c ← α·a·b + β·c` on views (any of them may be transposed or a sub-block).
///
/// # Panics
/// If the shapes do not agree: `a` is `m × k`, `b` is `k × n`, `c` is `m × n`.
#[track_caller]
pub fn matmul_into(alpha: f32, a: MatRef<'_>, b: MatRef<'_>, beta: f32, c: MatMut<'_>) {
    assert!(
        a.cols() == b.rows() && c.rows() == a.rows() && c.cols() == b.cols(),
        "matmul_into: shapes do not agree: a is {}×{}, b is {}×{}, c is {}×{}",
        a.rows(),
        a.cols(),
        b.rows(),
        b.cols(),
        c.rows(),
        c.cols()
    );
    let (m, n, k) = (a.rows(), b.cols(), a.cols());
    let (ta, ad, lda) = a.as_gemm_operand();
    let (tb, bd, ldb) = b.as_gemm_operand();
    let (cd, _, _, ldc, c_transposed) = c.into_parts();
    if c_transposed {
        // Cᵀ is stored row-major: Cᵀ ← α·Bᵀ·Aᵀ + β·Cᵀ.
        gemm(
            tb.flip(),
            ta.flip(),
            n,
            m,
            k,
            alpha,
            bd,
            ldb,
            ad,
            lda,
            beta,
            cd,
            ldc,
        );
    } else {
        gemm(ta, tb, m, n, k, alpha, ad, lda, bd, ldb, beta, cd, ldc);
    }
}
