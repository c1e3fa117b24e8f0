//! `nndl eval`: how well a saved network reads one of the three sets — overall, digit by
//! digit, and which digits it takes for which.

use std::path::PathBuf;

use anyhow::{anyhow, Context};
use clap::Args;

use crate::confusion::{self, Counts};
use crate::format::{count, digit_list, layer_names};
use crate::help::{FILES, OUTPUT};
use crate::labelled::{self, Labelled};
use crate::model;
use crate::paths;
use crate::plot;
use crate::sets::{DataArgs, Loaded, SetName};
use nndl_vision::SIDE;

const EXAMPLES: &str = "\
Examples:
  nndl eval                                   model.nndl on the 10,000 test images
  nndl eval --model big.nndl --set validation
  nndl eval --plot confusion.png              also draw the confusion matrix
  nndl eval --json > scores.json
  nndl eval --images my-digits/               your own labelled pictures: 7_a.png, 7_b.png, 3_x.jpg …";

/// Measure a trained network: accuracy, accuracy per digit and the confusion matrix
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct EvalArgs {
    /// The set to evaluate on
    #[arg(long, value_enum, value_name = "SET", default_value = "test")]
    set: SetName,
    /// Evaluate on the pictures in DIR instead, each named DIGIT_ANYTHING (e.g.
    /// 7_mine.png) and prepared as `nndl predict` prepares a picture
    #[arg(long, value_name = "DIR", conflicts_with = "set")]
    images: Option<PathBuf>,
    /// The model saved by `nndl train`
    #[arg(long, value_name = "FILE", default_value = "model.nndl", help_heading = FILES)]
    model: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Draw the confusion matrix to FILE (.png or .svg)
    #[arg(long, value_name = "FILE", help_heading = FILES)]
    plot: Option<PathBuf>,
    /// Print a JSON document instead of text
    #[arg(long, help_heading = OUTPUT)]
    json: bool,
}

/// Runs `nndl eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    if let Some(plot) = &args.plot {
        plot::Format::of(plot, "--plot")?;
        paths::check_output(plot, "--plot", "a picture")?;
    }
    let (net, _) = model::load(&args.model)?;
    let examples = Examples::of(&args)?;
    net.check_input_size(examples.input_size())
        .with_context(|| format!("{} does not fit MNIST", args.model.display()))?;
    let outputs = net.sizes().last().copied().unwrap_or(0);
    if outputs < 10 {
        return Err(anyhow!(
            "{} has {outputs} outputs, fewer than the 10 digits",
            args.model.display()
        ));
    }
    let (inputs, labels) = examples.data();
    let counts = confusion::counts(&net, inputs, labels);
    let layers = layer_names(net.sizes());
    let what = examples.what();
    if args.json {
        println!("{:#}", json(&args, net.sizes(), &counts));
    } else {
        println!("{} ({layers}) on {what}", args.model.display());
        print!("{}", report(&counts));
    }
    if let Some(path) = &args.plot {
        let (correct, total) = score(&counts);
        let title = format!("{layers} on {what}: {correct} / {total}");
        plot::confusion_matrix(path, &counts, &title)?;
        if !args.json {
            println!("Confusion matrix drawn in {}", path.display());
        }
    }
    let failed = examples.failed();
    if !failed.is_empty() {
        for message in failed {
            eprintln!("nndl: error: {message}");
        }
        return Err(anyhow!(
            "{} of {} could not be read",
            failed.len(),
            count(failed.len() + labels.len(), "picture")
        ));
    }
    Ok(())
}

/// What is evaluated: a set of MNIST, or a folder of labelled pictures.
enum Examples {
    Mnist(Loaded, SetName),
    Folder(Labelled, PathBuf),
}

impl Examples {
    fn of(args: &EvalArgs) -> anyhow::Result<Examples> {
        Ok(match &args.images {
            Some(dir) => Examples::Folder(labelled::read_folder(dir)?, dir.clone()),
            None => Examples::Mnist(args.data.load()?, args.set),
        })
    }

    /// The inputs (row-major) and their labels, borrowed: no copy of a set.
    fn data(&self) -> (&[f32], &[u8]) {
        match self {
            Examples::Mnist(loaded, set) => {
                let set = set.of(&loaded.mnist);
                (&set.inputs, &set.labels)
            }
            Examples::Folder(pictures, _) => (&pictures.inputs, &pictures.labels),
        }
    }

