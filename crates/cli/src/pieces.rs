//! Cut pieces of numbers to train on (`nndl train --pieces DIR`), as
//! `cargo xtask make-pieces` writes them: 28×28 images labelled 0–9, or 10 for
//! "not a digit".

use std::path::Path;

use anyhow::Context;
use nndl_mnist::{find_file, Dataset};
use nndl_vision::NOT_A_DIGIT;

/// The images file's name in the pieces directory (gzipped or not).
pub const IMAGES: &str = "pieces-images-idx3-ubyte";
/// The labels file's name.
pub const LABELS: &str = "pieces-labels-idx1-ubyte";

/// Appends the pieces in `dir` to `set` (MNIST's 28×28 training images),
/// checked as strictly as MNIST itself and read straight into it: hundreds of
/// thousands of pieces are not held twice. Gives the number of pieces.
pub fn append(dir: &Path, set: &mut Dataset) -> anyhow::Result<usize> {
    let mut read = || -> anyhow::Result<usize> {
        let (images, labels) = (find_file(dir, IMAGES)?, find_file(dir, LABELS)?);
        Ok(set.append_pair(images, labels, usize::from(NOT_A_DIGIT) + 1)?)
    };
    read().with_context(|| format!("--pieces {}: cannot load the pieces", dir.display()))
}
