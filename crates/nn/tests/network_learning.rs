//! The network learns: XOR (not linearly separable, so the hidden layer matters),
//! and online learning (m = 1) works.

use std::ops::ControlFlow;

use nndl_nn::{Data, Network, Progress, SgdConfig};

const XOR_X: [f32; 8] = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
const XOR_Y: [u8; 4] = [0, 1, 1, 0];

#[test]
fn learns_xor() {
    let data = Data::new(&XOR_X, &XOR_Y, 2).unwrap();
    let mut net = Network::new(&[2, 4, 2], 1).unwrap();
    let before = net.total_cost(data, &nndl_nn::Quadratic).unwrap();
    let cfg = SgdConfig {
        epochs: 3000,
        mini_batch_size: 4,
        eta: 4.0,
        seed: 1,
        start_epoch: 0,
    };
    let mut epochs = 0;
    let summary = net
        .sgd(data, &cfg, Some(data), &mut |p| {
            if let Progress::Epoch(..) = p {
                epochs += 1;
            }
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(epochs, 3000);
    assert!(!summary.interrupted);
    assert_eq!(net.evaluate(data).unwrap(), 4);
    let after = net.total_cost(data, &nndl_nn::Quadratic).unwrap();
    assert!(
        after < 0.01 && after < before / 10.0,
        "cost {before} → {after}"
    );
    for (x, &y) in XOR_X.chunks(2).zip(&XOR_Y) {
        let a = net.feedforward(x);
        assert!(
            a[usize::from(y)] > 0.8 && a[1 - usize::from(y)] < 0.2,
            "{x:?} → {a:?}"
        );
    }
}

#[test]
fn online_learning_with_one_example_per_mini_batch_learns_xor() {
    let data = Data::new(&XOR_X, &XOR_Y, 2).unwrap();
    let mut net = Network::new(&[2, 4, 2], 2).unwrap();
    let cfg = SgdConfig {
        epochs: 3000,
        mini_batch_size: 1,
        eta: 1.0,
        seed: 2,
        start_epoch: 0,
    };
    net.sgd(data, &cfg, None, &mut |_| ControlFlow::Continue(()))
        .unwrap();
    assert_eq!(net.evaluate(data).unwrap(), 4);
}

#[test]
fn a_last_smaller_mini_batch_is_used() {
    // 4 examples in mini-batches of 3: one of 3 and one of 1 per epoch.
    let data = Data::new(&XOR_X, &XOR_Y, 2).unwrap();
    let mut net = Network::new(&[2, 3, 2], 3).unwrap();
    let mut sizes = Vec::new();
    let mut last = 0;
    let cfg = SgdConfig {
        epochs: 2,
        mini_batch_size: 3,
        eta: 1.0,
        seed: 0,
        start_epoch: 0,
    };
    net.sgd(data, &cfg, None, &mut |p| {
        if let Progress::MiniBatch {
            done_examples,
            total_examples,
            ..
        } = p
        {
            assert_eq!(total_examples, 4);
            sizes.push(done_examples - last);
            last = done_examples % 4;
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(sizes, [3, 1, 3, 1]);
}

#[test]
fn the_observer_can_stop_training_after_a_mini_batch() {
    let data = Data::new(&XOR_X, &XOR_Y, 2).unwrap();
    let mut net = Network::new(&[2, 3, 2], 3).unwrap();
    let start = net.clone();
    let cfg = SgdConfig {
        epochs: 5,
        mini_batch_size: 1,
        eta: 1.0,
        seed: 0,
        start_epoch: 0,
    };
    let mut calls = 0;
    let summary = net
        .sgd(data, &cfg, None, &mut |p| {
            calls += 1;
            match p {
                Progress::Epoch(..) => ControlFlow::Continue(()),
                Progress::MiniBatch {
                    epoch: 1,
                    done_examples: 2,
                    ..
                } => ControlFlow::Break(()),
                Progress::MiniBatch { .. } => ControlFlow::Continue(()),
            }
        })
        .unwrap();
    assert!(summary.interrupted);
    assert_eq!(summary.last_completed_epoch, Some(0));
    assert_eq!(summary.next_epoch, 1);
    assert_eq!(summary.epochs_completed, 1);
    assert_eq!(calls, 4 + 1 + 2);
    assert_ne!(net, start);
}

#[test]
fn bad_arguments_are_errors_not_panics() {
    let data = Data::new(&XOR_X, &XOR_Y, 2).unwrap();
    let mut net = Network::new(&[2, 3, 2], 0).unwrap();
    let go = |net: &mut Network, cfg: SgdConfig, d: Data<'_>| {
        net.sgd(d, &cfg, None, &mut |_| ControlFlow::Continue(()))
    };
    let e = go(&mut net, SgdConfig::new(1, 0, 1.0), data).unwrap_err();
    assert!(e.to_string().contains("mini-batch size"), "{e}");
    let e = go(&mut net, SgdConfig::new(1, 2, f32::NAN), data).unwrap_err();
    assert!(e.to_string().contains("learning rate"), "{e}");
    let wide = Data::new(&XOR_X, &XOR_Y[..2], 4).unwrap();
    let e = go(&mut net, SgdConfig::new(1, 2, 1.0), wide).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the network takes 2 inputs but the data has 4 values per example"
    );
    let bad_label = Data::new(&XOR_X, &[0, 1, 2, 0], 2).unwrap();
    let e = net.evaluate(bad_label).unwrap_err();
    assert!(e.to_string().contains("label 2 of example 2"), "{e}");
    assert!(Network::new(&[3], 0).is_err());
    assert!(Network::new(&[3, 0, 2], 0).is_err());
    assert!(Network::new(&[1 << 20, 1 << 20, 2], 0).is_err());
}

#[test]
fn feedforward_batch_agrees_with_feedforward() {
    let net = Network::new(&[3, 5, 4], 9).unwrap();
    let x: Vec<f32> = (0..3 * 600)
        .map(|i| ((i * 37) % 101) as f32 / 101.0)
        .collect();
    let out = net.feedforward_batch(&x);
    assert_eq!((out.rows(), out.cols()), (600, 4));
    for i in [0, 255, 256, 599] {
        let one = net.feedforward(&x[i * 3..i * 3 + 3]);
        for (a, b) in one.iter().zip(out.row(i)) {
            assert!((a - b).abs() < 1e-6, "row {i}: {one:?} vs {:?}", out.row(i));
        }
    }
}
