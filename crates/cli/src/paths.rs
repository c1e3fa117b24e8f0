//! The files a command reads and writes, checked before any work starts, with the same
//! words in every command: `X: no such file`, `X: is a directory, not a model file`,
//! `--plot X: cannot write there: the directory D does not exist`.

use std::fs::Metadata;
use std::io::ErrorKind;
use std::path::Path;

use anyhow::anyhow;

/// What a file is, for messages: "a model file", "an image", "a PNG file"…
pub type What = &'static str;

/// A model file.
pub const MODEL: What = "a model file";
/// A picture to read.
pub const IMAGE: What = "an image";

/// The directory `path` would be written into (`.` for a bare file name).
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Fails when `path`, to be written as `what`, cannot be: it is a directory, or the
/// directory it would go in does not exist or is no directory. Call it for every
/// output file before the work starts, so a typo costs nothing.
pub fn check_output(path: &Path, flag: &str, what: What) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(is_a_directory(path, what));
    }
    let dir = parent(path);
    let problem = if !dir.exists() {
        "does not exist"
    } else if !dir.is_dir() {
        "is not a directory"
    } else {
        return Ok(());
    };
    Err(anyhow!(
        "{flag} {}: cannot write there: the directory {} {problem}",
        path.display(),
        dir.display()
    ))
}

/// `X: is a directory, not a model file`.
pub fn is_a_directory(path: &Path, what: What) -> anyhow::Error {
    anyhow!("{}: is a directory, not {what}", path.display())
}

/// The metadata of the file `path`, which should be `what`: a directory or a missing
/// file is named in the shared wording; `missing` may add advice to "no such file".
pub fn input(path: &Path, what: What, missing: &str) -> anyhow::Result<Metadata> {
    let meta = std::fs::metadata(path).map_err(|e| read_error(path, &e, missing))?;
    if meta.is_dir() {
        return Err(is_a_directory(path, what));
    }
    Ok(meta)
}

/// Reads the file `path`, which should be `what`, checked as [`input`] does.
pub fn read(path: &Path, what: What, missing: &str) -> anyhow::Result<Vec<u8>> {
    input(path, what, missing)?;
    std::fs::read(path).map_err(|e| read_error(path, &e, missing))
}

fn read_error(path: &Path, err: &std::io::Error, missing: &str) -> anyhow::Error {
    match err.kind() {
        ErrorKind::NotFound => anyhow!("{}: no such file{missing}", path.display()),
        _ => anyhow!("{}: {err}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_checked_in_one_wording() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        check_output(&d.join("m.nndl"), "--out", MODEL).unwrap();
        let err = check_output(d, "--out", MODEL).unwrap_err().to_string();
        assert!(err.ends_with(": is a directory, not a model file"), "{err}");
        let err = check_output(&d.join("no/m.nndl"), "--out", MODEL).unwrap_err();
        assert!(err.to_string().starts_with("--out "), "{err}");
        assert!(err.to_string().ends_with("does not exist"), "{err}");
        std::fs::write(d.join("f"), "x").unwrap();
        let err = check_output(&d.join("f/m.nndl"), "--out", MODEL).unwrap_err();
        assert!(err.to_string().contains("is not a directory"), "{err}");
        check_output(Path::new("bare.png"), "--png", "a PNG file").unwrap();
    }

    #[test]
    fn inputs_are_read_in_one_wording() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), IMAGE, "").unwrap_err().to_string();
        assert!(err.ends_with(": is a directory, not an image"), "{err}");
        let err = read(&dir.path().join("x"), IMAGE, "")
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("x: no such file"), "{err}");
    }
}
