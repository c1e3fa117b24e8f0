//! Reading a whole number: cutting a picture of a written number into digits,
//! scored by a single-digit classifier.
//!
//! Chapter 1 of *Neural Networks and Deep Learning* ("A simple network to
//! classify handwritten digits") sketches it: try many ways of cutting the image,
//! score each trial with the classifier — high when it is confident about every
//! piece, low when it struggles with one — and keep the best. Here the trials are
//! built from marks on the page (connected components, specks dropped, fragments
//! joined) and least-ink cuts through marks that may hold touching digits; the
//! best of them is found by dynamic programming, not by trying them all.

mod blob;
mod components;
mod cuts;
mod groups;
mod search;

use std::fmt;

use crate::centre::SIDE;
use crate::ink::{ink_levels, peak, BLANK};
use crate::resize::resize;
use blob::Blob;
use search::Candidate;

/// A page larger than this on its longer side is shrunk before it is read.
const MAX_SIDE: usize = 2048;
/// Writing taller than this (in pixels) is shrunk to [`WORK_HEIGHT`]: detail
/// beyond it only costs time.
const MAX_HEIGHT: usize = 64;
const WORK_HEIGHT: usize = 48;
/// Marks shorter than this (in pixels) are too small to be read as digits.
const MIN_HEIGHT: usize = 6;
/// More separate marks than this is noise, not writing.
const MAX_MARKS: usize = 5000;
/// Ink above this fraction of the page's strongest is a stroke; above `FAINT`, its rim.
const STROKE: f32 = 0.35;
const FAINT: f32 = 0.1;
/// A reading whose runner-up is at least this likely, relative to it, is a close call.
const CLOSE: f32 = 0.2;

/// What to read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// How many digits the number has, when known.
    pub digits: Option<usize>,
    /// The classifier was trained on the pieces this reader cuts, wrong cuts
    /// included ([`trial_digits`]; `nndl train --pieces`), so it can say that a
    /// piece is not a digit: marks are then cut more finely and narrower ones
    /// are cut, which a classifier of whole digits would misread.
    pub trained_on_pieces: bool,
}

/// The label, and the output, a classifier trained on the reader's pieces
/// ([`trial_digits`]) gives a piece that is not a digit: the 11th, after the ten
/// digits. [`read_number`] reads only the ten.
pub const NOT_A_DIGIT: u8 = 10;

/// The longest number read: 20 digits.
pub const MAX_DIGITS: usize = 20;

/// Why a picture could not be read as a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The picture has no ink.
    Blank,
    /// There is ink, but nothing shaped like a digit; the reason says why.
    NoDigits(String),
    /// The picture has more separate marks than any number.
    TooManyMarks(usize),
    /// The marks are too far apart to be fewer digits than this, which is more
    /// than [`MAX_DIGITS`].
    TooManyDigits(usize),
    /// `digits` was given, but the picture cannot be cut into that many.
    CannotCut {
        /// The number of digits asked for.
        asked: usize,
        /// The fewest digits the picture could be read as.
        least: usize,
        /// The most.
        most: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Blank => write!(f, "no ink found: the image is blank"),
            ReadError::NoDigits(why) => write!(f, "no digit-like shapes found: {why}"),
            ReadError::TooManyMarks(n) => write!(
                f,
                "{n} or more separate marks, more than any number of up to {MAX_DIGITS} digits has: too noisy to read"
            ),
            ReadError::TooManyDigits(least) => write!(
                f,
                "at least {least} digits, more than the {MAX_DIGITS} a number may have"
            ),
            ReadError::CannotCut { asked, least, most } => write!(
                f,
                "cannot read the image as {asked} digits, only as {least} to {most}"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// A rectangle of the original picture: left, top, width, height in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Left edge.
    pub x: usize,
    /// Top edge.
    pub y: usize,
    /// Width.
    pub width: usize,
    /// Height.
    pub height: usize,
}

/// One digit of a reading.
#[derive(Clone, Debug)]
pub struct ReadDigit {
    /// The digit, 0 to 9.
    pub digit: u8,
    /// The classifier's score for it.
    pub confidence: f32,
    /// The classifier's second choice and its score.
    pub runner_up: (u8, f32),
    /// Where the digit is in the original picture.
    pub bounds: Bounds,
    /// The 28×28 input the classifier was given, prepared as MNIST's digits were.
    pub input: Vec<f32>,
    /// The digit's pixels on the [`Page`] that was cut (row-major indices).
    pub pixels: Vec<u32>,
}

/// The picture as it was cut: ink levels (paper 0, ink up to 1), possibly shrunk.
#[derive(Clone, Debug)]
pub struct Page {
    /// Ink levels, row-major.
    pub ink: Vec<f32>,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Page pixels per original pixel (1 unless the picture was shrunk).
    pub scale: f32,
}

/// Another way to read the number, and how likely it is next to the best.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    /// The digits of this reading.
    pub number: String,
    /// Its likelihood relative to the best reading's, in (0, 1].
    pub relative: f32,
}

