//! Whether to run a mini-batch's pieces on several threads or one after the
//! other, decided by timing both.
//!
//! A mini-batch of the chapter's network is so little work that handing half of
//! it to another thread pays only if that thread is awake and its core free,
//! which depends on the machine and on what else runs on it. The pieces are the
//! same either way (see [`Tuning`](super::Tuning)), so the choice never changes
//! a result, only the speed; it is re-measured now and then as the load changes.

use std::time::Duration;

/// Mini-batches timed each way per trial.
const TRIALS: usize = 16;
/// Mini-batches between the starts of two trials.
const PERIOD: usize = 2048;

#[derive(Clone, Debug)]
pub(crate) struct Scheduler {
    /// Mini-batches seen, modulo [`PERIOD`].
    at: usize,
    /// Durations of the trial's sequential and parallel steps.
    times: [[Duration; TRIALS]; 2],
    parallel: bool,
}

impl Default for Scheduler {
    fn default() -> Self {
        Scheduler {
            at: 0,
            times: [[Duration::ZERO; TRIALS]; 2],
            parallel: true,
        }
    }
}

impl Scheduler {
    /// Whether to run the next step in parallel.
    pub(crate) fn pick(&self) -> bool {
        if self.at < 2 * TRIALS {
            self.at % 2 == 1
        } else {
            self.parallel
        }
    }

    /// Records how long the step that [`Scheduler::pick`] chose took.
    pub(crate) fn record(&mut self, parallel: bool, took: Duration) {
        if self.at < 2 * TRIALS {
            self.times[usize::from(parallel)][self.at / 2] = took;
            if self.at == 2 * TRIALS - 1 {
                // Medians: one step that lost its core to another process
                // must not decide.
                let [mut seq, mut par] = self.times;
                seq.sort_unstable();
                par.sort_unstable();
                self.parallel = par[TRIALS / 2] < seq[TRIALS / 2];
            }
        }
        self.at = (self.at + 1) % PERIOD;
    }

    /// Whether the last trial chose parallel steps.
    pub(crate) fn prefers_parallel(&self) -> bool {
        self.parallel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_faster_way_and_measures_again_later() {
        let mut s = Scheduler::default();
        for i in 0..2 * TRIALS {
            let p = s.pick();
            assert_eq!(p, i % 2 == 1);
            s.record(p, Duration::from_micros(if p { 10 } else { 20 }));
        }
        assert!(s.prefers_parallel());
        for _ in 2 * TRIALS..PERIOD {
            assert!(s.pick());
            s.record(true, Duration::from_micros(10));
        }
        for _ in 0..2 * TRIALS {
            let p = s.pick();
            s.record(p, Duration::from_micros(if p { 30 } else { 20 }));
        }
        assert!(!s.prefers_parallel());
        assert!(!s.pick());
    }
}
