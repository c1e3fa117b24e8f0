//! `nndl train --pieces DIR`: training on cut pieces of numbers as well as MNIST,
//! with an 11th output for "not a digit", and the models it makes in use.

use std::path::Path;

use nndl_mnist::idx::{write_idx_file, IdxArray, IdxData};

use crate::common::*;

/// Writes `n` pieces to `dir` as `cargo xtask make-pieces` does: MNIST test
/// digits labelled as they are, and every fourth one's left half as "not a digit".
fn write_pieces(dir: &Path, n: usize) {
    let test = nndl_mnist::load_pair(
        find(&data_dir(), "t10k-images-idx3-ubyte"),
        find(&data_dir(), "t10k-labels-idx1-ubyte"),
        10,
    )
    .unwrap();
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for i in 0..n {
        let half = i % 4 == 3;
        pixels.extend(test.image(i).iter().enumerate().map(|(p, &v)| {
            if half && p % 28 >= 14 {
                0
            } else {
                (v * 255.0).round() as u8
            }
        }));
        labels.push(if half { 10 } else { test.label(i) });
    }
    std::fs::create_dir_all(dir).unwrap();
    let images = IdxArray {
        dims: vec![n, 28, 28],
        data: IdxData::U8(pixels),
    };
    let labels = IdxArray {
        dims: vec![n],
        data: IdxData::U8(labels),
    };
    write_idx_file(dir.join("pieces-images-idx3-ubyte.gz"), &images).unwrap();
    write_idx_file(dir.join("pieces-labels-idx1-ubyte"), &labels).unwrap();
}

fn find(dir: &Path, name: &str) -> std::path::PathBuf {
    nndl_mnist::find_file(dir, name).unwrap()
}

#[test]
fn pieces_add_a_not_a_digit_output_and_resume_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_pieces(&p.join("pieces"), 300);
    let text = ok(
        p,
        &[
            "train",
            "--epochs",
            "2",
            "--train-size",
            "500",
            "--pieces",
            "pieces",
            "-o",
            "whole.nndl",
        ],
    );
    assert!(
        text.starts_with(
            "Training 784-30-11 on 500 images and 300 cut pieces from pieces for 2 epochs"
        ),
        "{text}"
    );
    let (sizes, whole, _) = parameters(&p.join("whole.nndl"));
    assert_eq!(sizes, [784, 30, 11]);
    // One epoch, then one more resumed: the pieces come back from the record.
    train(p, "half.nndl", 1, 500, &["--pieces", "pieces", "-q"]);
    ok(
        p,
        &["train", "--resume", "half.nndl", "--epochs", "2", "-q"],
    );
    assert_eq!(parameters(&p.join("half.nndl")).1, whole);
    // A resumed run keeps its pieces.
    fails(
        p,
        &["train", "--resume", "half.nndl", "--pieces", "other"],
        2,
        &["--pieces", "half.nndl"],
    );
    // The 11-output model still names a digit: the likeliest of the first ten outputs.
    ok(p, &["show", "--set", "test", "0", "--out", "seven.png"]);
    let text = ok(
        p,
        &["predict", "seven.png", "--model", "whole.nndl", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let a: Vec<f64> = json[0]["activations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(a.len(), 11);
    let digit = (0..10).max_by(|&i, &j| a[i].total_cmp(&a[j])).unwrap();
    assert_eq!(json[0]["digit"], digit, "{text}");
}

#[test]
fn bad_pieces_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let base = ["train", "--epochs", "1", "--train-size", "100"];
    let with = |extra: &[&'static str]| [&base[..], extra].concat();
    fails(
        p,
        &with(&["--pieces", "nowhere"]),
        1,
        &["--pieces", "nowhere"],
    );
    // Labels above 10 are refused, as MNIST's above 9 are.
    write_pieces(&p.join("pieces"), 20);
    let bad = IdxArray {
        dims: vec![20],
        data: IdxData::U8(vec![11; 20]),
    };
    std::fs::remove_file(p.join("pieces/pieces-labels-idx1-ubyte")).unwrap();
    write_idx_file(p.join("pieces/pieces-labels-idx1-ubyte"), &bad).unwrap();
    fails(p, &with(&["--pieces", "pieces"]), 1, &["--pieces", "11"]);
    // The output layer is a neuron per digit and one for "not a digit".
    fails(
        p,
        &with(&["--pieces", "pieces", "--layers", "784,30,10"]),
        2,
        &["--layers", "11"],
    );
}
