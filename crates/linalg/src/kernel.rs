//! Which microkernel family runs: chosen once at run time from the CPU's features.

use std::sync::OnceLock;

/// A family of microkernels, one per instruction set.
///
/// [`Kernel::detect`] picks the best one the CPU supports; [`gemm_with`](crate::gemm_with)
/// runs a chosen one, which is how the tests exercise every available kernel on every run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// Plain Rust written for auto-vectorisation; runs everywhere, always correct.
    Portable,
    /// x86-64 AVX2 + FMA intrinsics (8 lanes of f32).
    Avx2Fma,
    /// x86-64 AVX-512F intrinsics (16 lanes of f32).
    Avx512,
}

impl Kernel {
    /// Every kernel, best first.
    pub const ALL: [Kernel; 3] = [Kernel::Avx512, Kernel::Avx2Fma, Kernel::Portable];

    /// The best kernel this CPU supports, detected once and cached.
    ///
    /// The environment variable `NNDL_LINALG_KERNEL` (`portable`, `avx2` or `avx512`),
    /// read on the first call, forces a kernel; a value that names no kernel, or one
    /// this CPU lacks, is ignored and the best available kernel is used.
    pub fn detect() -> Kernel {
        static DETECTED: OnceLock<Kernel> = OnceLock::new();
        *DETECTED.get_or_init(|| {
            std::env::var("NNDL_LINALG_KERNEL")
                .ok()
                .and_then(|v| Kernel::from_name(&v))
                .filter(|k| k.is_available())
                .unwrap_or_else(Kernel::best)
        })
    }

    /// The best kernel this CPU supports, ignoring `NNDL_LINALG_KERNEL`.
    fn best() -> Kernel {
        Kernel::ALL
            .into_iter()
            .find(|k| k.is_available())
            .unwrap_or(Kernel::Portable)
    }

    /// All kernels this CPU supports, best first; always ends with [`Kernel::Portable`].
    pub fn available() -> Vec<Kernel> {
        Kernel::ALL
            .into_iter()
            .filter(|k| k.is_available())
            .collect()
    }

    /// Whether this CPU can run the kernel.
    pub fn is_available(self) -> bool {
        match self {
            Kernel::Portable => true,
            Kernel::Avx2Fma => crate::simd::has_avx2_fma(),
            Kernel::Avx512 => crate::simd::has_avx512(),
        }
    }

    /// Rows of C in the kernel's register tile: a product whose number of rows
    /// is a multiple of it leaves no tile part-empty, so a product split into
    /// pieces of such rows costs no more than the whole.
    pub fn tile_rows(self) -> usize {
        use crate::micro::Micro;
        match self {
            Kernel::Portable => crate::portable::Portable::MR,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2Fma => crate::simd::Avx2Fma::MR,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => crate::simd::Avx512::MR,
            #[cfg(not(target_arch = "x86_64"))]
            _ => crate::portable::Portable::MR,
        }
    }

    /// A short name: `portable`, `avx2+fma` or `avx512f`.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Portable => "portable",
            Kernel::Avx2Fma => "avx2+fma",
            Kernel::Avx512 => "avx512f",
        }
    }

    /// Parses the names accepted by `NNDL_LINALG_KERNEL` (and [`Kernel::name`]'s output).
    pub fn from_name(name: &str) -> Option<Kernel> {
        match name.trim().to_ascii_lowercase().as_str() {
            "portable" | "generic" | "scalar" => Some(Kernel::Portable),
            "avx2" | "avx2+fma" | "avx2fma" | "fma" => Some(Kernel::Avx2Fma),
            "avx512" | "avx512f" | "avx-512" => Some(Kernel::Avx512),
            _ => None,
        }
    }
}

impl std::fmt::Display for Kernel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
