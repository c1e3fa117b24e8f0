//! `nndl eval`: how well a saved network reads one of the three sets — overall, digit by
//! digit, and which digits it takes for which.

use std::path::PathBuf;

use anyhow::{anyhow, Context};
use clap::Args;
use nndl_nn::{argmax, Network};

use crate::commands::train::layer_names;
use crate::model;
use crate::plot;
use crate::sets::{DataArgs, SetName};

const EXAMPLES: &str = "\
Examples:
  nndl eval                                   model.nndl on the 10,000 test images
  nndl eval --model big.nndl --set validation
  nndl eval --plot confusion.png              also draw the confusion matrix
  nndl eval --json > scores.json";

/// Measure a trained network: accuracy, accuracy per digit and the confusion matrix
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct EvalArgs {
    /// The model saved by `nndl train`
    #[arg(long, value_name = "FILE", default_value = "model.nndl")]
    model: PathBuf,
    /// The set to evaluate on
    #[arg(long, value_enum, value_name = "SET", default_value = "test")]
    set: SetName,
    #[command(flatten)]
    data: DataArgs,
    /// Draw the confusion matrix to FILE (.png or .svg)
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Print a JSON document instead of text
    #[arg(long)]
    json: bool,
}

/// Runs `nndl eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    if let Some(plot) = &args.plot {
        plot::Format::of(plot, "--plot")?;
    }
    let (net, _) = model::load(&args.model)?;
    let loaded = args.data.load()?;
    let set = args.set.of(&loaded.mnist);
    net.check_input_size(set.input_size())
        .with_context(|| format!("{} does not fit MNIST", args.model.display()))?;
    if net.output_size() < 10 {
        return Err(anyhow!(
            "{} has {} outputs, fewer than the 10 digits",
            args.model.display(),
            net.output_size()
        ));
    }

    let counts = confusion_counts(&net, &set.inputs, &set.labels);
    let correct: u64 = (0..10).map(|d| counts[d][d]).sum();
    let total = set.len() as u64;
    let what = args.set.describe(set.len());

    if args.json {
        let per_digit: Vec<_> = (0..10)
            .map(|d| {
                let n: u64 = counts[d].iter().sum();
                serde_json::json!({"digit": d, "correct": counts[d][d], "total": n})
            })
            .collect();
        let doc = serde_json::json!({
            "model": args.model,
            "layers": net.sizes(),
            "set": args.set.as_str(),
            "correct": correct,
            "total": total,
            "accuracy": correct as f64 / total.max(1) as f64,
            "per_digit": per_digit,
            "confusion": counts,
            "rarely_predicted": rarely_predicted(&counts),
        });
        println!("{doc:#}");
    } else {
        println!(
            "{} ({}) on {what}",
            args.model.display(),
            layer_names(net.sizes())
        );
        println!(
            "Accuracy: {correct} / {total} ({:.2}%)",
            100.0 * correct as f64 / total.max(1) as f64
        );
        println!();
        print!("{}", per_digit_table(&counts));
        println!();
        print!("{}", confusion_table(&counts));
        if let Some((t, p, n)) = worst_confusion(&counts) {
            println!("\nMost frequent mistake: {t} read as {p} ({n} times)");
        }
        let dead = rarely_predicted(&counts);
        if !dead.is_empty() {
            println!(
                "Hardly ever answered: {} (less than a tenth as often as in the data; \
                 docs/results.md tells why a chapter-1 network does this)",
                digit_list(&dead)
            );
        }
    }
    if let Some(path) = &args.plot {
        let title = format!(
            "{} on {what}: {correct} / {total}",
            layer_names(net.sizes())
        );
        plot::confusion_matrix(path, &counts, &title)?;
        if !args.json {
            println!("Confusion matrix drawn in {}", path.display());
        }
    }
    Ok(())
}

/// `counts[true digit][predicted digit]` over the examples (`inputs` row-major, one row
/// per label); an answer above 9 counts as 9.
pub(crate) fn confusion_counts(net: &Network, inputs: &[f32], labels: &[u8]) -> [[u64; 10]; 10] {
    let mut counts = [[0u64; 10]; 10];
    let outputs = net.feedforward_batch(inputs);
    for (i, &label) in labels.iter().enumerate() {
        let predicted = argmax(outputs.row(i)).min(9);
        counts[usize::from(label).min(9)][predicted] += 1;
    }
    counts
}

/// The digits the network hardly ever answers: less than a tenth as often as they
/// occur in the examples.
pub(crate) fn rarely_predicted(counts: &[[u64; 10]; 10]) -> Vec<usize> {
    (0..10)
        .filter(|&p| {
            let shown: u64 = counts[p].iter().sum();
            let answered: u64 = counts.iter().map(|row| row[p]).sum();
            shown > 0 && answered * 10 < shown
        })
        .collect()
}

/// "3", "3 or 8", "1, 4 or 7".
pub(crate) fn digit_list(digits: &[usize]) -> String {
    match digits {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} or {last}",
            rest.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn per_digit_table(counts: &[[u64; 10]; 10]) -> String {
    let mut out = String::from("digit   right / total   accuracy\n");
    for (d, row) in counts.iter().enumerate() {
        let n: u64 = row.iter().sum();
        let pct = 100.0 * row[d] as f64 / n.max(1) as f64;
        out.push_str(&format!("  {d}     {:>5} / {n:<5}   {pct:6.2}%\n", row[d],));
    }
    out
}

fn confusion_table(counts: &[[u64; 10]; 10]) -> String {
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

/// The off-diagonal cell with the most examples: (true, predicted, count).
fn worst_confusion(counts: &[[u64; 10]; 10]) -> Option<(usize, usize, u64)> {
    let mut worst = None;
    for (t, row) in counts.iter().enumerate() {
        for (p, &n) in row.iter().enumerate() {
            if t != p && n > 0 && worst.is_none_or(|(_, _, w)| n > w) {
                worst = Some((t, p, n));
            }
        }
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> [[u64; 10]; 10] {
        let mut c = [[0u64; 10]; 10];
        for (d, row) in c.iter_mut().enumerate() {
            row[d] = 100 + d as u64;
        }
        c[4][9] = 17;
        c[7][2] = 5;
        c
    }

    #[test]
    fn digits_hardly_ever_answered_are_found() {
        assert_eq!(rarely_predicted(&counts()), Vec::<usize>::new());
        let mut c = counts();
        // 3 is never answered, 8 once for 108 images of it: both stuck.
        for (t, p) in [(3, 5), (8, 0)] {
            c[t][p] += c[t][t];
            c[t][t] = 0;
        }
        c[8][8] = 1;
        c[8][0] -= 1;
        assert_eq!(rarely_predicted(&c), vec![3, 8]);
        // 8 answered 11 times for 108 images: rare, not stuck.
        c[8][8] = 11;
        c[8][0] -= 10;
        assert_eq!(rarely_predicted(&c), vec![3]);
        // A digit with no examples at all is not counted.
        c[6] = [0; 10];
        for row in c.iter_mut() {
            row[6] = 0;
        }
        assert_eq!(rarely_predicted(&c), vec![3]);
        assert_eq!(digit_list(&[3]), "3");
        assert_eq!(digit_list(&[3, 8]), "3 or 8");
        assert_eq!(digit_list(&[1, 4, 7]), "1, 4 or 7");
    }

    #[test]
    fn the_worst_confusion_is_off_the_diagonal() {
        assert_eq!(worst_confusion(&counts()), Some((4, 9, 17)));
        let mut perfect = [[0u64; 10]; 10];
        perfect[3][3] = 10;
        assert_eq!(worst_confusion(&perfect), None);
    }

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
