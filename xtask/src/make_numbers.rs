//! `cargo xtask make-numbers --out DIR`: pictures of numbers made of MNIST's test
//! digits (never its training digits), to measure `nndl read` with `--score`.

use std::path::{Path, PathBuf};

use nndl_vision::{compose_number, NumberLayout};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use crate::flags;

/// What `make-numbers` does, for the usage message.
pub const ABOUT: &str =
    "write pictures of numbers made of MNIST test digits, for nndl read --score";

const HELP: &str =
    "usage: cargo xtask make-numbers --out DIR [--count N] [--seed N] [--from test|validation]

Writes DIR/apart/ (digits 4 to 12 pixels apart) and DIR/touching/ (from touching
to overlapping by 3 pixels, gaps -3 to 0), --count numbers each (default 500), of
3 to 10 digits taken at random from MNIST's 10,000 test digits (--from validation:
the 10,000 the book holds out of training, for tuning). Each digit is scaled by up
to ±15% and moved up or down by up to 3 pixels; each picture is enlarged by 1 to
2.5 times, gets light noise and a few specks, and is dark on light or light on
dark at random. Files are 8-bit grayscale PNGs named <number>_<kind>_<n>.png, the
number being the truth; DIR/<kind>/spans.txt gives each digit's first and last
column, for telling cutting errors from reading errors. Gaps and shifts are in
MNIST's pixels, before enlarging. The same seed (default 1) gives the same files.";

/// The two sets: name and gap range.
pub const KINDS: [(&str, (i32, i32)); 2] = [("apart", (4, 12)), ("touching", (-3, 0))];

/// Runs the task with the arguments after its name.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut out: Option<PathBuf> = None;
    let (mut count, mut seed) = (500usize, 1u64);
    let mut validation = false;
    let go = flags::parse("make-numbers", HELP, args, |flag, value| {
        match flag {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--count" => count = flags::number(flag, &value()?)?,
            "--seed" => seed = flags::number(flag, &value()?)?,
            "--from" => {
                validation = match value()?.as_str() {
                    "test" => false,
                    "validation" => true,
                    v => return Err(format!("--from: `{v}` is neither test nor validation")),
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    if !go {
        return Ok(());
    }
    let out = out.ok_or_else(|| format!("make-numbers: --out DIR is required\n{HELP}"))?;
    let mnist = nndl_mnist::load().map_err(|e| e.to_string())?;
    let digits = if validation {
        &mnist.validation
    } else {
        &mnist.test
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for (kind, gap) in KINDS {
        let dir = out.join(kind);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut spans = String::new();
        for n in 0..count {
            let (truth, number, scale) = random_number(digits, gap, &mut rng);
            let name = format!("{truth}_{kind}_{n:04}.png");
            let columns = write_picture(&dir.join(&name), &number, scale, &mut rng)?;
            let cols: Vec<String> = number
                .spans
                .iter()
                .map(|&(a, b)| format!("{}-{}", columns(a), columns(b + 1) - 1))
                .collect();
            spans.push_str(&format!("{name} {}\n", cols.join(" ")));
        }
        let list = dir.join("spans.txt");
        std::fs::write(&list, spans).map_err(|e| format!("{}: {e}", list.display()))?;
    }
    println!(
        "wrote {count} numbers apart and {count} touching to {} (digits from MNIST's {} set)",
        out.display(),
        if validation { "validation" } else { "test" }
    );
    Ok(())
}

/// A number of 3 to 10 of `digits` at random, `gap` apart (see [`HELP`]): its
/// truth, its ink, and how much to enlarge it.
pub fn random_number(
    digits: &nndl_mnist::Dataset,
    gap: (i32, i32),
    rng: &mut ChaCha8Rng,
) -> (String, nndl_vision::ComposedNumber, f32) {
    let len = rng.random_range(3..=10);
    let picks: Vec<usize> = (0..len)
        .map(|_| rng.random_range(0..digits.len()))
        .collect();
    let truth: String = picks
        .iter()
        .map(|&i| char::from(b'0' + digits.label(i)))
        .collect();
    let layout = NumberLayout {
        gap,
        scale_jitter: 0.15,
        baseline_jitter: 3,
        margin: 8,
    };
    let images: Vec<&[f32]> = picks.iter().map(|&i| digits.image(i)).collect();
    let number = compose_number(&images, 28, &layout, rng.random());
    let scale = rng.random_range(1.0f32..=2.5);
    (truth, number, scale)
}

/// A number as a picture: 8-bit brightness, `width`×`height`.
pub struct Picture {
    pub width: usize,
    pub height: usize,
    pub bytes: Vec<u8>,
}

/// Writes the number enlarged by `scale`, with noise and specks, in a random
/// polarity; returns the map from the number's columns to the picture's.
fn write_picture(
    path: &Path,
    number: &nndl_vision::ComposedNumber,
    scale: f32,
    rng: &mut ChaCha8Rng,
) -> Result<impl Fn(usize) -> usize, String> {
    let (picture, columns) = render(number, scale, rng)?;
    let image =
        image::GrayImage::from_raw(picture.width as u32, picture.height as u32, picture.bytes)
            .ok_or("bad picture size")?;
    image
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(columns)
}

/// The number enlarged by `scale`, with light noise and a few specks, dark on
/// light or light on dark at random; and the map from the number's columns to
/// the picture's.
pub fn render(
    number: &nndl_vision::ComposedNumber,
    scale: f32,
    rng: &mut ChaCha8Rng,
) -> Result<(Picture, impl Fn(usize) -> usize), String> {
    let (w, h) = (
        (number.width as f32 * scale).round() as usize,
        (number.height as f32 * scale).round() as usize,
    );
    let mut ink = nndl_vision::resize(&number.ink, number.width, number.height, w, h);
    let noise = Normal::new(0.0f32, 0.04).map_err(|e| e.to_string())?;
    for v in ink.iter_mut() {
        *v = (*v + noise.sample(rng)).clamp(0.0, 1.0);
    }
    for _ in 0..rng.random_range(0..=8) {
        let (x, y) = (rng.random_range(0..w), rng.random_range(0..h));
        ink[y * w + x] = rng.random_range(0.5..=1.0);
    }
    let dark_on_light = rng.random_bool(0.5);
    let bytes: Vec<u8> = ink
        .iter()
        .map(|&v| {
            let b = if dark_on_light { 1.0 - v } else { v };
            (b * 255.0).round() as u8
        })
        .collect();
    let ratio = w as f32 / number.width as f32;
    let picture = Picture {
        width: w,
        height: h,
        bytes,
    };
    Ok((picture, move |x: usize| (x as f32 * ratio).round() as usize))
}
