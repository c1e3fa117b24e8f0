//! One gradient step (`update_mini_batch`) for m = 10 and m = 100, and
//! `evaluate` on the 10,000 MNIST test images, for 784-30-10 and 784-100-10.
//!
//! `cargo bench -p nndl-nn --bench train`; one whole epoch is `cargo xtask bench-train`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nndl_nn::parallel::Workspace;
use nndl_nn::{Data, Network};

fn benches(c: &mut Criterion) {
    let mnist = nndl_mnist::load().expect("the bundled MNIST files");
    let training = Data::new(&mnist.training.inputs, &mnist.training.labels, 784).unwrap();
    let test = Data::new(&mnist.test.inputs, &mnist.test.labels, 784).unwrap();

    let mut group = c.benchmark_group("update_mini_batch");
    for hidden in [30, 100] {
        for m in [10, 100] {
            let mut net = Network::new(&[784, hidden, 10], 0).unwrap();
            let mut ws = Workspace::new(&net);
            // Successive mini-batches, as in an epoch (so the inputs are not all in cache).
            let mut at = 0;
            group.throughput(Throughput::Elements(m as u64));
            group.bench_function(
                BenchmarkId::new(format!("784-{hidden}-10"), format!("m={m}")),
                |b| {
                    b.iter(|| {
                        if at + m > training.len() {
                            at = 0;
                        }
                        let batch = training.slice(at..at + m);
                        at += m;
                        net.update_mini_batch_with(batch, 3.0, &mut ws).unwrap()
                    })
                },
            );
        }
    }
    group.finish();

    let mut group = c.benchmark_group("evaluate");
    group.throughput(Throughput::Elements(test.len() as u64));
    group.sample_size(20);
    for hidden in [30, 100] {
        let net = Network::new(&[784, hidden, 10], 0).unwrap();
        group.bench_function(format!("784-{hidden}-10/10000"), |b| {
            b.iter(|| net.evaluate(test).unwrap())
        });
    }
    group.finish();
}

criterion_group!(train, benches);
criterion_main!(train);
