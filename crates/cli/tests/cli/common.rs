//! Shared helpers of the command-line tests: run `nndl` in a scratch directory on the
//! bundled MNIST, and check the promises every command makes about its output.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The bundled MNIST files.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist")
}

/// Writes a freshly initialised network of layer sizes `sizes` to `path` as a model file.
pub fn write_model(path: &Path, sizes: &[usize], seed: u64) {
    let net = nndl_nn::Network::new(sizes, seed).unwrap();
    std::fs::write(path, net.to_bytes(&nndl_nn::Meta::new())).unwrap();
}

/// `nndl` run in `dir`, on the bundled data, with no terminal and no colour settings.
pub fn nndl(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nndl"));
    cmd.current_dir(dir)
        .env("MNIST_DIR", data_dir())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env("TERM", "xterm-256color")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// Runs `nndl args…` in `dir` and returns its output, whatever the exit code.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    nndl(dir).args(args).output().expect("nndl runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts success and returns standard output.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "nndl {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// The (right, total) of the `Accuracy: R / T (…%)` line `nndl eval` prints.
pub fn accuracy(text: &str) -> (usize, usize) {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("Accuracy: "))
        .unwrap_or_else(|| panic!("no accuracy line in:\n{text}"));
    let mut words = line.split(' ');
    let right = words.next().and_then(|w| w.parse().ok());
    let total = words.nth(1).and_then(|w| w.parse().ok());
    match (right, total) {
        (Some(r), Some(t)) => (r, t),
        _ => panic!("not `R / T`: {line}"),
    }
}

/// Asserts that `nndl args…` fails with exit code `code` and a one-line error containing
/// every one of `words`, without a panic or a backtrace. Returns the error line.
pub fn fails(dir: &Path, args: &[&str], code: i32, words: &[&str]) -> String {
    let out = run(dir, args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "nndl {args:?}: expected exit code {code}\nstdout:\n{}\nstderr:\n{err}",
        stdout(&out)
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    // clap's own usage errors add a usage line and a hint; ours are one line.
    let first = lines.first().copied().unwrap_or_default();
    assert!(
        first.starts_with("nndl: error: ") || first.starts_with("error: "),
        "{err}"
    );
    if first.starts_with("nndl: error: ") {
        assert_eq!(lines.len(), 1, "one line expected:\n{err}");
    }
    assert!(
        err.matches("(os error").count() <= 1,
        "a cause repeated:\n{err}"
    );
    for word in words {
        assert!(err.contains(word), "nndl {args:?}: {word:?} not in:\n{err}");
    }
    err
}

/// Trains a 784-30-10 network for `epochs` epochs on the first `train_size` images into
/// `dir/name` and returns its path.
pub fn train(dir: &Path, name: &str, epochs: usize, train_size: usize, extra: &[&str]) -> PathBuf {
    let (epochs, size) = (epochs.to_string(), train_size.to_string());
    let mut args = vec![
        "train",
        "--epochs",
        &epochs,
        "--train-size",
        &size,
        "--out",
        name,
    ];
    args.extend_from_slice(extra);
    ok(dir, &args);
    dir.join(name)
}

/// Every weight and bias, exactly.
pub fn parameters(model: &Path) -> (Vec<usize>, Vec<Vec<f32>>, Vec<Vec<f32>>) {
    let (net, _) = nndl_nn::Network::from_bytes(&std::fs::read(model).expect("the model reads"))
        .expect("the model decodes");
    (
        net.sizes().to_vec(),
        net.weights()
            .iter()
            .map(|w| w.as_slice().to_vec())
            .collect(),
        net.biases().to_vec(),
    )
}

/// Whether `text` holds anything a progress bar or a colour would write.
pub fn has_terminal_codes(text: &str) -> bool {
    text.contains('\r') || text.contains('\x1b')
}
