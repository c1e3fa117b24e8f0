//! `nndl predict`: the network reads your own pictures of digits, prepared as MNIST's were.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use nndl_nn::argmax;

use crate::error;
use crate::format::count;
use crate::help::{FILES, OUTPUT};
use crate::model;
use nndl_vision::SIDE;

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
    let (net, _) = model::load(&args.model)?;
    let (inputs, outputs) = (net.sizes()[0], net.sizes().last().copied().unwrap_or(0));
    if inputs != SIDE * SIDE || outputs < 10 {
        return Err(anyhow!(
            "{} takes {inputs} inputs and gives {outputs} outputs; predict needs a network for 28×28 digits (784 inputs, 10 outputs)",
            args.model.display(),
        ));
    }
    let style = Style::detect(args.ascii);
    let mut results = Vec::new();
    let mut failed = 0;
    for path in &args.images {
        match prepare::prepare_file(path) {
            Ok(pixels) => {
                let activations = net.feedforward(&pixels);
                let digit = argmax(&activations);
                if args.json {
                    results.push(serde_json::json!({
                        "file": path,
                        "digit": digit,
                        "activations": activations,
                    }));
                } else {
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
                }
            }
            // One picture: its error is the command's, said once.
            Err(err) if args.images.len() == 1 && !args.json => return Err(err),
            Err(err) => {
                failed += 1;
                let message = error::one_line(&err);
                eprintln!("nndl: error: {message}");
                if args.json {
                    results.push(serde_json::json!({
                        "file": path,
                        "error": message,
                    }));
                }
            }
        }
    }
    if args.json {
        println!("{:#}", serde_json::Value::Array(results));
    }
    if failed > 0 {
        return Err(anyhow!(
            "{failed} of {} could not be read",
            count(args.images.len(), "image")
        ));
    }
    Ok(())
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
