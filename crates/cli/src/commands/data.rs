//! `nndl data`: checking the MNIST files, and downloading them where they are missing.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::format::count;
use crate::help::FILES;
use crate::sets::DataArgs;

const VERIFY_EXAMPLES: &str = "\
Examples:
  nndl data verify                    the bundled data/mnist/
  nndl data verify --data ~/mnist";

const FETCH_EXAMPLES: &str = "\
Examples:
  nndl data fetch                     into data/mnist/
  nndl data fetch --data ~/mnist && MNIST_DIR=~/mnist nndl train";

const EXAMPLES: &str = "\
Examples:
  nndl data verify                    check the bundled data/mnist/
  nndl data fetch --data ~/mnist      download the four files into ~/mnist";

/// Check or download the MNIST files
#[derive(Debug, Subcommand)]
#[command(after_help = EXAMPLES)]
pub enum DataCommand {
    /// Check the four MNIST files against their known SHA-256 sums
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Download the four MNIST files over HTTPS, checking their sums
    #[command(after_help = FETCH_EXAMPLES)]
    Fetch(FetchArgs),
}

/// Arguments of `nndl data verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    data: DataArgs,
}

/// Arguments of `nndl data fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Base URL to download from instead of the public mirrors (repeat for several)
    #[arg(long, value_name = "URL")]
    mirror: Vec<String>,
    /// Directory to download into (created if missing)
    #[arg(long = "data", alias = "dir", value_name = "DIR", default_value = "data/mnist", help_heading = FILES)]
    dir: PathBuf,
}

/// Runs `nndl data …`.
pub fn run(command: DataCommand) -> anyhow::Result<()> {
    match command {
        DataCommand::Verify(args) => verify(args),
        DataCommand::Fetch(args) => fetch(args),
    }
}

fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let dir = nndl_mnist::locate(args.data.data.as_deref())?;
    let checks = nndl_mnist::verify(&dir)?;
    for check in &checks {
        println!("OK  {}  sha256 {}", check.path.display(), check.actual);
    }
    println!(
        "All {} in {} have the right contents.",
        count(checks.len(), "MNIST file"),
        dir.display()
    );
    Ok(())
}

fn fetch(args: FetchArgs) -> anyhow::Result<()> {
    let mirrors: Vec<&str> = if args.mirror.is_empty() {
        nndl_mnist::fetch::DEFAULT_MIRRORS.to_vec()
    } else {
        args.mirror.iter().map(String::as_str).collect()
    };
    let bars = std::io::stderr().is_terminal();
    let mut bar: Option<(String, ProgressBar)> = None;
    let fetched = nndl_mnist::fetch::fetch_files_with_progress(
        &args.dir,
        &mirrors,
        &nndl_mnist::fetch::MNIST_FILES,
        |p| {
            if !bars {
                return;
            }
            if bar.as_ref().is_none_or(|(name, _)| name != p.name) {
                if let Some((_, old)) = bar.take() {
                    old.finish_and_clear();
                }
                let b = ProgressBar::new(p.total.unwrap_or(0)).with_style(
                    ProgressStyle::with_template(
                        "{msg:28} {bar:30.cyan/blue} {bytes:>9}/{total_bytes} {bytes_per_sec}",
                    )
                    .expect("the template is valid"),
                );
                b.set_message(p.name.to_string());
                bar = Some((p.name.to_string(), b));
            }
            if let Some((_, b)) = &bar {
                if let Some(total) = p.total {
                    b.set_length(total);
                }
                b.set_position(p.received);
            }
        },
    )
    .with_context(|| format!("cannot fetch MNIST into {}", args.dir.display()))?;
    if let Some((_, b)) = bar.take() {
        b.finish_and_clear();
    }
    for f in &fetched {
        match &f.from {
            Some(url) => println!("Downloaded {} from {url}", f.path.display()),
            None => println!("Already there: {}", f.path.display()),
        }
    }
    println!("MNIST is ready in {}.", args.dir.display());
    Ok(())
}
