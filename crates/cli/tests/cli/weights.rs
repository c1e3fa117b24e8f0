//! `nndl weights`: the hidden neurons' weights as pictures, and exported for other tools.

use crate::common::*;

#[test]
fn a_grid_of_the_hidden_neurons_and_a_safetensors_export() {
    let dir = tempfile::tempdir().unwrap();
    train(dir.path(), "model.nndl", 1, 300, &["-q"]);
    let text = ok(dir.path(), &["weights", "--safetensors", "w.safetensors"]);
    assert!(
        text.contains("hidden.png") && text.contains("30 hidden neurons"),
        "{text}"
    );
    let grid = image::open(dir.path().join("hidden.png"))
        .unwrap()
        .to_rgb8();
    // 30 neurons: 6 per row, 5 rows of 28×28 at 4× with gaps.
    assert_eq!(grid.dimensions(), (6 * 120 + 8, 5 * 120 + 8));
    // Trained weights are not all zero: both colours appear.
    let red = grid
        .pixels()
        .filter(|p| p.0[0] > 200 && p.0[2] < 100)
        .count();
    let blue = grid
        .pixels()
        .filter(|p| p.0[2] > 200 && p.0[0] < 100)
        .count();
    assert!(red > 100 && blue > 100, "{red} red, {blue} blue");
    let st = std::fs::read(dir.path().join("w.safetensors")).unwrap();
    let header_len = u64::from_le_bytes(st[..8].try_into().unwrap()) as usize;
    let header = std::str::from_utf8(&st[8..8 + header_len]).unwrap();
    assert!(
        header.contains("\"w1\"") && header.contains("[30,784]"),
        "{header}"
    );

    let text = ok(
        dir.path(),
        &[
            "weights",
            "--png",
            "g.png",
            "--columns",
            "10",
            "--scale",
            "1",
        ],
    );
    assert!(text.contains("g.png"), "{text}");
    let grid = image::open(dir.path().join("g.png")).unwrap();
    assert_eq!((grid.width(), grid.height()), (10 * 30 + 2, 3 * 30 + 2));
}

#[test]
fn learned_weights_leave_the_never_inked_border_blank() {
    let dir = tempfile::tempdir().unwrap();
    train(dir.path(), "model.nndl", 1, 300, &["-q"]);
    ok(dir.path(), &["weights", "--png", "raw.png", "--scale", "1"]);
    ok(
        dir.path(),
        &[
            "weights",
            "--learned",
            "--png",
            "learned.png",
            "--scale",
            "1",
        ],
    );
    let raw = image::open(dir.path().join("raw.png")).unwrap().to_rgb8();
    let learned = image::open(dir.path().join("learned.png"))
        .unwrap()
        .to_rgb8();
    // Pixel (0, 0) of the first neuron: no MNIST image has ink there, so gradient
    // descent never moved its weight — only the random start is there.
    let corner = |img: &image::RgbImage| img.get_pixel(2, 2).0;
    assert_eq!(corner(&learned), [255, 255, 255]);
    assert_ne!(corner(&raw), [255, 255, 255]);
    // The middle of the digits did change.
    let centre = (2..30).flat_map(|x| (2..30).map(move |y| (x, y)));
    let changed = centre
        .filter(|&(x, y)| learned.get_pixel(x, y).0 != [255, 255, 255])
        .count();
    assert!(changed > 200, "{changed}");
    write_model(&dir.path().join("bare.nndl"), &[784, 4, 10], 1);
    fails(
        dir.path(),
        &["weights", "--model", "bare.nndl", "--learned"],
        1,
        &["bare.nndl", "training record"],
    );
}

#[test]
fn weights_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fails(p, &["weights"], 1, &["model.nndl"]);
    write_model(&p.join("small.nndl"), &[100, 10], 1);
    fails(
        p,
        &["weights", "--model", "small.nndl"],
        1,
        &["small.nndl", "100 inputs"],
    );
    fails(
        p,
        &["weights", "--model", "small.nndl", "--scale", "0"],
        2,
        &["--scale"],
    );
    fails(
        p,
        &["weights", "--model", "small.nndl", "--columns", "0"],
        2,
        &["--columns"],
    );
}
