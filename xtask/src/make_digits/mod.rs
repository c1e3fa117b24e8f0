//! `cargo xtask make-digits --out DIR [--seed N]`: labelled pictures of digits
//! that MNIST has never seen, to score a model on with `nndl eval --images`:
//! `DIR/typeset/`, the digits of the machine's fonts, and `DIR/drawn/`, digits
//! drawn as pen strokes. Each file is `<digit>_<what>_<n>.png`.

mod canvas;
mod drawn;
mod strokes;
mod typeset;

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::flags;

/// What `make-digits` does, for the usage message.
pub const ABOUT: &str =
    "write labelled typeset and drawn digits (not MNIST's) for nndl eval --images";

const HELP: &str =
    "usage: cargo xtask make-digits --out DIR [--seed N] [--fonts DIR] [--sheets PREFIX]

Writes DIR/typeset/ (every digit in every font found under --fonts, default
/usr/share/fonts, at a random size, place, slant, blur and polarity) and
DIR/drawn/ (digits drawn as pen strokes of varying width from templates of
several handwriting styles), as 8-bit grayscale PNG files named
<digit>_<what>_<n>.png. The same seed (default 1) and fonts give the same files.
--sheets PREFIX also draws PREFIX-typeset.png and PREFIX-drawn.png, contact
sheets of every fourth picture, to look at.";

/// Runs the task with the arguments after its name.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut out: Option<PathBuf> = None;
    let mut seed = 1u64;
    let mut fonts = PathBuf::from("/usr/share/fonts");
    let mut sheets: Option<PathBuf> = None;
    let go = flags::parse("make-digits", HELP, args, |flag, value| {
        match flag {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--fonts" => fonts = PathBuf::from(value()?),
            "--sheets" => sheets = Some(PathBuf::from(value()?)),
            "--seed" => seed = flags::number(flag, &value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    if !go {
        return Ok(());
    }
    let out = out.ok_or_else(|| format!("make-digits: --out DIR is required\n{HELP}"))?;
    let typeset_dir = fresh_dir(&out.join("typeset"))?;
    let drawn_dir = fresh_dir(&out.join("drawn"))?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let fonts_used = typeset::write_all(&fonts, &typeset_dir, &mut rng)?;
    let drawn = drawn::write_all(&drawn_dir, &mut rng)?;
    if let Some(prefix) = sheets {
        for (dir, name) in [(&typeset_dir, "typeset"), (&drawn_dir, "drawn")] {
            let path = PathBuf::from(format!("{}-{name}.png", prefix.display()));
            sheet(dir, 4, &path)?;
            println!("contact sheet of {name} digits: {}", path.display());
        }
    }
    println!(
        "wrote {} typeset digits ({} fonts) to {} and {drawn} drawn digits to {}",
        fonts_used.1,
        fonts_used.0,
        typeset_dir.display(),
        drawn_dir.display()
    );
    Ok(())
}

/// `dir`, created, with no PNG files left from an earlier run.
fn fresh_dir(dir: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "png") {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(dir.to_path_buf())
}

/// A contact sheet of every `step`-th picture of `dir`, each fitted into 40×40.
pub fn sheet(dir: &Path, step: usize, out: &Path) -> Result<(), String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    files.sort();
    let picked: Vec<&PathBuf> = files.iter().step_by(step.max(1)).collect();
    let cols = 20;
    let rows = picked.len().div_ceil(cols);
    let mut sheet =
        image::GrayImage::from_pixel(cols as u32 * 42, rows as u32 * 42, image::Luma([128]));
    for (i, path) in picked.iter().enumerate() {
        let img = image::open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .to_luma8();
        let small = image::imageops::resize(&img, 40, 40, image::imageops::FilterType::Triangle);
        let (x, y) = ((i % cols) as i64 * 42 + 1, (i / cols) as i64 * 42 + 1);
        image::imageops::overlay(&mut sheet, &small, x, y);
    }
    sheet
        .save(out)
        .map_err(|e| format!("{}: {e}", out.display()))
}
