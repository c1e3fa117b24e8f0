//! `nndl`: train, evaluate and try the handwritten-digit network of Chapter 1 of
//! *Neural Networks and Deep Learning*.
#![forbid(unsafe_code)]

mod atomic;
mod error;
mod perceptron;
mod plot;
mod prepare;
mod render;
mod tiles;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Teach a computer to read handwritten digits, as Chapter 1 of Neural Networks and Deep Learning does.
#[derive(Debug, Parser)]
#[command(name = "nndl", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Perceptron demos from the first half of the chapter.
    #[command(subcommand)]
    Perceptron(perceptron::PerceptronCommand),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Perceptron(cmd) => perceptron::run(cmd),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::from(error::EXIT_OK),
        Err(err) => {
            // One line, the whole cause chain, no backtrace.
            eprintln!("nndl: error: {err:#}");
            ExitCode::from(error::exit_code(&err))
        }
    }
}
