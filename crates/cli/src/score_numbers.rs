//! `nndl read --score DIR`: how well numbers are read, from pictures whose names
//! give the truth (`504192_anything.png`), as `cargo xtask make-numbers` writes them.
//!
//! A number is wrong *by the cut* when the reading has the wrong count of digits,
//! or — where the folder has the `spans.txt` make-numbers writes — when a digit's
//! columns are not those of the digit it stands for; otherwise a wrong number is
//! wrong *by the reader*, the classifier.
//!
//! With the true count of digits given to the reader (`--known-count`), what is
//! left shows how much the count itself costs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use nndl_nn::Network;
use nndl_vision::{ReadOptions, Reading};

use crate::commands::read::read_file;
use crate::format::thousands;

/// More pictures than anyone scores; a larger folder is refused before it is read.
const MAX_PICTURES: usize = 100_000;
/// A digit's columns match the truth's when they overlap by this much of their union.
const SAME_COLUMNS: f32 = 0.5;

/// The tallies of one folder.
#[derive(Default)]
struct Tally {
    numbers: usize,
    right: usize,
    digits: usize,
    digit_errors: usize,
    by_cut: usize,
    by_reader: usize,
    unreadable: usize,
    expected: f64,
    millis: Vec<f64>,
}

/// Scores every picture named `NUMBER_…` in `dir` and its subfolders, folder by folder.
/// With `known_count`, each number is read with its true count of digits.
pub fn run(
    dir: &Path,
    net: &Network,
    options: &ReadOptions,
    known_count: bool,
    json: bool,
) -> anyhow::Result<()> {
    let folders = pictures(dir)?;
    let p = crate::model::test_accuracy(net);
    let mut report = Vec::new();
    for (folder, files) in &folders {
        let spans = read_spans(folder);
        let mut t = Tally::default();
        for (path, truth) in files {
            let start = Instant::now();
            let options = ReadOptions {
                digits: if known_count {
                    Some(truth.len())
                } else {
                    options.digits
                },
                ..options.clone()
            };
            let reading = read_file(path, net, &options);
            t.millis.push(start.elapsed().as_secs_f64() * 1e3);
            t.numbers += 1;
            t.digits += truth.len();
            if let Some(p) = p {
                t.expected += p.powi(truth.len() as i32);
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            match reading {
                Ok(r) => tally(&mut t, &r, truth, spans.get(&name)),
                Err(_) => {
                    t.unreadable += 1;
                    t.by_cut += 1;
                    t.digit_errors += truth.len();
                }
            }
        }
        report.push((folder.clone(), t));
    }
    if json {
        print_json(&report, p, known_count);
    } else {
        print_text(&report, p, known_count);
    }
    Ok(())
}

fn tally(t: &mut Tally, reading: &Reading, truth: &str, spans: Option<&Vec<(usize, usize)>>) {
    let read = reading.number();
    t.digit_errors += edit_distance(read.as_bytes(), truth.as_bytes()).min(truth.len());
    if read == truth {
        t.right += 1;
        return;
    }
    let cut_right = read.len() == truth.len()
        && spans.is_none_or(|spans| {
            spans.len() == reading.digits.len()
                && reading.digits.iter().zip(spans).all(|(d, &(a, b))| {
                    let (x0, x1) = (d.bounds.x, d.bounds.x + d.bounds.width - 1);
                    let inter = (x1.min(b) + 1).saturating_sub(x0.max(a));
                    let union = x1.max(b) + 1 - x0.min(a);
                    inter as f32 >= SAME_COLUMNS * union as f32
                })
        });
    if cut_right {
        t.by_reader += 1;
    } else {
        t.by_cut += 1;
    }
}

/// The fewest insertions, deletions and substitutions that make `a` into `b`.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diag + usize::from(x != y))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// A folder's pictures of numbers, each with the number it shows.
type Folder = (PathBuf, Vec<(PathBuf, String)>);

/// The pictures of `dir` and of its subfolders whose names start with a number and
/// `_`, by folder, in name order, each with its number.
fn pictures(dir: &Path) -> anyhow::Result<Vec<Folder>> {
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let mut folders = vec![dir.to_path_buf()];
    let mut subfolders: Vec<PathBuf> = entries(dir)?.into_iter().filter(|p| p.is_dir()).collect();
    subfolders.sort();
    folders.extend(subfolders);
    let mut out = Vec::new();
    let mut total = 0;
    for folder in folders {
        let mut files: Vec<(PathBuf, String)> = entries(&folder)?
            .into_iter()
            .filter(|p| p.is_file())
            .filter_map(|p| truth_of(&p).map(|t| (p, t)))
            .collect();
        total += files.len();
        if total > MAX_PICTURES {
            bail!(
                "{}: more than {} pictures",
                dir.display(),
                thousands(MAX_PICTURES)
            );
        }
        files.sort();
        if !files.is_empty() {
            out.push((folder, files));
        }
    }
    if out.is_empty() {
        bail!(
            "{}: no pictures named NUMBER_ANYTHING (e.g. 504192_mine.png); make some with `cargo xtask make-numbers --out DIR`",
            dir.display()
        );
    }
    Ok(out)
}

fn entries(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        out.push(entry.with_context(|| format!("{}", dir.display()))?.path());
        if out.len() > MAX_PICTURES {
            bail!(
                "{}: more than {} entries",
                dir.display(),
                thousands(MAX_PICTURES)
            );
        }
    }
    Ok(out)
}

