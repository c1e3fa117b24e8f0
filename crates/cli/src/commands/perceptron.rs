//! `nndl perceptron …`: the perceptron demos from the first half of the chapter.

use std::fmt::Write as _;

use clap::Subcommand;
use nndl_nn::adder::{half_adder, half_adder_merged, RippleCarryAdder};
use nndl_nn::Perceptron;

use crate::error::UsageError;

const EXAMPLES: &str = "\
Examples:
  nndl perceptron nand               the NAND perceptron's truth table
  nndl perceptron add 200 55         NAND perceptrons adding two numbers";

/// Perceptron demos from the first half of the chapter
#[derive(Debug, Subcommand)]
#[command(after_help = EXAMPLES)]
pub enum PerceptronCommand {
    /// Print the truth table of the NAND perceptron (w = (−2, −2), b = 3).
    #[command(after_help = "Examples:\n  nndl perceptron nand")]
    Nand,
    /// Print the truth table of the chapter's two-bit adder built from NAND perceptrons.
    ///
    /// Also shows the variant whose carry unit has one −4 edge instead of two −2 edges.
    #[command(after_help = "Examples:\n  nndl perceptron adder")]
    Adder,
    /// Print the cheese-festival decision for every situation.
    ///
    /// The evidence is weighted 6 (good weather), 2 (partner comes), 2 (near transit).
    #[command(after_help = "Examples:\n  nndl perceptron cheese --threshold 3")]
    Cheese {
        /// Go when the weighted evidence is above this threshold (eq. (1)).
        #[arg(
            long,
            value_name = "T",
            default_value_t = 5.0,
            allow_negative_numbers = true
        )]
        threshold: f32,
    },
    /// Add two whole numbers with an n-bit ripple-carry adder made only of NAND perceptrons.
    #[command(after_help = "Examples:\n  nndl perceptron add 200 55 --bits 8")]
    Add {
        /// First number.
        a: u64,
        /// Second number.
        b: u64,
        /// Adder width in bits [range: 1..=64] [default: just wide enough for A and B]
        #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::values::within(1, 64))]
        bits: Option<u32>,
    },
}

/// Runs one perceptron subcommand, printing its table to standard output.
pub fn run(cmd: PerceptronCommand) -> anyhow::Result<()> {
    let text = match cmd {
        PerceptronCommand::Nand => nand_table(),
        PerceptronCommand::Adder => adder_table(),
        PerceptronCommand::Cheese { threshold } => cheese_table(threshold)?,
        PerceptronCommand::Add { a, b, bits } => add(a, b, bits)?,
    };
    print!("{text}");
    Ok(())
}

/// Every pair of bits, in counting order.
const PAIRS: [[u8; 2]; 4] = [[0, 0], [0, 1], [1, 0], [1, 1]];

fn nand_table() -> String {
    let p = Perceptron::nand();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "NAND perceptron: w = ({}, {}), b = {}; output 1 if w·x + b > 0, else 0\n",
        p.weights[0], p.weights[1], p.bias
    );
    let _ = writeln!(s, "x1  x2  w·x + b  output");
    for x in PAIRS {
        let _ = writeln!(
            s,
            "{:>2}  {:>2}  {:>7}  {:>6}",
            x[0],
            x[1],
            p.weighted_input(&x),
            p.output(&x)
        );
    }
    s
}

fn adder_table() -> String {
    let plain = half_adder();
    let merged = half_adder_merged();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "The chapter's adder: five NAND perceptrons (w = (-2, -2), b = 3); sum = x1 XOR x2, \
         carry = x1 AND x2.\nThe merged variant joins the carry unit's two -2 edges into one -4 edge.\n"
    );
    let _ = writeln!(s, "x1  x2  sum  carry  merged sum  merged carry  x1 + x2");
    for x in PAIRS {
        let p = plain.output(&x);
        let m = merged.output(&x);
        let _ = writeln!(
            s,
            "{:>2}  {:>2}  {:>3}  {:>5}  {:>10}  {:>12}  {:>7}",
            x[0],
            x[1],
            p[0],
            p[1],
            m[0],
            m[1],
            x[0] + x[1]
        );
    }
    s
}

