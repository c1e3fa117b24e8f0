//! Finding the data: the directory (an explicit path, else `$MNIST_DIR`, else a
//! `data/mnist/` directory above the current directory or above this crate), and
//! each file in it as `name.gz` or `name`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::names::{FileNames, DATA_SUBDIR, MNIST_DIR_ENV};

/// Finds the directory holding the MNIST files.
///
/// In order: `explicit` if given; else the directory in the environment
/// variable `MNIST_DIR` if set; else the first `data/mnist/` found walking up
/// from the current directory, then walking up from this crate's source
/// directory (which finds the nndl workspace's bundled copy). A directory
/// counts if it holds at least one of the four files, as `name.gz` or `name`.
/// An explicit path or `MNIST_DIR` that does not hold the files is an error,
/// not a reason to look elsewhere: the user asked for that directory.
///
/// The error lists every directory looked in and how to get the files.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf> {
    locate_files(explicit, &FileNames::mnist())
}

/// [`locate`] for a data set with other file names (e.g. Fashion-MNIST under
/// a prefix).
pub fn locate_files(explicit: Option<&Path>, names: &FileNames) -> Result<PathBuf> {
    let env = std::env::var_os(MNIST_DIR_ENV);
    let cwd = std::env::current_dir().ok();
    let mut starts: Vec<&Path> = Vec::new();
    if let Some(cwd) = &cwd {
        starts.push(cwd);
    }
    starts.push(Path::new(env!("CARGO_MANIFEST_DIR")));
    locate_in(explicit, env.as_deref(), &starts, names)
}

/// [`locate_files`] with the environment and the search starts passed in, so
/// it can be tested without touching process-global state.
pub(crate) fn locate_in(
    explicit: Option<&Path>,
    env: Option<&OsStr>,
    starts: &[&Path],
    names: &FileNames,
) -> Result<PathBuf> {
    let not_found = |looked: Vec<PathBuf>| Error::DataNotFound {
        looked,
        wanted: names.train_images.clone(),
    };
    let chosen = explicit.or(env.filter(|e| !e.is_empty()).map(Path::new));
    if let Some(dir) = chosen {
        return if holds_data(dir, names) {
            Ok(dir.to_path_buf())
        } else {
            Err(not_found(vec![dir.to_path_buf()]))
        };
    }
    let mut looked: Vec<PathBuf> = Vec::new();
    for start in starts {
        for dir in start.ancestors() {
            let candidate = dir.join(DATA_SUBDIR);
            if looked.contains(&candidate) {
                continue;
            }
            if holds_data(&candidate, names) {
                return Ok(candidate);
            }
            looked.push(candidate);
        }
    }
    Err(not_found(looked))
}

/// Whether `dir` holds at least one of the data set's files.
fn holds_data(dir: &Path, names: &FileNames) -> bool {
    names.all().iter().any(|name| file_in(dir, name).is_some())
}

/// The path of the file `name` in `dir`: `name.gz` if it exists, else `name`.
///
/// # Errors
/// [`Error::MissingFile`] if neither is a file.
pub fn find_file(dir: &Path, name: &str) -> Result<PathBuf> {
    file_in(dir, name).ok_or_else(|| Error::MissingFile {
        dir: dir.to_path_buf(),
        name: name.to_string(),
    })
}

