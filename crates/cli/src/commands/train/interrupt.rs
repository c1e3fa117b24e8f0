//! Ctrl-C during training: the first press stops after the current mini-batch (the run
//! then says what was kept and how to go on); a second one ends the program at once,
//! and still says where the model is.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::error::EXIT_INTERRUPTED;

/// The stop flag the observer reads, and what a second Ctrl-C prints.
#[derive(Clone)]
pub struct CtrlC {
    stop: Arc<AtomicBool>,
    kept: Arc<Mutex<String>>,
}

impl CtrlC {
    /// Installs the handler. `kept` says where the model is before any epoch is saved.
    pub fn install(kept: String) -> CtrlC {
        let ctrl_c = CtrlC {
            stop: Arc::new(AtomicBool::new(false)),
            kept: Arc::new(Mutex::new(kept)),
        };
        let handler = ctrl_c.clone();
        // Failing to install the handler only loses the graceful stop; training still works.
        let _ = ctrlc::set_handler(move || handler.pressed());
        ctrl_c
    }

    /// The flag that the first Ctrl-C sets.
    pub fn flag(&self) -> &AtomicBool {
        &self.stop
    }

    /// Records where the model is now, for a second Ctrl-C to say.
    pub fn keep(&self, kept: String) {
        if let Ok(mut slot) = self.kept.lock() {
            *slot = kept;
        }
    }

    fn pressed(&self) {
        if !self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        let kept = self
            .kept
            .lock()
            .map(|k| k.clone())
            .unwrap_or_else(|k| k.into_inner().clone());
        let mut err = std::io::stderr().lock();
        if std::io::stderr().is_terminal() {
            // The progress bar is drawn on this line: clear it before the message.
            let _ = write!(err, "\r\x1b[2K");
        }
        let _ = writeln!(err, "nndl: interrupted again, stopped at once. {kept}");
        let _ = err.flush();
        std::process::exit(i32::from(EXIT_INTERRUPTED));
    }
}
