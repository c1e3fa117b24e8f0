//! Same seed, same weights: on any number of threads, and across a stop, an
//! encode and decode, and a resume.

use std::ops::ControlFlow;

use nndl_nn::parallel::{Tuning, Workspace};
use nndl_nn::{Data, Network, Progress, SgdConfig};

fn go(_: Progress<'_>) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// A random classification problem: 400 examples of 20 values, 5 classes.
fn problem() -> (Vec<f32>, Vec<u8>) {
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let x = (0..400 * 20)
        .map(|_| (next() % 1000) as f32 / 1000.0)
        .collect();
    let y = (0..400).map(|_| (next() % 5) as u8).collect();
    (x, y)
}

fn train(threads: usize, tuning: Tuning, m: usize) -> Network {
    let (x, y) = problem();
    let data = Data::new(&x, &y, 20).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let mut net = Network::new(&[20, 16, 12, 5], 7).unwrap();
        let mut ws = Workspace::with_tuning(&net, tuning);
        let cfg = SgdConfig {
            epochs: 3,
            mini_batch_size: m,
            eta: 0.5,
            seed: 11,
            start_epoch: 0,
        };
        net.sgd_with(
            data,
            &cfg,
            Some(data),
            &mut |_| ControlFlow::Continue(()),
            &mut ws,
        )
        .unwrap();
        net
    })
}

#[test]
fn weights_are_bit_identical_on_1_2_and_8_threads() {
    // Split as finely as possible, so that many chunks and blocks really run in parallel.
    let fine = Tuning {
        min_chunk_work: 1,
        min_chunk_rows: 1,
        min_block_work: 1,
        max_pieces: 16,
        force_parallel: Some(true),
    };
    for m in [37, 10, 1] {
        let one = train(1, fine, m);
        for threads in [2, 8] {
            let many = train(threads, fine, m);
            assert!(one == many, "m = {m}: {threads} threads differ from 1");
        }
    }
    let default = train(1, Tuning::default(), 37);
    assert!(default == train(2, Tuning::default(), 37));
}

#[test]
fn splitting_the_mini_batch_changes_only_rounding() {
    let a = train(
        2,
        Tuning {
            min_chunk_work: 1,
            min_chunk_rows: 1,
            min_block_work: 1,
            max_pieces: 16,
            force_parallel: None,
        },
        37,
    );
    let b = train(2, Tuning::sequential(), 37);
    for (wa, wb) in a.weights().iter().zip(b.weights()) {
        for (x, y) in wa.as_slice().iter().zip(wb.as_slice()) {
            assert!((x - y).abs() <= 1e-4 * x.abs().max(1.0), "{x} vs {y}");
        }
    }
}

#[test]
fn resuming_from_a_saved_network_gives_the_uninterrupted_weights() {
    let (x, y) = problem();
    let data = Data::new(&x, &y, 20).unwrap();
    let cfg = SgdConfig {
        epochs: 4,
        mini_batch_size: 10,
        eta: 0.5,
        seed: 3,
        start_epoch: 0,
    };

    let mut straight = Network::new(&[20, 16, 5], 5).unwrap();
    straight.sgd(data, &cfg, None, &mut go).unwrap();

    let mut first = Network::new(&[20, 16, 5], 5).unwrap();
    let summary = first
        .sgd(data, &SgdConfig { epochs: 2, ..cfg }, None, &mut go)
        .unwrap();
    assert_eq!(summary.next_epoch, 2);
    let bytes = first.to_bytes(&Default::default());
    let (mut resumed, _) = Network::from_bytes(&bytes).unwrap();
    resumed
        .sgd(
            data,
            &SgdConfig {
                start_epoch: summary.next_epoch,
                ..cfg
            },
            None,
            &mut go,
        )
        .unwrap();

    assert!(
        resumed == straight,
        "resumed training differs from uninterrupted training"
    );
    // And the seed matters: another shuffle seed gives other weights.
    let mut other = Network::new(&[20, 16, 5], 5).unwrap();
    other
        .sgd(data, &SgdConfig { seed: 4, ..cfg }, None, &mut go)
        .unwrap();
    assert!(other != straight);
}

#[test]
fn the_same_seed_gives_the_same_network() {
    let a = Network::new(&[784, 30, 10], 42).unwrap();
    assert_eq!(a, Network::new(&[784, 30, 10], 42).unwrap());
    assert_ne!(a, Network::new(&[784, 30, 10], 43).unwrap());
    // Pinned: the first draws of seed 0, so a change of generator or distribution shows up.
    let b = Network::new(&[2, 2], 0).unwrap();
    let pinned: Vec<f32> = b.biases()[0]
        .iter()
        .chain(b.weights()[0].as_slice())
        .copied()
        .collect();
    assert_eq!(
        pinned,
        [
            0.69996077,
            -0.14406164,
            0.30288628,
            -1.3745139,
            1.2003417,
            0.11078136
        ]
    );
}
