//! `nndl train`: the chapter's experiment — a 784-30-10 network learning MNIST by
//! mini-batch stochastic gradient descent — with checkpoints, resuming, and care for
//! runs that go wrong.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{anyhow, Context};
use clap::{Args, ValueEnum};
use nndl_nn::{Data, Network, Progress, SgdConfig};

use crate::checkpoint::{EpochRecord, RunState};
use crate::commands::eval;
use crate::error::{usage, Interrupted};
use crate::model;
use crate::plot::{self, EpochPoint};
use crate::progress::{duration, Reporter, Verbosity};
use crate::sets::{thousands, DataArgs, SetName};

/// The seed `nndl train` uses when none is given; printed with every run.
pub use nndl_nn::DEFAULT_SEED;
/// The book's experiment: 784-30-10, 30 epochs, mini-batches of 10, η = 3.0.
const BOOK_HIDDEN: usize = 30;
const BOOK_EPOCHS: usize = 30;
const BOOK_BATCH: usize = 10;
const BOOK_ETA: f32 = 3.0;
/// Epochs in a row at chance accuracy before a hint is printed.
const CHANCE_EPOCHS: usize = 3;
/// Epochs in a row with the same digits hardly ever answered before a hint is printed.
const STUCK_EPOCHS: usize = 5;
/// How many evaluation images the stuck-digit watch looks at after each epoch
/// (about 100 of each digit; a 1,000-image forward pass costs ~1 ms).
const STUCK_PROBE: usize = 1000;

const EXAMPLES: &str = "\
Examples:
  nndl train                                  the book's experiment: 784-30-10, 30 epochs, m = 10, η = 3.0
  nndl train --hidden 100                     the book's second network, 784-100-10
  nndl train --layers 784,10 --eta 1          no hidden layer (the chapter's exercise)
  nndl train --epochs 1 --train-size 5000     a quick try on a tenth of the data
  nndl train --plot curve.svg --log run.jsonl the learning curve and one JSON line per epoch
  nndl train --resume model.nndl              continue an interrupted run (Ctrl-C saves and says how)";

/// Train a network by mini-batch stochastic gradient descent (the chapter's experiment by default)
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TrainArgs {
    /// Neurons in the hidden layer of a 784-N-10 network [default: 30]
    #[arg(long, value_name = "N", conflicts_with = "layers")]
    hidden: Option<usize>,
    /// Every layer's size, input first, e.g. 784,100,30,10 or 784,10
    #[arg(long, value_name = "SIZES", value_delimiter = ',', num_args = 1)]
    layers: Option<Vec<usize>>,
    /// Passes over the training data [default: 30]
    #[arg(long, value_name = "N")]
    epochs: Option<usize>,
    /// Examples per mini-batch, m [default: 10]
    #[arg(long, short = 'm', value_name = "M")]
    batch_size: Option<usize>,
    /// Learning rate η [default: 3.0]
    #[arg(long, value_name = "ETA", allow_negative_numbers = true)]
    eta: Option<f32>,
    /// Seed of the initial weights and of every epoch's shuffle [default: 1]
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Worker threads [default: one per core]; any count gives the same model
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    data: DataArgs,
    /// The set to measure accuracy on after each epoch [default: test]
    #[arg(long, value_enum, value_name = "SET")]
    eval_on: Option<EvalOn>,
    /// Train on the first N of the 50,000 training images only, for quick tries
    #[arg(long, value_name = "N")]
    train_size: Option<usize>,
    /// Where the model is saved after every epoch [default: model.nndl, or the --resume file]
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
    /// Continue the run saved in FILE, exactly as if it had never stopped
    #[arg(long, value_name = "FILE")]
    resume: Option<PathBuf>,
    /// Draw the learning curve (accuracy and cost per epoch) to FILE (.svg or .png)
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Append one JSON object per epoch to FILE
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    /// Print only the final line
    #[arg(long, short = 'q', conflicts_with = "json")]
    quiet: bool,
    /// Print one JSON document at the end instead of text
    #[arg(long)]
    json: bool,
}

/// The sets a run can be evaluated on after each epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalOn {
    /// The 10,000 test images (as the book does).
    Test,
    /// The 10,000 validation images (to choose hyper-parameters honestly).
    Validation,
}

