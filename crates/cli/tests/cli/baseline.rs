//! `nndl baseline`: the chapter's yardsticks, with the book's own figure.

use crate::common::*;

#[test]
fn average_darkness_scores_what_the_book_says() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(dir.path(), &["baseline"]);
    // The book: "2,225 of the 10,000 test images" for the average-darkness classifier.
    let darkness = text
        .lines()
        .find(|l| l.contains("average darkness:"))
        .unwrap();
    assert!(darkness.contains("2225 / 10000"), "{text}");
    let random = text
        .lines()
        .find(|l| l.contains("random guessing"))
        .unwrap();
    let right: usize = random.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!((850..1150).contains(&right), "{random}");

    let doc: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        &["baseline", "--json", "--set", "validation"],
    ))
    .unwrap();
    assert_eq!(doc["set"], "validation");
    assert_eq!(doc["total"], 10000);
    assert_eq!(
        doc["average_darkness"]["averages"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    fails(
        dir.path(),
        &["baseline", "--data", "nowhere"],
        1,
        &["nowhere"],
    );
}
