//! `nndl show`: MNIST digits in the terminal and as the chapter's opening strip.

use crate::common::*;

#[test]
fn the_chapters_opening_strip() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(dir.path(), &["show", "0", "1", "2", "3", "4", "5", "--png"]);
    assert!(
        text.contains("digits.png") && text.contains("labels 504192"),
        "{text}"
    );
    let strip = image::open(dir.path().join("digits.png"))
        .unwrap()
        .to_luma8();
    // Six 28×28 digits at 4× with 2-pixel gaps (also 4×) around them.
    assert_eq!(strip.dimensions(), (6 * (112 + 8) + 8, 112 + 16));
    // Dark ink on white paper: the corners are paper, each tile has ink.
    assert_eq!(strip.get_pixel(0, 0).0[0], 255);
    for tile in 0..6 {
        let x0 = 8 + tile * 120;
        let ink = (x0..x0 + 112)
            .flat_map(|x| (8..120).map(move |y| (x, y)))
            .filter(|&(x, y)| strip.get_pixel(x, y).0[0] < 64)
            .count();
        assert!(ink > 200, "tile {tile} has {ink} dark pixels");
    }
}

#[test]
fn digits_in_the_terminal_with_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(dir.path(), &["show", "0..3", "--ascii"]);
    assert!(text.is_ascii());
    assert!(
        text.contains("#0: 5") && text.contains("#1: 0") && text.contains("#2: 4"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("Labels: 504"), "{text}");
    // Half blocks when Unicode is allowed; a test set digit by index.
    let text = ok(dir.path(), &["show", "--set", "test", "0"]);
    assert!(text.contains("#0: 7") && text.contains('█'), "{text}");
    assert!(!has_terminal_codes(&text), "no colour when not a terminal");
    let text = ok(
        dir.path(),
        &["show", "--set", "validation", "9999", "--out", "last.png"],
    );
    assert!(text.contains("last.png"), "{text}");
}

#[test]
fn show_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fails(
        p,
        &["show", "50000"],
        2,
        &["50000", "out of range", "49999"],
    );
    fails(
        p,
        &["show", "--set", "test", "10000"],
        2,
        &["10000", "test"],
    );
    fails(p, &["show", "seven"], 2, &["seven"]);
    fails(p, &["show", "5..2"], 2, &["5..2"]);
    fails(p, &["show"], 2, &["INDEX"]);
    fails(p, &["show", "0", "--out", "no-dir/x.png"], 1, &["no-dir"]);
}
