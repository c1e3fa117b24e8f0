//! `nndl weights`: what each hidden neuron looks for — its 784 input weights drawn as a
//! 28×28 picture — and the weights exported for other tools.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use nndl_nn::Network;

use crate::atomic;
use crate::checkpoint::RunState;
use crate::format::{count, layer_names};
use crate::help::FILES;
use crate::model;
use crate::paths;
use crate::tiles;
use crate::values::within;
use nndl_vision::SIDE;

const EXAMPLES: &str = "\
Examples:
  nndl weights                                    model.nndl's hidden neurons in hidden.png
  nndl weights --model big.nndl --png big.png --scale 2
  nndl weights --learned                          only what training changed, without the random start
  nndl weights --safetensors model.safetensors    for PyTorch, candle or NumPy (tensors w1, b1, w2, b2…)

Red pixels excite the neuron, blue ones inhibit it; each neuron is scaled to its largest weight.";

/// Draw each hidden neuron's input weights as a 28×28 image, in a grid
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct WeightsArgs {
    /// Neurons per row [range: 1..=1000] [default: about the square root of their number]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = within(1, 1000))]
    columns: Option<u32>,
    /// Pixels per weight [range: 1..=32]
    #[arg(long, value_name = "N", default_value_t = 4, allow_negative_numbers = true, value_parser = within(1, 32))]
    scale: u32,
    /// Draw what training changed: the weights minus the random ones the run started from
    /// (rebuilt from the seed in the model's training record)
    #[arg(long)]
    learned: bool,
    /// The model saved by `nndl train`
    #[arg(long, value_name = "FILE", default_value = "model.nndl", help_heading = FILES)]
    model: PathBuf,
    /// Where to draw the grid
    #[arg(long, value_name = "FILE", default_value = "hidden.png", help_heading = FILES)]
    png: PathBuf,
    /// Also export all weights and biases to FILE in the safetensors format
    #[arg(long, value_name = "FILE", help_heading = FILES)]
    safetensors: Option<PathBuf>,
}

/// Runs `nndl weights`.
pub fn run(args: WeightsArgs) -> anyhow::Result<()> {
    paths::check_output(&args.png, "--png", "a PNG file")?;
    if let Some(path) = &args.safetensors {
        paths::check_output(path, "--safetensors", "a safetensors file")?;
    }
    let (net, meta) = model::load(&args.model)?;
    if net.sizes()[0] != SIDE * SIDE {
        return Err(anyhow!(
            "{} takes {} inputs, not 28×28 = 784 pixels: its weights are not pictures",
            args.model.display(),
            net.sizes()[0]
        ));
    }
    let start = if args.learned {
        Some(starting_network(&args, &net, &meta)?)
    } else {
        None
    };
    let scaled = scaled_rows(&net, start.as_ref());
    let neurons = scaled.len();
    let tiles_in: Vec<&[f32]> = scaled.iter().map(Vec::as_slice).collect();
    let columns = args
        .columns
        .map_or_else(|| (neurons as f64).sqrt().ceil() as usize, |c| c as usize);
    // Without a hidden layer each tile is an output neuron, a digit: say which.
    let hidden = net.sizes().len() > 2;
    let grid = if hidden {
        tiles::grid(&tiles_in, columns, args.scale, tiles::diverging)
    } else {
        let digits: Vec<String> = (0..neurons).map(|d| d.to_string()).collect();
        tiles::captioned_grid(&tiles_in, &digits, columns, args.scale, tiles::diverging)
    };
    crate::png::save(&args.png, &grid)?;
    println!(
        "Wrote {} ({}×{} pixels): the {}input weights of each of the {} of {} ({} per row); red excites, blue inhibits",
        args.png.display(),
        grid.width(),
        grid.height(),
        if args.learned { "learned change of the " } else { "" },
        count(neurons, if hidden { "hidden neuron" } else { "output neuron" }),
        layer_names(net.sizes()),
        columns.min(neurons)
    );
    if let Some(path) = &args.safetensors {
        atomic::write_bytes(path, &net.to_safetensors()?)?;
        println!("Exported the weights and biases to {}", path.display());
    }
    Ok(())
}

/// The start of the run, rebuilt from the seed and the initialisation in the training
/// record: it is most of each weight after a short run.
fn starting_network(
    args: &WeightsArgs,
    net: &Network,
    meta: &nndl_nn::Meta,
) -> anyhow::Result<Network> {
    let state = RunState::from_meta(meta)?.ok_or_else(|| {
        anyhow!(
            "{} has no training record, so its starting weights are unknown; draw it without --learned",
            args.model.display()
        )
    })?;
    let options = nndl_nn::NetworkOptions {
        cost: net.cost(),
        activation: net.activation(),
        init: state.init,
    };
    Ok(Network::with_options(&state.layers, &options, state.seed)?)
}

/// Each first-layer neuron's input weights (minus `start`'s), scaled to [−1, 1] by its
/// own largest: each shows its own pattern, whatever its weights' size.
fn scaled_rows(net: &Network, start: Option<&Network>) -> Vec<Vec<f32>> {
    let first = &net.weights()[0];
    (0..first.rows())
        .map(|j| {
            let w: Vec<f32> = match start {
                Some(start) => first
                    .row(j)
                    .iter()
                    .zip(start.weights()[0].row(j))
                    .map(|(w, w0)| w - w0)
                    .collect(),
                None => first.row(j).to_vec(),
            };
            let top = w
                .iter()
                .fold(0.0f32, |m, v| m.max(v.abs()))
                .max(f32::MIN_POSITIVE);
            w.iter().map(|v| v / top).collect()
        })
        .collect()
}
