//! The options of `nndl train`, their checks, and the run they describe: a fresh one from
//! the book's defaults, or one resumed from its model file. Everything here is decided
//! before MNIST is loaded, so a mistake costs nothing.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use clap::{Args, ValueEnum};
use nndl_nn::{
    Activation, CostKind, Network, NetworkOptions, Regularization, Rules, Schedule, DEFAULT_SEED,
};

use super::preset::{Defaults, Preset};
use crate::checkpoint::RunState;
use crate::error::usage;
use crate::format::layer_names;
use crate::help::{FILES, OUTPUT};
use crate::paths::{self, MODEL};
use crate::plot;
use crate::progress::Verbosity;
use crate::rules::{init_name, ActivationArg, CostArg, InitArg, OutputArg, ScheduleArg};
use crate::sets::{DataArgs, SetName};
use crate::values::{fraction, non_negative, non_negative_real, positive};

/// The help heading of the options Chapter 3 of the book adds.
const CHAPTER3: &str = "Chapter 3 options";

const EXAMPLES: &str = "\
Examples:
  nndl train                                  the book's experiment: 784-30-10, 30 epochs, m = 10, η = 3.0
  nndl train --hidden 100 --out h100.nndl     the book's second network, 784-100-10, in its own file
  nndl train --layers 784,10 --eta 1          no hidden layer (the chapter's exercise)
  nndl train --epochs 1 --train-size 5000     a quick try on a tenth of the data
  nndl train --plot curve.svg --log run.jsonl the learning curve and one JSON line per epoch
  nndl train --resume model.nndl              continue an interrupted run (Ctrl-C saves and says how)
  nndl train --cost cross-entropy --init scaled --hidden 100 --eta 0.5
                                              Chapter 3's cure for the stuck runs of Chapter 1
  nndl train --preset chapter3                 the book's network2.py run: cross-entropy, scaled init, L2
  nndl train --preset fast                     98% in about a second: ReLU, softmax, momentum, a linear η
  nndl train --preset best                     over 99%: 784-800-800-10 on distorted images, a few minutes";

/// Train a network by mini-batch stochastic gradient descent (the chapter's experiment by default)
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TrainArgs {
    /// Neurons in the hidden layer of a 784-N-10 network, 1 or more [default: 30]
    #[arg(long, value_name = "N", conflicts_with = "layers", allow_negative_numbers = true, value_parser = positive)]
    hidden: Option<usize>,
    /// Every layer's size, input first, e.g. 784,100,30,10 or 784,10
    #[arg(long, value_name = "SIZES", value_delimiter = ',', num_args = 1, allow_negative_numbers = true, value_parser = positive)]
    layers: Option<Vec<usize>>,
    /// Passes over the training data, 1 or more [default: 30]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = positive)]
    epochs: Option<usize>,
    /// Examples per mini-batch, m, 1 or more [default: 10]
    #[arg(long, short = 'm', value_name = "M", allow_negative_numbers = true, value_parser = positive)]
    batch_size: Option<usize>,
    /// Learning rate η, a positive number [default: 3.0]
    #[arg(long, value_name = "ETA", allow_negative_numbers = true)]
    eta: Option<f32>,
    /// Seed of the initial weights and of every epoch's shuffle, 0 or more [default: 1]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = non_negative)]
    seed: Option<u64>,
    /// Worker threads, 1 or more [default: one per core]; any count gives the same model
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = positive)]
    threads: Option<usize>,
    /// The set to measure accuracy on after each epoch [default: test]
    #[arg(long, value_enum, value_name = "SET")]
    eval_on: Option<EvalOn>,
    /// Train on the first N of the 50,000 training images only, for quick tries
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = positive)]
    train_size: Option<usize>,
    /// A named run whose settings are the defaults of the other flags [default: chapter1]
    #[arg(long, value_enum, value_name = "RUN", conflicts_with = "resume", help_heading = CHAPTER3)]
    preset: Option<Preset>,
    /// The cost [default: quadratic]; log-likelihood comes with a softmax output layer
    #[arg(long, value_enum, value_name = "COST", help_heading = CHAPTER3)]
    cost: Option<CostArg>,
    /// The hidden neurons [default: sigmoid]
    #[arg(long, value_enum, value_name = "F", help_heading = CHAPTER3)]
    activation: Option<ActivationArg>,
    /// The starting weights [default: standard, N(0, 1)]; scaled is N(0, 1/n_in), he N(0, 2/n_in)
    #[arg(long, value_enum, value_name = "INIT", help_heading = CHAPTER3)]
    init: Option<InitArg>,
    /// L2 regularisation λ, 0 or more (weight decay 1 − ηλ/n) [default: 0]
    #[arg(long, value_name = "LAMBDA", conflicts_with = "l1", allow_negative_numbers = true, value_parser = non_negative_real, help_heading = CHAPTER3)]
    lambda: Option<f32>,
    /// L1 regularisation λ, 0 or more [default: 0]
    #[arg(long, value_name = "LAMBDA", allow_negative_numbers = true, value_parser = non_negative_real, help_heading = CHAPTER3)]
    l1: Option<f32>,
    /// Momentum coefficient μ in [0, 1) [default: 0, plain gradient descent]
    #[arg(long, value_name = "MU", allow_negative_numbers = true, value_parser = fraction, help_heading = CHAPTER3)]
    momentum: Option<f32>,
    /// The output layer [default: the cost's: softmax for log-likelihood, else sigmoid]
    #[arg(long, value_enum, value_name = "LAYER", help_heading = CHAPTER3)]
    output: Option<OutputArg>,
    /// Dropout: each hidden neuron drops out of each example's step with probability P in [0, 1) [default: 0]
    #[arg(long, value_name = "P", allow_negative_numbers = true, value_parser = fraction, help_heading = CHAPTER3)]
    dropout: Option<f32>,
    /// How η changes [default: constant]
    #[arg(long, value_enum, value_name = "KIND", help_heading = CHAPTER3)]
    schedule: Option<ScheduleArg>,
    /// Epochs without a new best on validation before a plateau schedule halves η [default: 10]
    #[arg(long, value_name = "K", allow_negative_numbers = true, value_parser = positive, help_heading = CHAPTER3)]
    patience: Option<usize>,
    /// Stop after N epochs without a new best on validation, keeping the best model
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = positive, help_heading = CHAPTER3)]
    early_stop: Option<usize>,
    /// Train every epoch on freshly distorted images: shifted, turned, scaled, sheared, elastically bent
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL", help_heading = CHAPTER3)]
    augment: Option<bool>,
    /// Also train on the cut pieces of numbers in DIR (`cargo xtask make-pieces`),
    /// for `nndl read`: the network gets an 11th output, "not a digit"
    #[arg(long, value_name = "DIR", help_heading = FILES)]
    pieces: Option<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
    /// Where the model is saved after every epoch [default: model.nndl, or the --resume file]
    #[arg(long, short = 'o', value_name = "FILE", help_heading = FILES)]
    out: Option<PathBuf>,
    /// Continue the run saved in FILE, exactly as if it had never stopped
    #[arg(long, value_name = "FILE", help_heading = FILES)]
    resume: Option<PathBuf>,
    /// Draw the learning curve (accuracy and cost per epoch) to FILE (.svg or .png)
    #[arg(long, value_name = "FILE", help_heading = FILES)]
    plot: Option<PathBuf>,
    /// Write one JSON object per epoch to FILE (appended to when resuming)
    #[arg(long, value_name = "FILE", help_heading = FILES)]
    log: Option<PathBuf>,
    /// Print only the final line
    #[arg(long, short = 'q', conflicts_with = "json", help_heading = OUTPUT)]
    quiet: bool,
    /// Print one JSON document at the end instead of text
    #[arg(long, help_heading = OUTPUT)]
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

