//! Watching a run for what goes wrong, and saying it once: a run that diverges is
//! stopped; a cost that rises or accuracy stuck at chance is a learning rate too large;
//! digits never answered while η looks sane are output neurons saturated from the start,
//! which another seed usually avoids. Only one hint speaks per run, so two pieces of
//! advice never disagree.

use nndl_nn::{CostKind, EpochReport, Network};

use crate::checkpoint::EpochRecord;
use crate::confusion::{self, Counts};
use crate::format::{digit_list, eta_text};

/// Epochs in a row at chance accuracy before a hint is printed.
const CHANCE_EPOCHS: usize = 3;
/// Epochs in a row with the same digits hardly ever answered before a hint is printed.
const STUCK_EPOCHS: usize = 5;
/// A cost this many times the previous epoch's has jumped: η is too large.
const JUMP: f64 = 1.25;
/// How many evaluation images the stuck-digit watch looks at after each epoch
/// (about 100 of each digit; a 1,000-image forward pass costs ~1 ms).
pub const PROBE: usize = 1000;

/// NaN or ∞ anywhere: this epoch's model is garbage. Says which, if so.
pub fn divergence(report: &EpochReport, net: &Network) -> Option<&'static str> {
    if !report.cost.is_finite() || !report.training_cost.is_finite() {
        Some("the cost is no longer a finite number")
    } else if !net.is_finite() {
        Some("the weights overflowed")
    } else {
        None
    }
}

/// The watch over a run's epochs.
pub struct Hints<'a> {
    eta: f32,
    classes: usize,
    /// The first evaluation images and their labels, for the stuck-digit watch.
    probe: (&'a [f32], &'a [u8]),
    /// A hint was given: say nothing more.
    spoken: bool,
    last_cost: Option<f64>,
    chance_streak: usize,
    /// The digits hardly ever answered after the last epoch, and for how many epochs.
    stuck: Vec<usize>,
    stuck_streak: usize,
}

