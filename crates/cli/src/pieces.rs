//! Cut pieces of numbers to train on (`nndl train --pieces DIR`), as
//! `cargo xtask make-pieces` writes them: 28×28 images labelled 0–9, or 10 for
//! "not a digit".

use std::path::Path;

use anyhow::Context;
use nndl_mnist::{find_file, load_pair, Dataset};

/// The label of a piece that is not one digit, and so the output that says so.
pub const NOT_A_DIGIT: u8 = 10;

/// The images file's name in the pieces directory (gzipped or not).
pub const IMAGES: &str = "pieces-images-idx3-ubyte";
/// The labels file's name.
pub const LABELS: &str = "pieces-labels-idx1-ubyte";

/// Loads the pieces in `dir`, checked as strictly as MNIST itself.
pub fn load(dir: &Path) -> anyhow::Result<Dataset> {
    let read = || -> anyhow::Result<Dataset> {
        let (images, labels) = (find_file(dir, IMAGES)?, find_file(dir, LABELS)?);
        let pieces = load_pair(images, labels, usize::from(NOT_A_DIGIT) + 1)?;
        if pieces.rows != nndl_vision::SIDE || pieces.cols != nndl_vision::SIDE {
            anyhow::bail!(
                "its pieces are {}×{} pixels, not 28×28",
                pieces.rows,
                pieces.cols
            );
        }
        Ok(pieces)
    };
    read().with_context(|| format!("--pieces {}: cannot load the pieces", dir.display()))
}
