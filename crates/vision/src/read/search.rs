//! Scoring trial segmentations with the classifier and finding the best one by
//! dynamic programming over the cut points.
//!
//! The pieces cut from the page are in reading order. A digit is a run of
//! consecutive pieces; a reading is a sequence of runs that covers every piece.
//! Its score is the sum over its digits of the log of the classifier's
//! confidence plus a prior on the digit's shape, so the classifier's doubt about
//! any one digit costs the whole reading — the chapter's idea.

use super::blob::Blob;
use crate::prepare::fit_and_centre;

/// At most this many pieces make one digit (a 5 in three strokes, a dotted 1, a
/// wide 0 cut in trial at several places).
const MAX_PARTS: usize = 6;
/// A digit is at most this wide, in units of the writing's height…
const MAX_WIDTH: f32 = 1.6;
/// …unless it is all or part of one mark: then at most this wide.
const ONE_MARK_WIDTH: f32 = 2.5;
/// Pieces of one digit leave no gap across wider than this (in heights).
const MAX_GAP: f32 = 0.15;
/// Confidence is floored here, so one hopeless digit costs a bounded amount.
const FLOOR: f32 = 1e-4;
/// Wider than this (in heights) is wider than a digit is written.
const WIDE: f32 = 0.8;
/// The log-prior lost per height of width beyond [`WIDE`].
const WIDE_COST: f32 = 3.0;
/// Shorter than this (in heights) is shorter than a digit is written.
const SHORT: f32 = 0.55;
/// The log-prior lost at zero height, falling linearly to nothing at [`SHORT`].
const SHORT_COST: f32 = 3.0;

/// The log-prior lost per stroke a digit boundary cuts: touching digits touch
/// at about one stroke; a cut through a digit's loop crosses two.
const CUT_COST: f32 = 1.0;
/// The log-prior lost per digit: a reading of more digits must earn each.
const DIGIT_COST: f32 = 0.3;

/// The shape of each digit in MNIST's training set: mean and standard deviation
/// of ln(width / height) of its ink's box (`cargo run --release -p nndl-vision
/// --example digit_shapes`). A piece read as a 4 but twice as wide as tall is
/// more likely two digits than a 4: the classifier cannot tell, since preparation
/// scales every piece to fit the same box.
const SHAPES: [(f32, f32); 10] = [
    (-0.108, 0.205),
    (-0.965, 0.473),
    (-0.075, 0.228),
    (-0.242, 0.220),
    (-0.250, 0.219),
    (-0.079, 0.274),
    (-0.339, 0.224),
    (-0.274, 0.221),
    (-0.290, 0.229),
    (-0.409, 0.212),
];
/// The most the shape prior takes off a piece's score.
const SHAPE_FLOOR: f32 = 8.0;
/// How much the shape prior weighs against the classifier's log-confidence.
const SHAPE_WEIGHT: f32 = 2.0;
/// Shapes within this many standard deviations wider than the class mean, and
/// every narrower shape, cost nothing: the shape prior is there to catch two
/// digits read as one, and a narrow piece is the classifier's to judge.
const SHAPE_SLACK: f32 = 1.0;

/// One way to read a run of pieces as a digit.
pub(crate) struct Candidate {
    /// The run: pieces `first..end`.
    pub first: usize,
    pub end: usize,
    /// The run's pixels.
    pub blob: Blob,
    /// The 28×28 input the classifier was given.
    pub input: Vec<f32>,
    /// The classifier's best and second-best digits, with their scores.
    pub best: (u8, f32),
    pub second: (u8, f32),
    /// Log-confidence plus log-prior: this candidate's share of a reading's score.
    pub score: f32,
}

/// A run of pieces that could be one digit, prepared for the classifier.
pub(crate) struct Trial {
    /// The run: pieces `first..end`.
    pub first: usize,
    pub end: usize,
    /// The run's pixels.
    pub blob: Blob,
    /// The 28×28 input for the classifier.
    pub input: Vec<f32>,
    /// The strokes the digit boundary on its right would cut.
    pub cut: f32,
}

