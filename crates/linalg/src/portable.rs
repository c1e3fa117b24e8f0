//! The portable kernels: plain Rust over fixed-size arrays, which the compiler
//! turns into the target's baseline SIMD (SSE2 on x86-64, NEON on aarch64).
//! Always available and the reference the SIMD kernels are tested against.
//! (No `mul_add`: without a hardware FMA it becomes a slow library call.)

use crate::micro::{check_dot, check_tile, Micro, Panel};

/// The portable kernel family.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable;

const MR: usize = 4;
const NR: usize = 16;
const DOT_LANES: usize = 8;

impl Micro for Portable {
    const MR: usize = MR;
    const NR: usize = NR;
    // A strip of A and a 256×16 strip of B fit the smallest common L1d (32 KiB);
    // 256×512 floats of packed B are 512 KiB, in L2 on most CPUs.
    const KC: usize = 256;
    const MC: usize = 128;
    const NC: usize = 512;
    const DOT_RA: usize = 2;
    const DOT_RB: usize = 2;

    fn tile(
        self,
        mr: usize,
        nr: usize,
        k: usize,
        alpha: f32,
        a: Panel<'_>,
        b: Panel<'_>,
        beta: f32,
        c: &mut [f32],
        ldc: usize,
    ) {
        check_tile(MR, NR, mr, nr, k, &a, &b, c, ldc);
        let mut acc = [[0.0f32; NR]; MR];
        if a.i_stride != 1 {
            // A read in place row by row: gather each k-step's column first.
            let mut col = [0.0f32; MR];
            for p in 0..k {
                for (i, x) in col.iter_mut().enumerate().take(mr) {
                    *x = a.data[i * a.i_stride + p * a.k_stride];
                }
                let bp = &b.data[p * b.k_stride..][..nr];
                for (row, &ai) in acc.iter_mut().zip(&col[..mr]) {
                    for (x, &bj) in row.iter_mut().zip(bp) {
                        *x += ai * bj;
                    }
                }
            }
        } else if mr == MR && nr == NR {
            // Fixed trip counts: the compiler keeps `acc` in vector registers.
            for p in 0..k {
                let ap: &[f32; MR] = a.data[p * a.k_stride..][..MR].try_into().unwrap();
                let bp: &[f32; NR] = b.data[p * b.k_stride..][..NR].try_into().unwrap();
                for (row, &ai) in acc.iter_mut().zip(ap) {
                    for (x, &bj) in row.iter_mut().zip(bp) {
                        *x += ai * bj;
                    }
                }
            }
        } else {
            for p in 0..k {
                let ap = &a.data[p * a.k_stride..][..mr];
                let bp = &b.data[p * b.k_stride..][..nr];
                for (row, &ai) in acc.iter_mut().zip(ap) {
                    for (x, &bj) in row.iter_mut().zip(bp) {
                        *x += ai * bj;
                    }
                }
            }
        }
        for (i, row) in acc.iter().enumerate().take(mr) {
            let cr = &mut c[i * ldc..][..nr];
            for (cx, x) in cr.iter_mut().zip(row) {
                *cx = if beta == 0.0 {
                    alpha * x
                } else {
                    alpha * x + beta * *cx
                };
            }
        }
    }

    fn dot_tile(
        self,
        ra: usize,
        rb: usize,
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
        check_dot(
            Self::DOT_RA,
            Self::DOT_RB,
            ra,
            rb,
            k,
            a,
            lda,
            b,
            ldb,
            c,
            ldc,
        );
        for i in 0..ra {
            let ar = &a[i * lda..][..k];
            for j in 0..rb {
                let br = &b[j * ldb..][..k];
                // Eight partial sums the compiler can keep in one vector register.
                let mut part = [0.0f32; DOT_LANES];
                let (ac, at) = ar.split_at(k / DOT_LANES * DOT_LANES);
                let (bc, bt) = br.split_at(ac.len());
                for (x, y) in ac.chunks_exact(DOT_LANES).zip(bc.chunks_exact(DOT_LANES)) {
                    for l in 0..DOT_LANES {
                        part[l] += x[l] * y[l];
                    }
                }
                let mut s: f32 = part.iter().sum();
                for (x, y) in at.iter().zip(bt) {
                    s += x * y;
                }
                let cx = &mut c[i * ldc + j];
                *cx = if beta == 0.0 {
                    alpha * s
                } else {
                    alpha * s + beta * *cx
                };
            }
        }
    }
}
