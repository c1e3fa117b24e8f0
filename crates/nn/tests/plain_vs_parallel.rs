//! The fast path against the plain path: the same weights and biases bit for
//! bit (`assert_eq!` on the f32 values), on every shape the fast path handles.
//!
//! The two agree because the fast path runs the plain path's functions on
//! pieces of the work, and a matrix product gives each row of its result the
//! same value whatever other rows it is computed with — as long as it takes the
//! same route. `nndl_linalg` computes A·Bᵀ with at most `DOT_MAX_M` (16) rows as
//! dot products, which round otherwise than its blocked kernel, so the fast path
//! never cuts a mini-batch of more than 16 rows into chunks of 16 or fewer. The
//! mini-batch sizes below sit on both sides of that bound.

use std::ops::ControlFlow;

use nndl_nn::parallel::{Tuning, Workspace};
use nndl_nn::{Data, Network, Progress, Regularization, Rules, SgdConfig};

const N: usize = 200;
const INPUTS: usize = 784;

/// `n` random examples of 784 values in [0, 1), labels 0..10.
fn problem(n: usize, seed: u64) -> (Vec<f32>, Vec<u8>) {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let x = (0..n * INPUTS)
        .map(|_| (next() % 1000) as f32 / 1000.0)
        .collect();
    let y = (0..n).map(|_| (next() % 10) as u8).collect();
    (x, y)
}

fn config(m: usize) -> SgdConfig {
    SgdConfig {
        epochs: 2,
        mini_batch_size: m,
        eta: 3.0,
        seed: 5,
        start_epoch: 0,
    }
}

/// `sgd_plain` for 2 epochs; the test results after each.
fn plain(sizes: &[usize], m: usize, data: Data<'_>) -> (Network, Vec<usize>) {
    let mut net = Network::new(sizes, 1).unwrap();
    let right = net.sgd_plain(data, &config(m), Some(data)).unwrap();
    (net, right)
}

/// `sgd_with` for 2 epochs on `threads` threads; the test results after each.
fn fast(
    sizes: &[usize],
    m: usize,
    data: Data<'_>,
    tuning: Tuning,
    threads: usize,
) -> (Network, Vec<usize>) {
    let net = Network::new(sizes, 1).unwrap();
    fast_with_rules(net, &config(m), Rules::default(), data, tuning, threads)
}

/// `sgd_with_rules` of `net` with `cfg` and `rules` on `threads` threads; the
/// test results after each epoch.
fn fast_with_rules(
    mut net: Network,
    cfg: &SgdConfig,
    rules: Rules,
    data: Data<'_>,
    tuning: Tuning,
    threads: usize,
) -> (Network, Vec<usize>) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let mut ws = Workspace::with_tuning(&net, tuning);
        let mut right = Vec::new();
        let mut observe = |p: Progress<'_>| {
            if let Progress::Epoch(report, _) = p {
                right.push(report.correct.unwrap());
            }
            ControlFlow::Continue(())
        };
        net.sgd_with_rules(data, cfg, rules, Some(data), &mut observe, &mut ws)
            .unwrap();
        (net, right)
    })
}

/// Every weight and bias equal (as `==` on f32: bit for bit, but for ±0).
fn assert_same(a: &Network, b: &Network, what: &str) {
    let params = |n: &Network| -> Vec<Vec<f32>> {
        let w = n.weights().iter().map(|w| w.as_slice().to_vec());
        w.chain(n.biases().iter().cloned()).collect()
    };
    for (i, (pa, pb)) in params(a).iter().zip(&params(b)).enumerate() {
        if let Some(j) = pa.iter().zip(pb).position(|(x, y)| x != y) {
            panic!(
                "{what}: parameter array {i} differs first at {j}: {} vs {}",
                pa[j], pb[j]
            );
        }
    }
}

/// Cuts every mini-batch into as many pieces as it may (chunks of a mini-batch of
/// more than 16 rows still keep more than 16 rows each).
fn fine() -> Tuning {
    Tuning {
        min_chunk_work: 1,
        min_chunk_rows: 1,
        min_block_work: 1,
        max_pieces: 4,
        force_parallel: Some(true),
    }
}

