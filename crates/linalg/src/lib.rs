//! f32 matrices and a hand-written GEMM: BLIS-style packing, cache blocking and a
//! register-tiled SIMD microkernel chosen at run time from the CPU's features
//! (AVX-512F, AVX2 + FMA, or a portable fallback that the compiler vectorises).
//!
//! The crate has two layers:
//!
//! * a BLAS-style entry point, [`gemm()`], computing `C ← α·op(A)·op(B) + β·C` on
//!   row-major slices with leading dimensions (and [`try_gemm`], [`gemm_with`], and
//!   `par_gemm` on a rayon pool with the default `rayon` feature);
//! * [`Matrix`] (owned, row-major) with borrowed views [`MatRef`] / [`MatMut`] that
//!   carry a row stride and a transpose flag, so sub-blocks and transposes never
//!   copy, plus [`matmul`] / [`matmul_into`] and the element-wise operations in
//!   [`ops`] (re-exported here).
//!
//! ```
//! use nndl_linalg::{matmul_into, Matrix};
//!
//! // A mini-batch of 2 inputs with 3 features, a layer of 2 neurons:
//! // z = x · wᵀ + b, with w stored one row per neuron (as in the book).
//! let x = Matrix::from_vec(2, 3, vec![1.0, 0.0, 2.0, 0.0, 1.0, 1.0]);
//! let w = Matrix::from_vec(2, 3, vec![0.5, -1.0, 0.0, 1.0, 1.0, 1.0]);
//! let b = [0.1, -0.1];
//! let mut z = Matrix::zeros(2, 2);
//! matmul_into(1.0, x.view(), w.view().t(), 0.0, z.view_mut());
//! nndl_linalg::add_row_to_rows(z.view_mut(), &b);
//! assert_eq!(z.as_slice(), &[0.6, 2.9, -0.9, 1.9]);
//! ```
//!
//! Every function checks its arguments and panics with a message naming the
//! mismatch (the `try_` variants return a [`ShapeError`]); the safe API never reads
//! or writes out of bounds. All `unsafe` code lives in one private module, the
//! SIMD microkernels.
#![warn(missing_docs)]
#![deny(unsafe_code)]

mod driver;
mod error;
mod gemm;
mod kernel;
mod layout;
mod matrix;
mod micro;
pub mod ops;
mod pack;
mod portable;
#[allow(unsafe_code)]
mod simd;
mod view;

pub use driver::{DOT_MAX_B, DOT_MAX_M};
pub use error::ShapeError;
#[cfg(feature = "rayon")]
pub use gemm::par_gemm;
pub use gemm::{gemm, gemm_with, matmul, matmul_into, try_gemm};
pub use kernel::Kernel;
pub use layout::Transpose;
pub use matrix::Matrix;
pub use ops::{
    add_assign, add_row_to_rows, argmax, argmax_rows, argmax_rows_into, axpy, col_sums,
    hadamard_assign, map, map_in_place, row_sums, scale, sub_assign, zip_map,
};
pub use simd::prefetch;
pub use view::{MatMut, MatRef};
