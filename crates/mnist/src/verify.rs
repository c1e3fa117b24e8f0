//! Integrity: SHA-256 of the decompressed files against the known MNIST sums.

use std::io::Read;
use std::path::Path;

use crate::checksum::{sha256_hex, FileCheck};
use crate::error::{Error, Result};
use crate::idx::Source;
use crate::locate::find_file;

/// The name of the checksum file beside the data (`sha256sum` format).
pub const SUMS_FILE: &str = "SHA256SUMS";

/// SHA-256 of the four *decompressed* MNIST files, as `(name, hex)`.
///
/// These are the canonical IDX bytes; gzip wrappers differ between copies.
pub const MNIST_SHA256: [(&str, &str); 4] = [
    (
        "train-images-idx3-ubyte",
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    (
        "train-labels-idx1-ubyte",
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    (
        "t10k-images-idx3-ubyte",
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    (
        "t10k-labels-idx1-ubyte",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
];

/// Checks the four MNIST files in `dir` (gzipped or not) by the SHA-256 of
/// their decompressed bytes.
///
/// Expected sums come from `dir/SHA256SUMS` when it lists the file, else from
/// [`MNIST_SHA256`]. Returns every check when all pass; any mismatch is an
/// [`Error::ChecksumMismatch`] listing all files that failed, so `verify(dir)?`
/// cannot be mistaken for success.
pub fn verify(dir: impl AsRef<Path>) -> Result<Vec<FileCheck>> {
    let dir = dir.as_ref();
    let listed = read_sums_file(dir)?;
    let mut checks = Vec::new();
    for (name, known) in MNIST_SHA256 {
        let expected = listed
            .iter()
            .find(|(_, n)| n == name)
            .map_or(known.to_string(), |(sum, _)| sum.clone());
        let path = find_file(dir, name)?;
        let actual = sha256_decompressed(&path)?;
        checks.push(FileCheck {
            name: name.to_string(),
            path,
            expected,
            actual,
        });
    }
    let failed: Vec<FileCheck> = checks.iter().filter(|c| !c.ok()).cloned().collect();
    if failed.is_empty() {
        Ok(checks)
    } else {
        Err(Error::ChecksumMismatch { mismatches: failed })
    }
}

/// The SHA-256 (lowercase hex) of a file's bytes after gzip decoding, if it
/// is gzipped.
pub fn sha256_decompressed(path: impl AsRef<Path>) -> Result<String> {
    let mut src = Source::open(path.as_ref())?;
    sha256_hex(|buf| src.fill(buf))
}

/// `(sum, name)` pairs from `dir/SHA256SUMS`, or none if there is no such file.
fn read_sums_file(dir: &Path) -> Result<Vec<(String, String)>> {
    let path = dir.join(SUMS_FILE);
    let text = match std::fs::File::open(&path) {
        Ok(mut f) => {
            let mut s = String::new();
            // A sums file is a few lines; more than 1 MiB is not one.
            f.by_ref()
                .take(1 << 20)
                .read_to_string(&mut s)
                .map_err(|e| Error::io(&path, e))?;
            s
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    parse_sums(&text, &path)
}

/// Parses `sha256sum` output: `<64 hex>  <name>` or `<64 hex> *<name>` lines;
/// blank lines and `#` comments are skipped.
pub(crate) fn parse_sums(text: &str, path: &Path) -> Result<Vec<(String, String)>> {
    let mut sums = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || Error::BadSumsFile {
            path: path.to_path_buf(),
            line: i + 1,
        };
        let (sum, rest) = line.split_once(' ').ok_or_else(bad)?;
        let name = rest
            .strip_prefix(' ')
            .or_else(|| rest.strip_prefix('*'))
            .ok_or_else(bad)?;
        if sum.len() != 64 || !sum.bytes().all(|b| b.is_ascii_hexdigit()) || name.is_empty() {
            return Err(bad());
        }
        sums.push((sum.to_ascii_lowercase(), name.to_string()));
    }
    Ok(sums)
}
