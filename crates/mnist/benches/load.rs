//! How long decoding the bundled MNIST takes: gzip → IDX → f32 in [0, 1].
//!
//! `cargo bench -p nndl-mnist --bench load` (single-threaded per file).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};

fn data_dir() -> PathBuf {
    nndl_mnist::locate(None).expect("the bundled data/mnist/ or $MNIST_DIR")
}

fn load(c: &mut Criterion) {
    let dir = data_dir();
    let images = dir.join("train-images-idx3-ubyte.gz");
    let labels = dir.join("train-labels-idx1-ubyte.gz");

    let mut group = c.benchmark_group("mnist");
    group.sample_size(20);
    group.bench_function("train 60k: .gz to f32 dataset", |b| {
        b.iter(|| black_box(nndl_mnist::load_pair(&images, &labels, 10).unwrap()))
    });
    group.bench_function("train 60k images: .gz to u8", |b| {
        b.iter(|| black_box(nndl_mnist::idx::read_u8_images(&images).unwrap()))
    });
    group.bench_function("book split: all four files", |b| {
        b.iter(|| {
            black_box(nndl_mnist::Mnist::load(nndl_mnist::Options::default().dir(&dir)).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
