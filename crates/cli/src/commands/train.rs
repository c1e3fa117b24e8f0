//! `nndl train`: the chapter's experiment — a 784-30-10 network learning MNIST by
//! mini-batch stochastic gradient descent — with checkpoints, resuming, and care for
//! runs that go wrong.
//!
//! [`options`] turns the flags into a checked plan, the [`observer`] watches each epoch
//! through its parts ([`saving`], [`hints`], the progress, Ctrl-C from [`interrupt`]),
//! and [`report`] says how it went.

mod hints;
mod interrupt;
mod observer;
mod options;
pub(crate) mod preset;
mod report;
mod saving;

use anyhow::Context;
use nndl_mnist::{Dataset, Mnist};
use nndl_nn::parallel::Workspace;
use nndl_nn::{Augment, Data, SgdConfig};
use nndl_vision::{DistortionParams, Distortions};

use crate::checkpoint::RunState;
use crate::sets::SetName;

use crate::error::usage;
use crate::format::thousands;
use crate::progress::Reporter;
use hints::Hints;
use interrupt::CtrlC;
use observer::Observer;
use options::Plan;
pub use options::TrainArgs;
use report::Ended;
use saving::Saving;

/// Runs `nndl train`.
pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let mut plan = Plan::from_args(args)?;
    let mut reporter = Reporter::new(plan.verbosity);
    let state = plan.state.clone();
    if state.next_epoch() >= state.epochs {
        reporter.line(&report::nothing_to_do(&plan.out, &state));
        return Ok(());
    }

    let loaded = plan.data.load()?;
    let n = train_size(&state, &loaded.mnist)?;
    let joined = joined_with_pieces(&state, &loaded.mnist, n)?;
    let (training, evaluation) = sets(&state, &loaded.mnist, n, joined.as_ref())?;
    let pieces = training.len() - n;
    report::start(
        &mut reporter,
        &plan,
        (training.len(), pieces),
        evaluation.len(),
        loaded.seconds,
    );

    let mut saving = Saving::new(&plan.out, plan.resume.as_deref(), plan.log.as_deref())?;
    let ctrl_c = CtrlC::install(
        saving
            .kept(state.history.last().map(|r| r.epoch))
            .sentence(),
    );
    saving.tell(ctrl_c.clone());
    let probe = evaluation.slice(0..evaluation.len().min(hints::PROBE));
    let classes = *state.layers.last().unwrap_or(&10);
    let hints = Hints::new(state.eta, classes, (probe.inputs, probe.labels));
    let cfg = SgdConfig {
        epochs: state.epochs,
        mini_batch_size: state.batch_size,
        eta: state.eta,
        seed: state.seed,
        start_epoch: state.next_epoch(),
    };
    let rules = state.rules;
    // Distorted afresh each epoch from (seed, epoch, example) alone, on all threads.
    let distortions = state
        .augment
        .then(|| Distortions::new(DistortionParams::default(), state.seed));
    let mut observer = Observer::new(state, saving, hints, &mut reporter, ctrl_c.flag());
    let net = &mut plan.net;
    let mut train = || {
        let mut workspace = Workspace::new(net);
        let mut distort = |epoch: usize, originals: &[f32], inputs: &mut [f32]| {
            if let Some(d) = &distortions {
                d.distort_all(originals, epoch as u64, inputs);
            }
        };
        let augment: Option<Augment<'_>> = distortions.is_some().then_some(&mut distort);
        net.sgd_augmented(
            training,
            augment,
            &cfg,
            rules,
            Some(evaluation),
            &mut |p| observer.observe(p),
            &mut workspace,
        )
    };
    let summary = match plan.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .context("cannot start the worker threads")?
            .install(train),
        None => train(),
    }?;
    let Observer {
        state,
        saving,
        stopped,
        ..
    } = observer;
    let test = (state.eval_on != SetName::Test).then(|| {
        let t = &loaded.mnist.test;
        Data::new(&t.inputs, &t.labels, t.input_size())
    });
    let ended = Ended {
        state,
        saving,
        stopped,
        summary,
        evaluation,
        test: test.transpose()?,
        train_size: training.len(),
    };
    report::finish(&plan, &plan.net, ended, &mut reporter)
}

/// The training examples — the first `n` images, borrowed (no copy of the
/// 157 MB set), or those joined with the cut pieces in `joined` — and the
/// evaluation set, checked against the network's input layer.
fn sets<'m>(
    state: &RunState,
    mnist: &'m Mnist,
    n: usize,
    joined: Option<&'m Dataset>,
) -> anyhow::Result<(Data<'m>, Data<'m>)> {
    let (training, evaluation) = (&mnist.training, state.eval_on.of(mnist));
    let input_size = training.input_size();
    if state.layers[0] != input_size {
        return Err(usage(format!(
            "the first layer must have {input_size} neurons, one per pixel of the {}×{} images (got {})",
            training.rows, training.cols, state.layers[0]
        )));
    }
    let examples = match joined {
        Some(set) => Data::new(&set.inputs, &set.labels, input_size)?,
        None => Data::new(
            &training.inputs[..n * input_size],
            &training.labels[..n],
            input_size,
        )?,
    };
    Ok((
        examples,
        Data::new(&evaluation.inputs, &evaluation.labels, input_size)?,
    ))
}

/// How many of MNIST's training images the run trains on.
fn train_size(state: &RunState, mnist: &Mnist) -> anyhow::Result<usize> {
    let training = &mnist.training;
    let n = state.train_size.unwrap_or(training.len());
    if n > training.len() {
        return Err(usage(format!(
            "--train-size {n} is more than the {} training images",
            thousands(training.len())
        )));
    }
    Ok(n)
}

/// With `--pieces DIR`: the first `n` training images followed by the pieces.
fn joined_with_pieces(
    state: &RunState,
    mnist: &Mnist,
    n: usize,
) -> anyhow::Result<Option<Dataset>> {
    let Some(dir) = &state.pieces else {
        return Ok(None);
    };
    let mut set = mnist.training.subset(n);
    crate::pieces::append(dir, &mut set)?;
    Ok(Some(set))
}
