//! Atomic file replacement: write a temporary file in the same directory,
//! sync it, rename it over the target. A crash or error leaves either the old
//! file or the new one, never a partial one.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// A file being written beside its destination; [`AtomicFile::commit`] renames
/// it into place, and dropping it uncommitted removes it.
pub(crate) struct AtomicFile {
    tmp: NamedTempFile,
    dir: PathBuf,
    target: PathBuf,
}

impl AtomicFile {
    /// Creates `.<name>.<random>.part` in the directory of `path`.
    ///
    /// The result is an ordinary file anyone may read (0644 on Unix, less what
    /// the umask takes away), not a private temporary one (0600).
    pub(crate) fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        Ok(AtomicFile {
            tmp: builder.tempfile_in(dir)?,
            dir: dir.to_path_buf(),
            target: path.to_path_buf(),
        })
    }

    /// The temporary file, to write.
    pub(crate) fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// Where the temporary file is.
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Syncs the data, renames the file over the destination, then makes the
    /// rename durable where the platform can sync a directory (failing that
    /// only weakens durability, not atomicity, so it is ignored).
    pub(crate) fn commit(self) -> io::Result<()> {
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        if let Ok(d) = File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Writes `path` through `write`, atomically.
pub(crate) fn write_file(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<()> {
    let mut out = AtomicFile::create(path).map_err(|e| Error::io(path, e))?;
    write(out.file()).map_err(|e| Error::io(path, e))?;
    out.commit().map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn replaces_the_file_readable_by_all_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.idx");
        write_file(&path, |f| f.write_all(b"first")).unwrap();
        write_file(&path, |f| f.write_all(b"second")).unwrap();
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
    fn a_failed_write_keeps_the_old_file_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.idx");
        write_file(&path, |f| f.write_all(b"good")).unwrap();
        let err = write_file(&path, |_| Err(io::Error::other("boom"))).unwrap_err();
        assert!(err.to_string().contains("out.idx"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"good");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_uncommitted_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = AtomicFile::create(&dir.path().join("x.gz")).unwrap();
        out.file().write_all(b"partial").unwrap();
        let name = out
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with(".x.gz.") && name.ends_with(".part"),
            "{name}"
        );
        drop(out);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
