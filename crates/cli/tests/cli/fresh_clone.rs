//! What a new user hit on a fresh clone (issue 12 §4), one test per finding.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use crate::common::*;

/// §4.1: the tour's second network has its own file, so the `eval` after it reads
/// the book's model.
#[test]
fn the_readme_tour_trains_other_networks_into_their_own_files() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let trains: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("$ nndl train"))
        .collect();
    assert!(
        trains.iter().any(|l| l.contains("--hidden 100")),
        "{trains:?}"
    );
    for line in trains {
        if line.contains("--hidden") || line.contains("--layers") {
            assert!(line.contains("--out "), "{line}");
            assert!(!line.contains("--out model.nndl"), "{line}");
        }
    }
}

/// §4.2: clap's suggestions and its pointer to --help; a negative size explained.
#[test]
fn usage_errors_suggest_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(dir.path(), &["trian"], 2, &["'trian'", "'train'", "--help"]);
    assert!(err.starts_with("error: "), "{err}");
    for flag in [
        "--hidden",
        "--epochs",
        "--batch-size",
        "--train-size",
        "--threads",
    ] {
        fails(
            dir.path(),
            &["train", flag, "-5"],
            2,
            &[flag, "-5", "positive"],
        );
    }
    fails(
        dir.path(),
        &["train", "--seed", "-1"],
        2,
        &["--seed", "negative"],
    );
    fails(
        dir.path(),
        &["show", "0", "--scale", "-1"],
        2,
        &["--scale", "1..=32"],
    );
}

/// §4.3: `--png` takes no value, so the first index is not taken for a file name.
#[test]
fn show_png_keeps_every_index() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(dir.path(), &["show", "--png", "0", "1", "2"]);
    assert!(
        text.contains("digits.png") && text.contains("labels 504"),
        "{text}"
    );
    assert!(!dir.path().join("0").exists());
    let text = ok(dir.path(), &["show", "0", "1", "--out", "two.png"]);
    assert!(
        text.contains("two.png") && text.contains("labels 50"),
        "{text}"
    );
    let help = ok(dir.path(), &["show", "--help"]);
    assert!(
        help.contains("digits.png") && help.contains("--out <FILE>"),
        "{help}"
    );
}

/// §4.4: every output path is checked before the work (here MNIST cannot even be
/// found, so an error about it would mean the path was checked too late), and no
/// temporary file name is ever shown.
#[test]
fn output_paths_are_checked_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_model(&p.join("m.nndl"), &[784, 5, 10], 1);
    std::fs::create_dir(p.join("adir")).unwrap();
    let cases: [(&[&str], &str); 9] = [
        (
            &["eval", "--model", "m.nndl", "--plot", "nodir/c.png"],
            "--plot",
        ),
        (&["train", "--out", "nodir/m.nndl"], "--out"),
        (&["train", "--plot", "nodir/c.svg"], "--plot"),
        (&["train", "--log", "nodir/l.jsonl"], "--log"),
        (&["train", "--log", "adir"], "adir"),
        (&["show", "0", "--out", "nodir/d.png"], "--out"),
        (&["show", "0", "--png", "--out", "adir"], "adir"),
        (
            &["weights", "--model", "m.nndl", "--png", "nodir/w.png"],
            "--png",
        ),
        (
            &[
                "weights",
                "--model",
                "m.nndl",
                "--safetensors",
                "nodir/w.st",
            ],
            "--safetensors",
        ),
    ];
    for (args, flag) in cases {
        let mut all = args.to_vec();
        all.extend(
            ["--data", "no-mnist-here"]
                .iter()
                .filter(|_| args[0] != "weights"),
        );
        let err = fails(p, &all, 1, &[flag]);
        assert!(
            !err.contains("MNIST") && !err.contains(".tmp"),
            "{args:?}: {err}"
        );
    }
    // A write that fails anyway names the file, not its temporary.
    train(p, "t.nndl", 1, 100, &["-q"]);
    std::fs::set_permissions(
        p.join("adir"),
        std::os::unix::fs::PermissionsExt::from_mode(0o500),
    )
    .unwrap();
    let out = run(p, &["eval", "--model", "t.nndl", "--plot", "adir/c.png"]);
    let err = stderr(&out);
    std::fs::set_permissions(
        p.join("adir"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    if !out.status.success() {
        // (root may write anywhere; then there is nothing to see)
        assert!(err.contains("adir/c.png") && !err.contains(".tmp"), "{err}");
    }
}

/// §4.5: a second Ctrl-C ends at once and still says where the model is.
#[cfg(unix)]
#[test]
fn a_second_ctrl_c_says_where_the_model_is() {
    let dir = tempfile::tempdir().unwrap();
    // One mini-batch per epoch of a wide network: an epoch lasts long enough for two
    // presses to land in it.
    let mut child = nndl_std(dir.path())
        .args([
            "train",
            "--hidden",
            "800",
            "--train-size",
            "20000",
            "--batch-size",
            "20000",
        ])
        .args(["--epochs", "30", "--threads", "1", "--out", "m.nndl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        if line.unwrap().starts_with("Epoch 0:") {
            break;
        }
    }
    let interrupt = || {
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
    };
    interrupt();
    std::thread::sleep(std::time::Duration::from_millis(30));
    interrupt();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted again")
            && err.contains("kept in m.nndl")
            && err.contains("nndl train --resume m.nndl"),
        "{err}"
    );
}

