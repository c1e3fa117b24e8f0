//! What `nndl train` says: the opening lines, and at the end the learning curve, the
//! best epoch (or a JSON summary), or why the run stopped and where its model is.

use std::path::Path;

use anyhow::anyhow;
use nndl_nn::{Activation, CostKind, Data, Init, Network, Regularization, Schedule, TrainSummary};

use super::observer::Stop;
use super::options::Plan;
use super::saving::Saving;
use crate::checkpoint::{EpochRecord, RunState};
use crate::confusion;
use crate::error::Interrupted;
use crate::format::{count, duration, eta_text, layer_names};
use crate::plot::{self, EpochPoint};
use crate::progress::{Reporter, Verbosity};
use crate::rules::init_name;
use crate::sets::SetName;

/// The Chapter 3 options that differ from Chapter 1's, e.g. ", cross-entropy cost,
/// scaled init, L2 λ = 5"; nothing for the chapter's own network.
fn chapter3_settings(net: &Network, state: &RunState) -> String {
    let mut parts = Vec::new();
    if net.cost() != CostKind::Quadratic {
        parts.push(format!("{} cost", net.cost().name()));
    }
    if net.activation() != Activation::Sigmoid {
        parts.push(format!("{} hidden neurons", net.activation().name()));
    }
    if state.init != Init::Standard {
        parts.push(format!("{} init", init_name(state.init)));
    }
    match state.rules.regularization {
        Regularization::L2 { lambda } => parts.push(format!("L2 λ = {lambda}")),
        Regularization::L1 { lambda } => parts.push(format!("L1 λ = {lambda}")),
        _ => {}
    }
    if state.rules.momentum > 0.0 {
        parts.push(format!("momentum μ = {}", state.rules.momentum));
    }
    if state.rules.dropout > 0.0 {
        parts.push(format!("dropout p = {}", state.rules.dropout));
    }
    match state.rules.schedule {
        Schedule::Plateau { patience, halvings } => parts.push(format!(
            "η halved after {patience} epochs without improvement, {halvings} times at most"
        )),
        Schedule::Linear => parts.push("η falling linearly to 0".into()),
        _ => {}
    }
    if state.augment {
        parts.push("distorted training images".into());
    }
    if let Some(n) = state.rules.early_stop {
        parts.push(format!("early stop after {n} epochs without improvement"));
    }
    parts.iter().map(|p| format!(", {p}")).collect()
}

/// "Training 784-30-10 on 50,000 images for 30 epochs: …" or "Resuming …", and where
/// accuracy is measured.
pub fn start(
    reporter: &mut Reporter,
    plan: &Plan,
    (train_size, pieces): (usize, usize),
    eval_size: usize,
    seconds: f64,
) {
    let state = &plan.state;
    let settings = format!(
        "mini-batches of {}, η = {}, seed {}{}",
        state.batch_size,
        eta_text(state.eta),
        state.seed,
        chapter3_settings(&plan.net, state)
    );
    let layers = layer_names(&state.layers);
    match &plan.resume {
        Some(resume) => reporter.line(&format!(
            "Resuming {} after epoch {} of {}: {layers}, {settings}",
            resume.display(),
            state.next_epoch() - 1,
            state.epochs,
        )),
        None => reporter.line(&format!(
            "Training {layers} on {}{} for {}: {settings}",
            count(train_size - pieces, "image"),
            match &state.pieces {
                Some(dir) => format!(" and {} from {}", count(pieces, "cut piece"), dir.display()),
                None => String::new(),
            },
            count(state.epochs, "epoch"),
        )),
    }
    reporter.line(&format!(
        "MNIST read in {}; accuracy after each epoch on {}",
        duration(seconds),
        state.eval_on.describe(eval_size)
    ));
}

/// How training ended, as the observer left it.
pub struct Ended<'a> {
    /// The record of every epoch, this run's included.
    pub state: RunState,
    /// Where the model was saved.
    pub saving: Saving,
    /// Why training stopped early, if it did (Ctrl-C is in `summary`).
    pub stopped: Option<Stop>,
    /// What training returned.
    pub summary: TrainSummary,
    /// The set accuracy was measured on.
    pub evaluation: Data<'a>,
    /// The test set, when `evaluation` is not it: the final model is scored on it.
    pub test: Option<Data<'a>>,
    /// Training images per epoch.
    pub train_size: usize,
}

