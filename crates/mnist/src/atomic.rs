//! Atomic file replacement: write a temporary file in the same directory,
//! sync it, rename it over the target. A crash or error leaves either the old
//! file or the new one, never a partial one.

use std::fs::File;
use std::io;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `path` through `write`, atomically.
pub(crate) fn write_file(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    write(tmp.as_file_mut()).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Makes the rename itself durable where the platform allows syncing a
/// directory; failure only weakens durability, not atomicity, so it is ignored.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
