//! `nndl train`: the book's lines, checkpoints, exact resuming, and every mistake a user
//! can make with its flags.

use crate::common::*;

#[test]
fn one_epoch_on_a_subset_prints_the_book_lines_and_saves_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["train", "--epochs", "1", "--train-size", "2000"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (text, err) = (stdout(&out), stderr(&out));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "Training 784-30-10 on 2,000 images for 1 epoch: mini-batches of 10, η = 3, seed 1"
        ),
        "{text}"
    );
    let epoch = lines
        .iter()
        .find(|l| l.starts_with("Epoch 0: "))
        .expect("the book's epoch line");
    let score: Vec<&str> = epoch["Epoch 0: ".len()..].split_whitespace().collect();
    assert_eq!(score[1], "/");
    assert_eq!(score[2], "10000");
    let correct: usize = score[0].parse().unwrap();
    assert!(
        correct > 2000,
        "one epoch on 2,000 images beats chance: {epoch}"
    );
    let last = lines.last().unwrap();
    assert!(
        last.starts_with(&format!("Best: epoch 0, {correct} / 10000"))
            && last.contains("model.nndl"),
        "{last}"
    );
    // Not a terminal: no progress bar, no colour, nothing on standard error.
    assert!(
        !has_terminal_codes(&text) && !has_terminal_codes(&err),
        "{text}{err}"
    );
    assert!(err.is_empty(), "{err}");
    let (sizes, weights, _) = parameters(&dir.path().join("model.nndl"));
    assert_eq!(sizes, [784, 30, 10]);
    assert!(weights.iter().flatten().all(|w| w.is_finite()));
}

#[test]
fn resuming_gives_exactly_the_model_of_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let whole = train(dir.path(), "whole.nndl", 2, 1000, &[]);
    let part = train(dir.path(), "part.nndl", 1, 1000, &["--log", "part.jsonl"]);
    let text = ok(
        dir.path(),
        &[
            "train",
            "--resume",
            "part.nndl",
            "--epochs",
            "2",
            "--log",
            "part.jsonl",
        ],
    );
    // The log goes on where it stopped.
    let log = std::fs::read_to_string(dir.path().join("part.jsonl")).unwrap();
    let epochs: Vec<u64> = log
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["epoch"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(epochs, [0, 1]);
    assert!(
        text.contains("Resuming part.nndl after epoch 0 of 2"),
        "{text}"
    );
    assert!(
        text.contains("Epoch 1: ") && !text.contains("Epoch 0: "),
        "{text}"
    );
    assert_eq!(parameters(&part), parameters(&whole), "weights bit for bit");
    // The resumed run knows its whole history: nothing is left to do.
    let text = ok(dir.path(), &["train", "--resume", "part.nndl"]);
    assert!(text.contains("already been trained for 2 epochs"), "{text}");
}

#[test]
fn the_thread_count_does_not_change_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let one = train(dir.path(), "one.nndl", 1, 500, &["--threads", "1", "-q"]);
    let two = train(dir.path(), "two.nndl", 1, 500, &["--threads", "2", "-q"]);
    assert_eq!(parameters(&one), parameters(&two));
}

