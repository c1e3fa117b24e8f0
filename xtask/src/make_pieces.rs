//! `cargo xtask make-pieces --out DIR`: what `nndl read`'s cutter gives its
//! classifier, labelled — from numbers made of MNIST's training digits — so a
//! network can be trained to read cut pieces and to doubt wrong cuts.

use std::path::PathBuf;

use nndl_mnist::idx::{write_idx_file, IdxArray, IdxData};
use nndl_vision::{trial_digits, ComposedNumber, ReadOptions, TrialDigit, NOT_A_DIGIT, PAPER};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::flags;
use crate::make_numbers::{random_number, render, KINDS};

/// What `make-pieces` does, for the usage message.
pub const ABOUT: &str =
    "write the pieces nndl read cuts from numbers of MNIST training digits, labelled";

const HELP: &str = "usage: cargo xtask make-pieces --out DIR [--count N] [--touching F] [--seed N]

Makes --count numbers (default 20000; a share F of them touching, default 0.75,
the rest apart; laid out, enlarged, noised and coloured as make-numbers does,
touching ones being the harder to cut) from MNIST's 50,000
training digits (never the validation or test digits), cuts each as nndl read
does, and keeps every trial digit it would give its classifier, prepared as
28×28 inputs, labelled by whose ink it holds:
  0-9  it holds at least 70% of that digit's ink and at most 30% of any other's
       (a digit that lost a stroke to the cut, or kept a neighbour's, is still one);
  10   not a digit: under 60% of any digit (a fragment), or 40% of two (two digits).
Trials in between are left out. Not-a-digit pieces are kept at most as many as
the digits. Writes DIR/pieces-images-idx3-ubyte.gz and pieces-labels-idx1-ubyte.gz,
for nndl train --pieces DIR. The same seed (default 1) gives the same files.";

/// Runs the task with the arguments after its name.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut out: Option<PathBuf> = None;
    let (mut count, mut seed) = (20_000usize, 1u64);
    let mut touching_share = 0.75f64;
    let go = flags::parse("make-pieces", HELP, args, |flag, value| {
        match flag {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--count" => count = flags::number(flag, &value()?)?,
            "--seed" => seed = flags::number(flag, &value()?)?,
            "--touching" => {
                let v = value()?;
                touching_share = match v.parse::<f64>() {
                    Ok(f) if (0.0..=1.0).contains(&f) => f,
                    _ => return Err(format!("--touching: `{v}` is not a fraction from 0 to 1")),
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    if !go {
        return Ok(());
    }
    let out = out.ok_or_else(|| format!("make-pieces: --out DIR is required\n{HELP}"))?;
    let mnist = nndl_mnist::load().map_err(|e| e.to_string())?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Cut as `nndl read` cuts for the classifier these pieces train.
    let options = ReadOptions {
        trained_on_pieces: true,
        ..ReadOptions::default()
    };
    // Kept as the bytes they are written as: a quarter of the memory of f32s.
    let mut digits: Vec<(Vec<u8>, u8)> = Vec::new();
    let mut others: Vec<Vec<u8>> = Vec::new();
    let mut unreadable = 0;
    for _ in 0..count {
        let touching = rng.random_bool(touching_share);
        let gap = KINDS[usize::from(touching)].1;
        let (truth, number, scale) = random_number(&mnist.training, gap, &mut rng);
        let (picture, _) = render(&number, scale, &mut rng)?;
        let brightness: Vec<f32> = picture
            .bytes
            .iter()
            .map(|&b| f32::from(b) / 255.0)
            .collect();
        let Ok(trials) = trial_digits(&brightness, picture.width, picture.height, &options) else {
            unreadable += 1;
            continue;
        };
        let owner = owners(&number, picture.width, picture.height);
        for trial in trials {
            match label(&trial, &owner, truth.as_bytes()) {
                Some(NOT_A_DIGIT) => others.push(bytes(&trial.input)),
                Some(d) => digits.push((bytes(&trial.input), d)),
                None => {}
            }
        }
    }
    others.shuffle(&mut rng);
    others.truncate(digits.len());
    let mut all: Vec<(Vec<u8>, u8)> = digits;
    all.extend(others.into_iter().map(|input| (input, NOT_A_DIGIT)));
    all.shuffle(&mut rng);
    write(&out, &all)?;
    let mut per_label = [0usize; 11];
    for (_, l) in &all {
        per_label[usize::from(*l)] += 1;
    }
    println!(
        "wrote {} pieces to {} from {count} numbers ({unreadable} could not be cut): {} per digit 0-9, {} not a digit",
        all.len(),
        out.display(),
        per_label[..10].iter().map(usize::to_string).collect::<Vec<_>>().join("/"),
        per_label[10],
    );
    Ok(())
}

/// Which digit's ink each pixel of the `width`×`height` picture of `number` is
/// (index into the number, or [`PAPER`]).
fn owners(number: &ComposedNumber, width: usize, height: usize) -> Vec<u8> {
    let (sx, sy) = (
        number.width as f32 / width as f32,
        number.height as f32 / height as f32,
    );
    let mut owner = vec![PAPER; width * height];
    for (y, row) in owner.chunks_exact_mut(width).enumerate() {
        let ny = ((y as f32 + 0.5) * sy) as usize;
        for (x, o) in row.iter_mut().enumerate() {
            let nx = ((x as f32 + 0.5) * sx) as usize;
            let i = ny.min(number.height - 1) * number.width + nx.min(number.width - 1);
            if number.ink[i] > INKED {
                *o = number.owner[i];
            }
        }
    }
    owner
}

/// Ink above this counts as a digit's (the reader's marks go down to 0.1 of the
/// darkest ink; a pixel this faint is rim, not stroke).
const INKED: f32 = 0.2;

/// The label of a trial digit (see [`HELP`]), or `None` when it is neither
/// clearly one digit nor clearly not one.
fn label(trial: &TrialDigit, owner: &[u8], truth: &[u8]) -> Option<u8> {
    let mut total = vec![0usize; truth.len()];
    for &o in owner {
        if o != PAPER {
            total[usize::from(o)] += 1;
        }
    }
    let mut held = vec![0usize; truth.len()];
    for &p in &trial.pixels {
        let o = owner[p as usize];
        if o != PAPER {
            held[usize::from(o)] += 1;
        }
    }
    let mut share: Vec<(f32, usize)> = held
        .iter()
        .zip(&total)
        .enumerate()
        .map(|(d, (&h, &t))| (h as f32 / t.max(1) as f32, d))
        .collect();
    share.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (first, second) = (share[0], share.get(1).map_or(0.0, |s| s.0));
    if first.0 >= 0.7 && second <= 0.3 {
        Some(truth[first.1] - b'0')
    } else if first.0 < 0.6 || second >= 0.4 {
        Some(NOT_A_DIGIT)
    } else {
        None
    }
}

/// A prepared digit's ink levels as bytes, 0 to 255.
fn bytes(input: &[f32]) -> Vec<u8> {
    input
        .iter()
        .map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8)
        .collect()
}

/// Writes the pieces as IDX images (bytes, 28×28) and labels.
fn write(out: &std::path::Path, all: &[(Vec<u8>, u8)]) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let side = nndl_vision::SIDE;
    let images = IdxArray {
        dims: vec![all.len(), side, side],
        data: IdxData::U8(all.iter().flat_map(|(x, _)| x.iter().copied()).collect()),
    };
    let labels = IdxArray {
        dims: vec![all.len()],
        data: IdxData::U8(all.iter().map(|(_, l)| *l).collect()),
    };
    let (i, l) = (
        out.join("pieces-images-idx3-ubyte.gz"),
        out.join("pieces-labels-idx1-ubyte.gz"),
    );
    write_idx_file(&i, &images).map_err(|e| e.to_string())?;
    write_idx_file(&l, &labels).map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nndl_vision::Bounds;

    /// A trial holding `pixels` of a 10-pixel-wide strip.
    fn trial(pixels: &[u32]) -> TrialDigit {
        TrialDigit {
            bounds: Bounds {
                x: 0,
                y: 0,
                width: 10,
                height: 1,
            },
            input: Vec::new(),
            pixels: pixels.to_vec(),
        }
    }

    #[test]
    fn trials_are_labelled_by_whose_ink_they_hold() {
        // Digit 0 (a 7) owns pixels 0-9, digit 1 (a 2) owns 10-19; 20 and 21 are paper.
        let p = PAPER;
        let mut owner = vec![0u8; 10];
        owner.extend([1; 10]);
        owner.extend([p, p]);
        let truth = b"72";
        let run = |a: u32, b: u32| -> Vec<u32> { (a..b).collect() };
        let with = |mut a: Vec<u32>, b: Vec<u32>| {
            a.extend(b);
            a
        };
        assert_eq!(label(&trial(&run(0, 10)), &owner, truth), Some(7));
        assert_eq!(
            label(&trial(&run(0, 22)[..]), &owner, truth),
            Some(NOT_A_DIGIT)
        );
        // Paper does not count; a digit that lost 30% of its ink is still that digit…
        assert_eq!(
            label(&trial(&with(run(0, 7), run(20, 22))), &owner, truth),
            Some(7)
        );
        // …and one holding 30% of its neighbour's too, but not 40%: that is two digits.
        assert_eq!(label(&trial(&run(7, 20)), &owner, truth), Some(2));
        assert_eq!(label(&trial(&run(6, 20)), &owner, truth), Some(NOT_A_DIGIT));
        // A fragment is not a digit; between a fragment and a digit is neither.
        assert_eq!(label(&trial(&run(0, 5)), &owner, truth), Some(NOT_A_DIGIT));
        assert_eq!(label(&trial(&run(0, 6)), &owner, truth), None);
        assert_eq!(
            label(&trial(&run(20, 22)), &owner, truth),
            Some(NOT_A_DIGIT)
        );
    }
}
