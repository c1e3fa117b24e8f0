//! Reading whole numbers: numbers composed from MNIST's test digits are cut into
//! exactly their digits, whichever way round the ink is; pictures that hold no
//! number say why.

use std::path::Path;
use std::sync::OnceLock;

use nndl_mnist::{Dataset, Mnist, Options};
use nndl_nn::{Data, Network, SgdConfig};
use nndl_vision::{compose_number, read_number, NumberLayout, ReadError, ReadOptions, SIDE};
use proptest::prelude::*;

/// MNIST's test digits, and a 784-30-10 network trained on 20,000 training digits
/// (about 93% right): a real classifier, with the doubts real classifiers have.
fn setup() -> &'static (Dataset, Network) {
    static SETUP: OnceLock<(Dataset, Network)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist");
        let mnist = Mnist::load(Options::default().dir(dir)).expect("the bundled MNIST loads");
        let n = 20_000;
        let train = &mnist.training;
        let data = Data::new(
            &train.inputs[..n * SIDE * SIDE],
            &train.labels[..n],
            SIDE * SIDE,
        )
        .unwrap();
        let mut net = Network::new(&[SIDE * SIDE, 30, 10], 1).unwrap();
        let cfg = SgdConfig::new(3, 10, 3.0);
        net.sgd(data, &cfg, None, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        (mnist.test, net)
    })
}

fn network_scores(digit: &[f32]) -> [f32; 10] {
    let out = setup().1.feedforward(digit);
    let mut s = [0.0; 10];
    s.copy_from_slice(&out);
    s
}

/// A classifier with no opinion: the cut is left to the shapes of the marks alone.
fn no_opinion(_: &[f32]) -> [f32; 10] {
    [0.1; 10]
}

/// How many 8-connected marks the ink darker than `threshold` makes in columns
/// `x0..=x1` of a `w`-wide picture.
fn marks_in(ink: &[f32], w: usize, (x0, x1): (usize, usize), threshold: f32) -> usize {
    let h = ink.len() / w;
    let inked = |x: usize, y: usize| (x0..=x1).contains(&x) && ink[y * w + x] > threshold;
    let mut seen = vec![false; ink.len()];
    let mut marks = 0;
    for start in (0..ink.len()).filter(|&p| inked(p % w, p / w)) {
        if seen[start] {
            continue;
        }
        marks += 1;
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(p) = stack.pop() {
            let (x, y) = (p % w, p / w);
            for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    let q = ny * w + nx;
                    if inked(nx, ny) && !seen[q] {
                        seen[q] = true;
                        stack.push(q);
                    }
                }
            }
        }
    }
    marks
}

/// Whether a 28×28 digit's ink is one stroke (at the threshold the reader uses).
fn one_stroke(image: &[f32]) -> bool {
    marks_in(image, SIDE, (0, SIDE - 1), 0.35) == 1
}

/// Test digits `picks` (indices, advanced to the next digit in one stroke), laid
/// out clearly apart; returns the picture and each digit's span of columns.
fn apart_number(picks: &[usize], seed: u64) -> (Vec<f32>, usize, usize, Vec<(usize, usize)>) {
    let test = &setup().0;
    let digits: Vec<&[f32]> = picks
        .iter()
        .map(|&i| {
            let i = (i..test.len())
                .chain(0..i)
                .find(|&j| one_stroke(test.image(j)))
                .unwrap();
            test.image(i)
        })
        .collect();
    let layout = NumberLayout {
        gap: (8, 16),
        ..NumberLayout::default()
    };
    let number = compose_number(&digits, SIDE, &layout, seed);
    (number.ink, number.width, number.height, number.spans)
}

/// Each read digit's box lies within the matching digit's columns.
fn cut_as_composed(
    bounds: &[(usize, usize)],
    spans: &[(usize, usize)],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(bounds.len(), spans.len(), "{:?} vs {:?}", bounds, spans);
    for (b, s) in bounds.iter().zip(spans) {
        prop_assert!(b.0 >= s.0 && b.1 <= s.1, "{:?} outside {:?}", b, s);
    }
    Ok(())
}