/// `nndl` as a std command, for tests that signal it.
fn nndl_std(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_nndl"));
    cmd.current_dir(dir).env("MNIST_DIR", data_dir());
    cmd
}

/// §4.6: one wording for a directory given where a file is expected.
#[test]
fn a_directory_for_a_file_is_said_the_same_way_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("adir")).unwrap();
    let model = "adir: is a directory, not a model file";
    for args in [
        &["eval", "--model", "adir"][..],
        &["weights", "--model", "adir"],
        &["predict", "--model", "adir", "x.png"],
        &["train", "--resume", "adir"],
        &["train", "--out", "adir"],
    ] {
        fails(p, args, 1, &[model]);
    }
    write_model(&p.join("m.nndl"), &[784, 5, 10], 1);
    let err = fails(p, &["predict", "--model", "m.nndl", "adir"], 1, &[]);
    assert_eq!(
        err.trim_end(),
        "nndl: error: adir: is a directory, not an image"
    );
}

/// §4.7: counts agree with their nouns.
#[test]
fn one_epoch_and_one_image_are_singular() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let text = ok(p, &["train", "--epochs", "1", "--train-size", "1"]);
    assert!(text.contains("on 1 image for 1 epoch:"), "{text}");
    assert!(text.contains(". 1 epoch in "), "{text}");
    let text = ok(p, &["train", "--resume", "model.nndl", "--epochs", "1"]);
    assert!(text.contains("already been trained for 1 epoch;"), "{text}");
    std::fs::write(p.join("a.png"), "not an image").unwrap();
    std::fs::write(p.join("b.png"), "not an image").unwrap();
    let out = run(p, &["predict", "a.png", "b.png"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).ends_with("nndl: error: 2 of 2 images could not be read\n"),
        "{}",
        stderr(&out)
    );
    let out = run(
        p,
        &[
            "predict",
            "a.png",
            "--json",
            "b.png",
            "--model",
            "model.nndl",
        ],
    );
    assert!(stderr(&out).contains("2 of 2 images"), "{}", stderr(&out));
}

