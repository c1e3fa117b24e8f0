//! Whether to run a mini-batch's pieces on several threads or one after the
//! other, decided by timing both.
//!
//! A mini-batch of the chapter's network is so little work that handing half of
//! it to another thread pays only if that thread is awake and its core free,
//! which depends on the machine and on what else runs on it. The pieces are the
//! same either way (see [`Tuning`](super::Tuning)), so the choice never changes
//! a result, only the speed; it is re-measured now and then as the load changes.

use std::time::Duration;

/// Steps of a trial: blocks of [`BLOCK`] steps, one way then the other.
const TRIAL_STEPS: usize = 64;
/// Consecutive steps run the same way. Alternating single steps made a
/// parallel step look as slow as a sequential one: the other thread had gone
/// to sleep during the sequential step and had to be woken (measured on
/// 784-200-10, m = 100: 0.46 ms a parallel step in alternation, 0.3 ms in a
/// run of them). So the first step of each block, which pays that, is not timed.
const BLOCK: usize = 4;
/// Steps timed each way per trial.
const TRIALS: usize = TRIAL_STEPS / BLOCK / 2 * (BLOCK - 1);
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
        if self.at < TRIAL_STEPS {
            (self.at / BLOCK) % 2 == 1
        } else {
            self.parallel
        }
    }

    /// Records how long the step that [`Scheduler::pick`] chose took.
    pub(crate) fn record(&mut self, parallel: bool, took: Duration) {
        if self.at < TRIAL_STEPS {
            let in_block = self.at % BLOCK;
            if in_block > 0 {
                let sample = self.at / BLOCK / 2 * (BLOCK - 1) + in_block - 1;
                self.times[usize::from(parallel)][sample] = took;
            }
            if self.at == TRIAL_STEPS - 1 {
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
        for i in 0..TRIAL_STEPS {
            let p = s.pick();
            assert_eq!(p, (i / BLOCK) % 2 == 1);
            // The first step of each block pays for waking threads: untimed.
            let slow = i % BLOCK == 0 && p;
            s.record(
                p,
                Duration::from_micros(if slow {
                    500
                } else if p {
                    10
                } else {
                    20
                }),
            );
        }
        assert!(s.prefers_parallel());
        for _ in TRIAL_STEPS..PERIOD {
            assert!(s.pick());
            s.record(true, Duration::from_micros(10));
        }
        for _ in 0..TRIAL_STEPS {
            let p = s.pick();
            s.record(p, Duration::from_micros(if p { 30 } else { 20 }));
        }
        assert!(!s.prefers_parallel());
        assert!(!s.pick());
    }
}
