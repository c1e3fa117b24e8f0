//! Shared helpers: a naive f64 reference GEMM and a tolerance scaled with k.

#![allow(dead_code)]

use nndl_linalg::Transpose;

/// A deterministic pseudo-random generator (SplitMix64), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    pub fn f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }

    pub fn vec(&mut self, len: usize) -> Vec<f32> {
        (0..len).map(|_| self.f32()).collect()
    }
}

/// Stored length of an operand whose op is `rows × cols`.
pub fn stored_len(t: Transpose, rows: usize, cols: usize, ld: usize) -> usize {
    let (sr, sc) = match t {
        Transpose::No => (rows, cols),
        Transpose::Yes => (cols, rows),
    };
    if sr == 0 || sc == 0 {
        0
    } else {
        (sr - 1) * ld + sc
    }
}

/// Stored columns (the minimum leading dimension) of an operand whose op is `rows × cols`.
pub fn stored_cols(t: Transpose, rows: usize, cols: usize) -> usize {
    match t {
        Transpose::No => cols,
        Transpose::Yes => rows,
    }
}

fn at(t: Transpose, x: &[f32], ld: usize, r: usize, c: usize) -> f64 {
    f64::from(match t {
        Transpose::No => x[r * ld + c],
        Transpose::Yes => x[c * ld + r],
    })
}

/// The triple loop in f64, plus Σ|terms| per element for the error bound.
#[allow(clippy::too_many_arguments)]
pub fn reference(
    ta: Transpose,
    tb: Transpose,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &[f32],
    ldc: usize,
) -> (Vec<f64>, Vec<f64>) {
    let mut out = vec![0.0; m * n];
    let mut mag = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            let (mut s, mut sa) = (0.0f64, 0.0f64);
            for p in 0..k {
                let t = at(ta, a, lda, i, p) * at(tb, b, ldb, p, j);
                s += t;
                sa += t.abs();
            }
            let c0 = if beta == 0.0 {
                0.0
            } else {
                f64::from(beta) * f64::from(c[i * ldc + j])
            };
            out[i * n + j] = f64::from(alpha) * s + c0;
            mag[i * n + j] = f64::from(alpha.abs()) * sa + c0.abs();
        }
    }
    (out, mag)
}

/// Checks `c` (row stride `ldc`) against the reference; f32 rounding grows with k.
pub fn assert_close(
    what: &str,
    k: usize,
    c: &[f32],
    ldc: usize,
    want: &[f64],
    mag: &[f64],
    n: usize,
) {
    let m = want.len().checked_div(n).unwrap_or(0);
    let eps = f64::from(f32::EPSILON);
    for i in 0..m {
        for j in 0..n {
            let got = f64::from(c[i * ldc + j]);
            let w = want[i * n + j];
            let tol = 2.0 * (k as f64 + 2.0) * eps * mag[i * n + j] + 1e-30;
            assert!(
                (got - w).abs() <= tol,
                "{what}: C[{i},{j}] = {got}, want {w} (tol {tol:e})"
            );
        }
    }
}
