//! One layout for every command's `--help`: the about line, usage, arguments, then the
//! options in the same groups everywhere, and the examples at the end (`after_help`,
//! starting `Examples:`).
//!
//! - *Options*: what the command does (sizes, seeds, sets…), and `--help`;
//! - [`FILES`]: the files it reads and writes (`--model`, `--data`, `--out`, `--plot`…);
//! - [`OUTPUT`]: how it prints (`--json`, `--quiet`, `--ascii`).

/// The heading of the options naming files read or written.
pub const FILES: &str = "Files";
/// The heading of the options choosing how results are printed.
pub const OUTPUT: &str = "Output";
