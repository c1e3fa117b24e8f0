//! The accuracy experiments of Chapter 1, straight through the library:
//! 784-n-10 networks trained by SGD (m = 10, η = 3.0) on the 50,000 MNIST
//! training images, scored on the 10,000 test images after every epoch.
//!
//! ```text
//! cargo run -p nndl-nn --release --example book_experiments -- [--hidden N|none]... [--epochs 30] [--seeds 0,1,2,3,4,5]
//! ```
//! Prints one line per (network, seed): the best epoch, the best and the last accuracy.

use std::ops::ControlFlow;
use std::time::Instant;

use nndl_nn::{Data, Network, Progress, SgdConfig};

fn main() {
    if let Err(e) = run() {
        eprintln!("book_experiments: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut hidden: Vec<Option<usize>> = Vec::new();
    let mut epochs = 30;
    let mut seeds: Vec<u64> = vec![0, 1, 2, 3, 4, 5];
    let mut eta = 3.0f32;
    let mut batch = 10;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--hidden" => {
                let v = value()?;
                hidden.push(if v == "none" {
                    None
                } else {
                    Some(v.parse().map_err(|_| format!("--hidden {v}"))?)
                });
            }
            "--epochs" => epochs = value()?.parse().map_err(|_| "--epochs: not a number")?,
            "--eta" => eta = value()?.parse().map_err(|_| "--eta: not a number")?,
            "--batch" => batch = value()?.parse().map_err(|_| "--batch: not a number")?,
            "--seeds" => {
                seeds = value()?
                    .split(',')
                    .map(|s| s.parse().map_err(|_| format!("--seeds: `{s}`")))
                    .collect::<Result<_, _>>()?
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if hidden.is_empty() {
        hidden.push(Some(30));
    }
    let mnist = nndl_mnist::load().map_err(|e| e.to_string())?;
    let training = Data::new(&mnist.training.inputs, &mnist.training.labels, 784)
        .map_err(|e| e.to_string())?;
    let test = Data::new(&mnist.test.inputs, &mnist.test.labels, 784).map_err(|e| e.to_string())?;
    println!(
        "m = {batch}, η = {eta}, {epochs} epochs, {} threads",
        rayon::current_num_threads()
    );
    for h in hidden {
        let sizes: Vec<usize> = match h {
            Some(h) => vec![784, h, 10],
            None => vec![784, 10],
        };
        let name = sizes
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("-");
        for &seed in &seeds {
            let start = Instant::now();
            let mut net = Network::new(&sizes, seed).map_err(|e| e.to_string())?;
            let cfg = SgdConfig {
                epochs,
                mini_batch_size: batch,
                eta,
                seed,
                start_epoch: 0,
            };
            let mut curve = Vec::new();
            let summary = net
                .sgd(training, &cfg, Some(test), &mut |p| {
                    if let Progress::Epoch(r, _) = p {
                        curve.push(r.correct.unwrap_or(0));
                    }
                    ControlFlow::Continue(())
                })
                .map_err(|e| e.to_string())?;
            let (best_epoch, best) = summary.best.unwrap_or((0, 0));
            println!(
                "{name:<10} seed {seed}: best {:.2}% (epoch {best_epoch}), last {:.2}%, {:.1} s; per epoch: {}",
                best as f64 / 100.0,
                *curve.last().unwrap_or(&0) as f64 / 100.0,
                start.elapsed().as_secs_f64(),
                curve.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ")
            );
        }
    }
    Ok(())
}
