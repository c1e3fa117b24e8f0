//! A counter one thread raises and others wait on, for a team of threads that
//! hand work to each other every few microseconds: the waiters spin on it
//! instead of going to sleep, so a raise reaches them within one cache-line
//! transfer, and the raiser never waits (a plain store).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Spins before looking at the clock: far less than a mini-batch step.
const SPINS: u32 = 1 << 10;
/// A wait longer than this yields the core to other threads between looks…
const SPIN_FOR: Duration = Duration::from_micros(200);
/// …and one longer than this sleeps between looks (the thread that raises is
/// then doing something slow: evaluating, saving, or stepping alone).
const YIELD_FOR: Duration = Duration::from_millis(2);
const NAP: Duration = Duration::from_micros(50);

/// A counter that only grows, alone on its cache line (two lines: adjacent
/// lines are fetched in pairs), so waiting on it disturbs nothing else.
#[derive(Debug, Default)]
#[repr(align(128))]
pub(super) struct Signal(AtomicUsize);

impl Signal {
    /// Sets the counter to `to`: everything this thread wrote before is
    /// visible to a thread whose [`Signal::wait_for`] sees it.
    pub(super) fn raise(&self, to: usize) {
        self.0.store(to, Ordering::Release);
    }

    /// The counter now.
    pub(super) fn get(&self) -> usize {
        self.0.load(Ordering::Acquire)
    }

    /// Waits until the counter is at least `at`, spinning while the wait is short.
    pub(super) fn wait_for(&self, at: usize) {
        let mut spins = 0;
        let mut since: Option<Instant> = None;
        while self.0.load(Ordering::Acquire) < at {
            if spins < SPINS {
                spins += 1;
                std::hint::spin_loop();
                continue;
            }
            spins = 0;
            let waited = since.get_or_insert_with(Instant::now).elapsed();
            if waited > YIELD_FOR {
                std::thread::sleep(NAP);
            } else if waited > SPIN_FOR {
                std::thread::yield_now();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    /// Two threads take turns: each waits for the other's raise, then checks
    /// that it sees everything written before it. A wait that returned early
    /// would see the sum of an earlier round.
    #[test]
    fn a_waiter_sees_what_was_written_before_the_raise() {
        const ROUNDS: usize = 5000;
        let (ping, pong) = (Signal::default(), Signal::default());
        let sum = AtomicU64::new(0);
        std::thread::scope(|s| {
            s.spawn(|| {
                for round in 1..=ROUNDS {
                    ping.wait_for(round);
                    assert_eq!(sum.load(Ordering::Relaxed), 2 * round as u64 - 1);
                    sum.fetch_add(1, Ordering::Relaxed);
                    pong.raise(round);
                }
            });
            for round in 1..=ROUNDS {
                sum.fetch_add(1, Ordering::Relaxed);
                ping.raise(round);
                pong.wait_for(round);
                assert_eq!(sum.load(Ordering::Relaxed), 2 * round as u64);
            }
        });
    }
}