impl From<EvalOn> for SetName {
    fn from(e: EvalOn) -> SetName {
        match e {
            EvalOn::Test => SetName::Test,
            EvalOn::Validation => SetName::Validation,
        }
    }
}

/// Runs `nndl train`.
pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    check_numbers(&args)?;
    let verbosity = if args.json {
        Verbosity::Json
    } else if args.quiet {
        Verbosity::Quiet
    } else {
        Verbosity::Normal
    };
    let (mut net, state, out) = match &args.resume {
        Some(path) => resumed(&args, path)?,
        None => fresh(&args)?,
    };
    if let Some(plot) = &args.plot {
        plot::Format::of(plot, "--plot")?;
        check_writable(plot, "--plot")?;
    }
    check_writable(&out, "--out")?;
    let mut reporter = Reporter::new(verbosity);
    if state.next_epoch() >= state.epochs {
        reporter.line(&format!(
            "{} has already been trained for {} epochs; nothing to do (raise --epochs to train further).",
            out.display(),
            state.next_epoch()
        ));
        return Ok(());
    }

    let loaded = args.data.load()?;
    let mnist = &loaded.mnist;
    let input_size = mnist.training.input_size();
    if state.layers[0] != input_size {
        return Err(usage(format!(
            "the first layer must have {input_size} neurons, one per pixel of the {}×{} images (got {})",
            mnist.training.rows, mnist.training.cols, state.layers[0]
        )));
    }
    let training_set = match state.train_size {
        Some(n) if n > mnist.training.len() => {
            return Err(usage(format!(
                "--train-size {n} is more than the {} training images",
                thousands(mnist.training.len())
            )))
        }
        Some(n) => mnist.training.subset(n),
        None => mnist.training.clone(),
    };
    let eval_set = state.eval_on.of(mnist);
    let training = Data::new(&training_set.inputs, &training_set.labels, input_size)?;
    let evaluation = Data::new(&eval_set.inputs, &eval_set.labels, input_size)?;

    let layers = layer_names(&state.layers);
    if args.resume.is_some() {
        reporter.line(&format!(
            "Resuming {} after epoch {} of {}: {layers}, mini-batches of {}, η = {}, seed {}",
            args.resume.as_deref().unwrap_or(&out).display(),
            state.next_epoch() - 1,
            state.epochs,
            state.batch_size,
            eta_text(state.eta),
            state.seed
        ));
    } else {
        reporter.line(&format!(
            "Training {layers} on {} images for {} epochs: mini-batches of {}, η = {}, seed {}",
            thousands(training.len()),
            state.epochs,
            state.batch_size,
            eta_text(state.eta),
            state.seed
        ));
    }
    reporter.line(&format!(
        "MNIST read in {}; accuracy after each epoch on {}",
        duration(loaded.seconds),
        state.eval_on.describe(evaluation.len())
    ));

    let stop = ctrl_c_flag();
    let mut log = open_log(args.log.as_deref(), args.resume.is_some())?;
    let cfg = SgdConfig {
        epochs: state.epochs,
        mini_batch_size: state.batch_size,
        eta: state.eta,
        seed: state.seed,
        start_epoch: state.next_epoch(),
    };
    let mut run = Run {
        state: state.clone(),
        out: out.clone(),
        reporter: &mut reporter,
        log: log.as_mut(),
        stop: &stop,
        diverged: None,
        failure: None,
        saved: false,
        chance_streak: 0,
        hinted: false,
        classes: *state.layers.last().unwrap_or(&10),
        probe: evaluation.slice(0..evaluation.len().min(STUCK_PROBE)),
        stuck: Vec::new(),
        stuck_streak: 0,
        stuck_hinted: false,
    };
    let mut observer = |p: Progress<'_>| run.observe(p);
    let mut train = || net.sgd(training, &cfg, Some(evaluation), &mut observer);
    let summary = match args.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .context("cannot start the worker threads")?
            .install(train),
        None => train(),
    }?;
    let Run {
        state: done,
        diverged,
        failure,
        saved,
        ..
    } = run;
    reporter.clear();

    if !done.history.is_empty() {
        if let Some(path) = &args.plot {
            let title = format!(
                "{layers} · m = {} · η = {} · seed {} · {} set",
                done.batch_size,
                eta_text(done.eta),
                done.seed,
                done.eval_on.as_str()
            );
            plot::learning_curve(path, &curve(&done.history), &title)?;
            reporter.line(&format!("Learning curve drawn in {}", path.display()));
        }
    }
    if let Some(err) = failure {
        return Err(err);
    }
    // Where the last good model is: this run's output once it saved an epoch, else the
    // checkpoint it resumed from.
    let kept_in = if saved {
        Some(out.as_path())
    } else {
        args.resume.as_deref()
    };
    let kept = match (done.history.last(), kept_in) {
        (Some(last), Some(file)) => format!(
            "The model after epoch {} is kept in {}.",
            last.epoch,
            file.display()
        ),
        _ => "No epoch was completed, so no model was saved.".to_string(),
    };
    if let Some((epoch, what)) = diverged {
        return Err(anyhow!(
            "training diverged in epoch {epoch}: {what}. η = {} is too large for this network; try a smaller one, e.g. --eta {}. {kept}",
            eta_text(done.eta),
            eta_text(done.eta / 10.0)
        ));
    }
    if summary.interrupted {
        let how = match kept_in {
            Some(file) if !done.history.is_empty() => {
                format!(" Continue with: nndl train --resume {}", file.display())
            }
            _ => String::new(),
        };
        return Err(Interrupted(format!(
            "interrupted in epoch {}. {kept}{how}",
            summary.next_epoch
        ))
        .into());
    }

    let best = done.best().cloned();
    let seconds: f64 = done.history.iter().map(|r| r.seconds).sum();
    if verbosity == Verbosity::Json {
        let counts = eval::confusion_counts(&net, evaluation.inputs, evaluation.labels);
        let doc = serde_json::json!({
            "layers": done.layers,
            "epochs": done.epochs,
            "batch_size": done.batch_size,
            "eta": done.eta,
            "seed": done.seed,
            "eval_on": done.eval_on.as_str(),
            "train_size": training.len(),
            "history": done.history.iter().map(record_json).collect::<Vec<_>>(),
            "best": best.as_ref().map(record_json),
            "seconds": seconds,
            "model": out,
            "rarely_predicted": eval::rarely_predicted(&counts),
        });
        println!("{doc:#}");
    } else if let Some(best) = best {
        println!(
            "Best: epoch {}, {} / {} ({:.2}%). {} epoch{} in {}. Model saved to {} (after epoch {}).",
            best.epoch,
            best.correct,
            best.total,
            best.percent(),
            done.history.len(),
            if done.history.len() == 1 { "" } else { "s" },
            duration(seconds),
            out.display(),
            done.history.len() - 1
        );
    }
    Ok(())
}