    /// Values per input.
    fn input_size(&self) -> usize {
        match self {
            Examples::Mnist(loaded, set) => set.of(&loaded.mnist).input_size(),
            Examples::Folder(..) => SIDE * SIDE,
        }
    }

    /// "the 10,000 test images", "the 37 pictures in my-digits".
    fn what(&self) -> String {
        match self {
            Examples::Mnist(_, set) => set.describe(self.data().1.len()),
            Examples::Folder(pictures, dir) => format!(
                "the {} in {}",
                count(pictures.labels.len(), "picture"),
                dir.display()
            ),
        }
    }

    /// The pictures of a folder that could not be read.
    fn failed(&self) -> &[String] {
        match self {
            Examples::Folder(pictures, _) => &pictures.failed,
            Examples::Mnist(..) => &[],
        }
    }
}

/// Right answers and examples.
fn score(counts: &Counts) -> (u64, u64) {
    let correct = (0..10).map(|d| counts[d][d]).sum();
    (correct, counts.iter().flatten().sum())
}

/// The text report after the title line: accuracy, per digit, the matrix, the worst
/// mistake and any digit hardly ever answered.
fn report(counts: &Counts) -> String {
    let (correct, total) = score(counts);
    let mut out = format!(
        "Accuracy: {correct} / {total} ({:.2}%)\n\n",
        100.0 * correct as f64 / total.max(1) as f64
    );
    out.push_str(&per_digit_table(counts));
    out.push('\n');
    out.push_str(&confusion_table(counts));
    if let Some((t, p, n)) = confusion::worst(counts) {
        let times = if n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        };
        out.push_str(&format!(
            "\nMost frequent mistake: {t} read as {p} ({times})\n"
        ));
    }
    let dead = confusion::rarely_predicted(counts);
    if !dead.is_empty() {
        out.push_str(&format!(
            "Hardly ever answered: {} (less than a tenth as often as in the data; \
             docs/results.md tells why a chapter-1 network does this)\n",
            digit_list(&dead)
        ));
    }
    out
}

fn json(args: &EvalArgs, layers: &[usize], counts: &Counts) -> serde_json::Value {
    let (correct, total) = score(counts);
    let per_digit: Vec<_> = (0..10)
        .map(|d| {
            let n: u64 = counts[d].iter().sum();
            serde_json::json!({"digit": d, "correct": counts[d][d], "total": n})
        })
        .collect();
    serde_json::json!({
        "model": args.model,
        "layers": layers,
        "set": if args.images.is_some() { "images" } else { args.set.as_str() },
        "images": args.images,
        "correct": correct,
        "total": total,
        "accuracy": correct as f64 / total.max(1) as f64,
        "per_digit": per_digit,
        "confusion": counts,
        "rarely_predicted": confusion::rarely_predicted(counts),
    })
}

fn per_digit_table(counts: &Counts) -> String {
    let mut out = String::from("digit   right / total   accuracy\n");
    for (d, row) in counts.iter().enumerate() {
        let n: u64 = row.iter().sum();
        let pct = 100.0 * row[d] as f64 / n.max(1) as f64;
        out.push_str(&format!("  {d}     {:>5} / {n:<5}   {pct:6.2}%\n", row[d],));
    }
    out
}

fn confusion_table(counts: &Counts) -> String {
    let mut out =
        String::from("Confusion matrix (rows: true digit, columns: predicted digit)\n     ");
    for d in 0..10 {
        out.push_str(&format!("{d:>6}"));
    }
    out.push('\n');
    for (t, row) in counts.iter().enumerate() {
        out.push_str(&format!("  {t}  "));
        for &n in row {
            out.push_str(&format!("{n:>6}"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::confusion::tests::sample as counts;

    #[test]
    fn tables_show_the_counts() {
        let per_digit = per_digit_table(&counts());
        assert!(
            per_digit.contains("  4       104 / 121      85.95%"),
            "{per_digit}"
        );
        let table = confusion_table(&counts());
        let row4 = table.lines().nth(6).unwrap();
        assert!(
            row4.starts_with("  4  ") && row4.ends_with("    17"),
            "{row4}"
        );
    }
}
