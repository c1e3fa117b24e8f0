//! `nndl`: train, evaluate and try the handwritten-digit network of Chapter 1 of
//! *Neural Networks and Deep Learning*.
#![forbid(unsafe_code)]

mod atomic;
mod checkpoint;
mod commands;
mod error;
mod model;
mod plot;
mod prepare;
mod progress;
mod render;
mod sets;
mod tiles;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{baseline, data, eval, perceptron, predict, show, train, weights};

const EXAMPLES: &str = "\
Examples:
  nndl train                         the book's experiment: 784-30-10, 30 epochs, m = 10, η = 3.0
  nndl eval --plot confusion.png     how well model.nndl reads the 10,000 test digits
  nndl predict my-digit.png --show   read your own handwriting
  nndl show 0 1 2 3 4 5 --png        the chapter's opening digits, 504192
  nndl baseline                      what the network has to beat
  nndl weights --png hidden.png      what the hidden neurons look for

Exit codes: 0 success, 1 runtime error, 2 usage error, 130 interrupted (Ctrl-C).";

/// Teach a computer to read handwritten digits, as Chapter 1 of Neural Networks and Deep Learning does.
#[derive(Debug, Parser)]
#[command(name = "nndl", version, about, propagate_version = true, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Train(train::TrainArgs),
    Eval(eval::EvalArgs),
    Predict(predict::PredictArgs),
    Show(show::ShowArgs),
    Baseline(baseline::BaselineArgs),
    Weights(weights::WeightsArgs),
    #[command(subcommand)]
    Data(data::DataCommand),
    /// Perceptron demos from the first half of the chapter.
    #[command(subcommand)]
    Perceptron(perceptron::PerceptronCommand),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Predict(args) => predict::run(args),
        Command::Show(args) => show::run(args),
        Command::Baseline(args) => baseline::run(args),
        Command::Weights(args) => weights::run(args),
        Command::Data(command) => data::run(command),
        Command::Perceptron(cmd) => perceptron::run(cmd),
    }
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help, --version and a bare `nndl` print as clap lays them out.
        Err(err)
            if !err.use_stderr()
                || err.kind()
                    == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            err.exit()
        }
        // A usage mistake: clap's message says what and which flag; its usage and
        // "For more information, try '--help'" are left out to keep errors one line.
        Err(err) => {
            // The message is the first paragraph (a missing argument puts its
            // name on the next line); join it into one line.
            let rendered = err.to_string();
            let message: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            eprintln!("nndl: {}", message.join(" "));
            return ExitCode::from(error::EXIT_USAGE);
        }
    };
    match run(cli) {
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
