//! How close `prepare` comes to MNIST's own preparation: every MNIST test
//! digit is blown up to a large picture of dark ink on light paper (as a
//! photo or a scan of it would be), prepared again, and compared with the
//! original — pixel by pixel, by centre of mass, by ink box and, given a
//! model, by what the model reads.
//!
//! `cargo run --release -p nndl-vision --example prepare_roundtrip -- [model.nndl] [scale] [stroke]`
//! where stroke is `as-is`, `thin` or `bold` (the digit's strokes eroded or
//! dilated by one pixel of the big picture per 4 of scale before preparing).

use nndl_vision::{prepare, resize, SIDE};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let model = args.next().filter(|m| m != "-");
    let scale: usize = args.next().map_or(Ok(4), |s| s.parse())?;
    let stroke = args.next().unwrap_or_else(|| "as-is".into());
    let net = match &model {
        Some(path) => Some(nndl_nn::Network::from_bytes(&std::fs::read(path)?)?.0),
        None => None,
    };
    let mnist = nndl_mnist::load()?;
    let test = &mnist.test;
    let big = SIDE * scale;
    let (mut diff, mut com, mut right_orig, mut right_prep, mut n) = (0.0, 0.0, 0, 0, 0);
    let (mut box_w, mut box_h) = (0.0, 0.0);
    let (mut shift_x, mut shift_y) = (0.0f64, 0.0f64);
    for (image, label) in test.iter() {
        let mut picture = resize(image, SIDE, SIDE, big, big);
        match stroke.as_str() {
            "thin" => picture = morph(&picture, big, scale / 4, f32::min),
            "bold" => picture = morph(&picture, big, scale / 4, f32::max),
            _ => {}
        }
        // Dark ink on light paper.
        let brightness: Vec<f32> = picture.iter().map(|v| 1.0 - v).collect();
        let prepared = prepare(&brightness, big, big)?;
        diff += image
            .iter()
            .zip(&prepared)
            .map(|(a, b)| (a - b).abs())
            .sum::<f32>()
            / 784.0;
        let (a, b) = (centre(image), centre(&prepared));
        com += ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        shift_x += f64::from(b.0 - a.0);
        shift_y += f64::from(b.1 - a.1);
        let (w, h) = ink_box(&prepared);
        box_w += w as f64;
        box_h += h as f64;
        if let Some(net) = &net {
            right_orig +=
                usize::from(nndl_nn::argmax(&net.feedforward(image)) == usize::from(label));
            right_prep +=
                usize::from(nndl_nn::argmax(&net.feedforward(&prepared)) == usize::from(label));
        }
        n += 1;
    }
    let n_f = n as f64;
    println!(
        "{n} MNIST test digits, drawn {big}×{big} dark on light, strokes {stroke}, prepared again:"
    );
    println!(
        "  mean |prepared − original| per pixel: {:.4}",
        diff / n_f as f32
    );
    println!(
        "  mean distance between centres of mass: {:.3} px",
        f64::from(com) / n_f
    );
    println!(
        "  mean shift of the centre of mass: ({:+.3}, {:+.3}) px",
        shift_x / n_f,
        shift_y / n_f
    );
    println!(
        "  mean ink box of the prepared digits: {:.1} × {:.1} px",
        box_w / n_f,
        box_h / n_f
    );
    if model.is_some() {
        println!(
            "  the model reads {right_orig} of the originals and {right_prep} of the prepared ({:.2}% and {:.2}%)",
            100.0 * right_orig as f64 / n_f,
            100.0 * right_prep as f64 / n_f
        );
    }
    Ok(())
}

/// Each pixel replaced by the min (erode) or max (dilate) of its neighbourhood of radius r.
fn morph(p: &[f32], side: usize, r: usize, pick: fn(f32, f32) -> f32) -> Vec<f32> {
    let r = r.max(1) as isize;
    (0..side * side)
        .map(|i| {
            let (x, y) = ((i % side) as isize, (i / side) as isize);
            let mut v = p[i];
            for dy in -r..=r {
                for dx in -r..=r {
                    let (sx, sy) = (x + dx, y + dy);
                    let q = if sx >= 0 && sy >= 0 && (sx as usize) < side && (sy as usize) < side {
                        p[sy as usize * side + sx as usize]
                    } else {
                        0.0
                    };
                    v = pick(v, q);
                }
            }
            v
        })
        .collect()
}

fn centre(image: &[f32]) -> (f32, f32) {
    let (x, y) = nndl_vision::centre_of_mass(image, SIDE).unwrap_or((0.0, 0.0));
    (x as f32, y as f32)
}

/// Columns and rows holding ink above half strength.
fn ink_box(image: &[f32]) -> (usize, usize) {
    let cols = (0..SIDE)
        .filter(|&c| (0..SIDE).any(|r| image[r * SIDE + c] > 0.5))
        .count();
    let rows = (0..SIDE)
        .filter(|&r| image[r * SIDE..(r + 1) * SIDE].iter().any(|&v| v > 0.5))
        .count();
    (cols, rows)
}
