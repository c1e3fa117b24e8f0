//! How long reading a 10-digit number takes on one core: the cutting, the
//! preparation of every trial piece, the classifier's calls and the search, with
//! a trained 784-30-10 network (Chapter 1's) and a 784-100-10 one. The numbers are
//! composed from MNIST's first ten test digits, apart and touching, at MNIST's
//! size and 2.5 times larger (a phone photo of a number is larger still, and is
//! shrunk first).

use std::ops::ControlFlow;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use nndl_mnist::{Mnist, Options};
use nndl_nn::{Data, Network, SgdConfig};
use nndl_vision::{compose_number, read_number, resize, NumberLayout, ReadOptions, SIDE};

/// A network of `hidden` neurons trained for one epoch on 20,000 digits: trained,
/// so that its confidence, and so the cuts it makes the search try, are real.
fn classifier(mnist: &Mnist, hidden: usize) -> Network {
    let n = 20_000;
    let t = &mnist.training;
    let data = Data::new(&t.inputs[..n * SIDE * SIDE], &t.labels[..n], SIDE * SIDE).unwrap();
    let mut net = Network::new(&[SIDE * SIDE, hidden, 10], 1).unwrap();
    net.sgd(data, &SgdConfig::new(1, 10, 3.0), None, &mut |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    net
}

/// The first ten test digits as one number, `gap` columns apart, enlarged `times`,
/// dark ink on white paper.
fn number(mnist: &Mnist, gap: (i32, i32), times: f32) -> (Vec<f32>, usize, usize) {
    let digits: Vec<&[f32]> = (0..10).map(|i| mnist.test.image(i)).collect();
    let layout = NumberLayout {
        gap,
        ..NumberLayout::default()
    };
    let n = compose_number(&digits, SIDE, &layout, 1);
    let (w, h) = (
        (n.width as f32 * times) as usize,
        (n.height as f32 * times) as usize,
    );
    let ink = resize(&n.ink, n.width, n.height, w, h);
    (ink.iter().map(|v| 1.0 - v).collect(), w, h)
}

fn read_ten_digits(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist");
    let mnist = Mnist::load(Options::default().dir(dir)).expect("the bundled MNIST loads");
    let mut group = c.benchmark_group("read 10 digits");
    for hidden in [30, 100] {
        let net = classifier(&mnist, hidden);
        let classify = |digit: &[f32]| {
            let out = net.feedforward(digit);
            let mut s = [0.0; 10];
            s.copy_from_slice(&out);
            s
        };
        for (kind, gap) in [("apart", (4, 12)), ("touching", (-3, 0))] {
            for times in [1.0, 2.5] {
                let (picture, w, h) = number(&mnist, gap, times);
                let name = format!("784-{hidden}-10, {kind}, {w}x{h}");
                group.bench_function(name, |b| {
                    b.iter(|| read_number(&picture, w, h, &ReadOptions::default(), classify))
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, read_ten_digits);
criterion_main!(benches);