/// Draws the curve and reports the end of the run: an error when it diverged, failed or
/// was interrupted, else the best epoch (or the JSON summary).
pub fn finish(
    plan: &Plan,
    net: &Network,
    ended: Ended<'_>,
    reporter: &mut Reporter,
) -> anyhow::Result<()> {
    reporter.clear();
    let done = &ended.state;
    if let (Some(path), false) = (&plan.plot, done.history.is_empty()) {
        let title = format!(
            "{} · m = {} · η = {} · seed {} · {} set",
            layer_names(&done.layers),
            done.batch_size,
            eta_text(done.eta),
            done.seed,
            done.eval_on.as_str()
        );
        plot::learning_curve(path, &curve(&done.history), &title)?;
        reporter.line(&format!("Learning curve drawn in {}", path.display()));
    }
    let kept = ended.saving.kept(done.history.last().map(|r| r.epoch));
    match ended.stopped {
        Some(Stop::Failed(err)) => return Err(err),
        Some(Stop::Diverged(epoch, what)) => {
            return Err(anyhow!(
                "training diverged in epoch {epoch}: {what}. η = {} is too large for this network; try a smaller one, e.g. --eta {}. {}",
                eta_text(done.eta),
                eta_text(done.eta / 10.0),
                kept.where_()
            ))
        }
        None => {}
    }
    if ended.summary.interrupted {
        return Err(Interrupted(format!(
            "interrupted in epoch {}. {}",
            ended.summary.next_epoch,
            kept.sentence()
        ))
        .into());
    }
    let test = match ended.test {
        Some(t) => Some((net.evaluate(t)?, t.len())),
        None => None,
    };
    if plan.verbosity == Verbosity::Json {
        println!("{:#}", json(plan, net, &ended, test));
    } else if let Some(best) = done.best() {
        // With early stopping the file holds the best epoch's model, else the last.
        let saved = if done.rules.early_stop.is_some() {
            best.epoch
        } else {
            done.history.len() - 1
        };
        println!(
            "Best: epoch {}, {} / {} ({:.2}%){}. {} in {}. Model saved to {} (after epoch {saved}).",
            best.epoch,
            best.correct,
            best.total,
            best.percent(),
            match done.eval_on {
                SetName::Test => "",
                _ => " on validation",
            },
            count(done.history.len(), "epoch"),
            duration(seconds(done)),
            plan.out.display(),
        );
        if let Some((correct, total)) = test {
            println!(
                "Test: {correct} / {total} ({:.2}%) for the saved model, on the 10,000 images never used to choose anything.",
                100.0 * correct as f64 / total as f64
            );
        }
    }
    Ok(())
}

/// "… has already been trained for 2 epochs; nothing to do …".
pub fn nothing_to_do(out: &Path, state: &RunState) -> String {
    format!(
        "{} has already been trained for {}; nothing to do (raise --epochs to train further).",
        out.display(),
        count(state.next_epoch(), "epoch")
    )
}

fn seconds(state: &RunState) -> f64 {
    state.history.iter().map(|r| r.seconds).sum()
}

fn json(
    plan: &Plan,
    net: &Network,
    ended: &Ended<'_>,
    test: Option<(usize, usize)>,
) -> serde_json::Value {
    let (done, evaluation) = (&ended.state, &ended.evaluation);
    let counts = confusion::counts(net, evaluation.inputs, evaluation.labels);
    serde_json::json!({
        "layers": done.layers,
        "epochs": done.epochs,
        "batch_size": done.batch_size,
        "eta": done.eta,
        "seed": done.seed,
        "eval_on": done.eval_on.as_str(),
        "train_size": ended.train_size,
        "history": done.history.iter().map(EpochRecord::to_json).collect::<Vec<_>>(),
        "best": done.best().map(EpochRecord::to_json),
        "seconds": seconds(done),
        "model": plan.out,
        "rarely_predicted": confusion::rarely_predicted(&counts),
        "test": test.map(|(correct, total)| serde_json::json!({
            "correct": correct,
            "total": total,
            "accuracy": correct as f64 / total as f64,
        })),
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
