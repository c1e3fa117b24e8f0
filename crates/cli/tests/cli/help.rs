//! Every command explains itself with an example; a wrong command line exits with 2.

use crate::common::*;

#[test]
fn every_command_has_help_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        &["--help"][..],
        &["train", "--help"],
        &["eval", "--help"],
        &["predict", "--help"],
        &["show", "--help"],
        &["baseline", "--help"],
        &["weights", "--help"],
        &["data", "verify", "--help"],
        &["data", "fetch", "--help"],
    ] {
        let text = ok(dir.path(), cmd);
        assert!(text.contains("Examples:\n  nndl "), "{cmd:?}:\n{text}");
    }
}

#[test]
fn a_wrong_command_line_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&[][..], &["data"]] {
        // No command at all: clap shows the usage, and it is still a usage error.
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("Usage: nndl"), "{}", stderr(&out));
    }
    fails(dir.path(), &["teach"], 2, &["teach"]);
    let out = run(dir.path(), &["--version"]);
    assert!(stdout(&out).starts_with("nndl "));
}
