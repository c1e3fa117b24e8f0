//! What a run keeps: the model after every epoch (atomically, through `model::save`),
//! one JSON line per epoch in the --log file, and where the last good model is.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use nndl_nn::Network;

use super::interrupt::CtrlC;
use crate::checkpoint::{EpochRecord, RunState};
use crate::{atomic, model};

/// Saves each finished epoch.
pub struct Saving {
    out: PathBuf,
    resume: Option<PathBuf>,
    log: Option<Log>,
    /// Whether an epoch of this run was saved to `out`.
    saved: bool,
    ctrl_c: Option<CtrlC>,
}

impl Saving {
    /// Saves to `out`; opens `log` (appending when resuming).
    pub fn new(out: &Path, resume: Option<&Path>, log: Option<&Path>) -> anyhow::Result<Saving> {
        let log = match log {
            Some(path) => Some(Log::open(path, resume.is_some())?),
            None => None,
        };
        Ok(Saving {
            out: out.to_path_buf(),
            resume: resume.map(Path::to_path_buf),
            log,
            saved: false,
            ctrl_c: None,
        })
    }

    /// Tells `ctrl_c` where the model is after each save.
    pub fn tell(&mut self, ctrl_c: CtrlC) {
        self.ctrl_c = Some(ctrl_c);
    }

    /// The checkpoint and the log line of the finished epoch `record`, the last of `state`.
    pub fn save(
        &mut self,
        net: &Network,
        state: &RunState,
        record: &EpochRecord,
    ) -> anyhow::Result<()> {
        model::save(&self.out, net, &state.to_meta())?;
        self.saved = true;
        if let Some(ctrl_c) = &self.ctrl_c {
            ctrl_c.keep(self.kept(Some(record.epoch)).sentence());
        }
        if let Some(log) = self.log.as_mut() {
            log.append(&record.to_json().to_string())?;
        }
        Ok(())
    }

    /// The log line of the finished epoch `record`, without saving the model
    /// (the file keeps a better one, for early stopping).
    pub fn log_only(&mut self, record: &EpochRecord) -> anyhow::Result<()> {
        match self.log.as_mut() {
            Some(log) => log.append(&record.to_json().to_string()),
            None => Ok(()),
        }
    }

    /// Whether this run saved an epoch.
    #[cfg(test)]
    pub fn saved(&self) -> bool {
        self.saved
    }

    /// Where the model after `last_epoch` is: this run's output once it saved an epoch,
    /// else the checkpoint it resumed from.
    pub fn kept(&self, last_epoch: Option<usize>) -> Kept {
        let file = if self.saved {
            Some(self.out.clone())
        } else {
            self.resume.clone()
        };
        Kept {
            epoch: last_epoch,
            file,
        }
    }
}

/// Where the last good model is, if anywhere.
pub struct Kept {
    epoch: Option<usize>,
    file: Option<PathBuf>,
}

impl Kept {
    /// "The model after epoch 6 is kept in slow.nndl." or that none was saved.
    pub fn where_(&self) -> String {
        match (self.epoch, &self.file) {
            (Some(epoch), Some(file)) => format!(
                "The model after epoch {epoch} is kept in {}.",
                file.display()
            ),
            _ => "No epoch was completed, so no model was saved.".to_string(),
        }
    }

    /// [`Kept::where_`] and how to continue from it.
    pub fn sentence(&self) -> String {
        match (self.epoch, &self.file) {
            (Some(_), Some(file)) => format!(
                "{} Continue with: nndl train --resume {}",
                self.where_(),
                file.display()
            ),
            _ => self.where_(),
        }
    }
}

/// The --log file: one JSON line per epoch. It is rewritten whole (and atomically) after
/// each epoch, so it never holds half a line; a resumed run keeps the lines before.
struct Log {
    path: PathBuf,
    text: String,
}

impl Log {
    fn open(path: &Path, append: bool) -> anyhow::Result<Log> {
        let text = if append {
            match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) if e.kind() == ErrorKind::NotFound => String::new(),
                Err(e) => {
                    return Err(anyhow!(
                        "cannot read the --log file {}: {e}",
                        path.display()
                    ))
                }
            }
        } else {
            String::new()
        };
        Ok(Log {
            path: path.to_path_buf(),
            text,
        })
    }

    fn append(&mut self, line: &str) -> anyhow::Result<()> {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.text.push('\n');
        atomic::write_bytes(&self.path, self.text.as_bytes())
    }
}