/// A number read from a picture.
#[derive(Clone, Debug)]
pub struct Reading {
    /// Its digits, left to right.
    pub digits: Vec<ReadDigit>,
    /// The next-best readings that differ from it, most likely first.
    pub alternatives: Vec<Alternative>,
    /// The picture as it was cut.
    pub page: Page,
}

impl Reading {
    /// The number, e.g. `"504192"`.
    pub fn number(&self) -> String {
        self.digits
            .iter()
            .map(|d| char::from(b'0' + d.digit))
            .collect()
    }

    /// The runner-up reading when it is close: at least a fifth as likely as the best.
    pub fn close_runner_up(&self) -> Option<&Alternative> {
        self.alternatives.first().filter(|a| a.relative >= CLOSE)
    }
}

/// Reads the number written in a picture: `brightness` holds `width`×`height`
/// values in [0, 1], row-major (dark ink on light paper or light on dark), and
/// `classify` gives ten scores in [0, 1] for a digit prepared as MNIST's were
/// (784 ink levels, white on black), the higher the likelier.
///
/// ```
/// use nndl_vision::{read_number, ReadOptions};
///
/// // Two bars on white paper, and a "classifier" that calls every tall narrow shape a 1.
/// let (w, h) = (60, 40);
/// let page: Vec<f32> = (0..w * h)
///     .map(|i| {
///         let (x, y) = (i % w, i / w);
///         let bar = (15..19).contains(&x) || (40..44).contains(&x);
///         if bar && (10..30).contains(&y) { 0.0 } else { 1.0 }
///     })
///     .collect();
/// let ones = |digit: &[f32]| {
///     let mut scores = [0.01; 10];
///     scores[1] = 0.99;
///     scores
/// };
/// let reading = read_number(&page, w, h, &ReadOptions::default(), ones)?;
/// assert_eq!(reading.number(), "11");
/// # Ok::<(), nndl_vision::ReadError>(())
/// ```
///
/// # Errors
/// When the picture is blank, has nothing shaped like a digit, is too noisy, or
/// cannot be cut into `options.digits` digits.
///
/// # Panics
/// If `brightness.len() != width * height`.
pub fn read_number<F>(
    brightness: &[f32],
    width: usize,
    height: usize,
    options: &ReadOptions,
    mut classify: F,
) -> Result<Reading, ReadError>
where
    F: FnMut(&[f32]) -> [f32; 10],
{
    read_number_batched(brightness, width, height, options, |inputs: &[f32]| {
        inputs
            .chunks_exact(SIDE * SIDE)
            .map(&mut classify)
            .collect()
    })
}

/// [`read_number`] with a classifier that takes every trial digit at once:
/// `classify_all` gets their inputs one after another (784 values each) and
/// gives ten scores for each, in order. A network classifies a batch several
/// times faster than one digit at a time (one matrix product instead of many
/// matrix–vector ones), which matters for large networks.
///
/// # Errors
/// As [`read_number`].
///
/// # Panics
/// If `brightness.len() != width * height`, or `classify_all` gives a
/// different number of answers than it was given digits.
pub fn read_number_batched<F>(
    brightness: &[f32],
    width: usize,
    height: usize,
    options: &ReadOptions,
    mut classify_all: F,
) -> Result<Reading, ReadError>
where
    F: FnMut(&[f32]) -> Vec<[f32; 10]>,
{
    assert_eq!(
        brightness.len(),
        width * height,
        "read_number: not a {width}×{height} picture"
    );
    let (page, pieces, writing) = cut_into_pieces(brightness, width, height, options)?;
    let trials = search::trials(&pieces, &page.ink, page.width, writing);
    let candidates = search::candidates(trials, writing, &mut classify_all);
    let by_count = search::best_by_count(&candidates, pieces.len());
    choose(candidates, by_count, options, page)
}

/// One way [`read_number`] tries to read part of a picture as a digit.
#[derive(Clone, Debug)]
pub struct TrialDigit {
    /// Where it is in the picture.
    pub bounds: Bounds,
    /// The 28×28 input the classifier would be given.
    pub input: Vec<f32>,
    /// Its ink, as row-major indices into the original picture (when the
    /// picture was shrunk to be read, the original pixel each page pixel fell in).
    pub pixels: Vec<u32>,
}

