//! The learning-rate schedules and early stopping, on small synthetic runs: η
//! halves and training stops exactly as specified, and early stopping ends
//! with the best network seen.

use std::ops::ControlFlow;

use nndl_nn::parallel::Workspace;
use nndl_nn::{Data, Network, Progress, Rules, Schedule, SgdConfig};

/// A problem no network can get better at: the labels are the same inputs'
/// labels shuffled, and η so small that nothing moves the accuracy.
fn problem() -> (Vec<f32>, Vec<u8>) {
    let x: Vec<f32> = (0..40 * 4)
        .map(|i| ((i * 7919) % 13) as f32 / 13.0)
        .collect();
    let labels = (0..40).map(|i| ((i * 31) % 3) as u8).collect();
    (x, labels)
}

/// Trains on the fast path and returns (epoch, η, correct) of every epoch seen,
/// and every epoch's network.
fn run(
    net: &mut Network,
    data: Data<'_>,
    cfg: &SgdConfig,
    rules: Rules,
) -> (Vec<(usize, f32, usize)>, Vec<Network>) {
    let mut seen = Vec::new();
    let mut nets = Vec::new();
    let mut ws = Workspace::new(net);
    net.sgd_with_rules(
        data,
        cfg,
        rules,
        Some(data),
        &mut |p| {
            if let Progress::Epoch(r, n) = p {
                seen.push((r.epoch, r.eta, r.correct.unwrap()));
                nets.push(n.clone());
            }
            ControlFlow::Continue(())
        },
        &mut ws,
    )
    .unwrap();
    (seen, nets)
}

#[test]
fn a_plateau_halves_eta_after_patience_epochs_and_stops_after_the_last_halving() {
    let (x, labels) = problem();
    let data = Data::new(&x, &labels, 4).unwrap();
    let cfg = SgdConfig::new(50, 10, 1e-7);
    let rules = Rules {
        schedule: Schedule::Plateau {
            patience: 2,
            halvings: 3,
        },
        ..Rules::default()
    };
    let mut net = Network::new(&[4, 5, 3], 3).unwrap();
    let (seen, _) = run(&mut net, data, &cfg, rules);
    // Epoch 0 sets the best; with no improvement, η halves after epochs 2, 4
    // and 6, and the third halving ends the run.
    assert!(seen.windows(2).all(|w| w[0].2 == w[1].2), "{seen:?}");
    let etas: Vec<f32> = seen.iter().map(|s| s.1).collect();
    let e = 1e-7f32;
    assert_eq!(
        etas,
        [e, e, e, e / 2.0, e / 2.0, e / 4.0, e / 4.0],
        "{seen:?}"
    );
    // The plain path follows the same schedule.
    let mut plain = Network::new(&[4, 5, 3], 3).unwrap();
    let results = plain
        .sgd_plain_with_rules(data, &cfg, rules, Some(data))
        .unwrap();
    assert_eq!(results.len(), seen.len());
    assert_eq!(plain, net);
}

#[test]
fn early_stopping_ends_with_the_best_network_seen() {
    // Real learning with a large η: accuracy goes up and down.
    let x: Vec<f32> = (0..60 * 4)
        .map(|i| ((i * 7919) % 17) as f32 / 17.0)
        .collect();
    let labels: Vec<u8> = x
        .chunks_exact(4)
        .map(|r| u8::from(r[0] + r[1] > r[2] + r[3]))
        .collect();
    let data = Data::new(&x, &labels, 4).unwrap();
    let cfg = SgdConfig::new(40, 5, 8.0);
    let rules = Rules {
        early_stop: Some(3),
        ..Rules::default()
    };
    let mut net = Network::new(&[4, 6, 2], 5).unwrap();
    let (seen, nets) = run(&mut net, data, &cfg, rules);
    let best = seen.iter().map(|s| s.2).max().unwrap();
    let first_best = seen.iter().position(|s| s.2 == best).unwrap();
    // It stopped 3 epochs after the (first) best, well before the last epoch,
    assert_eq!(seen.len(), first_best + 4, "{seen:?}");
    assert!(seen.len() < cfg.epochs, "{seen:?}");
    // and ended on the best network, not the last one.
    assert_eq!(net, nets[first_best]);
    assert_ne!(net, nets[seen.len() - 1]);
}

#[test]
fn linear_eta_falls_to_near_zero_over_the_run() {
    let (x, labels) = problem();
    let data = Data::new(&x, &labels, 4).unwrap();
    // 40 examples in mini-batches of 10: 4 steps an epoch, 12 in all.
    let cfg = SgdConfig::new(3, 10, 1.2);
    let rules = Rules {
        schedule: Schedule::Linear,
        ..Rules::default()
    };
    let mut net = Network::new(&[4, 5, 3], 3).unwrap();
    let (seen, _) = run(&mut net, data, &cfg, rules);
    // The last step of each epoch: steps 3, 7 and 11 of 12.
    let etas: Vec<f32> = seen.iter().map(|s| s.1).collect();
    let want: Vec<f32> = [3.0f32, 7.0, 11.0]
        .iter()
        .map(|t| 1.2 * (1.0 - t / 12.0))
        .collect();
    assert_eq!(etas, want);
}

#[test]
fn watching_needs_held_out_data_and_sane_numbers() {
    let (x, labels) = problem();
    let data = Data::new(&x, &labels, 4).unwrap();
    let cfg = SgdConfig::new(3, 10, 0.1);
    let mut net = Network::new(&[4, 5, 3], 3).unwrap();
    for (rules, says) in [
        (
            Rules {
                early_stop: Some(2),
                ..Rules::default()
            },
            "held-out",
        ),
        (
            Rules {
                schedule: Schedule::BOOK,
                ..Rules::default()
            },
            "held-out",
        ),
        (
            Rules {
                dropout: 1.0,
                ..Rules::default()
            },
            "dropout",
        ),
    ] {
        let e = net
            .sgd_plain_with_rules(data, &cfg, rules, None)
            .unwrap_err();
        assert!(e.to_string().contains(says), "{e}");
    }
}
