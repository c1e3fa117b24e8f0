//! Writing output files so that an interrupted write never leaves half a file behind.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::anyhow;

/// Writes `path` through `fill`: into a temporary file in the same directory, which is
/// flushed, synced and then renamed over `path`. A crash or an error midway leaves any
/// previous `path` untouched.
pub fn write_file(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
) -> anyhow::Result<()> {
    let cannot = |e: io::Error| anyhow!("cannot write {}: {}", path.display(), os_reason(&e));
    let dir = crate::paths::parent(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".nndl-").suffix(".tmp");
    // A temporary file is private (0600); the result is an ordinary file anyone may read.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(cannot)?;
    {
        let mut out = BufWriter::new(tmp.as_file());
        fill(&mut out).and_then(|()| out.flush()).map_err(cannot)?;
    }
    tmp.as_file_mut().sync_all().map_err(cannot)?;
    tmp.persist(path).map_err(|e| cannot(e.error))?;
    // Make the rename itself durable; not every platform can open a directory.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What went wrong, without the temporary file's name: `tempfile` adds
/// ` at path ".nndl-….tmp"` to the system's message, which means nothing to the user.
fn os_reason(err: &io::Error) -> String {
    let text = err.to_string();
    match text.split_once(" at path ") {
        Some((reason, _)) => reason.to_string(),
        None => text,
    }
}

/// Writes `bytes` to `path` atomically, see [`write_file`].
pub fn write_bytes(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_file(path, |out| out.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_bytes(&path, b"first").unwrap();
        write_bytes(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_bytes(&path, b"good").unwrap();
        let err = write_file(&path, |_| Err(io::Error::other("boom"))).unwrap_err();
        assert!(format!("{err:#}").contains("out.txt"), "{err:#}");
        assert_eq!(std::fs::read(&path).unwrap(), b"good");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_directory_is_named_and_the_temporary_file_is_not() {
        let err = write_bytes(Path::new("/nonexistent-nndl-dir/x.png"), b"x").unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("/nonexistent-nndl-dir/x.png"), "{text}");
        assert!(!text.contains(".tmp") && !text.contains(".nndl-"), "{text}");
    }
}
