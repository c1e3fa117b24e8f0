//! How long reading a 10-digit number takes on one core: the cutting, the
//! preparation of every trial piece, the classifier's calls (one batch, as
//! `nndl read` makes them; a one-thread pool holds them to one core) and the search, with
//! a trained 784-30-10 network (Chapter 1's) and a 784-100-10 one, and with the
//! finer cuts tried for a classifier trained on cut pieces (784-100-11 and the
//! `best` preset's 784-800-800-11; trained here on whole digits only, since
//! the time depends on the cuts tried and the network's size). The numbers are
//! composed from MNIST's first ten test digits, apart and touching, at MNIST's
//! size and 2.5 times larger (a phone photo of a number is larger still, and is
//! shrunk first).

use std::ops::ControlFlow;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use nndl_mnist::{Mnist, Options};
use nndl_nn::{Data, Network, SgdConfig};
use nndl_vision::{compose_number, read_number_batched, resize, NumberLayout, ReadOptions, SIDE};

/// A network of layers `sizes` trained for one epoch on 20,000 digits: trained,
/// so that its confidence, and so the cuts it makes the search try, are real.
fn classifier(mnist: &Mnist, sizes: &[usize]) -> Network {
    let n = 20_000;
    let t = &mnist.training;
    let data = Data::new(&t.inputs[..n * SIDE * SIDE], &t.labels[..n], SIDE * SIDE).unwrap();
    let mut net = Network::new(sizes, 1).unwrap();
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
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let readers: [(&[usize], bool); 4] = [
        (&[784, 30, 10], false),
        (&[784, 100, 10], false),
        (&[784, 100, 11], true),
        (&[784, 800, 800, 11], true),
    ];
    for (sizes, trained_on_pieces) in readers {
        let net = classifier(&mnist, sizes);
        let classify_all = |digits: &[f32]| {
            let out = net.feedforward_batch(digits);
            (0..out.rows())
                .map(|i| std::array::from_fn(|d| out.row(i)[d]))
                .collect()
        };
        let options = ReadOptions {
            trained_on_pieces,
            ..ReadOptions::default()
        };
        let layers: Vec<String> = sizes.iter().map(usize::to_string).collect();
        let cuts = if trained_on_pieces { ", fine cuts" } else { "" };
        for (kind, gap) in [("apart", (4, 12)), ("touching", (-3, 0))] {
            for times in [1.0, 2.5] {
                let (picture, w, h) = number(&mnist, gap, times);
                let name = format!("{}{cuts}, {kind}, {w}x{h}", layers.join("-"));
                group.bench_function(name, |b| {
                    one_core.install(|| {
                        b.iter(|| read_number_batched(&picture, w, h, &options, classify_all))
                    })
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, read_ten_digits);
criterion_main!(benches);
