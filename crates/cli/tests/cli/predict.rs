//! `nndl predict`: a trained network reads MNIST test digits redrawn as ordinary pictures
//! (dark ink on light paper, larger, off centre, in four formats), and bad files are named
//! without stopping the others.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use image::{DynamicImage, GrayImage, ImageFormat, Luma};

/// One model for the whole file: one epoch on all 50,000 training images.
fn model() -> &'static Path {
    static MODEL: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = MODEL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = train(dir.path(), "model.nndl", 1, 50_000, &["-q"]);
        (dir, path)
    });
    path
}

/// MNIST test image `i` as a scanned page: dark ink on light grey paper, `scale` times
/// larger, placed off centre on a bigger sheet.
fn as_a_scan(test: &nndl_mnist::Dataset, i: usize, scale: u32) -> GrayImage {
    let digit = GrayImage::from_fn(28, 28, |x, y| {
        let ink = test.image(i)[(y * 28 + x) as usize];
        Luma([(235.0 - 215.0 * ink).round() as u8])
    });
    let big = image::imageops::resize(
        &digit,
        28 * scale,
        28 * scale,
        image::imageops::FilterType::Triangle,
    );
    let mut page = GrayImage::from_pixel(28 * scale + 60, 28 * scale + 25, Luma([235]));
    image::imageops::overlay(&mut page, &big, 45, 5);
    page
}

#[test]
fn reads_mnist_test_digits_redrawn_as_scans_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let test = nndl_mnist::Mnist::load(nndl_mnist::Options::default().dir(data_dir()))
        .unwrap()
        .test;
    let formats = [
        (ImageFormat::Png, "png"),
        (ImageFormat::Jpeg, "jpg"),
        (ImageFormat::Bmp, "bmp"),
        (ImageFormat::Pnm, "pgm"),
    ];
    let mut files = Vec::new();
    for i in 0..40 {
        let (format, ext) = formats[i % formats.len()];
        let name = format!("digit{i}.{ext}");
        let scan = DynamicImage::ImageLuma8(as_a_scan(&test, i, 3 + (i % 5) as u32));
        scan.save_with_format(dir.path().join(&name), format)
            .unwrap();
        files.push(name);
    }
    let model = model().to_str().unwrap();
    let mut args = vec!["predict", "--model", model];
    args.extend(files.iter().map(String::as_str));
    let text = ok(dir.path(), &args);
    let mut right = 0;
    for (i, name) in files.iter().enumerate() {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no line for {name} in\n{text}"));
        let digit: u8 = line[name.len() + 2..][..1].parse().unwrap();
        right += usize::from(digit == test.label(i));
    }
    // One epoch reads about 90% of MNIST; redrawn and prepared again, nearly as many.
    assert!(right >= 34, "{right} of 40 read right:\n{text}");
    // Each file has its ten activations.
    let activations = text
        .lines()
        .filter(|l| l.trim_start().starts_with("0:"))
        .count();
    assert_eq!(activations, 40);
}

#[test]
fn show_draws_the_prepared_digit_and_json_lists_the_activations() {
    let dir = tempfile::tempdir().unwrap();
    let test = nndl_mnist::Mnist::load(nndl_mnist::Options::default().dir(data_dir()))
        .unwrap()
        .test;
    as_a_scan(&test, 0, 4)
        .save(dir.path().join("seven.png"))
        .unwrap();
    let model = model().to_str().unwrap();
    let text = ok(
        dir.path(),
        &[
            "predict",
            "--model",
            model,
            "--show",
            "--ascii",
            "seven.png",
        ],
    );
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("seven.png: 7"), "{text}");
    let picture = &lines[1..15];
    assert!(
        picture.iter().all(|l| l.is_ascii() && l.len() == 2 + 28),
        "{text}"
    );
    assert!(
        picture.iter().any(|l| l.contains('@')),
        "ink is drawn:\n{text}"
    );

    let json = ok(
        dir.path(),
        &["predict", "--model", model, "--json", "seven.png"],
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc[0]["file"], "seven.png");
    assert_eq!(doc[0]["digit"], 7);
    let a = doc[0]["activations"].as_array().unwrap();
    assert_eq!(a.len(), 10);
    assert!(a.iter().all(|v| (0.0..=1.0).contains(&v.as_f64().unwrap())));
}

#[test]
fn bad_files_are_named_and_the_others_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let test = nndl_mnist::Mnist::load(nndl_mnist::Options::default().dir(data_dir()))
        .unwrap()
        .test;
    as_a_scan(&test, 1, 4).save(p.join("two.png")).unwrap();
    std::fs::write(p.join("notes.png"), "a text file with an image's name").unwrap();
    std::fs::write(p.join("empty.jpg"), "").unwrap();
    std::fs::write(p.join("huge.pgm"), b"P5\n90000 90000\n255\n\0\0").unwrap();
    GrayImage::from_pixel(50, 50, Luma([255]))
        .save(p.join("blank.png"))
        .unwrap();
    std::fs::create_dir(p.join("folder")).unwrap();
    let model = model().to_str().unwrap();
    let args = [
        "predict",
        "--model",
        model,
        "notes.png",
        "two.png",
        "empty.jpg",
        "huge.pgm",
        "blank.png",
        "folder",
        "missing.png",
    ];
    let out = run(p, &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("two.png: 2"), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        7,
        "one line per bad file and a summary:\n{err}"
    );
    for (line, words) in lines.iter().zip([
        ["notes.png", "not an image"],
        ["empty.jpg", "empty"],
        ["huge.pgm", "too large"],
        ["blank.png", "blank"],
        ["folder", "folder: is a directory, not an image"],
        ["missing.png", "missing.png: no such file"],
        ["6 of 7", "could not be read"],
    ]) {
        assert!(line.starts_with("nndl: error: "), "{line}");
        assert!(
            words.iter().all(|w| line.contains(w)),
            "{words:?} not in {line}"
        );
    }
}

#[test]
fn model_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    GrayImage::from_pixel(30, 30, Luma([0]))
        .save(p.join("x.png"))
        .unwrap();
    fails(p, &["predict", "x.png"], 1, &["model.nndl"]);
    fails(
        p,
        &["predict", "--model", "nope.nndl", "x.png"],
        1,
        &["nope.nndl"],
    );
    write_model(&p.join("small.nndl"), &[100, 10], 1);
    fails(
        p,
        &["predict", "--model", "small.nndl", "x.png"],
        1,
        &["small.nndl", "784"],
    );
    std::fs::write(p.join("junk.nndl"), "NNDL-NET and then nothing sensible").unwrap();
    fails(
        p,
        &["predict", "--model", "junk.nndl", "x.png"],
        1,
        &["junk.nndl"],
    );
    fails(p, &["predict"], 2, &["IMAGE"]);
}
