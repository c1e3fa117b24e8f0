//! What a model file remembers about the run that trained it, so `--resume` can carry
//! on exactly where it stopped: stored as text in the model's metadata.

use std::path::PathBuf;

use anyhow::{anyhow, Context};
use nndl_nn::{EpochReport, Init, Meta, Regularization, Rules, Schedule};
use serde::{Deserialize, Serialize};

use crate::rules::{init_name, init_of, schedule_name, schedule_of};
use crate::sets::SetName;

/// One finished epoch, as printed, logged and plotted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    /// Epoch number, from 0.
    pub epoch: usize,
    /// Evaluation examples classified right.
    pub correct: usize,
    /// Evaluation examples.
    pub total: usize,
    /// Mean quadratic cost on the evaluation set.
    pub cost: f64,
    /// Mean cost on the training set during the epoch.
    pub training_cost: f64,
    /// Wall time of the epoch, evaluation included.
    pub seconds: f64,
}

impl EpochRecord {
    /// Accuracy in percent.
    pub fn percent(&self) -> f64 {
        100.0 * self.correct as f64 / self.total.max(1) as f64
    }

    /// The record of `report`.
    pub fn of(report: &EpochReport) -> EpochRecord {
        EpochRecord {
            epoch: report.epoch,
            correct: report.correct.unwrap_or(0),
            total: report.total.unwrap_or(0),
            cost: report.cost,
            training_cost: report.training_cost,
            seconds: report.elapsed.as_secs_f64(),
        }
    }

    /// As a line of the --log file and an entry of `--json`'s history.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "epoch": self.epoch,
            "correct": self.correct,
            "total": self.total,
            "accuracy": self.correct as f64 / self.total.max(1) as f64,
            "cost": self.cost,
            "training_cost": self.training_cost,
            "seconds": self.seconds,
        })
    }
}

/// The hyper-parameters and progress of a training run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunState {
    /// Layer sizes, input first.
    pub layers: Vec<usize>,
    /// Seed of the initial weights and of every epoch's shuffle.
    pub seed: u64,
    /// Epochs the run was asked for in all.
    pub epochs: usize,
    /// Mini-batch size m.
    pub batch_size: usize,
    /// Learning rate η.
    pub eta: f32,
    /// The set each epoch is evaluated on.
    pub eval_on: SetName,
    /// Training on the first this many training images, or all of them.
    pub train_size: Option<usize>,
    /// How the weights started (the cost and the activation are in the model itself).
    pub init: Init,
    /// Whether every epoch trains on freshly distorted images (`--augment`).
    pub augment: bool,
    /// Cut pieces of numbers trained on besides MNIST (`--pieces DIR`).
    pub pieces: Option<PathBuf>,
    /// Regularisation, momentum, dropout, the schedule and early stopping.
    pub rules: Rules,
    /// The epochs done so far; the next epoch is `history.len()`.
    pub history: Vec<EpochRecord>,
}

const PREFIX: &str = "nndl.train.";

impl RunState {
    /// The epoch to continue with.
    pub fn next_epoch(&self) -> usize {
        self.history.len()
    }

    /// The best epoch so far (the first of equals).
    pub fn best(&self) -> Option<&EpochRecord> {
        self.history
            .iter()
            .fold(None, |best: Option<&EpochRecord>, r| match best {
                Some(b) if b.correct >= r.correct => Some(b),
                _ => Some(r),
            })
    }

    /// The state as model metadata.
    pub fn to_meta(&self) -> Meta {
        let layers: Vec<String> = self.layers.iter().map(usize::to_string).collect();
        let mut meta = Meta::new();
        let mut put = |k: &str, v: String| meta.insert(format!("{PREFIX}{k}"), v);
        put("layers", layers.join(","));
        put("seed", self.seed.to_string());
        put("epochs", self.epochs.to_string());
        put("batch_size", self.batch_size.to_string());
        // Rust prints the shortest text that reads back as the same f32.
        put("eta", self.eta.to_string());
        put("eval_on", self.eval_on.as_str().to_string());
        put(
            "train_size",
            self.train_size.map_or("all".to_string(), |n| n.to_string()),
        );
        put("init", init_name(self.init).to_string());
        put("augment", self.augment.to_string());
        if let Some(dir) = &self.pieces {
            put("pieces", dir.display().to_string());
        }
        let (l2, l1) = match self.rules.regularization {
            Regularization::L2 { lambda } => (lambda, 0.0),
            Regularization::L1 { lambda } => (0.0, lambda),
            _ => (0.0, 0.0),
        };
        put("lambda", l2.to_string());
        put("l1", l1.to_string());
        put("momentum", self.rules.momentum.to_string());
        put("dropout", self.rules.dropout.to_string());
        put("schedule", schedule_name(self.rules.schedule));
        put(
            "early_stop",
            self.rules
                .early_stop
                .map_or("none".into(), |n| n.to_string()),
        );
        put("next_epoch", self.next_epoch().to_string());
        put(
            "history",
            serde_json::to_string(&self.history).expect("records serialise"),
        );
        meta
    }

