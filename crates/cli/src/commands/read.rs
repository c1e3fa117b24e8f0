//! `nndl read`: the number written in a picture, cut into digits the way Chapter 1
//! sketches — many trial cuts, each scored by the network's confidence in its pieces.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use nndl_nn::Network;
use nndl_vision::{read_number_batched, ReadOptions, Reading, MAX_DIGITS};

use crate::batch;
use crate::cuts_png;
use crate::help::{FILES, OUTPUT};
use crate::model;
use crate::prepare;
use crate::score_numbers;

const EXAMPLES: &str = "\
Examples:
  nndl read number.png                   the number, each digit's confidence, a close runner-up
  nndl read --show cuts.png number.png   also draw the cuts and each digit as the network saw it
  nndl read --digits 6 zip.jpg           when you know how many digits there are
  nndl read --json *.png
  nndl read --score numbers/             score on pictures named NUMBER_ANYTHING.png, e.g. from
                                         `cargo xtask make-numbers --out numbers`

Any PNG, JPEG, BMP, GIF or PGM of one line of digits, dark on light or light on dark.";

/// Read the whole number written in your images, cut into digits by the network's confidence
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReadArgs {
    /// Image files, one number each
    #[arg(value_name = "IMAGE", required_unless_present = "score")]
    images: Vec<PathBuf>,
    /// How many digits each number has, when known (1 to 20)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=MAX_DIGITS as i64))]
    digits: Option<u8>,
    /// Score the reader on the pictures in DIR (and its subfolders), each named
    /// NUMBER_ANYTHING (e.g. 504192_mine.png)
    #[arg(long, value_name = "DIR", conflicts_with_all = ["images", "show"])]
    score: Option<PathBuf>,
    /// With --score: give the reader each number's true count of digits (from its
    /// name), to see how many errors the count itself causes
    #[arg(long, conflicts_with = "digits")]
    known_count: bool,
    /// The model saved by `nndl train`
    #[arg(long, value_name = "FILE", default_value = "model.nndl", help_heading = FILES)]
    model: PathBuf,
    /// Draw the picture with the chosen cuts, and each digit as the network saw it,
    /// to this PNG (with several images, one PNG each, numbered)
    #[arg(long, value_name = "PNG", help_heading = FILES)]
    show: Option<PathBuf>,
    /// Print JSON instead of text
    #[arg(long, help_heading = OUTPUT)]
    json: bool,
}

/// Runs `nndl read`.
pub fn run(args: ReadArgs) -> anyhow::Result<()> {
    // Checked here: clap lets a positional IMAGE silence `requires = "score"`.
    if args.known_count && args.score.is_none() {
        return Err(crate::error::usage(
            "--known-count scores a folder: it needs --score DIR",
        ));
    }
    let net = model::load_digit_reader(&args.model)?;
    let options = ReadOptions {
        digits: args.digits.map(usize::from),
        trained_on_pieces: model::trained_on_pieces(&net),
    };
    if let Some(dir) = &args.score {
        return score_numbers::run(dir, &net, &options, args.known_count, args.json);
    }
    batch::each_picture(&args.images, args.json, |i, path| {
        let reading = read_file(path, &net, &options)?;
        if let Some(show) = &args.show {
            let out = numbered(show, i, args.images.len());
            cuts_png::save(&out, &reading)?;
            if !args.json {
                println!("cuts drawn to {}", out.display());
            }
        }
        if args.json {
            return Ok(Some(json(path, &reading)));
        }
        print_reading(path, &reading);
        Ok(None)
    })
}

/// Reads the number in the picture at `path`; errors name the file.
pub fn read_file(path: &Path, net: &Network, options: &ReadOptions) -> anyhow::Result<Reading> {
    let p = prepare::read_picture(path)?;
    read_number_batched(&p.brightness, p.width, p.height, options, |digits| {
        scores(net, digits)
    })
    .with_context(|| format!("{}", path.display()))
}

/// The network's first ten output activations (an 11th, "not a digit", is left
/// out) for each of the prepared digits, fed forward as one batch.
pub fn scores(net: &Network, digits: &[f32]) -> Vec<[f32; 10]> {
    let out = net.feedforward_batch(digits);
    (0..out.rows())
        .map(|i| std::array::from_fn(|d| out.row(i)[d]))
        .collect()
}

/// `cuts.png` for one image; `cuts-1.png`, `cuts-2.png`… for several.
fn numbered(show: &Path, i: usize, n: usize) -> PathBuf {
    if n == 1 {
        return show.to_path_buf();
    }
    let stem = show.file_stem().unwrap_or_default().to_string_lossy();
    let ext = show.extension().unwrap_or_default().to_string_lossy();
    show.with_file_name(format!("{stem}-{}.{ext}", i + 1))
}

fn print_reading(path: &Path, reading: &Reading) {
    println!("{}: {}", path.display(), reading.number());
    let digits: String = reading
        .digits
        .iter()
        .map(|d| format!("{:>6}", d.digit))
        .collect();
    let confidence: String = reading
        .digits
        .iter()
        .map(|d| format!("{:>6.2}", d.confidence))
        .collect();
    println!("  digit     {digits}");
    println!("  confidence{confidence}");
    if let Some(alt) = reading.close_runner_up() {
        println!(
            "  runner-up {}  ({:.2} as likely)",
            alt.number, alt.relative
        );
    }
}

fn json(path: &Path, reading: &Reading) -> serde_json::Value {
    let digits: Vec<serde_json::Value> = reading
        .digits
        .iter()
        .map(|d| {
            let b = d.bounds;
            serde_json::json!({
                "digit": d.digit,
                "confidence": d.confidence,
                "runner_up": { "digit": d.runner_up.0, "confidence": d.runner_up.1 },
                "box": { "x": b.x, "y": b.y, "width": b.width, "height": b.height },
            })
        })
        .collect();
    let alternatives: Vec<serde_json::Value> = reading
        .alternatives
        .iter()
        .take(3)
        .map(|a| serde_json::json!({ "number": a.number, "relative": a.relative }))
        .collect();
    serde_json::json!({
        "file": path,
        "number": reading.number(),
        "digits": digits,
        "alternatives": alternatives,
    })
}
