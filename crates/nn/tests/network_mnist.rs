//! One epoch of the book's 784-30-10 network on the bundled MNIST.

use std::ops::ControlFlow;

use nndl_nn::{Data, Network, Progress, SgdConfig};

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains on 50,000 images: run with --release"
)]
fn one_epoch_of_784_30_10_reaches_90_percent() {
    let mnist = nndl_mnist::load().expect("the bundled MNIST files");
    let training = Data::new(&mnist.training.inputs, &mnist.training.labels, 784).unwrap();
    let test = Data::new(&mnist.test.inputs, &mnist.test.labels, 784).unwrap();
    let mut net = Network::new(&[784, 30, 10], 1).unwrap();
    let cfg = SgdConfig {
        epochs: 1,
        mini_batch_size: 10,
        eta: 3.0,
        seed: 1,
        start_epoch: 0,
    };
    let mut reports = Vec::new();
    let summary = net
        .sgd(training, &cfg, Some(test), &mut |p| {
            if let Progress::Epoch(r, _) = p {
                reports.push(r.clone());
            }
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    let correct = r.correct.unwrap();
    assert_eq!(r.total, Some(10_000));
    assert_eq!(Some(correct), net.evaluate(test).ok());
    assert_eq!(summary.best, Some((0, correct)));
    assert!(correct >= 9_000, "{correct} / 10000 after one epoch");
    // The costs are means of ½‖y − a‖² ∈ [0, 5] and fall as it learns.
    assert!(
        r.cost > 0.0 && r.cost < 0.1 && r.training_cost < 0.2,
        "{r:?}"
    );
    assert!(net.is_finite());
}

/// Chapter 3's networks learn MNIST too: one epoch of 784-30-10 for each cost
/// (and so output layer) and hidden activation, without and with momentum μ = 0.5,
/// scaled initial weights, L2 with
/// λ = 5 (the book's choice for 50,000 images); η = 0.5 for sigmoid neurons (the
/// book's for the cross-entropy), smaller for tanh and ReLU, whose f′ is up to 4× larger
/// and unbounded above respectively.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains on 50,000 images: run with --release"
)]
fn one_epoch_of_chapter3_networks_learns() {
    use nndl_nn::{Activation, CostKind, Init, NetworkOptions, Regularization, Rules};
    let mnist = nndl_mnist::load().expect("the bundled MNIST files");
    let training = Data::new(&mnist.training.inputs, &mnist.training.labels, 784).unwrap();
    let test = Data::new(&mnist.test.inputs, &mnist.test.labels, 784).unwrap();
    let cfg = SgdConfig {
        epochs: 1,
        mini_batch_size: 10,
        eta: 0.5,
        seed: 1,
        start_epoch: 0,
    };
    for cost in [CostKind::CrossEntropy, CostKind::LogLikelihood] {
        for activation in [Activation::Sigmoid, Activation::Tanh, Activation::Relu] {
            let opts = NetworkOptions {
                cost,
                activation,
                init: Init::Scaled,
            };
            let eta = match activation {
                Activation::Sigmoid => 0.5,
                Activation::Tanh => 0.1,
                _ => 0.05,
            };
            let cfg = SgdConfig { eta, ..cfg };
            for momentum in [0.0, 0.5] {
                let mut net = Network::with_options(&[784, 30, 10], &opts, 1).unwrap();
                let mut ws = nndl_nn::parallel::Workspace::new(&net);
                let rules = Rules {
                    regularization: Regularization::L2 { lambda: 5.0 },
                    momentum,
                    ..Default::default()
                };
                let summary = net
                    .sgd_with_rules(
                        training,
                        &cfg,
                        rules,
                        Some(test),
                        &mut |_| ControlFlow::Continue(()),
                        &mut ws,
                    )
                    .unwrap();
                let correct = summary.best.unwrap().1;
                let what = format!("{cost}, {activation}, μ = {momentum}");
                eprintln!("{what}: {correct} / 10000");
                assert!(
                    correct >= 9_000,
                    "{what}: {correct} / 10000 after one epoch"
                );
            }
        }
    }
}
