//! What watches the network while it trains, made of parts: the progress shown
//! ([`Reporter`]), the checkpoints ([`Saving`]), the watch for divergence and the hints
//! ([`Hints`]), and the Ctrl-C flag. It decides only whether training goes on.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use nndl_nn::{EpochReport, Network, Progress, Schedule};

use super::hints::{self, Hints};
use super::saving::Saving;
use crate::checkpoint::{EpochRecord, RunState};
use crate::format::{duration, eta_short};
use crate::progress::Reporter;

/// Why training stopped before its last epoch, other than Ctrl-C.
pub enum Stop {
    /// The epoch whose cost or weights stopped being finite, and which.
    Diverged(usize, &'static str),
    /// Saving or logging failed.
    Failed(anyhow::Error),
}

/// The observer of [`Network::sgd`].
pub struct Observer<'a> {
    /// The run's record, one more epoch after each.
    pub state: RunState,
    /// The checkpoints and the log.
    pub saving: Saving,
    hints: Hints<'a>,
    reporter: &'a mut Reporter,
    stop: &'a AtomicBool,
    /// Set when training stopped early.
    pub stopped: Option<Stop>,
}

impl<'a> Observer<'a> {
    /// An observer continuing `state`.
    pub fn new(
        state: RunState,
        saving: Saving,
        hints: Hints<'a>,
        reporter: &'a mut Reporter,
        stop: &'a AtomicBool,
    ) -> Observer<'a> {
        Observer {
            state,
            saving,
            hints,
            reporter,
            stop,
            stopped: None,
        }
    }

    /// Called by training after every mini-batch and every epoch.
    pub fn observe(&mut self, progress: Progress<'_>) -> ControlFlow<()> {
        match progress {
            Progress::MiniBatch {
                epoch,
                done_examples,
                total_examples,
            } => self
                .reporter
                .mini_batch(epoch, done_examples, total_examples),
            Progress::Epoch(report, net) => {
                if let Err(stop) = self.epoch(report, net) {
                    self.stopped = Some(stop);
                    return ControlFlow::Break(());
                }
            }
        }
        if self.stop.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// A finished epoch: checked, saved, printed, watched.
    fn epoch(&mut self, report: &EpochReport, net: &Network) -> Result<(), Stop> {
        // A diverged epoch's model is garbage; the last good one stays saved.
        if let Some(what) = hints::divergence(report, net) {
            return Err(Stop::Diverged(report.epoch, what));
        }
        let record = EpochRecord::of(report);
        self.state.history.push(record.clone());
        // With early stopping the file keeps the best model seen, as training does.
        let best = self.state.best().map(|b| b.epoch);
        let saved = if self.state.rules.early_stop.is_some() && best != Some(record.epoch) {
            self.saving.log_only(&record)
        } else {
            self.saving.save(net, &self.state, &record)
        };
        saved.map_err(Stop::Failed)?;
        let mut line = epoch_line(&record);
        if self.state.rules.schedule != Schedule::Constant {
            line.push_str(&format!("  η {}", eta_short(report.eta)));
        }
        self.reporter.line(&line);
        if let Some(hint) = self.hints.after_epoch(&record, net) {
            self.reporter.note(&hint);
        }
        Ok(())
    }
}

/// The book's line first, then aligned extras:
/// `Epoch 0: 9066 / 10000    90.66%  cost 0.0795  0.09s`.
fn epoch_line(record: &EpochRecord) -> String {
    format!(
        "{:<23} {:6.2}%  cost {:.4}  {}",
        format!(
            "Epoch {}: {} / {}",
            record.epoch, record.correct, record.total
        ),
        record.percent(),
        record.cost,
        duration(record.seconds)
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::*;
    use crate::progress::Verbosity;
    use crate::sets::SetName;

    fn state() -> RunState {
        RunState {
            layers: vec![4, 3, 10],
            seed: 1,
            epochs: 10,
            batch_size: 10,
            eta: 3.0,
            eval_on: SetName::Test,
            train_size: None,
            init: nndl_nn::Init::Standard,
            augment: false,
            pieces: None,
            rules: nndl_nn::Rules::default(),
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
            eta: 3.0,
        }
    }

    fn observer<'a>(out: &Path, reporter: &'a mut Reporter, stop: &'a AtomicBool) -> Observer<'a> {
        let saving = Saving::new(out, None, None).unwrap();
        Observer::new(
            state(),
            saving,
            Hints::new(3.0, 10, (&[], &[])),
            reporter,
            stop,
        )
    }

    #[test]
    fn a_finite_epoch_is_saved_with_its_record_and_training_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("m.nndl");
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut obs = observer(&out, &mut reporter, &stop);
        let net = Network::new(&[4, 3, 10], 1).unwrap();
        let flow = obs.observe(Progress::Epoch(&report(0, 800, 0.05), &net));
        assert_eq!(flow, ControlFlow::Continue(()));
        assert!(obs.saving.saved() && obs.stopped.is_none());
        let (back, meta) = crate::model::load(&out).unwrap();
        assert_eq!(back, net);
        let saved = RunState::from_meta(&meta).unwrap().unwrap();
        assert_eq!(saved.next_epoch(), 1);
        assert_eq!(saved.history[0].correct, 800);
    }

    #[test]
    fn a_nan_cost_stops_training_without_saving() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("m.nndl");
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut obs = observer(&out, &mut reporter, &stop);
        let net = Network::new(&[4, 3, 10], 1).unwrap();
        let flow = obs.observe(Progress::Epoch(&report(0, 500, f64::NAN), &net));
        assert_eq!(flow, ControlFlow::Break(()));
        assert!(matches!(obs.stopped, Some(Stop::Diverged(0, _))));
        assert!(!out.exists() && !obs.saving.saved() && obs.state.history.is_empty());
    }

    #[test]
    fn ctrl_c_stops_after_the_current_mini_batch() {
        let dir = tempfile::tempdir().unwrap();
        let (mut reporter, stop) = (Reporter::new(Verbosity::Quiet), AtomicBool::new(false));
        let mut obs = observer(&dir.path().join("m.nndl"), &mut reporter, &stop);
        let batch = |done| Progress::MiniBatch {
            epoch: 0,
            done_examples: done,
            total_examples: 100,
        };
        assert_eq!(obs.observe(batch(10)), ControlFlow::Continue(()));
        stop.store(true, Ordering::Relaxed);
        assert_eq!(obs.observe(batch(20)), ControlFlow::Break(()));
    }
}
