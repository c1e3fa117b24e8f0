//! `nndl predict`: the network reads your own pictures of digits, prepared as MNIST's were.

use std::path::PathBuf;

use clap::Args;
use nndl_nn::argmax;

use crate::batch;
use crate::help::{FILES, OUTPUT};
use crate::model;
use crate::prepare;
use crate::render::{self, Style};

const EXAMPLES: &str = "\
Examples:
  nndl predict seven.png                     which digit, and the ten output activations
  nndl predict --show photo.jpg scan.bmp     also draw each picture as the network sees it
  nndl predict --model big.nndl --json *.png

Any PNG, JPEG, BMP, GIF or PGM of any size works: dark ink on light paper or light on dark.
It is made grayscale, cropped to the ink, scaled to fit 20×20 and centred by its centre of
mass in 28×28, as MNIST's digits were.";

/// Read the digit in your own images (PNG, JPEG, BMP, PGM…)
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct PredictArgs {
    /// Image files, one digit each
    #[arg(value_name = "IMAGE", required = true)]
    images: Vec<PathBuf>,
    /// The model saved by `nndl train`
    #[arg(long, value_name = "FILE", default_value = "model.nndl", help_heading = FILES)]
    model: PathBuf,
    /// Draw each prepared 28×28 image in the terminal
    #[arg(long, help_heading = OUTPUT)]
    show: bool,
    /// Draw with ASCII characters only (implies nothing unless --show)
    #[arg(long, help_heading = OUTPUT)]
    ascii: bool,
    /// Print a JSON array instead of text
    #[arg(long, help_heading = OUTPUT)]
    json: bool,
}

/// Runs `nndl predict`.
pub fn run(args: PredictArgs) -> anyhow::Result<()> {
    let net = model::load_digit_reader(&args.model)?;
    let style = Style::detect(args.ascii);
    batch::each_picture(&args.images, args.json, |_, path| {
        let pixels = prepare::prepare_file(path)?;
        let activations = net.feedforward(&pixels);
        // A reader trained on cut pieces has an 11th output, "not a digit": a digit is still chosen.
        let digit = argmax(&activations[..10]);
        if args.json {
            return Ok(Some(serde_json::json!({
                "file": path,
                "digit": digit,
                "activations": activations,
            })));
        }
        println!(
            "{}: {digit}   (activation {:.3})",
            path.display(),
            activations[digit]
        );
        if args.show {
            for line in render::digit_lines(&pixels, style) {
                println!("  {line}");
            }
        }
        println!("  {}", activation_line(&activations));
        Ok(None)
    })
}

/// `0:0.001  1:0.000  …  9:0.020`
fn activation_line(activations: &[f32]) -> String {
    let parts: Vec<String> = activations
        .iter()
        .enumerate()
        .map(|(d, a)| format!("{d}:{a:.3}"))
        .collect();
    parts.join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activations_in_one_line() {
        let line = activation_line(&[0.0, 0.5, 0.9996]);
        assert_eq!(line, "0:0.000  1:0.500  2:1.000");
    }
}
