//! `nndl`: train, evaluate and try the handwritten-digit network of Chapter 1 of
//! *Neural Networks and Deep Learning*.
#![forbid(unsafe_code)]

mod atomic;
mod batch;
mod checkpoint;
mod commands;
mod confusion;
mod cuts_png;
mod error;
mod format;
mod help;
mod labelled;
mod model;
mod paths;
mod pieces;
mod plot;
mod png;
mod prepare;
mod progress;
mod render;
mod rules;
mod score_numbers;
mod sets;
mod tiles;
mod trainer;
mod values;

use std::process::ExitCode;

use clap::Parser;

const EXAMPLES: &str = "\
Examples:
  nndl train                         the book's experiment: 784-30-10, 30 epochs, m = 10, η = 3.0
  nndl eval --plot confusion.png     how well model.nndl reads the 10,000 test digits
  nndl predict my-digit.png --show   read your own handwriting
  nndl read number.png               read a whole number, cut into digits
  nndl show 0 1 2 3 4 5 --png        the chapter's opening digits, 504192, in digits.png
  nndl baseline                      what the network has to beat
  nndl weights --png hidden.png      what the hidden neurons look for

Exit codes: 0 success, 1 runtime error, 2 usage error, 130 interrupted (Ctrl-C).";

/// Teach a computer to read handwritten digits, as Chapter 1 of Neural Networks and Deep Learning does.
#[derive(Debug, Parser)]
#[command(name = "nndl", version, about, propagate_version = true, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: commands::Command,
}

/// `nndl eval | head` closes the pipe early: that ends the output, it is no failure.
/// Printing then panics inside std; end quietly instead of reporting a crash.
fn exit_quietly_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(i32::from(error::EXIT_OK));
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    exit_quietly_on_broken_pipe();
    // Usage errors are clap's own, whole: what is wrong, "a similar subcommand
    // exists", the usage and the pointer to --help; exit code 2.
    let cli = Cli::parse();
    match cli.command.run() {
        Ok(()) => ExitCode::from(error::EXIT_OK),
        Err(err) if err.is::<error::Interrupted>() => {
            eprintln!("nndl: {err}");
            ExitCode::from(error::exit_code(&err))
        }
        Err(err) => {
            // One line, the whole cause chain, no backtrace.
            eprintln!("nndl: error: {}", error::one_line(&err));
            ExitCode::from(error::exit_code(&err))
        }
    }
}