fn cheese_table(threshold: f32) -> anyhow::Result<String> {
    if !threshold.is_finite() {
        return Err(UsageError(format!(
            "--threshold must be a finite number, not {threshold}"
        ))
        .into());
    }
    let p = Perceptron::cheese_festival(threshold);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Cheese festival: weights 6 (weather), 2 (partner), 2 (transit); threshold {threshold} \
         (bias {}).\nGo when the weighted evidence w·x is above the threshold.\n",
        p.bias
    );
    let _ = writeln!(s, "weather  partner  transit  w·x  go?");
    for i in 0..8u8 {
        let x = [(i >> 2) & 1, (i >> 1) & 1, i & 1];
        let evidence = p.weighted_input(&x) - p.bias;
        let yes_no = |b: u8| if b == 1 { "yes" } else { "no" };
        let _ = writeln!(
            s,
            "{:<7}  {:<7}  {:<7}  {:>3}  {:>3}",
            if x[0] == 1 { "good" } else { "bad" },
            yes_no(x[1]),
            yes_no(x[2]),
            evidence,
            yes_no(p.output(&x))
        );
    }
    Ok(s)
}

fn add(a: u64, b: u64, bits: Option<u32>) -> anyhow::Result<String> {
    let needed = (64 - a.max(b).leading_zeros()).max(1);
    let bits = bits.unwrap_or(needed);
    let adder = RippleCarryAdder::new(bits).map_err(|e| UsageError(format!("--bits: {e}")))?;
    for (name, v) in [("A", a), ("B", b)] {
        if v > adder.max_operand() {
            return Err(UsageError(format!(
                "{name} = {v} does not fit in --bits {bits} (largest is {}); use --bits {needed} or more",
                adder.max_operand()
            ))
            .into());
        }
    }
    let sum = adder.add(a, b)?;
    let exact = u128::from(a) + u128::from(b);
    anyhow::ensure!(
        sum.value == exact,
        "the perceptron adder gave {} but {a} + {b} = {exact}",
        sum.value
    );
    let width = sum.value.to_string().len();
    let n = bits as usize;
    let mut s = String::new();
    let _ = writeln!(s, "  {a:>width$} = 0b {a:0n$b}");
    let _ = writeln!(s, "+ {b:>width$} = 0b {b:0n$b}");
    let _ = writeln!(
        s,
        "= {:>width$} = 0b{:0w$b}",
        sum.value,
        sum.value,
        w = n + 1
    );
    let _ = writeln!(
        s,
        "\n{bits}-bit ripple-carry adder of NAND perceptrons: {} perceptrons evaluated, {} fired",
        sum.evaluated, sum.fired
    );
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_aligned_columns() {
        for table in [nand_table(), adder_table(), cheese_table(3.0).unwrap()] {
            let rows: Vec<&str> = table
                .lines()
                .skip_while(|l| !l.is_empty())
                .skip(1)
                .collect();
            let widths: Vec<usize> = rows.iter().map(|r| r.chars().count()).collect();
            assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
        }
    }

    #[test]
    fn add_chooses_a_width_and_refuses_operands_too_wide() {
        let out = add(200, 55, None).unwrap();
        assert!(out.contains("= 255 = 0b011111111"), "{out}");
        assert!(out.contains("8-bit"), "{out}");
        let err = add(256, 1, Some(8)).unwrap_err();
        assert!(err.is::<UsageError>());
        assert_eq!(
            err.to_string(),
            "A = 256 does not fit in --bits 8 (largest is 255); use --bits 9 or more"
        );
        assert!(add(0, 0, None).unwrap().contains("1-bit"));
    }
}