/// A run, checked and ready to train.
pub struct Plan {
    /// The network to train: fresh, or as saved.
    pub net: Network,
    /// Its hyper-parameters and the epochs done so far.
    pub state: RunState,
    /// Where each epoch is saved.
    pub out: PathBuf,
    /// The checkpoint resumed from.
    pub resume: Option<PathBuf>,
    /// The learning curve's file.
    pub plot: Option<PathBuf>,
    /// The per-epoch log's file.
    pub log: Option<PathBuf>,
    /// Worker threads, or one per core.
    pub threads: Option<usize>,
    /// How much is printed.
    pub verbosity: Verbosity,
    /// Where MNIST is.
    pub data: DataArgs,
}

impl Plan {
    /// The run the options describe; usage errors and unwritable files are found here.
    pub fn from_args(args: TrainArgs) -> anyhow::Result<Plan> {
        check_numbers(&args)?;
        let (net, state, out) = match &args.resume {
            Some(path) => resumed(&args, path)?,
            None => fresh(&args)?,
        };
        paths::check_output(&out, "--out", MODEL)?;
        if let Some(plot) = &args.plot {
            plot::Format::of(plot, "--plot")?;
            paths::check_output(plot, "--plot", "a picture")?;
        }
        if let Some(log) = &args.log {
            paths::check_output(log, "--log", "a log file")?;
        }
        let verbosity = if args.json {
            Verbosity::Json
        } else if args.quiet {
            Verbosity::Quiet
        } else {
            Verbosity::Normal
        };
        Ok(Plan {
            net,
            state,
            out,
            resume: args.resume,
            plot: args.plot,
            log: args.log,
            threads: args.threads,
            verbosity,
            data: args.data,
        })
    }
}