/// §4.8: one help layout; `data fetch --data` (with `--dir` kept, hidden); ranges shown.
#[test]
fn every_help_has_the_same_layout() {
    let dir = tempfile::tempdir().unwrap();
    let commands: [&[&str]; 13] = [
        &["train"],
        &["eval"],
        &["predict"],
        &["show"],
        &["baseline"],
        &["weights"],
        &["data"],
        &["data", "verify"],
        &["data", "fetch"],
        &["perceptron"],
        &["perceptron", "nand"],
        &["perceptron", "cheese"],
        &["perceptron", "add"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let text = ok(dir.path(), &args);
        let at = |s: &str| text.find(s);
        let usage = at("\nUsage: nndl ").unwrap_or_else(|| panic!("{cmd:?}: {text}"));
        let examples = at("\nExamples:\n  nndl ").unwrap_or_else(|| panic!("{cmd:?}: {text}"));
        assert!(
            usage > 0 && !text.starts_with(' '),
            "{cmd:?}: about first\n{text}"
        );
        assert!(usage < examples, "{cmd:?}\n{text}");
        // Examples close the help: no option after them.
        assert!(!text[examples..].contains("\n  -"), "{cmd:?}\n{text}");
        // Headings in one order: Options, Files, Output.
        let order: Vec<usize> = ["\nOptions:", "\nFiles:", "\nOutput:"]
            .iter()
            .filter_map(|h| at(h))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{cmd:?}\n{text}");
        // A file flag is never listed under Options.
        if let (Some(options), Some(files)) = (at("\nOptions:"), at("\nFiles:")) {
            for flag in ["--model <", "--data <", "--out <", "--plot <"] {
                if let Some(i) = at(flag) {
                    assert!(!(options < i && i < files), "{cmd:?}: {flag}\n{text}");
                }
            }
        }
    }
    let fetch = ok(dir.path(), &["data", "fetch", "--help"]);
    assert!(
        fetch.contains("--data <DIR>") && !fetch.contains("--dir"),
        "{fetch}"
    );
    for (cmd, range) in [
        ("show", "1..=32"),
        ("weights", "1..=32"),
        ("weights", "1..=1000"),
    ] {
        let text = ok(dir.path(), &[cmd, "--help"]);
        assert!(text.contains(range), "{cmd}: {range}\n{text}");
    }
    // --dir still works (it fails on the bad mirror, after taking the flag).
    fails(
        dir.path(),
        &[
            "data",
            "fetch",
            "--dir",
            "got",
            "--mirror",
            "http://127.0.0.1:9/",
        ],
        1,
        &["got"],
    );
}

/// §4.9: the pictures say what they show.
#[test]
fn pictures_are_whole_and_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    train(p, "m.nndl", 3, 500, &["-q", "--plot", "curve.svg"]);
    let svg = std::fs::read_to_string(p.join("curve.svg")).unwrap();
    assert!(!svg.contains(">100.0<"), "no 100.0 on the axis");
    ok(p, &["eval", "--model", "m.nndl", "--plot", "c.svg"]);
    let svg = std::fs::read_to_string(p.join("c.svg")).unwrap();
    assert!(
        svg.contains("read right") && svg.contains("100%"),
        "a colour legend"
    );
    train(
        p,
        "flat.nndl",
        1,
        500,
        &["-q", "--layers", "784,10", "--eta", "1"],
    );
    ok(
        p,
        &[
            "weights",
            "--model",
            "flat.nndl",
            "--png",
            "w.png",
            "--columns",
            "10",
            "--scale",
            "1",
        ],
    );
    let image = image::open(p.join("w.png")).unwrap().to_rgb8();
    // One row of ten 28×28 tiles with a caption band above them, dark text in it.
    assert!(image.height() > 28 + 2 * 2, "{:?}", image.dimensions());
    let ink = (0..image.width())
        .flat_map(|x| (0..image.height() - 30).map(move |y| (x, y)))
        .filter(|&(x, y)| image.get_pixel(x, y).0.iter().all(|&c| c < 100))
        .count();
    assert!(ink > 10, "{ink} dark pixels above the tiles");
}

/// §4.10: a learning rate far too large gets one hint, about η.
#[test]
fn a_too_large_eta_gets_one_hint_about_eta() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "train",
            "--eta",
            "100",
            "--epochs",
            "6",
            "--train-size",
            "1000",
        ],
    );
    let err = stderr(&out);
    let hints: Vec<&str> = err.lines().filter(|l| l.starts_with("hint:")).collect();
    assert_eq!(hints.len(), 1, "{err}");
    assert!(
        hints[0].contains("--eta") && !hints[0].contains("--seed"),
        "{err}"
    );
}
