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

/// The error and its causes in one line, `outer: inner: …`. A cause whose text its
/// wrapper already shows (errors that print their source as part of themselves) is not
/// repeated.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Wraps(std::io::Error);

    impl fmt::Display for Wraps {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "model.nndl: {}", self.0)
        }
    }

    impl std::error::Error for Wraps {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn causes_are_joined_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(Wraps(io)).context("cannot load");
        assert_eq!(one_line(&err), "cannot load: model.nndl: no such file");
    }

    #[test]
    fn exit_codes() {
        assert_eq!(exit_code(&usage("bad")), EXIT_USAGE);
        assert_eq!(
            exit_code(&usage("bad").context("while parsing")),
            EXIT_USAGE
        );
        assert_eq!(
            exit_code(&Interrupted("stop".into()).into()),
            EXIT_INTERRUPTED
        );
        assert_eq!(exit_code(&anyhow::anyhow!("disk full")), EXIT_RUNTIME);
    }
}