/// What the observer keeps track of while the network trains.
struct Run<'a> {
    state: RunState,
    out: PathBuf,
    reporter: &'a mut Reporter,
    log: Option<&'a mut BufWriter<File>>,
    stop: &'a AtomicBool,
    /// The epoch whose cost or weights stopped being finite, and which.
    diverged: Option<(usize, &'static str)>,
    /// Saving or logging failed: stop, and report it.
    failure: Option<anyhow::Error>,
    /// Whether an epoch of this run was saved to `out`.
    saved: bool,
    chance_streak: usize,
    hinted: bool,
    classes: usize,
    /// The first evaluation images, for the stuck-digit watch.
    probe: Data<'a>,
    /// The digits hardly ever answered after the last epoch, and for how many epochs.
    stuck: Vec<usize>,
    stuck_streak: usize,
    stuck_hinted: bool,
}

impl Run<'_> {
    fn observe(&mut self, progress: Progress<'_>) -> ControlFlow<()> {
        match progress {
            Progress::MiniBatch {
                epoch,
                done_examples,
                total_examples,
            } => {
                self.reporter
                    .mini_batch(epoch, done_examples, total_examples);
            }
            Progress::Epoch(report, net) => {
                // NaN or ∞ anywhere: this epoch's model is garbage; keep the last good one.
                let what = if !report.cost.is_finite() || !report.training_cost.is_finite() {
                    Some("the cost is no longer a finite number")
                } else if !net.is_finite() {
                    Some("the weights overflowed")
                } else {
                    None
                };
                if let Some(what) = what {
                    self.diverged = Some((report.epoch, what));
                    return ControlFlow::Break(());
                }
                let record = EpochRecord {
                    epoch: report.epoch,
                    correct: report.correct.unwrap_or(0),
                    total: report.total.unwrap_or(0),
                    cost: report.cost,
                    training_cost: report.training_cost,
                    seconds: report.elapsed.as_secs_f64(),
                };
                self.state.history.push(record.clone());
                if let Err(err) = self.save(net, &record) {
                    self.failure = Some(err);
                    return ControlFlow::Break(());
                }
                self.saved = true;
                self.reporter.line(&format!(
                    // The book's line first, then aligned extras.
                    "{:<23} {:6.2}%  cost {:.4}  {}",
                    format!(
                        "Epoch {}: {} / {}",
                        record.epoch, record.correct, record.total
                    ),
                    record.percent(),
                    record.cost,
                    duration(record.seconds)
                ));
                self.watch_for_chance(&record);
                self.watch_for_stuck_digits(net);
            }
        }
        if self.stop.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// The checkpoint and the log line of a finished epoch.
    fn save(&mut self, net: &Network, record: &EpochRecord) -> anyhow::Result<()> {
        model::save(&self.out, net, &self.state.to_meta())?;
        if let Some(log) = self.log.as_mut() {
            serde_json::to_writer(&mut **log, &record_json(record))
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(log))
                .and_then(|()| log.flush())
                .context("cannot write the --log file")?;
        }
        Ok(())
    }

    /// The chapter-1 network's typical failure is silent in the accuracy line: output
    /// neurons that saturated at the start never fire, and their digits are never
    /// answered (each costs about a tenth of the accuracy). Name them, once.
    fn watch_for_stuck_digits(&mut self, net: &Network) {
        if self.stuck_hinted || self.classes != 10 || self.probe.is_empty() {
            return;
        }
        let rarely = eval::rarely_predicted(&eval::confusion_counts(
            net,
            self.probe.inputs,
            self.probe.labels,
        ));
        if rarely.is_empty() || rarely != self.stuck {
            self.stuck_streak = usize::from(!rarely.is_empty());
            self.stuck = rarely;
            return;
        }
        self.stuck_streak += 1;
        if self.stuck_streak >= STUCK_EPOCHS {
            self.stuck_hinted = true;
            let one = self.stuck.len() == 1;
            self.reporter.note(&format!(
                "hint: for {STUCK_EPOCHS} epochs the network has hardly ever answered {}: {} \
                 probably saturated near 0 (σ′(z) ≈ 0, so the quadratic cost's gradient \
                 (a − y)·σ′(z) barely moves {}). With N(0, 1) weights some seeds start this way, \
                 more often with more hidden neurons, and the run may stay stuck; another --seed \
                 usually avoids it (see docs/results.md).",
                eval::digit_list(&self.stuck),
                if one {
                    "its output neuron is"
                } else {
                    "their output neurons are"
                },
                if one { "it" } else { "them" },
            ));
        }
    }

    /// A network stuck at chance accuracy has usually saturated its sigmoids: say so once.
    fn watch_for_chance(&mut self, record: &EpochRecord) {
        let chance = 100.0 / self.classes as f64;
        if record.percent() <= chance * 1.5 {
            self.chance_streak += 1;
        } else {
            self.chance_streak = 0;
        }
        if self.chance_streak >= CHANCE_EPOCHS && !self.hinted {
            self.hinted = true;
            self.reporter.note(&format!(
                "hint: accuracy has stayed near chance ({chance:.0}%) for {CHANCE_EPOCHS} epochs: \
                 the neurons have probably saturated. Try a smaller learning rate (e.g. --eta {}) or another --seed.",
                eta_text(self.state.eta / 10.0)
            ));
        }
    }
}