/// `dir/name.gz` if it is a file, else `dir/name` if that is one.
fn file_in(dir: &Path, name: &str) -> Option<PathBuf> {
    [dir.join(format!("{name}.gz")), dir.join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mnist_dir_with(files: &[&str]) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(DATA_SUBDIR);
        std::fs::create_dir_all(&dir).unwrap();
        for f in files {
            std::fs::write(dir.join(f), b"").unwrap();
        }
        tmp
    }

    #[test]
    fn explicit_path_wins_over_env_and_search() {
        let a = mnist_dir_with(&["train-images-idx3-ubyte.gz"]);
        let b = mnist_dir_with(&["train-images-idx3-ubyte.gz"]);
        let a_dir = a.path().join(DATA_SUBDIR);
        let found = locate_in(
            Some(&a_dir),
            Some(b.path().join(DATA_SUBDIR).as_os_str()),
            &[b.path()],
            &FileNames::mnist(),
        )
        .unwrap();
        assert_eq!(found, a_dir);
    }

    #[test]
    fn env_wins_over_search_and_accepts_uncompressed_files() {
        let env = mnist_dir_with(&["t10k-labels-idx1-ubyte"]);
        let other = mnist_dir_with(&["train-images-idx3-ubyte.gz"]);
        let env_dir = env.path().join(DATA_SUBDIR);
        let found = locate_in(
            None,
            Some(env_dir.as_os_str()),
            &[other.path()],
            &FileNames::mnist(),
        )
        .unwrap();
        assert_eq!(found, env_dir);
    }

    #[test]
    fn empty_env_is_ignored() {
        let tree = mnist_dir_with(&["train-images-idx3-ubyte.gz"]);
        let found = locate_in(
            None,
            Some(OsStr::new("")),
            &[tree.path()],
            &FileNames::mnist(),
        )
        .unwrap();
        assert_eq!(found, tree.path().join(DATA_SUBDIR));
    }

    #[test]
    fn env_pointing_nowhere_is_an_error_naming_it() {
        let tree = mnist_dir_with(&["train-images-idx3-ubyte.gz"]);
        let bad = tree.path().join("nope");
        let err = locate_in(
            None,
            Some(bad.as_os_str()),
            &[tree.path()],
            &FileNames::mnist(),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(&bad.display().to_string()), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn search_walks_up_from_a_subdirectory() {
        let tree = mnist_dir_with(&["train-labels-idx1-ubyte.gz"]);
        let deep = tree.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        let found = locate_in(None, None, &[&deep], &FileNames::mnist()).unwrap();
        assert_eq!(found, tree.path().join(DATA_SUBDIR));
    }

    #[test]
    fn search_tries_the_second_start_when_the_first_finds_nothing() {
        let empty = tempfile::tempdir().unwrap();
        let tree = mnist_dir_with(&["train-images-idx3-ubyte.gz"]);
        let found = locate_in(
            None,
            None,
            &[empty.path(), tree.path()],
            &FileNames::mnist(),
        )
        .unwrap();
        assert_eq!(found, tree.path().join(DATA_SUBDIR));
    }

    #[test]
    fn a_directory_without_the_files_does_not_count() {
        let tree = mnist_dir_with(&["README"]);
        let err = locate_in(None, None, &[tree.path()], &FileNames::mnist()).unwrap_err();
        assert!(matches!(err, Error::DataNotFound { .. }));
    }

    #[test]
    fn not_found_lists_every_place_and_how_to_get_the_files() {
        let empty = tempfile::tempdir().unwrap();
        let deep = empty.path().join("x/y");
        std::fs::create_dir_all(&deep).unwrap();
        let err = locate_in(None, None, &[&deep], &FileNames::mnist()).unwrap_err();
        let msg = err.to_string();
        for dir in [&deep, &empty.path().join("x"), &empty.path().to_path_buf()] {
            let want = dir.join(DATA_SUBDIR).display().to_string();
            assert!(msg.contains(&want), "{msg} lacks {want}");
        }
        assert!(msg.contains("cargo xtask fetch-mnist"), "{msg}");
        assert!(msg.contains("nndl data fetch"), "{msg}");
        assert!(msg.contains(MNIST_DIR_ENV), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn find_file_prefers_gz_then_plain_and_names_what_is_missing() {
        let tree = mnist_dir_with(&["a.gz", "a", "b", "c.gz"]);
        let dir = tree.path().join(DATA_SUBDIR);
        std::fs::create_dir(dir.join("d.gz")).unwrap(); // a directory is not the file
        assert_eq!(find_file(&dir, "a").unwrap(), dir.join("a.gz"));
        assert_eq!(find_file(&dir, "b").unwrap(), dir.join("b"));
        assert_eq!(find_file(&dir, "c").unwrap(), dir.join("c.gz"));
        let err = find_file(&dir, "d").unwrap_err();
        assert!(
            matches!(&err, Error::MissingFile { name, .. } if name == "d"),
            "{err}"
        );
        assert!(matches!(
            find_file(&dir, "e"),
            Err(Error::MissingFile { .. })
        ));
        // holds_data looks for each file the same way.
        std::fs::create_dir(dir.join("z-train-images-idx3-ubyte.gz")).unwrap();
        assert!(!holds_data(&dir, &FileNames::with_prefix("z")));
        std::fs::write(dir.join("z-t10k-labels-idx1-ubyte"), b"").unwrap();
        assert!(holds_data(&dir, &FileNames::with_prefix("z")));
    }

    #[test]
    fn prefixed_names_are_searched_for() {
        let tree = mnist_dir_with(&["fashion-t10k-images-idx3-ubyte.gz"]);
        let names = FileNames::with_prefix("fashion");
        let found = locate_in(None, None, &[tree.path()], &names).unwrap();
        assert_eq!(found, tree.path().join(DATA_SUBDIR));
        assert!(locate_in(None, None, &[tree.path()], &FileNames::mnist()).is_err());
    }
}
