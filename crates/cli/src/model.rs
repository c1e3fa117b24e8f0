//! Loading the saved network that `eval`, `predict` and `weights` work on.

use std::io::ErrorKind;
use std::path::Path;

use nndl_nn::{Meta, Network};

/// Loads a model saved by `nndl train`. A missing file is the usual first
/// mistake (running `eval` before `train`), so its message says what to do.
pub fn load(path: &Path) -> anyhow::Result<(Network, Meta)> {
    Network::load_with_meta(path).map_err(|e| match &e {
        nndl_nn::Error::Io { error, .. } if error.kind() == ErrorKind::NotFound => anyhow::anyhow!(
            "{e}; train a model first with `nndl train` (it saves model.nndl), \
             or name a saved one with --model FILE"
        ),
        _ => e.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_model_says_how_to_make_one() {
        let dir = std::env::temp_dir().join(format!("nndl-model-{}", std::process::id()));
        let msg = load(&dir.join("none.nndl")).unwrap_err().to_string();
        assert!(msg.contains("none.nndl"), "{msg}");
        assert!(msg.contains("nndl train"), "{msg}");
    }

    #[test]
    fn a_damaged_model_gets_no_training_hint() {
        let path = std::env::temp_dir().join(format!("nndl-bad-{}.nndl", std::process::id()));
        std::fs::write(&path, b"not a model").unwrap();
        let msg = load(&path).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        assert!(msg.contains("nndl-bad-"), "{msg}");
        assert!(!msg.contains("nndl train"), "{msg}");
    }
}
