//! The two kinds of failure the command line tells apart by exit code.

use std::fmt;

/// A mistake in how the command was called (a bad flag value, an out-of-range
/// number): reported in one line with exit code 2, like clap's own usage errors.
///
/// Return it wrapped in `anyhow::Error`; `main` looks for it to choose the exit code.
/// Every other error is a runtime error and exits with code 1.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for a runtime error (missing file, bad data, diverged training…).
pub const EXIT_RUNTIME: u8 = 1;
/// Exit code for a usage error (what clap uses too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code after Ctrl-C stopped the work: 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// The user stopped the work with Ctrl-C; the message says what was kept and how to go on.
/// Not a failure: `main` prints it without "error" and exits with [`EXIT_INTERRUPTED`].
#[derive(Debug)]
pub struct Interrupted(pub String);

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Interrupted {}

/// Chooses the exit code for an error: 2 when a [`UsageError`] is anywhere in its chain,
/// 130 for [`Interrupted`], else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|e| e.is::<UsageError>()) {
        EXIT_USAGE
    } else if err.is::<Interrupted>() {
        EXIT_INTERRUPTED
    } else {
        EXIT_RUNTIME
    }
}

/// A [`UsageError`] as an `anyhow::Error`, for `return Err(usage(…))`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}