/// Every run of pieces that could be one digit, prepared for the classifier;
/// each piece comes with the strokes a digit boundary just before it would
/// cut, and the index of the mark it was cut from.
pub(crate) fn trials(
    pieces: &[(Blob, f32, usize)],
    ink: &[f32],
    width: usize,
    height: usize,
) -> Vec<Trial> {
    let h = height as f32;
    let mut out = Vec::new();
    for first in 0..pieces.len() {
        let mut blob = Blob::default();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut one_mark = true;
        for end in first + 1..=pieces.len() {
            let piece = &pieces[end - 1].0;
            if end == first + 1 {
                blob = piece.clone();
            } else {
                blob.join(piece.clone());
            }
            spans.push((piece.x0, piece.x1));
            // A run within one mark may be wider and in more pieces than a digit
            // usually is (a flat 5 is one stroke, cut in trial at many places); a
            // run across marks is held to a digit's parts and width.
            one_mark &= pieces[end - 1].2 == pieces[first].2;
            let (parts, wide) = (end - first, blob.width() as f32 / h);
            if wide > ONE_MARK_WIDTH || (!one_mark && (parts > MAX_PARTS || wide > MAX_WIDTH)) {
                break;
            }
            if widest_gap(&mut spans) as f32 > MAX_GAP * h {
                continue;
            }
            let crop = blob.crop(ink, width);
            let Ok(input) = fit_and_centre(&crop, blob.width()) else {
                continue;
            };
            out.push(Trial {
                first,
                end,
                blob: blob.clone(),
                input,
                // The boundary on this digit's right cuts the strokes of the piece after it.
                cut: pieces.get(end).map_or(0.0, |p| p.1),
            });
        }
    }
    out
}

/// The trials classified — all at once: `classify` gets their inputs one after
/// another (784 values each) and gives ten scores for each — and scored.
pub(crate) fn candidates(
    trials: Vec<Trial>,
    height: usize,
    classify: &mut dyn FnMut(&[f32]) -> Vec<[f32; 10]>,
) -> Vec<Candidate> {
    if trials.is_empty() {
        return Vec::new();
    }
    let h = height as f32;
    let inputs: Vec<f32> = trials
        .iter()
        .flat_map(|t| t.input.iter().copied())
        .collect();
    let scores = classify(&inputs);
    assert_eq!(
        scores.len(),
        trials.len(),
        "read_number: the classifier gave {} answers for {} digits",
        scores.len(),
        trials.len()
    );
    trials
        .into_iter()
        .zip(scores)
        .map(|(t, scores)| {
            let (best, second) = top_two(&scores);
            let score = best.1.clamp(FLOOR, 1.0).ln()
                + prior(&t.blob, h)
                + SHAPE_WEIGHT * shape(&t.blob, best.0)
                - CUT_COST * t.cut
                - DIGIT_COST;
            Candidate {
                first: t.first,
                end: t.end,
                blob: t.blob,
                input: t.input,
                best,
                second,
                score,
            }
        })
        .collect()
}

/// The log-prior of a digit's shape: nothing for the widths and heights digits
/// are written at, less for a run wider than a digit (two digits not cut apart)
/// or shorter than one (a fragment).
fn prior(blob: &Blob, h: f32) -> f32 {
    let w = blob.width() as f32 / h;
    let t = blob.height() as f32 / h;
    -WIDE_COST * (w - WIDE).max(0.0) - SHORT_COST * ((SHORT - t) / SHORT).max(0.0)
}

