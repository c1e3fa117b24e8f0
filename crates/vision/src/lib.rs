//! Pictures of digits: preparing them as MNIST's digits were made, distorting
//! training digits, and reading whole numbers by cutting them into digits, on
//! plain grayscale buffers.
//!
//! A picture is a `&[f32]` of ink levels in [0, 1], row-major, with its width and height.
//!
//! ```
//! use nndl_vision::{centre_by_mass, SIDE};
//!
//! // A single dot of ink lands on pixel (14, 14), where MNIST's digits have their centre of mass.
//! let field = centre_by_mass(&[1.0], 1, 1);
//! assert_eq!(field.len(), SIDE * SIDE);
//! assert_eq!(field[14 * SIDE + 14], 1.0);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod centre;
mod compose;
#[cfg(feature = "decode")]
pub mod decode;
mod distort;
mod ink;
mod prepare;
mod read;
mod resize;
mod skeleton;
mod stroke;

pub use centre::{centre_by_mass, centre_of_mass, SIDE};
pub use compose::{compose_number, ComposedNumber, NumberLayout, PAPER};
pub use distort::{Distortion, DistortionParams, Distortions};
pub use prepare::{prepare, PrepareError};
pub use read::{
    read_number, read_number_batched, trial_digits, Alternative, Bounds, Page, ReadDigit,
    ReadError, ReadOptions, Reading, TrialDigit, MAX_DIGITS, NOT_A_DIGIT,
};
pub use resize::resize;
pub use skeleton::skeleton;