/// Every trial digit [`read_number`] would give its classifier for this
/// picture with these `options`, right cuts and wrong ones alike, in no
/// particular order: the pieces a classifier must learn to read, and to doubt,
/// before it reads numbers well.
///
/// # Errors
/// As [`read_number`], when the picture cannot be cut at all.
///
/// # Panics
/// If `brightness.len() != width * height`.
pub fn trial_digits(
    brightness: &[f32],
    width: usize,
    height: usize,
    options: &ReadOptions,
) -> Result<Vec<TrialDigit>, ReadError> {
    assert_eq!(
        brightness.len(),
        width * height,
        "trial_digits: not a {width}×{height} picture"
    );
    let (page, pieces, writing) = cut_into_pieces(brightness, width, height, options)?;
    Ok(search::trials(&pieces, &page.ink, page.width, writing)
        .into_iter()
        .map(|c| TrialDigit {
            bounds: bounds_in_picture(&c.blob, &page),
            pixels: pixels_in_picture(&c.blob, &page, width),
            input: c.input,
        })
        .collect())
}

/// A piece cut from a mark, the strokes a digit boundary just before it would
/// cut, and the index of its mark (see [`in_reading_order`]).
type Piece = (Blob, f32, usize);

/// The picture at a workable size, its pieces in reading order (see
/// [`in_reading_order`]) and the writing's height.
fn cut_into_pieces(
    brightness: &[f32],
    width: usize,
    height: usize,
    options: &ReadOptions,
) -> Result<(Page, Vec<Piece>, usize), ReadError> {
    let fineness = if options.trained_on_pieces {
        cuts::FINE
    } else {
        cuts::COARSE
    };
    let (page, marks, writing) = page_and_marks(brightness, width, height)?;
    let groups = groups::group(marks, writing);
    if groups.is_empty() {
        return Err(ReadError::NoDigits("only specks of ink".into()));
    }
    let pieces = in_reading_order(
        groups
            .into_iter()
            .map(|g| cuts::split(g, &page.ink, page.width, writing, fineness))
            .collect(),
        &page,
    );
    if pieces.len() > 4 * MAX_DIGITS {
        return Err(ReadError::TooManyMarks(pieces.len()));
    }
    Ok((page, pieces, writing))
}

