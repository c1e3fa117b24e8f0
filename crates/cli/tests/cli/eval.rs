//! `nndl eval`: the same score as training reported, per digit, as a matrix and a picture.

use crate::common::*;

#[test]
fn eval_agrees_with_training_and_breaks_the_score_down() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(
        dir.path(),
        &["train", "--epochs", "1", "--train-size", "1000"],
    );
    let epoch = text.lines().find(|l| l.starts_with("Epoch 0: ")).unwrap();
    let correct = epoch.split_whitespace().nth(2).unwrap();

    let text = ok(dir.path(), &["eval", "--plot", "confusion.png"]);
    assert!(
        text.starts_with("model.nndl (784-30-10) on the 10,000 test images"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Accuracy: {correct} / 10000")),
        "{text}\n{epoch}"
    );
    // Per digit: ten rows whose right answers add up to the total.
    let per_digit: usize = text
        .lines()
        .skip_while(|l| !l.starts_with("digit"))
        .skip(1)
        .take(10)
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(per_digit.to_string(), correct);
    assert!(text.contains("Confusion matrix (rows: true digit, columns: predicted digit)"));
    let png = image::open(dir.path().join("confusion.png")).unwrap();
    assert_eq!((png.width(), png.height()), (720, 830));

    let json = ok(dir.path(), &["eval", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["correct"].to_string(), correct);
    let confusion: Vec<Vec<u64>> = serde_json::from_value(doc["confusion"].clone()).unwrap();
    assert_eq!(confusion.iter().flatten().sum::<u64>(), 10_000);
    let diagonal: u64 = (0..10).map(|d| confusion[d][d]).sum();
    assert_eq!(diagonal.to_string(), correct);
    // Digits answered less than a tenth as often as they occur, from the same counts.
    let rarely: Vec<usize> = serde_json::from_value(doc["rarely_predicted"].clone()).unwrap();
    for d in 0..10 {
        let shown: u64 = confusion[d].iter().sum();
        let answered: u64 = confusion.iter().map(|row| row[d]).sum();
        assert_eq!(rarely.contains(&d), answered * 10 < shown, "digit {d}");
    }
}

#[test]
fn every_set_can_be_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    train(dir.path(), "m.nndl", 1, 300, &["-q"]);
    for (set, total) in [
        ("train", "50000"),
        ("validation", "10000"),
        ("test", "10000"),
    ] {
        let text = ok(dir.path(), &["eval", "--model", "m.nndl", "--set", set]);
        assert!(text.contains(&format!(" / {total} (")), "{set}: {text}");
    }
}

#[test]
fn eval_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fails(p, &["eval"], 1, &["model.nndl"]);
    fails(p, &["eval", "--model", "gone.nndl"], 1, &["gone.nndl"]);
    write_model(&p.join("small.nndl"), &[100, 10], 1);
    fails(
        p,
        &["eval", "--model", "small.nndl"],
        1,
        &["small.nndl", "100 inputs", "784"],
    );
    write_model(&p.join("five.nndl"), &[784, 5], 1);
    fails(
        p,
        &["eval", "--model", "five.nndl"],
        1,
        &["five.nndl", "5 outputs"],
    );
    fails(
        p,
        &["eval", "--model", "small.nndl", "--plot", "c.jpg"],
        2,
        &["--plot", "c.jpg"],
    );
    fails(p, &["eval", "--set", "everything"], 2, &["--set"]);
    fails(
        p,
        &["eval", "--model", "small.nndl", "--data", "nowhere"],
        1,
        &["nowhere"],
    );
}

/// The committed folder of labelled pictures (MNIST test digits 0–11 as PNGs).
fn my_digits() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/my-digits")
}

#[test]
fn eval_images_scores_a_folder_of_labelled_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    train(p, "model.nndl", 2, 5000, &[]);
    let folder = my_digits();
    let folder = folder.to_str().unwrap();
    let text = ok(p, &["eval", "--images", folder]);
    assert!(text.contains("on the 12 pictures in"), "{text}");
    let (right, total) = accuracy(&text);
    assert_eq!(total, 12);
    assert!(
        right >= 9,
        "MNIST's own digits, read back from pictures: {text}"
    );
    let json = ok(p, &["eval", "--images", folder, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["total"], 12);
    assert_eq!(v["set"], "images");

    // A picture that cannot be read is named; the others are still scored; exit 1.
    let copy = p.join("mine");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(my_digits()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(copy.join("3_broken.png"), "not a picture").unwrap();
    let out = run(p, &["eval", "--images", "mine"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("on the 12 pictures in mine"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("3_broken.png") && err.contains("1 of 13 pictures could not be read"),
        "{err}"
    );

    fails(
        p,
        &["eval", "--images", "nowhere"],
        1,
        &["nowhere: not a folder"],
    );
    fails(
        p,
        &["eval", "--images", folder, "--set", "validation"],
        2,
        &["--set"],
    );
}