#[test]
fn json_log_and_plot() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(
        dir.path(),
        &[
            "train",
            "--epochs",
            "2",
            "--train-size",
            "500",
            "--hidden",
            "10",
            "--json",
            "--log",
            "run.jsonl",
            "--plot",
            "curve.svg",
            "--eval-on",
            "validation",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    assert_eq!(doc["layers"], serde_json::json!([784, 10, 10]));
    assert_eq!(doc["eval_on"], "validation");
    assert_eq!(doc["history"].as_array().unwrap().len(), 2);
    assert_eq!(doc["history"][1]["total"], 10000);
    let best = &doc["best"];
    assert!(best["correct"].as_u64().unwrap() > 1000);
    assert!(doc["rarely_predicted"].is_array(), "{doc}");
    let log = std::fs::read_to_string(dir.path().join("run.jsonl")).unwrap();
    let epochs: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(epochs.len(), 2);
    assert_eq!(epochs[1], doc["history"][1]);
    let svg = std::fs::read_to_string(dir.path().join("curve.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("accuracy (%)"));
}

#[test]
fn quiet_prints_only_the_final_line_and_png_curves_work() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(
        dir.path(),
        &[
            "train",
            "--epochs",
            "1",
            "--train-size",
            "300",
            "-q",
            "--plot",
            "c.png",
            "--out",
            "q.nndl",
        ],
    );
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("Best: epoch 0") && text.contains("q.nndl"));
    let png = image::open(dir.path().join("c.png")).unwrap();
    assert_eq!((png.width(), png.height()), (900, 700));
}

#[test]
fn no_hidden_layer_and_deeper_networks_train() {
    let dir = tempfile::tempdir().unwrap();
    for (layers, name) in [("784,10", "flat.nndl"), ("784,20,15,10", "deep.nndl")] {
        let text = ok(
            dir.path(),
            &[
                "train",
                "--layers",
                layers,
                "--epochs",
                "1",
                "--train-size",
                "300",
                "--eta",
                "1",
                "--out",
                name,
            ],
        );
        assert!(text.contains("Epoch 0: "), "{text}");
        let (sizes, ..) = parameters(&dir.path().join(name));
        let want: Vec<usize> = layers.split(',').map(|s| s.parse().unwrap()).collect();
        assert_eq!(sizes, want);
    }
}

#[test]
fn usage_mistakes_exit_with_2_and_name_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &[&str])] = &[
        (&["--eta", "0"], &["--eta", "positive"]),
        (&["--eta", "-1"], &["--eta", "positive"]),
        (&["--eta", "nan"], &["--eta"]),
        (&["--eta", "inf"], &["--eta"]),
        (&["--batch-size", "0"], &["--batch-size"]),
        (&["--epochs", "0"], &["--epochs"]),
        (&["--threads", "0"], &["--threads"]),
        (&["--train-size", "0"], &["--train-size"]),
        (&["--hidden", "0"], &["--hidden"]),
        (&["--layers", ""], &["--layers"]),
        (&["--layers", "784"], &["--layers", "at least"]),
        (&["--layers", "784,0,10"], &["--layers"]),
        (&["--layers", "784,30,9"], &["--layers", "10"]),
        (&["--layers", "784,x,10"], &["--layers"]),
        (&["--layers", "100,10"], &["first layer", "784"]),
        (&["--hidden", "5", "--layers", "784,10"], &["--layers"]),
        (&["--train-size", "60000"], &["--train-size", "50,000"]),
        (&["--plot", "curve.pdf"], &["--plot", "curve.pdf"]),
        (&["--eval-on", "train"], &["--eval-on"]),
        (&["--epochs", "many"], &["--epochs"]),
        (&["--bogus"], &["--bogus"]),
    ];
    for (args, words) in cases {
        let mut all = vec!["train", "--epochs", "1"];
        if !args.contains(&"--train-size") {
            all.extend_from_slice(&["--train-size", "100"]);
        }
        all.extend_from_slice(args);
        fails(dir.path(), &all, 2, words);
    }
    assert!(!dir.path().join("model.nndl").exists());
}

#[test]
fn runtime_mistakes_exit_with_1_and_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fails(p, &["train", "--data", "no-such-dir"], 1, &["no-such-dir"]);
    fails(
        p,
        &["train", "--resume", "missing.nndl"],
        1,
        &["missing.nndl"],
    );
    std::fs::write(p.join("notes.txt"), "not a model").unwrap();
    fails(p, &["train", "--resume", "notes.txt"], 1, &["notes.txt"]);
    fails(
        p,
        &["train", "--epochs", "1", "--out", "no-dir/m.nndl"],
        1,
        &["no-dir"],
    );
    fails(p, &["train", "--plot", "no-dir/c.svg"], 1, &["no-dir"]);
    fails(
        p,
        &["train", "--log", "no-dir/l.jsonl"],
        1,
        &["no-dir", "--log"],
    );
    // A model that was not made by `nndl train` has nothing to resume from.
    write_model(&p.join("bare.nndl"), &[784, 5, 10], 3);
    fails(
        p,
        &["train", "--resume", "bare.nndl"],
        1,
        &["bare.nndl", "nndl train"],
    );
}

#[test]
fn a_resumed_run_keeps_its_settings() {
    let dir = tempfile::tempdir().unwrap();
    train(dir.path(), "m.nndl", 1, 200, &["-q"]);
    for (flag, value) in [
        ("--eta", "2"),
        ("--seed", "9"),
        ("--batch-size", "20"),
        ("--hidden", "40"),
        ("--train-size", "300"),
        ("--eval-on", "validation"),
    ] {
        fails(
            dir.path(),
            &["train", "--resume", "m.nndl", flag, value],
            2,
            &[flag, "m.nndl"],
        );
    }
    // The same values are fine.
    let text = ok(
        dir.path(),
        &[
            "train", "--resume", "m.nndl", "--eta", "3", "--epochs", "2", "-q",
        ],
    );
    assert!(text.contains("Best:"), "{text}");
}

#[test]
fn digits_that_stay_unanswered_are_named() {
    // Seed 1 of 784-100-10 is one of the runs whose output neurons for two digits
    // start saturated and stay so (docs/results.md): 77% instead of 96%.
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["train", "--hidden", "100", "--seed", "1", "--epochs", "6"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("hint: for 5 epochs the network has hardly ever answered ")
            && err.contains("output neuron")
            && err.contains("another --seed"),
        "{err}"
    );
    assert_eq!(err.matches("hint:").count(), 1, "said once: {err}");
    let report = ok(dir.path(), &["eval"]);
    assert!(report.contains("Hardly ever answered: "), "{report}");
}
