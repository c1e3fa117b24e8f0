//! Training for `nndl serve`'s Train tab: each run is an `nndl train` of this
//! same binary in a child process, so the page trains exactly as the command
//! line does (presets, checks, atomic saves after every epoch), and stopping
//! it loses nothing already saved. The run's `--log` tells each epoch.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::ValueEnum;
use nndl_nn::Network;
use nndl_serve::{Epoch, Model, Preset, TrainRequest, Trainer};

use crate::commands::train::preset;
use crate::model;

/// Trains with `nndl train`, saving to `out`.
pub struct ProcessTrainer {
    out: PathBuf,
}

impl ProcessTrainer {
    /// A trainer that saves each run's model to `out`.
    pub fn new(out: PathBuf) -> ProcessTrainer {
        ProcessTrainer { out }
    }
}

impl Trainer for ProcessTrainer {
    fn presets(&self) -> Vec<Preset> {
        preset::Preset::value_variants()
            .iter()
            .filter_map(|p| p.to_possible_value())
            .map(|v| Preset {
                name: v.get_name().to_string(),
                about: v.get_help().map(|h| h.to_string()).unwrap_or_default(),
            })
            .collect()
    }

    fn train(
        &self,
        request: &TrainRequest,
        stop: &AtomicBool,
        on_epoch: &mut dyn FnMut(Epoch, Option<Network>),
    ) -> Result<Model, String> {
        let chosen = preset::Preset::from_str(&request.preset, true)?;
        let epochs = request.epochs.unwrap_or(chosen.defaults().epochs);
        let dir = tempfile::tempdir().map_err(|e| format!("no room for the run's log: {e}"))?;
        let log = dir.path().join("run.jsonl");
        let exe = std::env::current_exe().map_err(|e| format!("cannot find nndl itself: {e}"))?;
        let mut cmd = Command::new(exe);
        cmd.arg("train")
            .args(["--preset", &request.preset])
            .arg("--out")
            .arg(&self.out)
            .arg("--log")
            .arg(&log)
            .arg("--quiet");
        let mut flag = |name: &str, value: Option<String>| {
            if let Some(v) = value {
                cmd.args([name, &v]);
            }
        };
        flag("--hidden", request.hidden.map(|n| n.to_string()));
        flag("--epochs", request.epochs.map(|n| n.to_string()));
        flag("--eta", request.eta.map(|x| x.to_string()));
        flag("--train-size", request.train_size.map(|n| n.to_string()));
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start nndl train: {e}"))?;
        let mut told = 0;
        let status = loop {
            let done = child.try_wait().map_err(|e| e.to_string())?;
            if done.is_none() && stop.load(Ordering::SeqCst) {
                // Every epoch is saved atomically as it ends: killing loses only the one under way.
                let _ = child.kill();
            }
            for epoch in epochs_logged(&log).into_iter().skip(told) {
                told += 1;
                let net = model::load(&self.out).ok().map(|(net, _)| net);
                on_epoch(Epoch { epochs, ..epoch }, net);
            }
            if let Some(status) = done {
                break status;
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let stopped = stop.load(Ordering::SeqCst);
        if !status.success() && !stopped {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            let why = err
                .lines()
                .last()
                .unwrap_or("no reason given")
                .trim_start_matches("nndl: error: ");
            return Err(format!("nndl train failed: {why}"));
        }
        trained(&self.out)
    }
}

/// The epochs a run's `--log` records so far (the log is rewritten atomically each epoch).
fn epochs_logged(log: &Path) -> Vec<Epoch> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| Epoch {
            epoch: v["epoch"].as_u64().unwrap_or(0) as usize,
            epochs: 0,
            accuracy: v["accuracy"].as_f64().unwrap_or(0.0),
            cost: v["cost"].as_f64().unwrap_or(f64::NAN),
        })
        .collect()
}

/// The model a run saved, with its accuracy on the test set.
fn trained(out: &Path) -> Result<Model, String> {
    let net = model::load_digit_reader(out).map_err(|e| format!("{e:#}"))?;
    let accuracy = model::test_accuracy(&net);
    Ok(Model::new(net, out.display().to_string(), accuracy))
}