/// Usage errors that clap's parsers leave: η, and the shape of --layers.
fn check_numbers(args: &TrainArgs) -> anyhow::Result<()> {
    if let Some(eta) = args.eta {
        if !(eta.is_finite() && eta > 0.0) {
            return Err(usage(format!(
                "--eta {eta}: the learning rate must be a positive number, e.g. 3.0"
            )));
        }
    }
    if let Some(layers) = &args.layers {
        if layers.len() < 2 {
            return Err(usage(format!(
                "--layers {}: give at least an input and an output layer, e.g. 784,30,10",
                layer_names(layers)
            )));
        }
        let outputs = outputs(args.pieces.is_some());
        if layers.last() != Some(&outputs) {
            return Err(usage(format!(
                "--layers {}: the last layer must have {outputs} neurons, {}",
                layer_names(layers),
                if outputs == 10 {
                    "one per digit"
                } else {
                    "one per digit and one for \"not a digit\" (--pieces)"
                }
            )));
        }
    }
    Ok(())
}

/// The output layer's size: a neuron per digit, and one for "not a digit" when
/// training on cut pieces.
fn outputs(pieces: bool) -> usize {
    if pieces {
        11
    } else {
        10
    }
}

/// A new run from the flags and the preset's defaults (Chapter 1's unless named).
fn fresh(args: &TrainArgs) -> anyhow::Result<(Network, RunState, PathBuf)> {
    let preset: Defaults = args.preset.unwrap_or_default().defaults();
    let last = outputs(args.pieces.is_some());
    let layers = match &args.layers {
        Some(layers) => layers.clone(),
        None => match args.hidden {
            Some(h) => vec![784, h, last],
            None => [&[784][..], preset.hidden, &[last]].concat(),
        },
    };
    let seed = args.seed.unwrap_or(DEFAULT_SEED);
    let mut state = RunState {
        layers: layers.clone(),
        seed,
        epochs: args.epochs.unwrap_or(preset.epochs),
        batch_size: args.batch_size.unwrap_or(preset.batch_size),
        eta: args.eta.unwrap_or(preset.eta),
        eval_on: args.eval_on.map_or(preset.eval_on, SetName::from),
        train_size: args.train_size,
        init: args.init.map_or(preset.init, Into::into),
        augment: args.augment.unwrap_or(preset.augment),
        pieces: args.pieces.clone(),
        rules: rules_of(args, preset.rules),
        history: Vec::new(),
    };
    if state.rules.early_stop.is_some() || matches!(state.rules.schedule, Schedule::Plateau { .. })
    {
        if args.eval_on == Some(EvalOn::Test) {
            return Err(usage(
                "--eval-on test: a plateau schedule and early stopping choose on the validation \
                 set, never on the test set the result is reported on (drop --eval-on)",
            ));
        }
        state.eval_on = SetName::Validation;
    }
    let options = NetworkOptions {
        cost: cost_of(args, preset.cost)?,
        activation: args.activation.map_or(preset.activation, Into::into),
        init: state.init,
    };
    let net = Network::with_options(&layers, &options, seed)
        .map_err(|e| usage(format!("--layers: {e}")))?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("model.nndl"));
    Ok((net, state, out))
}

/// The rules as the flags give them, each flag not given taken from `preset`.
fn rules_of(args: &TrainArgs, preset: Rules) -> Rules {
    let regularization = match (args.lambda, args.l1) {
        (Some(lambda), _) if lambda > 0.0 => Regularization::L2 { lambda },
        (_, Some(lambda)) if lambda > 0.0 => Regularization::L1 { lambda },
        (None, None) => preset.regularization,
        _ => Regularization::None,
    };
    let patience = args.patience.unwrap_or(10);
    let schedule = match (args.schedule, preset.schedule) {
        (Some(s), _) => s.schedule(patience),
        (None, Schedule::Plateau { halvings, .. }) if args.patience.is_some() => {
            Schedule::Plateau { patience, halvings }
        }
        (None, s) => s,
    };
    Rules {
        regularization,
        momentum: args.momentum.unwrap_or(preset.momentum),
        dropout: args.dropout.unwrap_or(preset.dropout),
        schedule,
        early_stop: args.early_stop.or(preset.early_stop),
    }
}

