//! One module per `nndl` command: its arguments and its `run`.

pub mod baseline;
pub mod data;
pub mod eval;
pub mod perceptron;
pub mod predict;
pub mod read;
pub mod serve;
pub mod show;
pub mod train;
pub mod weights;

use clap::Subcommand;

/// The commands of `nndl`.
#[derive(Debug, Subcommand)]
pub enum Command {
    Train(Box<train::TrainArgs>),
    Eval(eval::EvalArgs),
    Predict(predict::PredictArgs),
    Read(read::ReadArgs),
    Serve(serve::ServeArgs),
    Show(show::ShowArgs),
    Baseline(baseline::BaselineArgs),
    Weights(weights::WeightsArgs),
    #[command(subcommand)]
    Data(data::DataCommand),
    #[command(subcommand)]
    Perceptron(perceptron::PerceptronCommand),
}

impl Command {
    /// Runs the command.
    pub fn run(self) -> anyhow::Result<()> {
        match self {
            Command::Train(args) => train::run(*args),
            Command::Eval(args) => eval::run(args),
            Command::Predict(args) => predict::run(args),
            Command::Read(args) => read::run(args),
            Command::Serve(args) => serve::run(args),
            Command::Show(args) => show::run(args),
            Command::Baseline(args) => baseline::run(args),
            Command::Weights(args) => weights::run(args),
            Command::Data(command) => data::run(command),
            Command::Perceptron(command) => perceptron::run(command),
        }
    }
}
