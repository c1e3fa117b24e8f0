//! `nndl show`: MNIST digits drawn in the terminal, or side by side in a PNG.

use std::path::PathBuf;

use clap::Args;

use crate::error::usage;
use crate::render::{self, Style};
use crate::sets::{thousands, DataArgs, SetName};
use crate::tiles;

/// More digits than this at once is a mistake, not a request.
const MAX_DIGITS: usize = 1000;

const EXAMPLES: &str = "\
Examples:
  nndl show 0 1 2 3 4 5 --png        the chapter's opening strip, 504192, in digits.png
  nndl show 0..6                     the same six digits in the terminal
  nndl show --set test 0..20 --ascii
  nndl show 7 --png seven.png        a PNG to try `nndl predict` on";

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
    /// Write them side by side to a PNG instead [FILE default: digits.png]
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "digits.png")]
    png: Option<PathBuf>,
    /// Pixels per MNIST pixel in the PNG
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=32))]
    scale: u32,
    /// Draw with ASCII characters only
    #[arg(long)]
    ascii: bool,
    #[command(flatten)]
    data: DataArgs,
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
            "{} images asked for; show at most {MAX_DIGITS} at once",
            indices.len()
        )));
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
    if set.input_size() != prepare_side() {
        return Err(anyhow::anyhow!(
            "these images are {}×{}; only 28×28 digits can be drawn",
            set.rows,
            set.cols
        ));
    }
    let labels: String = indices.iter().map(|&i| set.label(i).to_string()).collect();
    match &args.png {
        Some(path) => {
            let images: Vec<&[f32]> = indices.iter().map(|&i| set.image(i)).collect();
            let columns = images.len().min(10);
            let strip = tiles::grid(&images, columns, args.scale, tiles::ink_on_paper);
            tiles::save_png(path, &strip)?;
            println!(
                "Wrote {} ({}×{} pixels): {} {} image{}, labels {labels}",
                path.display(),
                strip.width(),
                strip.height(),
                thousands(images.len()),
                args.set.as_str(),
                if images.len() == 1 { "" } else { "s" },
            );
        }
        None => {
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
        }
    }
    Ok(())
}

fn prepare_side() -> usize {
    crate::prepare::SIDE * crate::prepare::SIDE
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