impl<'a> Hints<'a> {
    /// Watches a run with learning rate `eta` and `classes` outputs; `probe` is a few
    /// evaluation images (row-major) and their labels.
    pub fn new(eta: f32, classes: usize, probe: (&'a [f32], &'a [u8])) -> Hints<'a> {
        Hints {
            eta,
            classes,
            probe,
            spoken: false,
            last_cost: None,
            chance_streak: 0,
            stuck: Vec::new(),
            stuck_streak: 0,
        }
    }

    /// The hint after the epoch `record` of `net`, if one is due.
    pub fn after_epoch(&mut self, record: &EpochRecord, net: &Network) -> Option<String> {
        if self.spoken {
            return None;
        }
        // The probe costs a forward pass: only while a hint may still come. Stuck
        // digits are the quadratic cost's trouble (σ′(z) in its δᴸ); other costs have none.
        let quadratic = net.cost() == CostKind::Quadratic;
        let counts = (quadratic && self.classes == 10 && !self.probe.1.is_empty())
            .then(|| confusion::counts(net, self.probe.0, self.probe.1));
        self.judge(record, counts.as_ref())
    }

    /// The hint after an epoch with `record` and the probe's confusion `counts`.
    fn judge(&mut self, record: &EpochRecord, counts: Option<&Counts>) -> Option<String> {
        if self.spoken {
            return None;
        }
        let hint = self
            .cost_jumped(record)
            .or_else(|| self.at_chance(record))
            .or_else(|| self.stuck_digits(counts));
        self.spoken = hint.is_some();
        hint
    }

    /// A cost that rises from one epoch to the next by a quarter or more.
    fn cost_jumped(&mut self, record: &EpochRecord) -> Option<String> {
        let before = self.last_cost.replace(record.cost)?;
        (record.cost > before * JUMP).then(|| {
            format!(
                "hint: the cost rose from {before:.4} to {:.4} in epoch {}: η = {} is probably too large \
                 for this network; try a smaller learning rate, e.g. --eta {}.",
                record.cost,
                record.epoch,
                eta_text(self.eta),
                eta_text(self.eta / 10.0)
            )
        })
    }

    /// Accuracy near chance for a few epochs: the sigmoids saturated, a sign of too large an η.
    fn at_chance(&mut self, record: &EpochRecord) -> Option<String> {
        let chance = 100.0 / self.classes as f64;
        if record.percent() <= chance * 1.5 {
            self.chance_streak += 1;
        } else {
            self.chance_streak = 0;
        }
        (self.chance_streak >= CHANCE_EPOCHS).then(|| {
            format!(
                "hint: accuracy has stayed near chance ({chance:.0}%) for {CHANCE_EPOCHS} epochs: \
                 the neurons have probably saturated, as they do when η = {} is too large; \
                 try a smaller learning rate, e.g. --eta {}.",
                eta_text(self.eta),
                eta_text(self.eta / 10.0)
            )
        })
    }

    /// The chapter-1 network's typical failure is silent in the accuracy line: output
    /// neurons that saturated at the start never fire, and their digits are never
    /// answered (each costs about a tenth of the accuracy). Named only while η looks
    /// sane (no jump, not at chance), since a too large η starves digits too.
    fn stuck_digits(&mut self, counts: Option<&Counts>) -> Option<String> {
        let rarely = counts.map(confusion::rarely_predicted).unwrap_or_default();
        if rarely.is_empty() || rarely != self.stuck || self.chance_streak > 0 {
            self.stuck_streak = usize::from(!rarely.is_empty());
            self.stuck = rarely;
            return None;
        }
        self.stuck_streak += 1;
        if self.stuck_streak < STUCK_EPOCHS {
            return None;
        }
        let one = self.stuck.len() == 1;
        Some(format!(
            "hint: for {STUCK_EPOCHS} epochs the network has hardly ever answered {}: {} \
             probably saturated near 0 (σ′(z) ≈ 0, so the quadratic cost's gradient \
             (a − y)·σ′(z) barely moves {}). With N(0, 1) weights some seeds start this way, \
             more often with more hidden neurons, and the run may stay stuck; another --seed \
             usually avoids it, and Chapter 3's cure avoids it for every seed tried: \
             --preset chapter3, or just --cost cross-entropy --init scaled --eta 0.5 \
             (see docs/results.md).",
            digit_list(&self.stuck),
            if one {
                "its output neuron is"
            } else {
                "their output neurons are"
            },
            if one { "it" } else { "them" },
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn record(epoch: usize, correct: usize, cost: f64) -> EpochRecord {
        EpochRecord {
            epoch,
            correct,
            total: 1000,
            cost,
            training_cost: 0.1,
            seconds: 0.005,
        }
    }

    /// Every digit right except `missing`, which are read as 0.
    fn counts(missing: &[usize]) -> Counts {
        let mut c = [[0u64; 10]; 10];
        for (d, row) in c.iter_mut().enumerate() {
            row[if missing.contains(&d) { 0 } else { d }] = 100;
        }
        c
    }

    fn hints() -> Hints<'static> {
        Hints::new(3.0, 10, (&[], &[]))
    }

    #[test]
    fn digits_unanswered_for_five_epochs_in_a_row_give_one_hint() {
        let mut h = hints();
        let stuck = counts(&[6, 7]);
        for epoch in 0..4 {
            assert_eq!(h.judge(&record(epoch, 800, 0.05), Some(&stuck)), None);
        }
        let hint = h.judge(&record(4, 800, 0.05), Some(&stuck)).unwrap();
        assert!(
            hint.contains("answered 6 or 7") && hint.contains("--seed"),
            "{hint}"
        );
        assert_eq!(h.after_epoch(&record(5, 800, 0.05), &net()), None, "once");

        // A change in the set of digits starts the count again.
        let mut h = hints();
        for epoch in 0..4 {
            let _ = h.judge(&record(epoch, 800, 0.05), Some(&stuck));
        }
        assert_eq!(h.judge(&record(4, 800, 0.05), Some(&counts(&[6]))), None);
    }

    #[test]
    fn a_too_large_eta_gets_eta_advice_only() {
        // Chance accuracy and digits never answered, as --eta 100 gives: one hint, about η.
        let mut h = Hints::new(100.0, 10, (&[], &[]));
        let starved = counts(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let mut spoken = Vec::new();
        for epoch in 0..8 {
            spoken.extend(h.judge(&record(epoch, 100, 0.5), Some(&starved)));
        }
        assert_eq!(spoken.len(), 1, "{spoken:?}");
        assert!(spoken[0].contains("--eta 10") && !spoken[0].contains("--seed"));
    }

    #[test]
    fn a_jump_in_the_cost_is_eta_advice() {
        let mut h = hints();
        assert_eq!(h.judge(&record(0, 900, 0.06), None), None);
        assert_eq!(h.judge(&record(1, 900, 0.065), None), None);
        let hint = h.judge(&record(2, 700, 0.2), None).unwrap();
        assert!(
            hint.contains("cost rose") && hint.contains("--eta 0.3"),
            "{hint}"
        );
    }

    #[test]
    fn chance_accuracy_for_three_epochs_gives_one_hint() {
        let mut h = hints();
        for (epoch, correct) in [(0, 98), (1, 500), (2, 101), (3, 99)] {
            assert_eq!(h.judge(&record(epoch, correct, 0.5), None), None);
        }
        assert!(h.judge(&record(4, 100, 0.5), None).is_some());
    }

    fn net() -> Network {
        Network::new(&[4, 3, 10], 1).unwrap()
    }

    #[test]
    fn a_nan_cost_is_divergence() {
        let report = |cost| EpochReport {
            epoch: 0,
            correct: Some(1),
            total: Some(2),
            cost,
            training_cost: 0.1,
            elapsed: Duration::from_millis(5),
            eta: 3.0,
        };
        assert_eq!(divergence(&report(0.1), &net()), None);
        assert!(divergence(&report(f64::NAN), &net()).is_some());
        assert!(divergence(&report(f64::INFINITY), &net()).is_some());
    }
}