#[test]
fn sgd_gives_the_plain_weights_bit_for_bit() {
    let (x, y) = problem(N, 1);
    let data = Data::new(&x, &y, INPUTS).unwrap();
    let shapes: [&[usize]; 3] = [&[INPUTS, 10], &[INPUTS, 30, 10], &[INPUTS, 30, 20, 10]];
    let tunings = [
        ("default", Tuning::default()),
        (
            "default, always parallel",
            Tuning {
                force_parallel: Some(true),
                ..Tuning::default()
            },
        ),
        ("sequential", Tuning::sequential()),
        ("fine", fine()),
    ];
    // m = 1; 10 (two chunks of 5 for 784-30-10, four with `fine`); 7, which does
    // not divide N; 16, 17, 20 and 33 (one chunk: two would have 16 rows or fewer);
    // 34 (two chunks of 17); 40 (two chunks of 20, and two blocks of rows in the
    // first layer); 70 (three chunks with `fine`: four would leave 16 rows last);
    // 72 (four chunks of 18 and four blocks with `fine`, and a last mini-batch of 56).
    for sizes in shapes {
        for m in [1, 10, 7, 16, 17, 20, 33, 34, 40, 70, 72] {
            let (want, want_right) = plain(sizes, m, data);
            for (name, tuning) in tunings {
                for threads in [1, 2, 8] {
                    let what = format!("{sizes:?}, m = {m}, {name}, {threads} threads");
                    let (got, right) = fast(sizes, m, data, tuning, threads);
                    assert_same(&got, &want, &what);
                    assert_eq!(right, want_right, "{what}");
                }
            }
        }
    }
}

#[test]
fn one_step_is_the_plain_step() {
    let (x, y) = problem(40, 2);
    let batch = Data::new(&x, &y, INPUTS).unwrap();
    let mut want = Network::new(&[INPUTS, 30, 10], 3).unwrap();
    let mut got = want.clone();
    want.update_mini_batch(batch, 0.5).unwrap();
    let mut ws = Workspace::new(&got);
    got.update_mini_batch_with(batch, 0.5, &mut ws).unwrap();
    assert_same(&got, &want, "update_mini_batch_with");
}

#[test]
fn evaluate_and_feedforward_batch_give_the_plain_results() {
    // 530 rows are fed forward in blocks of 177; 5 rows in one block.
    for n in [530, 5] {
        let (x, y) = problem(n, 3);
        let data = Data::new(&x, &y, INPUTS).unwrap();
        for sizes in [&[INPUTS, 10][..], &[INPUTS, 30, 10], &[INPUTS, 30, 20, 10]] {
            let net = Network::new(sizes, 4).unwrap();
            let plain = net.feedforward_plain(&x);
            let fast = net.feedforward_batch(&x);
            assert_eq!(plain.as_slice(), fast.as_slice(), "{sizes:?}, {n} rows");
            assert_eq!(
                net.evaluate(data).unwrap(),
                net.evaluate_plain(data).unwrap()
            );
        }
    }
    let net = Network::new(&[INPUTS, 30, 10], 4).unwrap();
    let (x, _) = problem(1, 5);
    assert_eq!(net.feedforward(&x), net.feedforward_batch(&x).as_slice());
}

/// Chapter 3's options: every cost (and so output layer), hidden activation,
/// regularisation and momentum, through both paths on the shapes and mini-batches that cut
/// the work the most ways.
#[test]
fn chapter3_options_give_the_plain_weights_bit_for_bit() {
    use nndl_nn::{Activation, CostKind, Init, NetworkOptions, Schedule};
    let (x, y) = problem(N, 6);
    let data = Data::new(&x, &y, INPUTS).unwrap();
    let l2 = Regularization::L2 { lambda: 5.0 };
    let with = |regularization, momentum| Rules {
        regularization,
        momentum,
        ..Rules::default()
    };
    let regs = [
        Rules::default(),
        l2.into(),
        Regularization::L1 { lambda: 5.0 }.into(),
        with(Regularization::None, 0.9),
        with(l2, 0.5),
        Rules {
            dropout: 0.5,
            schedule: Schedule::Linear,
            ..with(l2, 0.5)
        },
        Rules {
            dropout: 0.2,
            schedule: Schedule::Plateau {
                patience: 1,
                halvings: 2,
            },
            early_stop: Some(2),
            ..Rules::default()
        },
    ];
    for cost in [
        CostKind::Quadratic,
        CostKind::CrossEntropy,
        CostKind::LogLikelihood,
    ] {
        for activation in [Activation::Sigmoid, Activation::Tanh, Activation::Relu] {
            let opts = NetworkOptions {
                cost,
                activation,
                init: Init::Scaled,
            };
            for reg in regs {
                for (sizes, m) in [(&[INPUTS, 30, 20, 10][..], 10), (&[INPUTS, 30, 10], 40)] {
                    let cfg = SgdConfig {
                        eta: 0.5,
                        ..config(m)
                    };
                    let mut want = Network::with_options(sizes, &opts, 2).unwrap();
                    let want_right = want
                        .sgd_plain_with_rules(data, &cfg, reg, Some(data))
                        .unwrap();
                    for (name, tuning) in [("default", Tuning::default()), ("fine", fine())] {
                        let what =
                            format!("{cost}, {activation}, {reg:?}, {sizes:?}, m = {m}, {name}");
                        let net = Network::with_options(sizes, &opts, 2).unwrap();
                        let (got, right) = fast_with_rules(net, &cfg, reg, data, tuning, 2);
                        assert!(got.is_finite(), "{what}");
                        assert_same(&got, &want, &what);
                        assert_eq!(right, want_right, "{what}");
                    }
                }
            }
        }
    }
}

