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
