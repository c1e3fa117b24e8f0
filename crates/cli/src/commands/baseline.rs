//! `nndl baseline`: the chapter's yardsticks for the network — guessing at random, and
//! guessing by how dark the image is.

use clap::{Args, ValueEnum};
use nndl_mnist::Dataset;

use crate::format::thousands;
use crate::help::OUTPUT;
use crate::sets::{DataArgs, SetName};
use crate::values::non_negative;

const EXAMPLES: &str = "\
Examples:
  nndl baseline                      random guessing and average darkness on the test set
  nndl baseline --set validation --seed 7
  nndl baseline --json";

/// The chapter's baselines: random guessing and the average-darkness classifier
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct BaselineArgs {
    /// The set to classify (the darkness averages always come from the training set)
    #[arg(long, value_enum, value_name = "SET", default_value = "test")]
    set: HeldOut,
    /// Seed of the random guesses
    #[arg(long, value_name = "N", default_value_t = nndl_nn::DEFAULT_SEED, allow_negative_numbers = true, value_parser = non_negative)]
    seed: u64,
    #[command(flatten)]
    data: DataArgs,
    /// Print a JSON document instead of text
    #[arg(long, help_heading = OUTPUT)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HeldOut {
    /// The 10,000 test images.
    Test,
    /// The 10,000 validation images.
    Validation,
}

/// Runs `nndl baseline`.
pub fn run(args: BaselineArgs) -> anyhow::Result<()> {
    let loaded = args.data.load()?;
    let mnist = &loaded.mnist;
    let name = match args.set {
        HeldOut::Test => SetName::Test,
        HeldOut::Validation => SetName::Validation,
    };
    let set = name.of(mnist);
    let random = random_guessing(&set.labels, args.seed);
    let averages = average_darkness(&mnist.training);
    let darkness = set
        .iter()
        .filter(|&(image, label)| closest_average(&averages, darkness(image)) == usize::from(label))
        .count();
    let total = set.len();
    let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;

    if args.json {
        let doc = serde_json::json!({
            "set": name.as_str(),
            "total": total,
            "random": {"seed": args.seed, "correct": random},
            "average_darkness": {"correct": darkness, "averages": averages},
        });
        println!("{doc:#}");
        return Ok(());
    }
    println!(
        "Baselines on {} (averages from {})",
        name.describe(total),
        SetName::Train.describe(mnist.training.len())
    );
    println!(
        "  random guessing (seed {}):  {random:>5} / {total}  ({:5.2}%)",
        args.seed,
        pct(random)
    );
    println!(
        "  average darkness:          {darkness:>5} / {total}  ({:5.2}%)   the book: 2,225 / 10,000",
        pct(darkness)
    );
    println!();
    println!("Average darkness (sum of the pixels) of each digit in the training set:");
    for (d, a) in averages.iter().enumerate() {
        println!("  {d}  {a:6.1}");
    }
    println!(
        "A network does far better: `nndl train`, then `nndl eval` (about 95% with {} images to learn from).",
        thousands(mnist.training.len())
    );
    Ok(())
}

/// How many labels a guess drawn uniformly from 0–9 gets right.
fn random_guessing(labels: &[u8], seed: u64) -> usize {
    let mut rng = nndl_nn::init::rng(seed, 0);
    labels
        .iter()
        .filter(|&&label| nndl_nn::init::uniform_below(&mut rng, 10) == u64::from(label))
        .count()
}

/// How dark an image is: the sum of its pixels, as the book's `mnist_average_darkness.py`.
fn darkness(image: &[f32]) -> f64 {
    image.iter().map(|&p| f64::from(p)).sum()
}

/// The mean darkness of each digit's training images.
fn average_darkness(training: &Dataset) -> Vec<f64> {
    let mut sums = [0.0f64; 10];
    let mut counts = [0usize; 10];
    for (image, label) in training.iter() {
        sums[usize::from(label)] += darkness(image);
        counts[usize::from(label)] += 1;
    }
    sums.iter()
        .zip(counts)
        .map(|(s, n)| if n == 0 { f64::NAN } else { s / n as f64 })
        .collect()
}

/// The digit whose average darkness is nearest to `d` (the lower digit on ties).
fn closest_average(averages: &[f64], d: f64) -> usize {
    let mut best = 0;
    for (digit, a) in averages.iter().enumerate() {
        if (a - d).abs() < (averages[best] - d).abs() || averages[best].is_nan() {
            best = digit;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_guessing_is_right_about_a_tenth_of_the_time() {
        let labels: Vec<u8> = (0..100_000).map(|i| (i % 10) as u8).collect();
        let right = random_guessing(&labels, 3);
        assert!((9_500..10_500).contains(&right), "{right}");
        assert_eq!(right, random_guessing(&labels, 3), "seeded");
    }

    #[test]
    fn darkness_picks_the_nearest_average() {
        let averages = [10.0, 50.0, 30.0];
        assert_eq!(closest_average(&averages, 12.0), 0);
        assert_eq!(closest_average(&averages, 41.0), 1);
        assert_eq!(closest_average(&averages, 33.0), 2);
        assert_eq!(closest_average(&[f64::NAN, 5.0], 4.0), 1);
    }
}