    /// Reads the state back; `None` when the model was not saved by `nndl train`.
    pub fn from_meta(meta: &Meta) -> anyhow::Result<Option<RunState>> {
        if !meta.keys().any(|k| k.starts_with(PREFIX)) {
            return Ok(None);
        }
        let get = |k: &str| {
            meta.get(&format!("{PREFIX}{k}"))
                .ok_or_else(|| anyhow!("its training record lacks `{k}`"))
        };
        let num = |k: &str| -> anyhow::Result<u64> {
            let v = get(k)?;
            v.parse()
                .with_context(|| format!("its training record has a bad `{k}`: {v}"))
        };
        let layers = get("layers")?
            .split(',')
            .map(str::parse)
            .collect::<Result<Vec<usize>, _>>()
            .context("its training record has bad `layers`")?;
        let eta: f32 = get("eta")?
            .parse()
            .context("its training record has a bad `eta`")?;
        let eval_on = SetName::parse(get("eval_on")?)
            .ok_or_else(|| anyhow!("its training record has a bad `eval_on`"))?;
        let train_size = match get("train_size")?.as_str() {
            "all" => None,
            _ => Some(num("train_size")? as usize),
        };
        // Records written before Chapter 3's options have none of these: Chapter 1's.
        let init = match meta.get(&format!("{PREFIX}init")) {
            Some(name) => init_of(name)
                .ok_or_else(|| anyhow!("its training record has a bad `init`: {name}"))?,
            None => Init::Standard,
        };
        let float = |k: &str| -> anyhow::Result<f32> {
            meta.get(&format!("{PREFIX}{k}")).map_or(Ok(0.0), |v| {
                v.parse()
                    .with_context(|| format!("its training record has a bad `{k}`: {v}"))
            })
        };
        let (l2, l1) = (float("lambda")?, float("l1")?);
        let regularization = if l2 > 0.0 {
            Regularization::L2 { lambda: l2 }
        } else if l1 > 0.0 {
            Regularization::L1 { lambda: l1 }
        } else {
            Regularization::None
        };
        let schedule = match meta.get(&format!("{PREFIX}schedule")) {
            Some(name) => schedule_of(name)
                .ok_or_else(|| anyhow!("its training record has a bad `schedule`: {name}"))?,
            None => Schedule::Constant,
        };
        let early_stop = match meta.get(&format!("{PREFIX}early_stop")).map(String::as_str) {
            None | Some("none") => None,
            Some(_) => Some(num("early_stop")? as usize),
        };
        let rules = Rules {
            regularization,
            momentum: float("momentum")?,
            dropout: float("dropout")?,
            schedule,
            early_stop,
        };
        let augment = match meta.get(&format!("{PREFIX}augment")).map(String::as_str) {
            None | Some("false") => false,
            Some("true") => true,
            Some(v) => return Err(anyhow!("its training record has a bad `augment`: {v}")),
        };
        let pieces = meta.get(&format!("{PREFIX}pieces")).map(PathBuf::from);
        let history: Vec<EpochRecord> = serde_json::from_str(get("history")?)
            .context("its training record has a bad `history`")?;
        let state = RunState {
            layers,
            seed: num("seed")?,
            epochs: num("epochs")? as usize,
            batch_size: num("batch_size")? as usize,
            eta,
            eval_on,
            train_size,
            init,
            augment,
            pieces,
            rules,
            history,
        };
        if num("next_epoch")? as usize != state.next_epoch()
            || state.history.iter().enumerate().any(|(i, r)| r.epoch != i)
        {
            return Err(anyhow!("its training record's epochs do not add up"));
        }
        Ok(Some(state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> RunState {
        RunState {
            layers: vec![784, 30, 10],
            seed: 7,
            epochs: 30,
            batch_size: 10,
            eta: 0.1 + 0.2,
            eval_on: SetName::Validation,
            train_size: Some(1000),
            init: Init::Scaled,
            augment: true,
            pieces: Some(PathBuf::from("pieces dir")),
            rules: Rules {
                regularization: Regularization::L2 { lambda: 5.0 },
                momentum: 0.9,
                dropout: 0.25,
                schedule: Schedule::BOOK,
                early_stop: Some(4),
            },
            history: (0..3)
                .map(|e| EpochRecord {
                    epoch: e,
                    correct: 9000 + e * 7,
                    total: 10_000,
                    cost: 0.1 / 3.0,
                    training_cost: 1.0 / 7.0,
                    seconds: 0.25,
                })
                .collect(),
        }
    }

    #[test]
    fn round_trips_exactly() {
        let s = state();
        assert_eq!(RunState::from_meta(&s.to_meta()).unwrap(), Some(s.clone()));
        let all = RunState {
            train_size: None,
            history: vec![],
            ..s
        };
        assert_eq!(RunState::from_meta(&all.to_meta()).unwrap(), Some(all));
    }

    #[test]
    fn a_record_from_before_chapter_3_is_chapter_1s() {
        let mut meta = state().to_meta();
        for k in [
            "init",
            "lambda",
            "l1",
            "momentum",
            "dropout",
            "schedule",
            "early_stop",
            "augment",
        ] {
            meta.remove(&format!("{PREFIX}{k}"));
        }
        let back = RunState::from_meta(&meta).unwrap().unwrap();
        assert_eq!(back.init, Init::Standard);
        assert!(!back.augment);
        assert_eq!(back.rules, Rules::default());
    }

    #[test]
    fn a_model_without_a_record_has_none_and_a_damaged_record_is_an_error() {
        assert_eq!(RunState::from_meta(&Meta::new()).unwrap(), None);
        let mut meta = state().to_meta();
        meta.insert("nndl.train.next_epoch".into(), "5".into());
        assert!(RunState::from_meta(&meta).is_err());
        let mut meta = state().to_meta();
        meta.insert("nndl.train.eta".into(), "fast".into());
        let err = RunState::from_meta(&meta).unwrap_err().to_string();
        assert!(err.contains("eta"), "{err}");
    }

    #[test]
    fn best_is_the_first_of_equals() {
        let mut s = state();
        s.history[2].correct = s.history[1].correct;
        assert_eq!(s.best().unwrap().epoch, 1);
        s.history.clear();
        assert!(s.best().is_none());
    }
}
