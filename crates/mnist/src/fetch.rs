//! Downloading the MNIST files (feature `fetch`).
//!
//! Each file is fetched from the first mirror that serves it with the right
//! SHA-256, streamed into a temporary file beside its destination, synced,
//! then renamed into place: a failed or corrupt download never leaves a
//! partial file, and an existing file is only replaced by a verified one.
//!
//! ```no_run
//! let fetched = nndl_mnist::fetch::fetch_mnist("data/mnist", nndl_mnist::fetch::DEFAULT_MIRRORS)?;
//! for f in &fetched {
//!     println!("{}: {}", f.name, f.from.as_deref().unwrap_or("already present"));
//! }
//! # Ok::<(), nndl_mnist::Error>(())
//! ```

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::atomic::AtomicFile;
use crate::checksum::sha256_hex;
use crate::error::{Error, Result};
use crate::verify::{sha256_decompressed, MNIST_SHA256};

/// Public HTTPS mirrors of the original MNIST `.gz` files, tried in order.
pub const DEFAULT_MIRRORS: &[&str] = &[
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
];

/// No MNIST file is near this size; a server sending more is refused.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// A file to download and the sums that prove it is the right one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemoteFile<'a> {
    /// The file name, appended to each mirror URL and used in the destination.
    pub name: &'a str,
    /// SHA-256 of the file as downloaded, lowercase hex.
    pub sha256: &'a str,
    /// SHA-256 of its decompressed bytes, if known: an existing file with
    /// this content (e.g. recompressed) counts as present.
    pub decompressed_sha256: Option<&'a str>,
}

/// The four original MNIST `.gz` files as the mirrors serve them.
pub const MNIST_FILES: [RemoteFile<'static>; 4] = [
    RemoteFile {
        name: "train-images-idx3-ubyte.gz",
        sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        decompressed_sha256: Some(MNIST_SHA256[0].1),
    },
    RemoteFile {
        name: "train-labels-idx1-ubyte.gz",
        sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        decompressed_sha256: Some(MNIST_SHA256[1].1),
    },
    RemoteFile {
        name: "t10k-images-idx3-ubyte.gz",
        sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        decompressed_sha256: Some(MNIST_SHA256[2].1),
    },
    RemoteFile {
        name: "t10k-labels-idx1-ubyte.gz",
        sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        decompressed_sha256: Some(MNIST_SHA256[3].1),
    },
];

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The file name.
    pub name: String,
    /// Where it is now.
    pub path: PathBuf,
    /// The URL it was downloaded from, or `None` if a verified copy was
    /// already there.
    pub from: Option<String>,
}

/// Progress of one download, reported as bytes arrive.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    /// The file name.
    pub name: &'a str,
    /// The URL being read.
    pub url: &'a str,
    /// Bytes received so far.
    pub received: u64,
    /// The size the server announced, if it did.
    pub total: Option<u64>,
}

/// Downloads the four MNIST files into `dest` (created if missing), trying
/// `mirrors` in order for each file. Files already present with the right
/// content are kept.
pub fn fetch_mnist(dest: impl AsRef<Path>, mirrors: &[&str]) -> Result<Vec<Fetched>> {
    fetch_files(dest, mirrors, &MNIST_FILES)
}

/// Downloads `files` into `dest`, trying `mirrors` in order for each one.
pub fn fetch_files(
    dest: impl AsRef<Path>,
    mirrors: &[&str],
    files: &[RemoteFile<'_>],
) -> Result<Vec<Fetched>> {
    fetch_files_with_progress(dest, mirrors, files, |_| {})
}

/// [`fetch_files`], calling `progress` as bytes arrive.
pub fn fetch_files_with_progress(
    dest: impl AsRef<Path>,
    mirrors: &[&str],
    files: &[RemoteFile<'_>],
    mut progress: impl FnMut(Progress<'_>),
) -> Result<Vec<Fetched>> {
    let dest = dest.as_ref();
    std::fs::create_dir_all(dest).map_err(|e| Error::io(dest, e))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(20)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .timeout_global(Some(Duration::from_secs(15 * 60)))
        .build()
        .into();
    let mut fetched = Vec::with_capacity(files.len());
    for file in files {
        let path = dest.join(file.name);
        if is_present(&path, file) {
            fetched.push(Fetched {
                name: file.name.to_string(),
                path,
                from: None,
            });
            continue;
        }
        let mut attempts = Vec::new();
        let mut from = None;
        for mirror in mirrors {
            let url = format!("{}/{}", mirror.trim_end_matches('/'), file.name);
            match download(&agent, &url, &path, file, &mut progress) {
                Ok(()) => {
                    from = Some(url);
                    break;
                }
                Err(reason) => attempts.push(format!("{url}: {reason}")),
            }
        }
        let Some(url) = from else {
            if attempts.is_empty() {
                attempts.push("no mirror given".to_string());
            }
            return Err(Error::Download {
                name: file.name.to_string(),
                attempts,
            });
        };
        fetched.push(Fetched {
            name: file.name.to_string(),
            path,
            from: Some(url),
        });
    }
    Ok(fetched)
}

/// Whether `path` already holds the file: the same bytes, or the same
/// decompressed content.
fn is_present(path: &Path, file: &RemoteFile<'_>) -> bool {
    if !path.is_file() {
        return false;
    }
    if sha256_file(path).is_ok_and(|s| s == file.sha256) {
        return true;
    }
    file.decompressed_sha256
        .is_some_and(|want| sha256_decompressed(path).is_ok_and(|s| s == want))
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    sha256_hex(|buf| f.read(buf))
}

/// Streams `url` into a temporary file beside `path`, checks its SHA-256,
/// then renames it over `path`. On any failure the temporary file is removed
/// and `path` is untouched; the error is a one-line reason.
fn download(
    agent: &ureq::Agent,
    url: &str,
    path: &Path,
    file: &RemoteFile<'_>,
    progress: &mut impl FnMut(Progress<'_>),
) -> std::result::Result<(), String> {
    let response = agent.get(url).call().map_err(|e| e.to_string())?;
    let body = response.into_body();
    let total = body.content_length();
    let mut reader = body.into_with_config().limit(MAX_FILE_BYTES).reader();

    let mut out = AtomicFile::create(path).map_err(|e| {
        format!(
            "cannot create a temporary file beside {}: {e}",
            path.display()
        )
    })?;
    let mut received = 0u64;
    // Hashes the bytes as they are written, so nothing is read twice.
    let actual = sha256_hex(|buf| loop {
        let got = match reader.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("transfer failed after {received} bytes: {e}")),
        };
        if got > 0 {
            out.file()
                .write_all(&buf[..got])
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            received += got as u64;
            progress(Progress {
                name: file.name,
                url,
                received,
                total,
            });
        }
        break Ok(got);
    })?;
    if let Some(total) = total {
        // ureq reports a short body as an error; this guards the contract.
        if received != total {
            return Err(format!("received {received} of {total} bytes"));
        }
    }
    if actual != file.sha256 {
        return Err(format!(
            "SHA-256 of the {received} bytes is {actual}, expected {}",
            file.sha256
        ));
    }
    out.commit()
        .map_err(|e| format!("cannot move the download into {}: {e}", path.display()))
}
