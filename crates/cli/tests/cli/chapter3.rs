//! `nndl train`'s Chapter 3 options: the network they build is the one saved, the other
//! commands read it, a resumed run keeps them, and bad values are refused up front.

use crate::common::*;

fn load(path: &std::path::Path) -> nndl_nn::Network {
    nndl_nn::Network::from_bytes(&std::fs::read(path).unwrap())
        .unwrap()
        .0
}

#[test]
fn the_chosen_cost_activation_and_rules_train_and_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let args = [
        "--cost",
        "log-likelihood",
        "--activation",
        "tanh",
        "--init",
        "scaled",
        "--lambda",
        "1",
        "--eta",
        "0.1",
    ];
    let mut with_epochs = vec![
        "train",
        "--epochs",
        "2",
        "--train-size",
        "2000",
        "--out",
        "c3.nndl",
    ];
    with_epochs.extend_from_slice(&args);
    let text = ok(p, &with_epochs);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("seed 1, log-likelihood cost, tanh hidden neurons, scaled init, L2 λ = 1"),
        "{text}"
    );
    let model = p.join("c3.nndl");
    let net = load(&model);
    assert_eq!(net.cost(), nndl_nn::CostKind::LogLikelihood);
    assert_eq!(net.output_layer(), nndl_nn::OutputLayer::Softmax);
    assert_eq!(net.activation(), nndl_nn::Activation::Tanh);
    // Two epochs on 2,000 images learn far beyond chance.
    let text = ok(p, &["eval", "--model", "c3.nndl"]);
    let (right, total) = accuracy(&text);
    assert_eq!(total, 10_000);
    assert!(right > 8000, "{text}");
    // `predict` reads the softmax network; `weights --learned` rebuilds the scaled start.
    ok(p, &["show", "--set", "test", "0", "--out", "seven.png"]);
    ok(p, &["predict", "--model", "c3.nndl", "seven.png"]);
    ok(
        p,
        &[
            "weights",
            "--model",
            "c3.nndl",
            "--learned",
            "--png",
            "w.png",
        ],
    );
}

#[test]
fn the_same_flags_give_the_same_weights_and_resume_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let extra = [
        "--cost",
        "cross-entropy",
        "--init",
        "scaled",
        "--l1",
        "0.5",
        "--eta",
        "0.5",
    ];
    let whole = train(p, "whole.nndl", 2, 1000, &extra);
    let part = train(p, "part.nndl", 1, 1000, &extra);
    ok(p, &["train", "--resume", "part.nndl", "--epochs", "2"]);
    assert_eq!(parameters(&whole), parameters(&part));
    // A resumed run keeps its options.
    fails(
        p,
        &[
            "train",
            "--resume",
            "part.nndl",
            "--epochs",
            "3",
            "--cost",
            "quadratic",
        ],
        2,
        &["--cost quadratic differs from the cross-entropy"],
    );
    fails(
        p,
        &[
            "train",
            "--resume",
            "part.nndl",
            "--epochs",
            "3",
            "--l1",
            "0.25",
        ],
        2,
        &["--lambda, --l1, --momentum"],
    );
}

#[test]
fn a_run_with_momentum_cannot_be_resumed_inexactly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    train(
        p,
        "mu.nndl",
        1,
        1000,
        &["--momentum", "0.5", "--eta", "0.5"],
    );
    fails(
        p,
        &["train", "--resume", "mu.nndl", "--epochs", "2"],
        1,
        &["mu.nndl", "--momentum", "velocities"],
    );
}

#[test]
fn bad_chapter3_values_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fails(p, &["train", "--momentum", "1"], 2, &["less than 1"]);
    fails(p, &["train", "--lambda", "-1"], 2, &["0 or more"]);
    fails(
        p,
        &["train", "--lambda", "1", "--l1", "1"],
        2,
        &["cannot be used with"],
    );
    fails(p, &["train", "--cost", "hinge"], 2, &["cross-entropy"]);
    fails(p, &["train", "--activation", "gelu"], 2, &["relu"]);
}

#[test]
fn preset_chapter3_is_the_books_network2_run_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let text = ok(
        p,
        &[
            "train",
            "--preset",
            "chapter3",
            "--epochs",
            "1",
            "--train-size",
            "1000",
        ],
    );
    assert!(
        text.lines().next().unwrap().starts_with(
            "Training 784-100-10 on 1,000 images for 1 epoch: mini-batches of 10, η = 0.1, \
             seed 1, cross-entropy cost, scaled init, L2 λ = 5"
        ),
        "{text}"
    );
    // The chapter-1 preset is the default: the same weights as no preset at all.
    let plain = train(p, "a.nndl", 1, 1000, &[]);
    let preset = train(p, "b.nndl", 1, 1000, &["--preset", "chapter1"]);
    assert_eq!(parameters(&plain), parameters(&preset));
    fails(
        p,
        &["train", "--preset", "chapter3", "--resume", "a.nndl"],
        2,
        &["--preset"],
    );
}