/// Usage errors in the numbers, before anything is loaded.
fn check_numbers(args: &TrainArgs) -> anyhow::Result<()> {
    if let Some(eta) = args.eta {
        if !(eta.is_finite() && eta > 0.0) {
            return Err(usage(format!(
                "--eta {eta}: the learning rate must be a positive number, e.g. 3.0"
            )));
        }
    }
    if args.batch_size == Some(0) {
        return Err(usage(
            "--batch-size 0: a mini-batch needs at least 1 example",
        ));
    }
    if args.epochs == Some(0) {
        return Err(usage("--epochs 0: train for at least 1 epoch"));
    }
    if args.threads == Some(0) {
        return Err(usage("--threads 0: at least 1 thread is needed"));
    }
    if args.train_size == Some(0) {
        return Err(usage("--train-size 0: train on at least 1 image"));
    }
    if args.hidden == Some(0) {
        return Err(usage(
            "--hidden 0: a hidden layer needs at least 1 neuron (for none, use --layers 784,10)",
        ));
    }
    if let Some(layers) = &args.layers {
        if layers.len() < 2 {
            return Err(usage(format!(
                "--layers {}: give at least an input and an output layer, e.g. 784,30,10",
                layer_names(layers)
            )));
        }
        if layers.contains(&0) {
            return Err(usage(format!(
                "--layers {}: every layer needs at least 1 neuron",
                layer_names(layers)
            )));
        }
        if layers.last() != Some(&10) {
            return Err(usage(format!(
                "--layers {}: the last layer must have 10 neurons, one per digit",
                layer_names(layers)
            )));
        }
    }
    Ok(())
}

