//! How the preparation copes with a thin pen: MNIST's test digits are redrawn
//! 8 times larger, thinned to their one-pixel skeleton (Zhang and Suen, 1984)
//! and drawn again with a pen of a given width, as someone writing with a fine
//! pen on a large canvas would; each is prepared as `nndl predict` prepares a
//! picture and read by a model.
//!
//! `cargo run --release -p nndl-vision --example thin_pen -- MODEL [N]`

use nndl_vision::{prepare, resize, skeleton, SIDE};

const SCALE: usize = 8;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = args.first().ok_or("usage: thin_pen MODEL [N]")?;
    let n: usize = args.get(1).map_or(Ok(1000), |s| s.parse())?;
    let (net, _) = nndl_nn::Network::from_bytes(&std::fs::read(model)?)?;
    let mnist = nndl_mnist::load()?;
    let side = SIDE * SCALE;
    println!("{n} MNIST test digits, {side}×{side}, prepared and read by {model}");
    for pen in [0, 2, 4, 8, 16] {
        let mut right = 0;
        for i in 0..n {
            let big = resize(mnist.test.image(i), SIDE, SIDE, side, side);
            let picture: Vec<f32> = if pen == 0 {
                big
            } else {
                let skeleton = skeleton(
                    &big.iter().map(|&v| v > 0.5).collect::<Vec<_>>(),
                    side,
                    side,
                );
                draw(&skeleton, side, pen)
            };
            // Dark ink on white paper, as a page or a scan gives it.
            let brightness: Vec<f32> = picture.iter().map(|v| 1.0 - v).collect();
            let input = prepare(&brightness, side, side)?;
            right += usize::from(
                nndl_nn::argmax(&net.feedforward(&input)) == usize::from(mnist.test.label(i)),
            );
        }
        let what = if pen == 0 {
            "as drawn (8× MNIST's strokes)".to_string()
        } else {
            format!(
                "pen {pen} px ({:.1}% of the side)",
                100.0 * pen as f64 / side as f64
            )
        };
        println!(
            "  {what:<36} {right} / {n}  ({:.2}%)",
            100.0 * right as f64 / n as f64
        );
    }
    Ok(())
}

/// The skeleton drawn with a round pen `pen` pixels wide.
fn draw(line: &[bool], side: usize, pen: usize) -> Vec<f32> {
    let r = pen as f32 / 2.0;
    let reach = r.ceil() as isize;
    let mut out = vec![0.0f32; side * side];
    for (i, _) in line.iter().enumerate().filter(|(_, &s)| s) {
        let (x, y) = ((i % side) as isize, (i / side) as isize);
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                let (nx, ny) = (x + dx, y + dy);
                let inside = ((dx * dx + dy * dy) as f32).sqrt() <= r.max(0.5);
                if inside && (0..side as isize).contains(&nx) && (0..side as isize).contains(&ny) {
                    out[ny as usize * side + nx as usize] = 1.0;
                }
            }
        }
    }
    out
}
