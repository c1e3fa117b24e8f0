//! `nndl weights`: what each hidden neuron looks for — its 784 input weights drawn as a
//! 28×28 picture — and the weights exported for other tools.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;
use nndl_nn::Network;

use crate::atomic;
use crate::checkpoint::RunState;
use crate::commands::train::layer_names;
use crate::model;
use crate::prepare::SIDE;
use crate::tiles;

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
    /// The model saved by `nndl train`
    #[arg(long, value_name = "FILE", default_value = "model.nndl")]
    model: PathBuf,
    /// Where to draw the grid
    #[arg(long, value_name = "FILE", default_value = "hidden.png")]
    png: PathBuf,
    /// Neurons per row [default: about the square root of their number]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    columns: Option<u32>,
    /// Pixels per weight
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=32))]
    scale: u32,
    /// Draw what training changed: the weights minus the random ones the run started from
    /// (rebuilt from the seed in the model's training record)
    #[arg(long)]
    learned: bool,
    /// Also export all weights and biases to FILE in the safetensors format
    #[arg(long, value_name = "FILE")]
    safetensors: Option<PathBuf>,
}

/// Runs `nndl weights`.
pub fn run(args: WeightsArgs) -> anyhow::Result<()> {
    let (net, meta) = model::load(&args.model)?;
    if net.input_size() != SIDE * SIDE {
        return Err(anyhow!(
            "{} takes {} inputs, not 28×28 = 784 pixels: its weights are not pictures",
            args.model.display(),
            net.input_size()
        ));
    }
    let first = &net.weights()[0];
    let neurons = first.rows();
    // The N(0, 1) start is most of each weight after a short run; the seed rebuilds it.
    let start = if args.learned {
        let state = RunState::from_meta(&meta)?.ok_or_else(|| {
            anyhow!(
                "{} has no training record, so its starting weights are unknown; draw it without --learned",
                args.model.display()
            )
        })?;
        Some(Network::new(&state.layers, state.seed)?)
    } else {
        None
    };
    // One scale per neuron: each shows its own pattern, whatever its weights' size.
    let scaled: Vec<Vec<f32>> = (0..neurons)
        .map(|j| {
            let w: Vec<f32> = match &start {
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
        .collect();
    let tiles_in: Vec<&[f32]> = scaled.iter().map(Vec::as_slice).collect();
    let columns = args
        .columns
        .map_or_else(|| (neurons as f64).sqrt().ceil() as usize, |c| c as usize);
    let grid = tiles::grid(&tiles_in, columns, args.scale, tiles::diverging);
    tiles::save_png(&args.png, &grid)?;
    let layer = if net.num_layers() > 2 {
        "hidden neuron"
    } else {
        "output neuron"
    };
    println!(
        "Wrote {} ({}×{} pixels): the {}input weights of each of the {neurons} {layer}s of {} ({} per row); red excites, blue inhibits",
        args.png.display(),
        grid.width(),
        grid.height(),
        if args.learned { "learned change of the " } else { "" },
        layer_names(net.sizes()),
        columns.min(neurons)
    );
    if let Some(path) = &args.safetensors {
        atomic::write_bytes(path, &net.to_safetensors()?)?;
        println!("Exported the weights and biases to {}", path.display());
    }
    Ok(())
}
