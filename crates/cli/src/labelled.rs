//! A folder of labelled pictures of digits, `<digit>_<anything>.<ext>`, prepared as
//! MNIST's digits were, so anyone can score a model on their own handwriting.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};

use crate::error;
use crate::prepare;

/// More pictures than anyone draws by hand; a larger folder is refused before it is read.
const MAX_PICTURES: usize = 100_000;

/// The pictures of a folder that could be read, as network inputs.
pub struct Labelled {
    /// 784 inputs per picture, row-major.
    pub inputs: Vec<f32>,
    /// The digit each picture's name gives.
    pub labels: Vec<u8>,
    /// The pictures whose names give a label but that could not be read, with why.
    pub failed: Vec<String>,
}

/// The label a file name gives: its first character, a digit followed by `_`.
pub fn label_of(path: &Path) -> Option<u8> {
    let name = path.file_name()?.to_str()?;
    let mut chars = name.chars();
    let digit = chars.next()?.to_digit(10)?;
    (chars.next()? == '_').then_some(digit as u8)
}

/// Reads every `<digit>_<anything>` file of `dir` (other files are passed over), in
/// name order.
///
/// # Errors
/// If `dir` is not a readable folder, holds more than 100,000 entries, or no picture
/// of it could be read.
pub fn read_folder(dir: &Path) -> anyhow::Result<Labelled> {
    let shown = dir.display();
    if !dir.is_dir() {
        bail!("{shown}: not a folder (give a folder of pictures named <digit>_<anything>.png)");
    }
    let mut paths: Vec<(PathBuf, u8)> = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {shown}"))? {
        let path = entry
            .with_context(|| format!("cannot read {shown}"))?
            .path();
        if let Some(label) = label_of(&path) {
            if paths.len() == MAX_PICTURES {
                bail!("{shown}: more than {MAX_PICTURES} labelled pictures");
            }
            paths.push((path, label));
        }
    }
    if paths.is_empty() {
        bail!("{shown}: no pictures named <digit>_<anything> (e.g. 7_mine.png)");
    }
    paths.sort();
    let mut set = Labelled {
        inputs: Vec::new(),
        labels: Vec::new(),
        failed: Vec::new(),
    };
    for (path, label) in paths {
        match prepare::prepare_file(&path) {
            Ok(pixels) => {
                set.inputs.extend_from_slice(&pixels);
                set.labels.push(label);
            }
            Err(err) => set.failed.push(error::one_line(&err)),
        }
    }
    if set.labels.is_empty() {
        return Err(anyhow!(
            "{shown}: none of its {} labelled pictures could be read ({})",
            set.failed.len(),
            set.failed[0]
        ));
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_first_character_and_an_underscore() {
        assert_eq!(label_of(Path::new("a/7_mine.png")), Some(7));
        assert_eq!(label_of(Path::new("0_.png")), Some(0));
        assert_eq!(label_of(Path::new("70_x.png")), None);
        assert_eq!(label_of(Path::new("seven.png")), None);
        assert_eq!(label_of(Path::new("7")), None);
    }

    #[test]
    fn an_empty_folder_says_how_to_name_the_pictures() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let err = read_folder(dir.path()).err().unwrap().to_string();
        assert!(err.contains("<digit>_<anything>"), "{err}");
        let err = read_folder(&dir.path().join("notes.txt"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("not a folder"), "{err}");
    }
}