/// A new run from the flags and the book's defaults.
fn fresh(args: &TrainArgs) -> anyhow::Result<(Network, RunState, PathBuf)> {
    let layers = match &args.layers {
        Some(layers) => layers.clone(),
        None => vec![784, args.hidden.unwrap_or(BOOK_HIDDEN), 10],
    };
    let seed = args.seed.unwrap_or(DEFAULT_SEED);
    let state = RunState {
        layers: layers.clone(),
        seed,
        epochs: args.epochs.unwrap_or(BOOK_EPOCHS),
        batch_size: args.batch_size.unwrap_or(BOOK_BATCH),
        eta: args.eta.unwrap_or(BOOK_ETA),
        eval_on: args.eval_on.map_or(SetName::Test, SetName::from),
        train_size: args.train_size,
        history: Vec::new(),
    };
    let net = Network::new(&layers, seed).map_err(|e| usage(format!("--layers: {e}")))?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("model.nndl"));
    Ok((net, state, out))
}

/// The run saved in `path`, with the flags checked against it.
fn resumed(args: &TrainArgs, path: &Path) -> anyhow::Result<(Network, RunState, PathBuf)> {
    let (net, meta) = model::load(path)?;
    let mut state = RunState::from_meta(&meta)
        .with_context(|| format!("cannot resume {}", path.display()))?
        .ok_or_else(|| {
            anyhow!(
                "cannot resume {}: it was not saved by `nndl train` and has no record of its training",
                path.display()
            )
        })?;
    if net.sizes() != state.layers.as_slice() {
        return Err(anyhow!(
            "cannot resume {}: its record does not match its layers",
            path.display()
        ));
    }
    // Resuming gives the uninterrupted run's model only with the same hyper-parameters.
    let differs = |flag: &str, given: String, saved: String| -> anyhow::Result<()> {
        if given == saved {
            Ok(())
        } else {
            Err(usage(format!(
                "{flag} {given} differs from the {saved} the run in {} was started with; \
                 a resumed run keeps its settings (train a new model to change them)",
                path.display()
            )))
        }
    };
    if let Some(layers) = &args.layers {
        differs("--layers", layer_names(layers), layer_names(&state.layers))?;
    }
    if let Some(h) = args.hidden {
        differs(
            "--hidden",
            layer_names(&[784, h, 10]),
            layer_names(&state.layers),
        )?;
    }
    if let Some(seed) = args.seed {
        differs("--seed", seed.to_string(), state.seed.to_string())?;
    }
    if let Some(m) = args.batch_size {
        differs("--batch-size", m.to_string(), state.batch_size.to_string())?;
    }
    if let Some(eta) = args.eta {
        differs("--eta", eta.to_string(), state.eta.to_string())?;
    }
    if let Some(e) = args.eval_on {
        differs(
            "--eval-on",
            SetName::from(e).as_str().into(),
            state.eval_on.as_str().into(),
        )?;
    }
    if let Some(n) = args.train_size {
        let saved = state.train_size.map_or("all".into(), |s| s.to_string());
        differs("--train-size", n.to_string(), saved)?;
    }
    if let Some(epochs) = args.epochs {
        state.epochs = epochs;
    }
    let out = args.out.clone().unwrap_or_else(|| path.to_path_buf());
    Ok((net, state, out))
}