/// The pieces of all marks, left to right by their centres of ink, each with the
/// strokes a digit boundary just before it would cut (those of the cut between it
/// and the piece before when both come from one mark, none otherwise) and the
/// index of its mark.
fn in_reading_order(marks: Vec<Vec<cuts::Piece>>, page: &Page) -> Vec<Piece> {
    let mut all: Vec<(f32, usize, usize, cuts::Piece)> = Vec::new();
    for (m, pieces) in marks.into_iter().enumerate() {
        for (k, piece) in pieces.into_iter().enumerate() {
            all.push((piece.blob.centre_x(&page.ink, page.width), m, k, piece));
        }
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<Piece> = Vec::with_capacity(all.len());
    let mut previous: Option<(usize, usize)> = None;
    for (_, m, k, piece) in all {
        let cut = match previous {
            Some((pm, pk)) if pm == m && pk + 1 == k => piece.strokes_cut,
            _ => 0.0,
        };
        previous = Some((m, k));
        out.push((piece.blob, cut, m));
    }
    out
}

/// The ink of the picture at a workable size, its marks, and the writing's height.
fn page_and_marks(
    brightness: &[f32],
    width: usize,
    height: usize,
) -> Result<(Page, Vec<Blob>, usize), ReadError> {
    let ink = ink_levels(brightness, width, height);
    let top = peak(&ink);
    if top < BLANK {
        return Err(ReadError::Blank);
    }
    let mut page = Page {
        ink,
        width,
        height,
        scale: 1.0,
    };
    let longest = width.max(height);
    if longest > MAX_SIDE {
        page = shrink(page, MAX_SIDE as f32 / longest as f32);
    }
    let (mut marks, mut writing) = marks(&page, top)?;
    if writing > MAX_HEIGHT {
        page = shrink(page, WORK_HEIGHT as f32 / writing as f32);
        (marks, writing) = self::marks(&page, top)?;
    }
    Ok((page, marks, writing))
}

/// The marks of a page and the writing's height.
fn marks(page: &Page, top: f32) -> Result<(Vec<Blob>, usize), ReadError> {
    let marks = components::components(&page.ink, page.width, STROKE * top, FAINT * top, MAX_MARKS)
        .map_err(ReadError::TooManyMarks)?;
    let Some(writing) = groups::writing_height(&marks) else {
        return Err(ReadError::NoDigits("the ink is lines, not digits".into()));
    };
    if writing < MIN_HEIGHT {
        return Err(ReadError::NoDigits(format!(
            "the marks are at most {writing} pixels tall"
        )));
    }
    Ok((marks, writing))
}

/// The page shrunk by `factor`.
fn shrink(page: Page, factor: f32) -> Page {
    let w = ((page.width as f32 * factor).round() as usize).max(1);
    let h = ((page.height as f32 * factor).round() as usize).max(1);
    Page {
        ink: resize(&page.ink, page.width, page.height, w, h),
        width: w,
        height: h,
        scale: page.scale * w as f32 / page.width as f32,
    }
}

/// The best reading (with the asked number of digits, if any), and its runners-up.
fn choose(
    candidates: Vec<Candidate>,
    by_count: Vec<Option<(f32, Vec<usize>)>>,
    options: &ReadOptions,
    page: Page,
) -> Result<Reading, ReadError> {
    let most = by_count.iter().rposition(Option::is_some).unwrap_or(0);
    let allowed = |k: usize| (1..=MAX_DIGITS).contains(&k) && options.digits.is_none_or(|d| d == k);
    let Some((score, path)) = by_count
        .iter()
        .enumerate()
        .filter(|(k, _)| allowed(*k))
        .filter_map(|(_, r)| r.clone())
        .max_by(|a, b| a.0.total_cmp(&b.0))
    else {
        let least = by_count.iter().position(Option::is_some);
        return Err(match (options.digits, least) {
            (Some(asked), Some(least)) => ReadError::CannotCut { asked, least, most },
            (None, Some(least)) if least > MAX_DIGITS => ReadError::TooManyDigits(least),
            _ => ReadError::NoDigits("nothing could be read as a digit".into()),
        });
    };
    let number: String = path
        .iter()
        .map(|&c| char::from(b'0' + candidates[c].best.0))
        .collect();
    let mut alternatives = Vec::new();
    // Another count of digits (a different cut)…
    for (k, r) in by_count.iter().enumerate() {
        if let (true, Some((s, p))) = (allowed(k), r) {
            let other: String = p
                .iter()
                .map(|&c| char::from(b'0' + candidates[c].best.0))
                .collect();
            if other != number {
                alternatives.push(Alternative {
                    number: other,
                    relative: (s - score).exp(),
                });
            }
        }
    }
    // …or one digit read as the classifier's second choice.
    for (i, &c) in path.iter().enumerate() {
        let cand = &candidates[c];
        let mut other: Vec<u8> = number.bytes().collect();
        other[i] = b'0' + cand.second.0;
        alternatives.push(Alternative {
            number: String::from_utf8(other).unwrap_or_default(),
            relative: cand.second.1.max(0.0) / cand.best.1.max(f32::MIN_POSITIVE),
        });
    }
    alternatives.sort_by(|a, b| b.relative.total_cmp(&a.relative));
    alternatives.dedup_by(|a, b| a.number == b.number);
    let mut candidates: Vec<Option<Candidate>> = candidates.into_iter().map(Some).collect();
    let digits = path
        .iter()
        .filter_map(|&c| candidates[c].take())
        .map(|cand| digit_of(cand, &page))
        .collect();
    Ok(Reading {
        digits,
        alternatives,
        page,
    })
}

/// A chosen candidate as a digit of the reading, its box in the original picture.
fn digit_of(cand: Candidate, page: &Page) -> ReadDigit {
    ReadDigit {
        digit: cand.best.0,
        confidence: cand.best.1,
        runner_up: cand.second,
        bounds: bounds_in_picture(&cand.blob, page),
        input: cand.input,
        pixels: cand.blob.pixels,
    }
}

/// The pixels of `blob` (on the page as read) in the original picture, `width` wide.
fn pixels_in_picture(blob: &Blob, page: &Page, width: usize) -> Vec<u32> {
    let s = page.scale;
    let at = |p: u32| {
        let (x, y) = (p as usize % page.width, p as usize / page.width);
        let (x, y) = ((x as f32 / s) as usize, (y as f32 / s) as usize);
        (y * width + x) as u32
    };
    blob.pixels.iter().map(|&p| at(p)).collect()
}

/// The box of `blob` (on the page as read) in the original picture.
fn bounds_in_picture(blob: &Blob, page: &Page) -> Bounds {
    let s = page.scale;
    let x = (blob.x0 as f32 / s).floor() as usize;
    let y = (blob.y0 as f32 / s).floor() as usize;
    let x1 = ((blob.x1 + 1) as f32 / s).ceil() as usize;
    let y1 = ((blob.y1 + 1) as f32 / s).ceil() as usize;
    Bounds {
        x,
        y,
        width: x1 - x,
        height: y1 - y,
    }
}