/// The log-likelihood of the piece's shape for `digit`, relative to the most
/// likely shape: a normal density on ln(width / height), counted only where the
/// piece is more than [`SHAPE_SLACK`] deviations wider than the class is written.
fn shape(blob: &Blob, digit: u8) -> f32 {
    let (mean, sd) = SHAPES[digit as usize];
    let z = ((blob.width() as f32 / blob.height() as f32).ln() - mean) / sd;
    let z = (z - SHAPE_SLACK).max(0.0);
    (-0.5 * z * z).max(-SHAPE_FLOOR)
}

/// The widest stretch of columns that none of `spans` covers, between the first and last.
fn widest_gap(spans: &mut [(usize, usize)]) -> usize {
    spans.sort_unstable();
    let mut reach = spans[0].1;
    let mut widest = 0;
    for &(a, b) in &spans[1..] {
        widest = widest.max(a.saturating_sub(reach + 1));
        reach = reach.max(b);
    }
    widest
}

/// The two highest-scoring digits, best first.
fn top_two(scores: &[f32; 10]) -> ((u8, f32), (u8, f32)) {
    let mut order: Vec<u8> = (0..10).collect();
    order.sort_by(|&a, &b| scores[b as usize].total_cmp(&scores[a as usize]));
    let pick = |d: u8| (d, scores[d as usize]);
    (pick(order[0]), pick(order[1]))
}

/// For each number of digits k, the best reading of all `n` pieces as k digits
/// (indices into `candidates`, left to right) and its score; `None` where no
/// reading has k digits.
pub(crate) fn best_by_count(candidates: &[Candidate], n: usize) -> Vec<Option<(f32, Vec<usize>)>> {
    // best[i][k]: the best score of reading pieces 0..i as k digits, and the
    // candidate that ends it.
    let mut best: Vec<Vec<Option<(f32, usize)>>> = vec![vec![None; n + 1]; n + 1];
    best[0][0] = Some((0.0, usize::MAX));
    let mut ending_at: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (c, cand) in candidates.iter().enumerate() {
        ending_at[cand.end].push(c);
    }
    for i in 1..=n {
        for &c in &ending_at[i] {
            let cand = &candidates[c];
            for k in 1..=i {
                if let Some((prev, _)) = best[cand.first][k - 1] {
                    let s = prev + cand.score;
                    if best[i][k].is_none_or(|(b, _)| s > b) {
                        best[i][k] = Some((s, c));
                    }
                }
            }
        }
    }
    (0..=n)
        .map(|k| {
            let (score, _) = best[n][k]?;
            let mut path = Vec::with_capacity(k);
            let (mut i, mut j) = (n, k);
            while j > 0 {
                let (_, c) = best[i][j]?;
                path.push(c);
                i = candidates[c].first;
                j -= 1;
            }
            path.reverse();
            Some((score, path))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(first: usize, end: usize, score: f32) -> Candidate {
        Candidate {
            first,
            end,
            blob: Blob::default(),
            input: Vec::new(),
            best: (0, 0.0),
            second: (0, 0.0),
            score,
        }
    }

    #[test]
    fn the_best_reading_for_each_count() {
        // Three pieces: 0 and 1 read well apart or joined; 2 reads well alone.
        let cands = vec![
            cand(0, 1, -0.1),
            cand(1, 2, -0.2),
            cand(0, 2, -0.5),
            cand(2, 3, -0.1),
            cand(1, 3, -3.0),
        ];
        let best = best_by_count(&cands, 3);
        assert!(best[0].is_none() && best[1].is_none());
        let (s2, p2) = best[2].clone().unwrap();
        assert_eq!(p2, vec![2, 3]);
        assert!((s2 + 0.6).abs() < 1e-6);
        let (s3, p3) = best[3].clone().unwrap();
        assert_eq!(p3, vec![0, 1, 3]);
        assert!((s3 + 0.4).abs() < 1e-6);
    }

    #[test]
    fn gaps_between_spans() {
        assert_eq!(widest_gap(&mut [(10, 20), (0, 5)]), 4);
        assert_eq!(widest_gap(&mut [(0, 10), (3, 5), (11, 12)]), 0);
    }
}
