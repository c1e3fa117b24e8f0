//! Commands that take several pictures: each is handled on its own, so one bad
//! file does not stop the others, and the errors are counted at the end.

use std::path::{Path, PathBuf};

use anyhow::anyhow;
use serde_json::Value;

use crate::error;
use crate::format::count;

/// Runs `each` on every picture, given its index and path; `each` prints its text
/// result itself, or returns its JSON result when `json` is set. A single
/// picture's error is the command's, said once; with several, each error is
/// printed (and, with `json`, kept in the array) and the rest go on, and the
/// command fails at the end if any did.
pub fn each_picture(
    images: &[PathBuf],
    json: bool,
    mut each: impl FnMut(usize, &Path) -> anyhow::Result<Option<Value>>,
) -> anyhow::Result<()> {
    let mut results = Vec::new();
    let mut failed = 0;
    for (i, path) in images.iter().enumerate() {
        match each(i, path) {
            Ok(result) => results.extend(result),
            Err(err) if images.len() == 1 && !json => return Err(err),
            Err(err) => {
                failed += 1;
                let message = error::one_line(&err);
                eprintln!("nndl: error: {message}");
                if json {
                    results.push(serde_json::json!({ "file": path, "error": message }));
                }
            }
        }
    }
    if json {
        println!("{:#}", Value::Array(results));
    }
    if failed > 0 {
        return Err(anyhow!(
            "{failed} of {} could not be read",
            count(images.len(), "image")
        ));
    }
    Ok(())
}
