//! Draws MNIST training digits beside their distortions, to look at:
//! `cargo run --release -p nndl-vision --example distortion_sheet -- sheet.png [alpha] [sigma]`.
//! Each row is one digit: the original, then eight epochs' distortions.

use nndl_vision::{DistortionParams, Distortions, SIDE};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "distortions.png".into());
    let mut params = DistortionParams::default();
    if let Some(alpha) = args.next() {
        params.elastic_alpha = alpha.parse()?;
    }
    if let Some(sigma) = args.next() {
        params.elastic_sigma = sigma.parse()?;
    }
    let mnist = nndl_mnist::load()?;
    let distortions = Distortions::new(params, 1);
    let (rows, cols, pad) = (10, 9, 2);
    let cell = SIDE + pad;
    let (w, h) = (cols * cell, rows * cell);
    let mut sheet = image::GrayImage::new(w as u32, h as u32);
    let mut out_image = vec![0.0; SIDE * SIDE];
    for r in 0..rows {
        let example = r * 7;
        let digit = mnist.training.image(example);
        for c in 0..cols {
            let shown: &[f32] = if c == 0 {
                digit
            } else {
                distortions.distort(digit, c as u64, example as u64, &mut out_image);
                &out_image
            };
            for (i, &v) in shown.iter().enumerate() {
                let (x, y) = (c * cell + i % SIDE, r * cell + i / SIDE);
                sheet.put_pixel(x as u32, y as u32, image::Luma([(v * 255.0).round() as u8]));
            }
        }
    }
    let big = image::imageops::resize(
        &sheet,
        w as u32 * 3,
        h as u32 * 3,
        image::imageops::FilterType::Nearest,
    );
    big.save(&out)?;
    println!("{params:?}\nwrote {out}");
    Ok(())
}
