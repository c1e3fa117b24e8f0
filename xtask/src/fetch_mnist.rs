//! `cargo xtask fetch-mnist [DIR]`: download the four MNIST files from the
//! public mirrors, verify them and write them atomically (see `nndl_mnist::fetch`).

use std::path::{Path, PathBuf};

/// One line for the usage message.
pub const ABOUT: &str = "download MNIST into DIR (default: the workspace's data/mnist/), verified";

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let dir = match args {
        [] => Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap_or(Path::new("."))
            .join(nndl_mnist::DATA_SUBDIR),
        [dir] if !dir.starts_with('-') => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask fetch-mnist [DIR]".to_string()),
    };
    let mut last_percent = None;
    let fetched = nndl_mnist::fetch::fetch_files_with_progress(
        &dir,
        nndl_mnist::fetch::DEFAULT_MIRRORS,
        &nndl_mnist::fetch::MNIST_FILES,
        |p| {
            let percent = p.total.map(|t| p.received * 100 / t.max(1));
            if percent != last_percent && percent.is_some_and(|x| x % 10 == 0) {
                eprintln!("{}: {}% of {}", p.name, percent.unwrap_or(0), p.url);
                last_percent = percent;
            }
        },
    )
    .map_err(|e| e.to_string())?;
    for f in &fetched {
        match &f.from {
            Some(url) => println!("{}: downloaded from {url}", f.path.display()),
            None => println!("{}: already present, verified", f.path.display()),
        }
    }
    let checks = nndl_mnist::verify(&dir).map_err(|e| e.to_string())?;
    println!(
        "{}: all {} files match their SHA-256 sums",
        dir.display(),
        checks.len()
    );
    Ok(())
}
