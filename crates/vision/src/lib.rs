//! Pictures of digits: preparing them as MNIST's digits were made, and distorting
//! training digits, on plain grayscale buffers.
//!
//! A picture is a `&[f32]` of ink levels in [0, 1], row-major, with its width and height.
//!
//! ```
//! use nndl_vision::{centre_by_mass, SIDE};
//!
//! // A 2×2 block of ink lands with its centre of mass on the centre of the 28×28 field.
//! let field = centre_by_mass(&[1.0; 4], 2, 2);
//! assert_eq!(field.len(), SIDE * SIDE);
//! assert_eq!(field[13 * SIDE + 13], 1.0);
//! assert_eq!(field[14 * SIDE + 14], 1.0);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod centre;
mod distort;
mod prepare;
mod resize;

pub use centre::{centre_by_mass, SIDE};
pub use distort::{Distortion, DistortionParams, Distortions};
pub use prepare::{prepare, PrepareError};
pub use resize::resize;
