//! Cut pieces of numbers to train on (`nndl train --pieces DIR`), as
//! `cargo xtask make-pieces` writes them: 28×28 images labelled 0–9, or 10 for
//! "not a digit".

use std::path::Path;

use anyhow::{bail, Context};
use nndl_mnist::find_file;
use nndl_mnist::idx::{read_u8_images, read_u8_labels};

/// The label of a piece that is not one digit, and so the output that says so.
pub const NOT_A_DIGIT: u8 = 10;

/// The images file's name in the pieces directory (gzipped or not).
pub const IMAGES: &str = "pieces-images-idx3-ubyte";
/// The labels file's name.
pub const LABELS: &str = "pieces-labels-idx1-ubyte";

/// Appends the pieces in `dir` to `inputs` (ink levels in [0, 1], as MNIST's
/// are read) and `labels`, checked as strictly as MNIST itself. The pieces go
/// straight from their bytes into `inputs`: hundreds of thousands of them are
/// not held twice.
pub fn load_into(dir: &Path, inputs: &mut Vec<f32>, labels: &mut Vec<u8>) -> anyhow::Result<usize> {
    let mut read = || -> anyhow::Result<usize> {
        let (images, labels_file) = (find_file(dir, IMAGES)?, find_file(dir, LABELS)?);
        let images = read_u8_images(images)?;
        let side = nndl_vision::SIDE;
        if images.rows != side || images.cols != side {
            bail!(
                "its pieces are {}×{} pixels, not 28×28",
                images.rows,
                images.cols
            );
        }
        let new_labels = read_u8_labels(&labels_file)?;
        if new_labels.len() != images.count {
            bail!("{} images but {} labels", images.count, new_labels.len());
        }
        if let Some((i, &l)) = new_labels
            .iter()
            .enumerate()
            .find(|(_, &l)| l > NOT_A_DIGIT)
        {
            bail!(
                "{}: label {l} of piece {i} is above {NOT_A_DIGIT} (\"not a digit\")",
                labels_file.display()
            );
        }
        inputs.reserve(images.pixels.len());
        inputs.extend(images.pixels.iter().map(|&p| f32::from(p) / 255.0));
        labels.extend_from_slice(&new_labels);
        Ok(images.count)
    };
    read().with_context(|| format!("--pieces {}: cannot load the pieces", dir.display()))
}
