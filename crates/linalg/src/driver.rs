//! Chooses how to compute a checked product and runs it.

use crate::kernel::Kernel;
use crate::Transpose;

/// A product whose arguments [`crate::gemm`] has already checked.
pub(crate) struct Args<'a, 'c> {
    pub transa: Transpose,
    pub transb: Transpose,
    pub m: usize,
    pub n: usize,
    pub k: usize,
    pub alpha: f32,
    pub a: &'a [f32],
    pub lda: usize,
    pub b: &'a [f32],
    pub ldb: usize,
    pub beta: f32,
    pub c: &'c mut [f32],
    pub ldc: usize,
}

/// `C ← β·C`, writing zeros (not `0·C`) when `β = 0` so NaN in `C` disappears.
pub(crate) fn scale_c(m: usize, n: usize, beta: f32, c: &mut [f32], ldc: usize) {
    if beta == 1.0 {
        return;
    }
    for i in 0..m {
        let row = &mut c[i * ldc..i * ldc + n];
        if beta == 0.0 {
            row.fill(0.0);
        } else {
            row.iter_mut().for_each(|x| *x *= beta);
        }
    }
}

pub(crate) fn run(_kernel: Kernel, args: Args<'_, '_>) {
    let Args {
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
    } = args;
    if m == 0 || n == 0 {
        return;
    }
    scale_c(m, n, beta, c, ldc);
    if k == 0 || alpha == 0.0 {
        return;
    }
    let at = |i: usize, p: usize| match transa {
        Transpose::No => a[i * lda + p],
        Transpose::Yes => a[p * lda + i],
    };
    let bt = |p: usize, j: usize| match transb {
        Transpose::No => b[p * ldb + j],
        Transpose::Yes => b[j * ldb + p],
    };
    for i in 0..m {
        for j in 0..n {
            let mut s = 0.0f32;
            for p in 0..k {
                s += at(i, p) * bt(p, j);
            }
            c[i * ldc + j] += alpha * s;
        }
    }
}