/// Training inputs made afresh every epoch (as image distortions are) give
/// the same weights on both paths and any thread count, and differ from
/// training on the originals.
#[test]
fn augmented_epochs_give_the_plain_weights_bit_for_bit() {
    let (x, y) = problem(N, 8);
    let data = Data::new(&x, &y, INPUTS).unwrap();
    // A stand-in for a distortion: each row's pixels shifted along by the
    // epoch (epoch 0 keeps the originals).
    let mut shift = |epoch: usize, originals: &[f32], inputs: &mut [f32]| {
        for (row, out) in originals
            .chunks_exact(INPUTS)
            .zip(inputs.chunks_exact_mut(INPUTS))
        {
            for (k, v) in out.iter_mut().enumerate() {
                *v = row[(k + epoch) % INPUTS];
            }
        }
    };
    let cfg = config(10);
    let sizes = [INPUTS, 30, 10];
    let mut want = Network::new(&sizes, 1).unwrap();
    want.sgd_plain_augmented(data, Some(&mut shift), &cfg, Rules::default(), None)
        .unwrap();
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let got = pool.install(|| {
            let mut net = Network::new(&sizes, 1).unwrap();
            let mut ws = Workspace::new(&net);
            net.sgd_augmented(
                data,
                Some(&mut shift),
                &cfg,
                Rules::default(),
                None,
                &mut |_| ControlFlow::Continue(()),
                &mut ws,
            )
            .unwrap();
            net
        });
        assert_same(&got, &want, &format!("augmented, {threads} threads"));
    }
    let (originals, _) = plain(&sizes, 10, data);
    assert_ne!(originals, want);
}

/// Training stopped by the observer in the middle of an epoch keeps exactly the
/// steps taken so far on any thread count: the threads that work on the first
/// layer's neurons in parallel (784-30-10, m = 10) put their rows back, and a
/// step planned ahead for them is dropped, not half done.
#[test]
fn a_stop_in_mid_epoch_keeps_the_steps_taken() {
    let (x, y) = problem(N, 8);
    let data = Data::new(&x, &y, INPUTS).unwrap();
    let always = Tuning {
        force_parallel: Some(true),
        ..Tuning::default()
    };
    let stopped_after = |steps: usize, tuning: Tuning, threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut net = Network::new(&[INPUTS, 30, 10], 1).unwrap();
            let mut ws = Workspace::with_tuning(&net, tuning);
            let mut taken = 0;
            let mut observe = |p: Progress<'_>| {
                if let Progress::MiniBatch { .. } = p {
                    taken += 1;
                }
                if taken == steps {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            };
            let summary = net
                .sgd_with(data, &config(10), None, &mut observe, &mut ws)
                .unwrap();
            assert!(summary.interrupted);
            net
        })
    };
    // In the first epoch, on its last step, and in the second.
    for steps in [7, 20, 33] {
        let want = stopped_after(steps, Tuning::sequential(), 1);
        assert!(want != stopped_after(steps + 1, Tuning::sequential(), 1));
        for (name, tuning) in [("default", Tuning::default()), ("always parallel", always)] {
            for threads in [2, 8] {
                let got = stopped_after(steps, tuning, threads);
                assert_same(
                    &got,
                    &want,
                    &format!("{steps} steps, {name}, {threads} threads"),
                );
            }
        }
    }
}