/// The number a file name gives: its leading digits, followed by `_`.
fn truth_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let (number, _) = name.split_once('_')?;
    let ok = (1..=nndl_vision::MAX_DIGITS).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| number.to_string())
}

/// The digits' columns of each picture, from the folder's `spans.txt`:
/// `NAME a-b c-d …` per line.
fn read_spans(folder: &Path) -> HashMap<String, Vec<(usize, usize)>> {
    let Ok(text) = std::fs::read_to_string(folder.join("spans.txt")) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let name = fields.next()?.to_string();
            let spans = fields
                .map(|f| {
                    let (a, b) = f.split_once('-')?;
                    Some((a.parse().ok()?, b.parse().ok()?))
                })
                .collect::<Option<Vec<_>>>()?;
            Some((name, spans))
        })
        .collect()
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn percent(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

fn print_text(report: &[(PathBuf, Tally)], p: Option<f64>, known_count: bool) {
    if known_count {
        println!("each number read with its true count of digits (--known-count)");
    }
    if let Some(p) = p {
        println!(
            "single digits: {:.2}% of MNIST's test digits read right (p)",
            100.0 * p
        );
    }
    for (folder, t) in report {
        println!(
            "{}: {} numbers, {} digits",
            folder.display(),
            thousands(t.numbers),
            thousands(t.digits)
        );
        println!(
            "  whole numbers right  {:6.2}%  ({})",
            percent(t.right, t.numbers),
            t.right
        );
        if p.is_some() {
            let e = t.expected / t.numbers as f64;
            println!(
                "  if cutting lost nothing (mean p^n) {:.2}%; 0.97 × that = {:.2}%",
                100.0 * e,
                97.0 * e
            );
        }
        let per_digit = 100.0 - percent(t.digit_errors, t.digits);
        println!("  digits right         {per_digit:6.2}%  (by edit distance)");
        println!(
            "  wrong by the cut     {:6}  ({} could not be read at all)",
            t.by_cut, t.unreadable
        );
        println!("  wrong by the reader  {:6}", t.by_reader);
        println!(
            "  time per number      {:6.1} ms (median)",
            median(&t.millis)
        );
    }
}

fn print_json(report: &[(PathBuf, Tally)], p: Option<f64>, known_count: bool) {
    let folders: Vec<serde_json::Value> = report
        .iter()
        .map(|(folder, t)| {
            serde_json::json!({
                "folder": folder,
                "numbers": t.numbers,
                "digits": t.digits,
                "whole_numbers_right": t.right,
                "digit_errors": t.digit_errors,
                "wrong_by_cut": t.by_cut,
                "wrong_by_reader": t.by_reader,
                "unreadable": t.unreadable,
                "expected_if_cutting_lost_nothing": p.map(|_| t.expected / t.numbers as f64),
                "median_ms": median(&t.millis),
            })
        })
        .collect();
    println!(
        "{:#}",
        serde_json::json!({
            "single_digit_accuracy": p,
            "known_count": known_count,
            "folders": folders,
        })
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance(b"504192", b"504192"), 0);
        assert_eq!(edit_distance(b"50492", b"504192"), 1);
        assert_eq!(edit_distance(b"5041922", b"504192"), 1);
        assert_eq!(edit_distance(b"604193", b"504192"), 2);
        assert_eq!(edit_distance(b"", b"123"), 3);
    }

    #[test]
    fn truth_from_names() {
        assert_eq!(
            truth_of(Path::new("d/504192_apart_0001.png")).as_deref(),
            Some("504192")
        );
        assert_eq!(truth_of(Path::new("7_mine.png")).as_deref(), Some("7"));
        assert_eq!(truth_of(Path::new("x504_a.png")), None);
        assert_eq!(truth_of(Path::new("spans.txt")), None);
    }
}