#[test]
fn the_schedule_and_early_stopping_watch_validation_and_report_test() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let args = [
        "train",
        "--epochs",
        "3",
        "--train-size",
        "1000",
        "--cost",
        "cross-entropy",
        "--init",
        "scaled",
        "--eta",
        "0.5",
        "--schedule",
        "plateau",
        "--patience",
        "2",
        "--early-stop",
        "2",
        "--dropout",
        "0.2",
    ];
    let text = ok(p, &args);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].ends_with(
            "dropout p = 0.2, η halved after 2 epochs without improvement, 7 times at most, \
             early stop after 2 epochs without improvement"
        ),
        "{text}"
    );
    assert!(lines[1].contains("validation"), "{text}");
    assert!(lines[2].contains("η 0.5"), "{text}");
    assert!(text.contains("on validation."), "{text}");
    assert!(
        lines[lines.len() - 1].starts_with("Test: ") && lines[lines.len() - 1].contains("/ 10000"),
        "{text}"
    );
    // The test set never chooses.
    let mut on_test = args.to_vec();
    on_test.extend_from_slice(&["--eval-on", "test"]);
    fails(p, &on_test, 2, &["validation", "never on the test set"]);
    // What a model file does not keep, a resumed run cannot continue exactly.
    fails(
        p,
        &["train", "--resume", "model.nndl", "--epochs", "4"],
        1,
        &["--schedule", "does not keep"],
    );
}

#[test]
fn dropout_runs_repeat_exactly_and_resume_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let flags = [
        "--dropout",
        "0.5",
        "--cost",
        "cross-entropy",
        "--eta",
        "0.5",
    ];
    let a = train(p, "a.nndl", 2, 500, &flags);
    let mut two_threads = flags.to_vec();
    two_threads.extend_from_slice(&["--threads", "2"]);
    let b = train(p, "b.nndl", 2, 500, &two_threads);
    assert_eq!(parameters(&a), parameters(&b));
    // Masks come from (seed, epoch, example): a resumed run is the same run.
    train(p, "c.nndl", 1, 500, &flags);
    ok(p, &["train", "--resume", "c.nndl", "--epochs", "2"]);
    assert_eq!(parameters(&a), parameters(&p.join("c.nndl")));
    let no_dropout = train(p, "d.nndl", 2, 500, &flags[2..]);
    assert_ne!(parameters(&a), parameters(&no_dropout));
}

#[test]
fn output_softmax_means_the_log_likelihood_cost() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let model = train(
        p,
        "s.nndl",
        1,
        500,
        &["--output", "softmax", "--eta", "0.1"],
    );
    assert_eq!(load(&model).cost(), nndl_nn::CostKind::LogLikelihood);
    fails(
        p,
        &["train", "--output", "softmax", "--cost", "cross-entropy"],
        2,
        &["softmax", "log-likelihood"],
    );
    fails(p, &["train", "--dropout", "1"], 2, &["less than 1"]);
    fails(p, &["train", "--early-stop", "0"], 2, &["1 or more"]);
}

#[test]
fn preset_fast_names_its_run_and_watches_validation() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let text = ok(
        p,
        &[
            "train",
            "--preset",
            "fast",
            "--epochs",
            "1",
            "--train-size",
            "1000",
        ],
    );
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "Training 784-200-10 on 1,000 images for 1 epoch: mini-batches of 100, η = 0.15, \
             seed 1, log-likelihood cost, relu hidden neurons, he init, momentum μ = 0.9, \
             η falling linearly to 0"
        ),
        "{text}"
    );
    assert!(
        lines[1].ends_with("on the 10,000 validation images"),
        "{text}"
    );
    assert!(lines[lines.len() - 1].starts_with("Test: "), "{text}");
}

#[test]
fn preset_best_is_two_hidden_layers_on_distorted_images() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let text = ok(
        p,
        &[
            "train",
            "--preset",
            "best",
            "--epochs",
            "1",
            "--train-size",
            "300",
        ],
    );
    assert!(
        text.lines().next().unwrap().starts_with(
            "Training 784-800-800-10 on 300 images for 1 epoch: mini-batches of 128, η = 0.1, \
             seed 1, log-likelihood cost, relu hidden neurons, scaled init, momentum μ = 0.9, \
             η falling linearly to 0, distorted training images"
        ),
        "{text}"
    );
    // --hidden replaces the preset's layers with one hidden layer.
    let text = ok(
        p,
        &[
            "train",
            "--preset",
            "best",
            "--hidden",
            "20",
            "--epochs",
            "1",
            "--train-size",
            "300",
        ],
    );
    assert!(text.starts_with("Training 784-20-10 "), "{text}");
}
