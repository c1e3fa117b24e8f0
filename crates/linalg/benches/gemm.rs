//! Throughput (GFLOP/s) of `nndl_linalg::gemm` on square sizes and on the products
//! the Chapter 1 network computes, with the kernel `Kernel::detect` picks.
//!
//! `cargo bench -p nndl-linalg`; `cargo xtask bench-gemm` compares the same
//! shapes against other crates.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nndl_linalg::{gemm, par_gemm, Kernel, Transpose};
use std::hint::black_box;

/// `(name, m, n, k, op(A), op(B), α, β)`: op(A) is m×k, op(B) is k×n.
type Shape = (
    &'static str,
    usize,
    usize,
    usize,
    Transpose,
    Transpose,
    f32,
    f32,
);

const NETWORK: [Shape; 5] = [
    (
        "10x784.784x30T",
        10,
        30,
        784,
        Transpose::No,
        Transpose::Yes,
        1.0,
        0.0,
    ),
    (
        "10x30.30x10T",
        10,
        10,
        30,
        Transpose::No,
        Transpose::Yes,
        1.0,
        0.0,
    ),
    (
        "30x10T.10x784",
        30,
        784,
        10,
        Transpose::Yes,
        Transpose::No,
        -0.3,
        1.0,
    ),
    (
        "100x784.784x100T",
        100,
        100,
        784,
        Transpose::No,
        Transpose::Yes,
        1.0,
        0.0,
    ),
    (
        "1000x784.784x100T",
        1000,
        100,
        784,
        Transpose::No,
        Transpose::Yes,
        1.0,
        0.0,
    ),
];

fn filled(len: usize, seed: u32) -> Vec<f32> {
    (0..len)
        .map(|i| ((i as u32).wrapping_mul(2_654_435_761) ^ seed) as f32 / u32::MAX as f32 - 0.5)
        .collect()
}

/// A product on the calling thread (`gemm`) or across the rayon pool (`par_gemm`).
type Gemm = fn(
    Transpose,
    Transpose,
    usize,
    usize,
    usize,
    f32,
    &[f32],
    usize,
    &[f32],
    usize,
    f32,
    &mut [f32],
    usize,
);

fn bench_shape(c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, s: Shape) {
    bench_with(c, s, gemm);
}

fn bench_with(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    s: Shape,
    gemm: Gemm,
) {
    let (name, m, n, k, ta, tb, alpha, beta) = s;
    let lda = if ta == Transpose::No { k } else { m };
    let ldb = if tb == Transpose::No { n } else { k };
    let a = filled(m * k, 1);
    let b = filled(k * n, 2);
    let mut out = filled(m * n, 3);
    // Criterion reports "elements/s"; with one element per flop it reads as FLOP/s.
    c.throughput(Throughput::Elements(2 * (m * n * k) as u64));
    c.bench_function(BenchmarkId::from_parameter(name), |bch| {
        bch.iter(|| {
            gemm(
                ta,
                tb,
                m,
                n,
                k,
                alpha,
                black_box(&a),
                lda,
                black_box(&b),
                ldb,
                beta,
                &mut out,
                n,
            );
            black_box(&mut out);
        })
    });
}

fn square(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("gemm-square/{}", Kernel::detect().name()));
    for s in [32, 64, 128, 256, 512, 1024] {
        let name: &'static str = Box::leak(format!("{s}").into_boxed_str());
        if s >= 512 {
            g.sample_size(10);
        }
        bench_shape(
            &mut g,
            (name, s, s, s, Transpose::No, Transpose::No, 1.0, 0.0),
        );
    }
    g.finish();
}

fn network(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("gemm-network/{}", Kernel::detect().name()));
    for s in NETWORK {
        bench_shape(&mut g, s);
    }
    g.finish();
}

/// `par_gemm` on the default rayon pool (one thread per core) next to `gemm`, on
/// products big enough to be split.
fn parallel(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!(
        "par_gemm/{}/{}-threads",
        Kernel::detect().name(),
        rayon::current_num_threads()
    ));
    g.sample_size(10);
    let shapes: [Shape; 3] = [
        ("512", 512, 512, 512, Transpose::No, Transpose::No, 1.0, 0.0),
        (
            "1024",
            1024,
            1024,
            1024,
            Transpose::No,
            Transpose::No,
            1.0,
            0.0,
        ),
        NETWORK[4],
    ];
    for (name, m, n, k, ta, tb, alpha, beta) in shapes {
        for (how, f) in [("gemm", gemm as Gemm), ("par_gemm", par_gemm as Gemm)] {
            let label: &'static str = Box::leak(format!("{name}/{how}").into_boxed_str());
            bench_with(&mut g, (label, m, n, k, ta, tb, alpha, beta), f);
        }
    }
    g.finish();
}

criterion_group!(benches, square, network, parallel);
criterion_main!(benches);
