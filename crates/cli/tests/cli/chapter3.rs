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
        &["--lambda, --l1 and --momentum"],
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
