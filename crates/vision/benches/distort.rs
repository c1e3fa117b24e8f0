//! How long distorting a training set takes: 50,000 MNIST-sized digits, as
//! `nndl train --augment` does before every epoch, on one thread and on all.

use criterion::{criterion_group, criterion_main, Criterion};
use nndl_vision::{DistortionParams, Distortions, SIDE};

fn images(n: usize) -> Vec<f32> {
    // Rings of different sizes and places: ink like a digit's, not noise.
    (0..n)
        .flat_map(|k| {
            let (cx, cy, r) = (
                12.0 + (k % 5) as f32,
                13.0 + (k % 3) as f32,
                3.0 + (k % 4) as f32,
            );
            (0..SIDE * SIDE).map(move |i| {
                let (x, y) = ((i % SIDE) as f32 + 0.5, (i / SIDE) as f32 + 0.5);
                let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
                (1.5 - (d - r).abs()).clamp(0.0, 1.0)
            })
        })
        .collect()
}

fn distort_50k(c: &mut Criterion) {
    let n = 50_000;
    let input = images(n);
    let mut out = vec![0.0; input.len()];
    let d = Distortions::new(DistortionParams::default(), 1);
    let mut group = c.benchmark_group("distort_all 50k");
    group.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(format!("{threads} thread(s)"), |b| {
            let mut epoch = 0;
            b.iter(|| {
                epoch += 1;
                pool.install(|| d.distort_all(&input, epoch, &mut out));
            })
        });
    }
    let affine = Distortions::new(
        DistortionParams {
            elastic_alpha: 0.0,
            ..DistortionParams::default()
        },
        1,
    );
    group.bench_function("affine only, 1 thread", |b| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        b.iter(|| pool.install(|| affine.distort_all(&input, 1, &mut out)))
    });
    group.bench_function("new (field bank)", |b| {
        b.iter(|| Distortions::new(DistortionParams::default(), 1))
    });
    group.finish();
}

criterion_group!(benches, distort_50k);
criterion_main!(benches);
