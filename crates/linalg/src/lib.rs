//! f32 matrices and a hand-written GEMM (BLIS-style packing, cache blocking,
//! a register-tiled SIMD microkernel behind runtime CPU-feature detection).
