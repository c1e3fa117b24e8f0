//! The only module with `unsafe`: CPU-feature detection and the intrinsic kernels.
//!
//! Each kernel type is a zero-sized proof that the CPU has its instruction set
//! (only its `new`, which runs the detection, makes one). Its safe
//! [`Micro`](crate::micro::Micro) methods check every index the SIMD code will
//! touch, then call the `#[target_feature]` functions.

/// `match` over the row count of a tile, calling the matching instantiation of a
/// kernel generic over `<rows, vectors, masked, A rows in place>`. Defined before
/// the kernel modules so both can use it.
#[cfg(target_arch = "x86_64")]
macro_rules! by_rows {
    ($rows:expr, $f:ident, [$($m:literal),*], $nv:literal, $masked:literal, $ar:literal, $args:tt) => {
        match $rows {
            $($m => by_rows!(@call $f, $m, $nv, $masked, $ar, $args),)*
            _ => unreachable!("tile rows checked above"),
        }
    };
    (@call $f:ident, $m:literal, $nv:literal, $masked:literal, $ar:literal, ($($arg:expr),*)) => {
        $f::<$m, $nv, $masked, $ar>($($arg),*)
    };
}

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
mod prefetch;

pub use prefetch::prefetch;

#[cfg(target_arch = "x86_64")]
pub(crate) use avx2::Avx2Fma;
#[cfg(target_arch = "x86_64")]
pub(crate) use avx512::Avx512;

/// Whether the CPU has AVX2 and FMA (what [`Avx2Fma::new`] detects).
#[cfg(target_arch = "x86_64")]
pub(crate) fn has_avx2_fma() -> bool {
    Avx2Fma::new().is_some()
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn has_avx2_fma() -> bool {
    false
}

/// Whether the CPU has AVX-512F and AVX-512VL (what [`Avx512::new`] detects).
#[cfg(target_arch = "x86_64")]
pub(crate) fn has_avx512() -> bool {
    Avx512::new().is_some()
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn has_avx512() -> bool {
    false
}
