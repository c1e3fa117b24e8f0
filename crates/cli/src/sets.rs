//! Finding and loading the MNIST data for the commands, and naming its three sets.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use nndl_mnist::{Dataset, Mnist, Options};

use crate::format::thousands;
use crate::help::FILES;

/// Where the data is: `--data DIR`, else `$MNIST_DIR`, else `data/mnist/` of the workspace.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Directory holding the four MNIST files (gzipped or not)
    /// [default: $MNIST_DIR, else data/mnist/ found from the current directory]
    #[arg(long, value_name = "DIR", help_heading = FILES)]
    pub data: Option<PathBuf>,
}

impl DataArgs {
    /// Loads MNIST with the book's 50,000 / 10,000 / 10,000 split.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        let start = Instant::now();
        let options = Options {
            dir: self.data.clone(),
            ..Options::default()
        };
        let mnist = Mnist::load(options).context("cannot load MNIST")?;
        Ok(Loaded {
            mnist,
            seconds: start.elapsed().as_secs_f64(),
        })
    }
}

/// The data set and how long it took to read.
pub struct Loaded {
    /// The three sets.
    pub mnist: Mnist,
    /// Seconds spent reading and decoding.
    pub seconds: f64,
}

/// One of the three sets of the book's split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SetName {
    /// The first 50,000 training images.
    Train,
    /// The last 10,000 training images, held out.
    Validation,
    /// The 10,000 test images.
    Test,
}

impl SetName {
    /// The name used in flags, files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            SetName::Train => "train",
            SetName::Validation => "validation",
            SetName::Test => "test",
        }
    }

    /// Parses [`SetName::as_str`].
    pub fn parse(s: &str) -> Option<SetName> {
        [SetName::Train, SetName::Validation, SetName::Test]
            .into_iter()
            .find(|n| n.as_str() == s)
    }

    /// The set itself.
    pub fn of(self, mnist: &Mnist) -> &Dataset {
        match self {
            SetName::Train => &mnist.training,
            SetName::Validation => &mnist.validation,
            SetName::Test => &mnist.test,
        }
    }

    /// "the 10,000 test images".
    pub fn describe(self, len: usize) -> String {
        let what = match self {
            SetName::Train => "training",
            SetName::Validation => "validation",
            SetName::Test => "test",
        };
        format!("the {} {what} images", thousands(len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_names_round_trip() {
        for s in [SetName::Train, SetName::Validation, SetName::Test] {
            assert_eq!(SetName::parse(s.as_str()), Some(s));
        }
        assert_eq!(SetName::Test.describe(10_000), "the 10,000 test images");
    }
}