/// Every read digit's box lies within one digit's columns, and every digit has
/// at least one: no two digits were read as one, none was lost.
fn none_joined(bounds: &[(usize, usize)], spans: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let within = |b: &(usize, usize)| spans.iter().position(|s| b.0 >= s.0 && b.1 <= s.1);
    let owners: Vec<Option<usize>> = bounds.iter().map(within).collect();
    prop_assert!(
        owners.iter().all(Option::is_some),
        "{:?} vs {:?}",
        bounds,
        spans
    );
    for i in 0..spans.len() {
        prop_assert!(
            owners.contains(&Some(i)),
            "digit {} lost: {:?} vs {:?}",
            i,
            bounds,
            spans
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Well apart, with a real classifier told the count, each digit is read whole
    /// and alone. With a classifier that has no opinion and no count, the marks'
    /// shapes decide: a digit much wider than tall may be cut in two, but no two
    /// digits are ever read as one.
    #[test]
    fn a_number_of_well_separated_digits_is_cut_into_exactly_its_digits(
        picks in proptest::collection::vec(0usize..10_000, 1..=8),
        seed in 0u64..1000,
        light_on_dark in any::<bool>(),
    ) {
        let (ink, w, h, spans) = apart_number(&picks, seed);
        // Scaling a digit can break a thin stroke: then it is two marks, which the
        // reader may rightly take for two digits.
        let peak = ink.iter().copied().fold(0.0, f32::max);
        prop_assume!(spans.iter().all(|&s| marks_in(&ink, w, s, 0.35 * peak) == 1));
        let picture: Vec<f32> = if light_on_dark { ink } else { ink.iter().map(|v| 1.0 - v).collect() };
        let columns = |r: &nndl_vision::Reading| -> Vec<(usize, usize)> {
            r.digits.iter().map(|d| (d.bounds.x, d.bounds.x + d.bounds.width - 1)).collect()
        };
        let flat = read_number(&picture, w, h, &ReadOptions::default(), no_opinion).unwrap();
        none_joined(&columns(&flat), &spans)?;
        let counted = ReadOptions {
            digits: Some(spans.len()),
            ..ReadOptions::default()
        };
        let real = read_number(&picture, w, h, &counted, network_scores).unwrap();
        cut_as_composed(&columns(&real), &spans)?;
    }
}

#[test]
fn twenty_digits_are_read_and_more_are_refused() {
    let picks: Vec<usize> = (0..21).map(|i| i * 37).collect();
    let (ink, w, h, spans) = apart_number(&picks[..20], 3);
    let reading = read_number(&ink, w, h, &ReadOptions::default(), no_opinion).unwrap();
    assert_eq!(reading.digits.len(), spans.len());
    let (ink, w, h, _) = apart_number(&picks, 3);
    let err = read_number(&ink, w, h, &ReadOptions::default(), no_opinion).unwrap_err();
    assert_eq!(err, ReadError::TooManyDigits(21));
}

#[test]
fn a_blank_picture_has_no_ink() {
    for paper in [0.0, 0.5, 1.0] {
        let err = read_number(
            &[paper; 200 * 80],
            200,
            80,
            &ReadOptions::default(),
            no_opinion,
        )
        .unwrap_err();
        assert_eq!(err, ReadError::Blank);
        assert!(err.to_string().contains("no ink"));
    }
}

#[test]
fn a_ruled_line_is_not_a_digit() {
    let (w, h) = (300, 60);
    let page: Vec<f32> = (0..w * h)
        .map(|i| {
            if (29..32).contains(&(i / w)) {
                0.0
            } else {
                1.0
            }
        })
        .collect();
    let err = read_number(&page, w, h, &ReadOptions::default(), no_opinion).unwrap_err();
    assert!(matches!(err, ReadError::NoDigits(_)), "{err}");
}

/// Thousands of separate specks: refused as noise before any classifying is done.
#[test]
fn a_page_of_noise_specks_is_refused() {
    let (w, h) = (1000, 1000);
    let mut page = vec![1.0f32; w * h];
    let mut state = 12345u64;
    for _ in 0..20_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let p = (state >> 33) as usize % (w * h);
        page[p] = 0.0;
    }
    let mut classified = 0;
    let err = read_number(&page, w, h, &ReadOptions::default(), |_| {
        classified += 1;
        [0.1; 10]
    })
    .unwrap_err();
    assert!(matches!(err, ReadError::TooManyMarks(_)), "{err}");
    assert!(err.to_string().contains("too noisy"));
    assert_eq!(classified, 0);
}

#[test]
fn asking_for_more_digits_than_can_be_cut_says_how_many_can() {
    let (ink, w, h, spans) = apart_number(&[1, 2], 5);
    let asked = ReadOptions {
        digits: Some(12),
        ..ReadOptions::default()
    };
    let err = read_number(&ink, w, h, &asked, no_opinion).unwrap_err();
    match err {
        ReadError::CannotCut { asked, least, most } => {
            assert_eq!(asked, 12);
            assert_eq!(least, spans.len());
            assert!(most >= spans.len() && most < 12, "{most}");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn trial_digits_hold_each_digit_and_the_wrong_cuts_too() {
    let (ink, w, h, spans) = apart_number(&[3, 30, 300], 5);
    let trials = nndl_vision::trial_digits(&ink, w, h, &ReadOptions::default()).unwrap();
    for &(a, b) in &spans {
        let alone = trials.iter().any(|t| {
            let (x0, x1) = (t.bounds.x, t.bounds.x + t.bounds.width - 1);
            x0 + 1 >= a && x1 <= b + 1 && x1 - x0 + 3 >= b - a
        });
        assert!(alone, "no trial is the digit in columns {a}-{b}");
    }
    for t in &trials {
        assert_eq!(t.input.len(), SIDE * SIDE);
        assert!(t.input.iter().all(|v| (0.0..=1.0).contains(v)));
        let inside = |&p: &u32| {
            let (x, y) = (p as usize % w, p as usize / w);
            let b = &t.bounds;
            (b.x..b.x + b.width).contains(&x) && (b.y..b.y + b.height).contains(&y)
        };
        assert!(!t.pixels.is_empty() && t.pixels.iter().all(inside));
    }
    // Two digits touching are one mark: tried whole as well as cut.
    let test = &setup().0;
    let layout = NumberLayout {
        gap: (-1, -1),
        ..NumberLayout::default()
    };
    let pair = compose_number(&[test.image(3), test.image(4)], SIDE, &layout, 2);
    let trials =
        nndl_vision::trial_digits(&pair.ink, pair.width, pair.height, &ReadOptions::default())
            .unwrap();
    let (a, b) = (pair.spans[0].0, pair.spans[1].1);
    assert!(
        trials
            .iter()
            .any(|t| t.bounds.x <= a + 1 && t.bounds.x + t.bounds.width >= b),
        "no trial holds both digits"
    );
    assert!(trials.len() >= 3, "{} trials", trials.len());
}

#[test]
fn a_batched_classifier_reads_as_one_digit_at_a_time_does() {
    let (ink, w, h, _) = apart_number(&[7, 70, 700, 7000], 3);
    let one_by_one = read_number(&ink, w, h, &ReadOptions::default(), network_scores).unwrap();
    let mut calls = 0;
    let batched = nndl_vision::read_number_batched(&ink, w, h, &ReadOptions::default(), |all| {
        calls += 1;
        all.chunks_exact(SIDE * SIDE).map(network_scores).collect()
    })
    .unwrap();
    assert_eq!(calls, 1, "every trial digit goes in one batch");
    assert_eq!(batched.number(), one_by_one.number());
    let confidence =
        |r: &nndl_vision::Reading| -> Vec<f32> { r.digits.iter().map(|d| d.confidence).collect() };
    assert_eq!(confidence(&batched), confidence(&one_by_one));
}