/// Fails early, before any training, when `path` cannot be written.
fn check_writable(path: &Path, flag: &str) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(usage(format!("{flag} {}: is a directory", path.display())));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(anyhow!(
            "cannot save to {}: the directory {} does not exist",
            path.display(),
            dir.display()
        ));
    }
    Ok(())
}

fn open_log(path: Option<&Path>, append: bool) -> anyhow::Result<Option<BufWriter<File>>> {
    let Some(path) = path else { return Ok(None) };
    let file = OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(path)
        .with_context(|| format!("cannot open the --log file {}", path.display()))?;
    Ok(Some(BufWriter::new(file)))
}

/// Set by the first Ctrl-C (training stops after the current mini-batch); a second one
/// ends the program at once.
fn ctrl_c_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // Failing to install the handler only loses the graceful stop; training still works.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(crate::error::EXIT_INTERRUPTED));
        }
    });
    stop
}

fn record_json(r: &EpochRecord) -> serde_json::Value {
    serde_json::json!({
        "epoch": r.epoch,
        "correct": r.correct,
        "total": r.total,
        "accuracy": r.correct as f64 / r.total.max(1) as f64,
        "cost": r.cost,
        "training_cost": r.training_cost,
        "seconds": r.seconds,
    })
}

fn curve(history: &[EpochRecord]) -> Vec<EpochPoint> {
    history
        .iter()
        .map(|r| EpochPoint {
            epoch: r.epoch,
            accuracy: r.percent(),
            cost: r.cost,
            training_cost: Some(r.training_cost),
        })
        .collect()
}

/// η as people write it: `3`, `0.5`, `1e30`.
fn eta_text(eta: f32) -> String {
    if (1e-3..1e6).contains(&eta) {
        eta.to_string()
    } else {
        format!("{eta:e}")
    }
}

