//! `nndl show`: MNIST digits drawn in the terminal, or side by side in a PNG.

use std::path::PathBuf;

use clap::Args;

use crate::error::usage;
use crate::format::{count, plural, thousands};
use crate::help::{FILES, OUTPUT};
use crate::paths;
use crate::render::{self, Style};
use crate::sets::{DataArgs, SetName};
use crate::tiles;
use crate::values::within;
use nndl_vision::SIDE;

/// More digits than this at once is a mistake, not a request.
const MAX_DIGITS: usize = 1000;

const EXAMPLES: &str = "\
Examples:
  nndl show 0 1 2 3 4 5 --png        the chapter's opening strip, 504192, in digits.png
  nndl show 0..6                     the same six digits in the terminal
  nndl show --set test 0..20 --ascii
  nndl show 7 --out seven.png        a PNG to try `nndl predict` on (--out implies --png)";

/// Draw MNIST digits with their labels, in the terminal or as a PNG strip
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ShowArgs {
    /// Image numbers in the set, from 0; A..B is A up to B − 1
    #[arg(value_name = "INDEX", required = true, value_parser = parse_indices)]
    indices: Vec<Vec<usize>>,
    /// The set to take them from
    #[arg(long, value_enum, value_name = "SET", default_value = "train")]
    set: SetName,
    /// Pixels per MNIST pixel in the PNG [range: 1..=32]
    #[arg(long, value_name = "N", default_value_t = 4, allow_negative_numbers = true, value_parser = within(1, 32))]
    scale: u32,
    #[command(flatten)]
    data: DataArgs,
    /// Write them side by side to a PNG instead of the terminal, digits.png unless --out names it
    #[arg(long, help_heading = FILES)]
    png: bool,
    /// The PNG's file name (implies --png) [default: digits.png]
    #[arg(long, short = 'o', value_name = "FILE", help_heading = FILES)]
    out: Option<PathBuf>,
    /// Draw with ASCII characters only
    #[arg(long, help_heading = OUTPUT)]
    ascii: bool,
}

/// `7` → `[7]`, `3..6` → `[3, 4, 5]`.
fn parse_indices(s: &str) -> Result<Vec<usize>, String> {
    let number = |t: &str| {
        t.trim()
            .parse::<usize>()
            .map_err(|_| format!("`{s}` is not an image number (like 7) or range (like 0..6)"))
    };
    match s.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (number(a)?, number(b)?);
            if a >= b {
                return Err(format!("the range {s} is empty"));
            }
            if b - a > MAX_DIGITS {
                return Err(format!("the range {s} holds more than {MAX_DIGITS} images"));
            }
            Ok((a..b).collect())
        }
        None => Ok(vec![number(s)?]),
    }
}

/// Runs `nndl show`.
pub fn run(args: ShowArgs) -> anyhow::Result<()> {
    let indices: Vec<usize> = args.indices.iter().flatten().copied().collect();
    if indices.len() > MAX_DIGITS {
        return Err(usage(format!(
            "{} asked for; show at most {MAX_DIGITS} at once",
            count(indices.len(), "image")
        )));
    }
    let png = match (&args.out, args.png) {
        (Some(out), _) => Some(out.clone()),
        (None, true) => Some(PathBuf::from("digits.png")),
        (None, false) => None,
    };
    if let Some(path) = &png {
        let flag = if args.out.is_some() { "--out" } else { "--png" };
        paths::check_output(path, flag, "a PNG file")?;
    }
    let loaded = args.data.load()?;
    let set = args.set.of(&loaded.mnist);
    if let Some(&bad) = indices.iter().find(|&&i| i >= set.len()) {
        return Err(usage(format!(
            "image {bad} is out of range: {} go from 0 to {}",
            args.set.describe(set.len()),
            set.len().saturating_sub(1)
        )));
    }
    if set.input_size() != SIDE * SIDE {
        return Err(anyhow::anyhow!(
            "these images are {}×{}; only 28×28 digits can be drawn",
            set.rows,
            set.cols
        ));
    }
    let labels: String = indices.iter().map(|&i| set.label(i).to_string()).collect();
    let Some(path) = png else {
        let digits: Vec<(String, &[f32])> = indices
            .iter()
            .map(|&i| (format!("#{i}: {}", set.label(i)), set.image(i)))
            .collect();
        let style = Style::detect(args.ascii);
        print!(
            "{}",
            render::digits_side_by_side(&digits, style, render::terminal_width())
        );
        println!("Labels: {labels}");
        return Ok(());
    };
    let images: Vec<&[f32]> = indices.iter().map(|&i| set.image(i)).collect();
    let strip = tiles::grid(
        &images,
        images.len().min(10),
        args.scale,
        tiles::ink_on_paper,
    );
    crate::png::save(&path, &strip)?;
    println!(
        "Wrote {} ({}×{} pixels): {} {} {}, labels {labels}",
        path.display(),
        strip.width(),
        strip.height(),
        thousands(images.len()),
        args.set.as_str(),
        plural(images.len(), "image"),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_and_ranges() {
        assert_eq!(parse_indices("7"), Ok(vec![7]));
        assert_eq!(parse_indices("3..6"), Ok(vec![3, 4, 5]));
        assert!(parse_indices("6..3").unwrap_err().contains("empty"));
        assert!(parse_indices("x").unwrap_err().contains("`x`"));
        assert!(parse_indices("-1").is_err());
        assert!(parse_indices("0..100000")
            .unwrap_err()
            .contains("more than"));
    }
}
