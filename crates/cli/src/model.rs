//! Model files: the saved network that `train` writes and `eval`, `predict` and
//! `weights` read. `nndl_nn` encodes and decodes the bytes; this is where they
//! meet the file system.

use std::path::Path;

use anyhow::anyhow;
use nndl_nn::{Meta, Network};

use crate::{atomic, paths};

/// Loads a model saved by `nndl train`. A missing file is the usual first
/// mistake (running `eval` before `train`), so its message says what to do.
pub fn load(path: &Path) -> anyhow::Result<(Network, Meta)> {
    let bytes = paths::read(
        path,
        paths::MODEL,
        "; train a model first with `nndl train` (it saves model.nndl), \
         or name a saved one with --model FILE",
    )?;
    Network::from_bytes(&bytes).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// Loads a model that reads 28×28 digits: 784 inputs and at least 10 outputs,
/// refusing any other with a message that says why.
pub fn load_digit_reader(path: &Path) -> anyhow::Result<Network> {
    let (net, _) = load(path)?;
    let (inputs, outputs) = (net.input_size(), net.output_size());
    if inputs != nndl_vision::SIDE * nndl_vision::SIDE || outputs < 10 {
        return Err(anyhow!(
            "{} takes {inputs} inputs and gives {outputs} outputs; a network for 28×28 digits is needed (784 inputs, 10 outputs)",
            path.display(),
        ));
    }
    Ok(net)
}

/// The model's accuracy on MNIST's 10,000 test digits, when the data can be found:
/// the likeliest of its first ten outputs, as `predict` and `read` answer.
pub fn test_accuracy(net: &Network) -> Option<f64> {
    let mnist = nndl_mnist::load().ok()?;
    let test = &mnist.test;
    if net.input_size() != test.input_size() {
        return None;
    }
    let counts = crate::confusion::counts(net, &test.inputs, &test.labels);
    let right: u64 = (0..10).map(|d| counts[d][d]).sum();
    Some(right as f64 / test.len() as f64)
}

/// Saves `net` and `meta` to `path` atomically: an interrupted save leaves any
/// previous file intact.
pub fn save(path: &Path, net: &Network, meta: &Meta) -> anyhow::Result<()> {
    atomic::write_bytes(path, &net.to_bytes(meta))
}

/// Whether `net` was trained on cut pieces of numbers (`nndl train --pieces`):
/// its 11th output says "not a digit".
pub fn trained_on_pieces(net: &Network) -> bool {
    net.output_size() > usize::from(nndl_vision::NOT_A_DIGIT)
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

    #[test]
    fn a_directory_is_not_a_model() {
        let msg = load(&std::env::temp_dir()).unwrap_err().to_string();
        assert!(msg.ends_with("is a directory, not a model file"), "{msg}");
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.nndl");
        let net = Network::new(&[3, 2], 1).unwrap();
        let meta = Meta::from([("k".to_string(), "v".to_string())]);
        save(&path, &net, &meta).unwrap();
        assert_eq!(load(&path).unwrap(), (net, meta));
    }
}
