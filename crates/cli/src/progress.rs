//! Showing a training run as it goes: a progress bar per epoch on a terminal, the book's
//! plain `Epoch 0: 9129 / 10000` lines everywhere, nothing with `--quiet` or `--json`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// How much a run shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Bar (on a terminal) and lines.
    Normal,
    /// Only the closing line.
    Quiet,
    /// Nothing but the final JSON document.
    Json,
}

/// Prints the progress of training.
pub struct Reporter {
    verbosity: Verbosity,
    bars: bool,
    bar: Option<(usize, ProgressBar)>,
}

impl Reporter {
    /// A reporter that draws bars only when standard output and standard error are terminals.
    pub fn new(verbosity: Verbosity) -> Reporter {
        let bars = verbosity == Verbosity::Normal
            && std::io::stdout().is_terminal()
            && std::io::stderr().is_terminal();
        Reporter {
            verbosity,
            bars,
            bar: None,
        }
    }

    /// Whether ordinary lines are printed.
    pub fn lines(&self) -> bool {
        self.verbosity == Verbosity::Normal
    }

    /// After a mini-batch: `done` of `total` examples of `epoch` seen.
    pub fn mini_batch(&mut self, epoch: usize, done: usize, total: usize) {
        if !self.bars {
            return;
        }
        if self.bar.as_ref().is_none_or(|(e, _)| *e != epoch) {
            self.clear();
            let bar = ProgressBar::new(total as u64).with_style(style());
            bar.set_prefix(format!("Epoch {epoch}"));
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some((epoch, bar));
        }
        if let Some((_, bar)) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    /// Prints a line of the run (an epoch's result), above or instead of the bar.
    pub fn line(&mut self, text: &str) {
        if self.lines() {
            self.clear();
            println!("{text}");
        }
    }

    /// Prints a warning or hint on standard error, whatever the verbosity but JSON.
    pub fn note(&mut self, text: &str) {
        if self.verbosity != Verbosity::Json {
            self.clear();
        }
        eprintln!("{text}");
    }

    /// Removes the bar.
    pub fn clear(&mut self) {
        if let Some((_, bar)) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.clear();
    }
}

fn style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{prefix:>9} {bar:32.cyan/blue} {pos:>6}/{len} images · {rate} · ETA {eta}",
    )
    .expect("the template is valid")
    .with_key(
        "rate",
        |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:>6.0} images/s", state.per_sec());
        },
    )
    .progress_chars("█▉▊▋▌▍▎▏ ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses() {
        let _ = style();
    }
}