/// `[784, 30, 10]` → `"784-30-10"`.
pub fn layer_names(layers: &[usize]) -> String {
    let names: Vec<String> = layers.iter().map(usize::to_string).collect();
    names.join("-")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use nndl_nn::EpochReport;

    use super::*;

    fn state() -> RunState {
        RunState {
            layers: vec![4, 3, 10],
            seed: 1,
            epochs: 10,
            batch_size: 10,
            eta: 100.0,
            eval_on: SetName::Test,
            train_size: None,
            history: Vec::new(),
        }
    }

    fn report(epoch: usize, correct: usize, cost: f64) -> EpochReport {
        EpochReport {
            epoch,
            correct: Some(correct),
            total: Some(1000),
            cost,
            training_cost: 0.1,
            elapsed: Duration::from_millis(5),
        }
    }

    fn run<'a>(out: PathBuf, reporter: &'a mut Reporter, stop: &'a AtomicBool) -> Run<'a> {
        Run {
            state: state(),
            out,
            reporter,
            log: None,
            stop,
            diverged: None,
            failure: None,
            saved: false,
            chance_streak: 0,
            hinted: false,
            classes: 10,
            probe: Data::new(&[], &[], 4).unwrap(),
            stuck: Vec::new(),
            stuck_streak: 0,
            stuck_hinted: false,
        }
    }

    #[test]
    fn digits_unanswered_for_five_epochs_in_a_row_give_one_hint() {
        let dir = tempfile::tempdir().unwrap();
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut run = run(dir.path().join("m.nndl"), &mut reporter, &stop);
        // Two of every digit; the network answers 0 for every input, except that
        // input 1.0 in the first position turns on the output for 5.
        let labels: Vec<u8> = (0..20).map(|i| i % 10).collect();
        let inputs: Vec<f32> = (0..20)
            .flat_map(|i| [if i % 10 == 5 { 1.0 } else { 0.0 }, 0.0, 0.0, 0.0])
            .collect();
        run.probe = Data::new(&inputs, &labels, 4).unwrap();
        let start = Network::new(&[4, 3, 10], 1).unwrap();
        let mut weights = start.weights().to_vec();
        weights.iter_mut().for_each(|w| w.as_mut_slice().fill(0.0));
        weights[0].as_mut_slice()[0] = 50.0; // hidden 0 ← input 0
        weights[1].as_mut_slice()[5 * 3] = 50.0; // output 5 ← hidden 0
        let mut b2 = vec![-10.0f32; 10];
        b2[0] = 10.0;
        let net = Network::from_parameters(
            start.sizes(),
            weights,
            vec![vec![-25.0; 3], b2],
            start.cost(),
        )
        .unwrap();
        for epoch in 1..=4 {
            run.watch_for_stuck_digits(&net);
            assert!(!run.stuck_hinted, "not yet after {epoch} epochs");
        }
        assert_eq!(run.stuck, [1, 2, 3, 4, 6, 7, 8, 9]);
        run.watch_for_stuck_digits(&net);
        assert!(run.stuck_hinted && run.stuck_streak == 5);

        // A change in the set of digits starts the count again.
        run.stuck_hinted = false;
        run.stuck = vec![1];
        run.stuck_streak = 4;
        run.watch_for_stuck_digits(&net);
        assert!(!run.stuck_hinted && run.stuck_streak == 1);
    }

    #[test]
    fn a_finite_epoch_is_saved_with_its_record_and_training_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("m.nndl");
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut run = run(out.clone(), &mut reporter, &stop);
        let net = Network::new(&[4, 3, 10], 1).unwrap();
        let flow = run.observe(Progress::Epoch(&report(0, 800, 0.05), &net));
        assert_eq!(flow, ControlFlow::Continue(()));
        assert!(run.saved && run.diverged.is_none());
        let (back, meta) = model::load(&out).unwrap();
        assert_eq!(back, net);
        let saved = RunState::from_meta(&meta).unwrap().unwrap();
        assert_eq!(saved.next_epoch(), 1);
        assert_eq!(saved.history[0].correct, 800);
    }

    #[test]
    fn a_nan_cost_or_infinite_weights_stop_training_without_saving() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("m.nndl");
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut run = run(out.clone(), &mut reporter, &stop);
        let good = Network::new(&[4, 3, 10], 1).unwrap();
        let flow = run.observe(Progress::Epoch(&report(0, 500, f64::NAN), &good));
        assert_eq!(flow, ControlFlow::Break(()));
        assert_eq!(run.diverged.map(|d| d.0), Some(0));
        assert!(!out.exists() && !run.saved && run.state.history.is_empty());

        let mut weights: Vec<_> = good.weights().to_vec();
        weights[1].as_mut_slice()[3] = f32::INFINITY;
        let bad =
            Network::from_parameters(good.sizes(), weights, good.biases().to_vec(), good.cost())
                .unwrap();
        run.diverged = None;
        let flow = run.observe(Progress::Epoch(&report(0, 500, 0.1), &bad));
        assert_eq!(flow, ControlFlow::Break(()));
        assert_eq!(run.diverged, Some((0, "the weights overflowed")));
        assert!(!out.exists());
    }

    #[test]
    fn chance_accuracy_for_three_epochs_gives_one_hint() {
        let dir = tempfile::tempdir().unwrap();
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut run = run(dir.path().join("m.nndl"), &mut reporter, &stop);
        let net = Network::new(&[4, 3, 10], 1).unwrap();
        for (epoch, correct) in [(0, 98), (1, 500), (2, 101), (3, 99)] {
            let _ = run.observe(Progress::Epoch(&report(epoch, correct, 0.5), &net));
        }
        assert!(!run.hinted, "a good epoch resets the count");
        let _ = run.observe(Progress::Epoch(&report(4, 100, 0.5), &net));
        assert!(run.hinted);
    }

    #[test]
    fn ctrl_c_stops_after_the_current_mini_batch() {
        let dir = tempfile::tempdir().unwrap();
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut run = run(dir.path().join("m.nndl"), &mut reporter, &stop);
        let batch = |done| Progress::MiniBatch {
            epoch: 0,
            done_examples: done,
            total_examples: 100,
        };
        assert_eq!(run.observe(batch(10)), ControlFlow::Continue(()));
        stop.store(true, Ordering::Relaxed);
        assert_eq!(run.observe(batch(20)), ControlFlow::Break(()));
    }

    #[test]
    fn eta_reads_naturally() {
        assert_eq!(eta_text(3.0), "3");
        assert_eq!(eta_text(0.5), "0.5");
        assert_eq!(eta_text(1e30), "1e30");
        assert_eq!(eta_text(1e-5), "1e-5");
    }
}
