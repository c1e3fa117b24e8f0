//! `cargo xtask bench-train`: how fast `nn` trains — one epoch (50,000 MNIST
//! images) of 784-n-10 with m = 10, η = 3.0, on 1 and on 2 threads, with
//! Chapter 1's rules or any of Chapter 3's.

use std::ops::ControlFlow;
use std::time::Instant;

use nndl_nn::parallel::{Tuning, Workspace};
use nndl_nn::{
    Activation, Augment, CostKind, Data, Init, Network, NetworkOptions, Regularization, Rules,
    SgdConfig,
};
use nndl_vision::{DistortionParams, Distortions};

/// What `bench-train` does, for the usage message.
pub const ABOUT: &str = "seconds per epoch of 784-n-10 SGD (m=10, η=3) on 1 and 2 threads";

const HELP: &str = "usage: cargo xtask bench-train [--hidden N]... [--epochs E] [--repeat R]
                               [--threads T]... [--batch M]... [--sequential] [--force-parallel]
                               [--min-chunk-work W] [--min-chunk-rows R]
                               [--min-block-work W] [--max-pieces P]
                               [--cost C] [--activation F] [--eta ETA] [--lambda L]
                               [--momentum MU] [--dropout P] [--augment]

Trains 784-N-10 networks (N = 30 and 100 unless --hidden is given; --hidden 800,800
is 784-800-800-10) on the 50,000
MNIST training images with mini-batches of M = 10 (or each M given) and η = 3.0,
E epochs (1) per run, R rounds (3), each running every thread count T (1 and 2)
in turn, and prints the median seconds per epoch, images per second, the
median over the rounds of each round's time ÷ the first thread count's, and the
share of the steps that ran on more than one thread. The split of a mini-batch across threads
follows nndl_nn::parallel::Tuning (default unless --sequential or --min-*-work);
--force-parallel runs the pieces on all threads instead of timing which is faster.
Chapter 3's options change the network and the rules: --cost quadratic,
cross-entropy or log-likelihood (softmax), --activation sigmoid, tanh or relu
(with scaled init), --lambda (L2), --momentum, --dropout, and --eta; --augment
distorts every training image before each epoch (nndl train --augment).";

struct Args {
    /// Hidden layers of each network to time: `[30]` is 784-30-10.
    hidden: Vec<Vec<usize>>,
    threads: Vec<usize>,
    epochs: usize,
    repeat: usize,
    batches: Vec<usize>,
    tuning: Tuning,
    options: NetworkOptions,
    rules: Rules,
    eta: f32,
    augment: bool,
}

fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut a = Args {
        hidden: Vec::new(),
        threads: Vec::new(),
        epochs: 1,
        repeat: 3,
        batches: Vec::new(),
        tuning: Tuning::default(),
        options: NetworkOptions::default(),
        rules: Rules::default(),
        eta: 3.0,
        augment: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut text = |name: &str| -> Result<String, String> {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let real = |name: &str, v: String| -> Result<f32, String> {
            v.parse()
                .map_err(|_| format!("{name}: `{v}` is not a number"))
        };
        let mut value = |name: &str| -> Result<usize, String> {
            let v = text(name)?;
            v.parse()
                .map_err(|_| format!("{name}: `{v}` is not a whole number"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--cost" => {
                let v = text("--cost")?;
                a.options.cost = CostKind::ALL
                    .into_iter()
                    .find(|c| c.name() == v)
                    .ok_or_else(|| format!("--cost: `{v}` is not a cost"))?;
            }
            "--activation" => {
                let v = text("--activation")?;
                a.options.activation = Activation::ALL
                    .into_iter()
                    .find(|f| f.name() == v)
                    .ok_or_else(|| format!("--activation: `{v}` is not an activation"))?;
                a.options.init = Init::Scaled;
            }
            "--eta" => a.eta = real("--eta", text("--eta")?)?,
            "--lambda" => {
                let lambda = real("--lambda", text("--lambda")?)?;
                a.rules.regularization = Regularization::L2 { lambda };
            }
            "--momentum" => a.rules.momentum = real("--momentum", text("--momentum")?)?,
            "--dropout" => a.rules.dropout = real("--dropout", text("--dropout")?)?,
            "--augment" => a.augment = true,
            "--hidden" => {
                let v = text("--hidden")?;
                let sizes: Result<Vec<usize>, _> = v.split(',').map(str::parse).collect();
                a.hidden
                    .push(sizes.map_err(|_| format!("--hidden: `{v}` is not N or N,N,…"))?);
            }
            "--threads" => a.threads.push(value("--threads")?),
            "--epochs" => a.epochs = value("--epochs")?,
            "--repeat" => a.repeat = value("--repeat")?,
            "--batch" => a.batches.push(value("--batch")?),
            "--sequential" => a.tuning = Tuning::sequential(),
            "--force-parallel" => a.tuning.force_parallel = Some(true),
            "--min-chunk-work" => a.tuning.min_chunk_work = value("--min-chunk-work")?,
            "--min-chunk-rows" => a.tuning.min_chunk_rows = value("--min-chunk-rows")?,
            "--max-pieces" => a.tuning.max_pieces = value("--max-pieces")?,
            "--min-block-work" => a.tuning.min_block_work = value("--min-block-work")?,
            other => return Err(format!("bench-train: unknown argument `{other}`\n{HELP}")),
        }
    }
    if a.hidden.is_empty() {
        a.hidden = vec![vec![30], vec![100]];
    }
    if a.threads.is_empty() {
        a.threads = vec![1, 2];
    }
    if a.batches.is_empty() {
        a.batches = vec![10];
    }
    if a.epochs == 0 || a.repeat == 0 || a.batches.contains(&0) || a.threads.contains(&0) {
        return Err(
            "bench-train: --epochs, --repeat, --batch and --threads must be at least 1".into(),
        );
    }
    Ok(Some(a))
}

/// Runs the benchmark with the arguments after the task name.
pub fn run(args: &[String]) -> Result<(), String> {
    let Some(args) = parse(args)? else {
        println!("{HELP}");
        return Ok(());
    };
    let data = nndl_mnist::load().map_err(|e| format!("bench-train: {e}"))?;
    let training = Data::new(
        &data.training.inputs,
        &data.training.labels,
        data.training.input_size(),
    )
    .map_err(|e| format!("bench-train: {e}"))?;
    let test = Data::new(&data.test.inputs, &data.test.labels, data.test.input_size())
        .map_err(|e| format!("bench-train: {e}"))?;
    println!(
        "{} training images, η = {}, {} epoch(s) per run, median of {} rounds, {:?}",
        training.len(),
        args.eta,
        args.epochs,
        args.repeat,
        args.tuning
    );
    println!(
        "{} cost, {} hidden neurons, {:?}{}",
        args.options.cost.name(),
        args.options.activation.name(),
        args.rules,
        if args.augment {
            ", distorted images"
        } else {
            ""
        }
    );
    let distortions = Distortions::new(DistortionParams::default(), 0);
    println!(
        "{:<16} {:>5} {:>7} {:>10} {:>8} {:>12} {:>10} {:>10} {:>9} {:>9}",
        "network",
        "m",
        "threads",
        "s/epoch",
        "÷ first",
        "images/s",
        "cpu s/ep",
        "eval 10k",
        "accuracy",
        "parallel"
    );
    let pools = args
        .threads
        .iter()
        .map(|&t| rayon::ThreadPoolBuilder::new().num_threads(t).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("bench-train: {e}"))?;
    for hidden in &args.hidden {
        let sizes = [&[training.input_size][..], hidden, &[10]].concat();
        for &m in &args.batches {
            // Every round runs each thread count once, so a machine that slows
            // down for a while slows them alike, and their ratio stays fair.
            let mut runs: Vec<Vec<Run>> = vec![Vec::new(); pools.len()];
            for _ in 0..args.repeat {
                for (pool, runs) in pools.iter().zip(&mut runs) {
                    runs.push(
                        pool.install(|| one_run(&args, &sizes, m, training, test, &distortions))?,
                    );
                }
            }
            let first = &runs[0];
            for (&threads, runs) in args.threads.iter().zip(&runs) {
                let mut ratios: Vec<f64> = runs
                    .iter()
                    .zip(first)
                    .map(|(r, first)| r.epoch / first.epoch)
                    .collect();
                let pick = |f: fn(&Run) -> f64| median(&mut runs.iter().map(f).collect::<Vec<_>>());
                let s = pick(|r| r.epoch);
                println!(
                    "{:<16} {:>5} {:>7} {:>10.4} {:>7.2}× {:>12.0} {:>10} {:>8.2}ms {:>8.2}% {:>9}",
                    sizes
                        .iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join("-"),
                    m,
                    threads,
                    s,
                    median(&mut ratios),
                    training.len() as f64 / s,
                    if runs.iter().any(|r| r.cpu.is_none()) {
                        "n/a".to_string()
                    } else {
                        format!("{:.4}", pick(|r| r.cpu.unwrap_or(0.0)))
                    },
                    pick(|r| r.eval) * 1e3,
                    runs[runs.len() - 1].accuracy * 100.0,
                    format!("{:.0}%", 100.0 * pick(|r| r.parallel))
                );
            }
        }
    }
    Ok(())
}

/// What one training run measured.
#[derive(Clone, Copy)]
struct Run {
    /// Wall and CPU seconds per epoch.
    epoch: f64,
    cpu: Option<f64>,
    /// Seconds to evaluate the 10,000 test images, and the share right.
    eval: f64,
    accuracy: f64,
    /// The share of the steps that ran on more than one thread.
    parallel: f64,
}

/// Trains a fresh 784-…-10 network `sizes` with mini-batches of `m` on the
/// current rayon pool, then evaluates it.
fn one_run(
    args: &Args,
    sizes: &[usize],
    m: usize,
    training: Data<'_>,
    test: Data<'_>,
    distortions: &Distortions,
) -> Result<Run, String> {
    let mut net = Network::with_options(sizes, &args.options, 0).map_err(|e| e.to_string())?;
    let mut ws = Workspace::with_tuning(&net, args.tuning);
    let cfg = SgdConfig::new(args.epochs, m, args.eta);
    let t = Instant::now();
    let cpu = cpu_seconds();
    let mut distort = |epoch: usize, originals: &[f32], inputs: &mut [f32]| {
        distortions.distort_all(originals, epoch as u64, inputs)
    };
    let augment: Option<Augment<'_>> = args.augment.then_some(&mut distort);
    net.sgd_augmented(
        training,
        augment,
        &cfg,
        args.rules,
        None,
        &mut |_| ControlFlow::Continue(()),
        &mut ws,
    )
    .map_err(|e| e.to_string())?;
    let epoch = t.elapsed().as_secs_f64() / args.epochs as f64;
    let cpu = cpu
        .zip(cpu_seconds())
        .map(|(a, b)| (b - a) / args.epochs as f64);
    let t = Instant::now();
    let right = net.evaluate(test).map_err(|e| e.to_string())?;
    Ok(Run {
        epoch,
        cpu,
        eval: t.elapsed().as_secs_f64(),
        accuracy: right as f64 / test.len() as f64,
        parallel: ws.parallel_share().unwrap_or(0.0),
    })
}

/// Seconds all threads of this process have spent on a CPU (Linux), to see
/// through a busy machine: a thread waiting for a core does not count.
fn cpu_seconds() -> Option<f64> {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(ns as f64 * 1e-9)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