/// The cost from --cost and --output (softmax is the log-likelihood's output
/// layer, sigmoid the others'), else the preset's.
fn cost_of(args: &TrainArgs, preset: CostKind) -> anyhow::Result<CostKind> {
    let cost = args.cost.map(CostKind::from);
    match (args.output, cost) {
        (None, cost) => Ok(cost.unwrap_or(preset)),
        (Some(OutputArg::Softmax), None | Some(CostKind::LogLikelihood)) => {
            Ok(CostKind::LogLikelihood)
        }
        (Some(OutputArg::Sigmoid), None) if preset == CostKind::LogLikelihood => {
            Ok(CostKind::CrossEntropy)
        }
        (Some(OutputArg::Sigmoid), None) => Ok(preset),
        (Some(OutputArg::Sigmoid), Some(c)) if c != CostKind::LogLikelihood => Ok(c),
        (Some(output), Some(c)) => Err(usage(format!(
            "--output {} does not go with --cost {}: a softmax output layer goes with the \
             log-likelihood cost, sigmoid outputs with the quadratic or cross-entropy cost",
            match output {
                OutputArg::Softmax => "softmax",
                OutputArg::Sigmoid => "sigmoid",
            },
            c.name()
        ))),
    }
}

/// The run saved in `path`, with the flags checked against it.
fn resumed(args: &TrainArgs, path: &Path) -> anyhow::Result<(Network, RunState, PathBuf)> {
    let (net, meta) = crate::model::load(path)?;
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
    let saved_layers = layer_names(&state.layers);
    if let Some(layers) = &args.layers {
        differs("--layers", layer_names(layers), saved_layers.clone())?;
    }
    if let Some(h) = args.hidden {
        let last = *state.layers.last().unwrap_or(&10);
        differs("--hidden", layer_names(&[784, h, last]), saved_layers)?;
    }
    if let Some(dir) = &args.pieces {
        let saved = state
            .pieces
            .as_ref()
            .map_or("none".into(), |d| d.display().to_string());
        differs("--pieces", dir.display().to_string(), saved)?;
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
    if let Some(a) = args.augment {
        differs("--augment", a.to_string(), state.augment.to_string())?;
    }
    if let Some(n) = args.train_size {
        let saved = state.train_size.map_or("all".into(), |s| s.to_string());
        differs("--train-size", n.to_string(), saved)?;
    }
    if let Some(c) = args.cost {
        differs(
            "--cost",
            CostKind::from(c).name().into(),
            net.cost().name().into(),
        )?;
    }
    if let Some(a) = args.activation {
        differs(
            "--activation",
            Activation::from(a).name().into(),
            net.activation().name().into(),
        )?;
    }
    if let Some(i) = args.init {
        differs(
            "--init",
            init_name(i.into()).into(),
            init_name(state.init).into(),
        )?;
    }
    let rule_flags = [
        args.lambda.is_some(),
        args.l1.is_some(),
        args.momentum.is_some(),
        args.dropout.is_some(),
        args.schedule.is_some(),
        args.patience.is_some(),
        args.early_stop.is_some(),
    ];
    if rule_flags.contains(&true) && rules_of(args, state.rules) != state.rules {
        return Err(usage(format!(
            "--lambda, --l1, --momentum, --dropout, --schedule, --patience and --early-stop \
             must be those the run in {} was started with; a resumed run keeps its settings \
             (train a new model to change them)",
            path.display()
        )));
    }
    if args.output.is_some() && cost_of(args, net.cost())? != net.cost() {
        return Err(usage(format!(
            "--output differs from the output layer of the run in {}; a resumed run keeps its settings",
            path.display()
        )));
    }
    // What a model file does not keep: the velocities of momentum, and what the
    // schedule and early stopping have seen. Without them the rest of the run
    // would not be the one that was interrupted.
    let unkept = [
        (state.rules.momentum > 0.0, "--momentum, whose velocities"),
        (
            state.rules.schedule != Schedule::Constant,
            "--schedule, whose state",
        ),
        (
            state.rules.early_stop.is_some(),
            "--early-stop, whose best model",
        ),
    ];
    if let Some((_, what)) = unkept.iter().find(|(on, _)| *on) {
        return Err(anyhow!(
            "cannot resume {}: it was trained with {what} a model file does not keep, \
             so the rest of the run would not be the one that was interrupted",
            path.display()
        ));
    }
    if let Some(epochs) = args.epochs {
        state.epochs = epochs;
    }
    let out = args.out.clone().unwrap_or_else(|| path.to_path_buf());
    Ok((net, state, out))
}
