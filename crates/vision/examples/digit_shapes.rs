//! The shape prior of `read_number`, measured: for each digit, the mean and
//! standard deviation of ln(width / height) of its ink's box over MNIST's 50,000
//! training digits (ink above 0.35 counts, as when a page is cut into marks).
//!
//! `cargo run --release -p nndl-vision --example digit_shapes`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mnist = nndl_mnist::load()?;
    let mut sums = [(0.0f64, 0.0f64, 0usize); 10];
    for (pixels, label) in mnist.training.iter() {
        let inked = |i: usize| pixels[i] > 0.35;
        let cols: Vec<usize> = (0..28)
            .filter(|&c| (0..28).any(|r| inked(r * 28 + c)))
            .collect();
        let rows: Vec<usize> = (0..28)
            .filter(|&r| (0..28).any(|c| inked(r * 28 + c)))
            .collect();
        let (Some(c0), Some(c1), Some(r0), Some(r1)) =
            (cols.first(), cols.last(), rows.first(), rows.last())
        else {
            continue;
        };
        let ratio = ((c1 - c0 + 1) as f64 / (r1 - r0 + 1) as f64).ln();
        let s = &mut sums[label as usize];
        s.0 += ratio;
        s.1 += ratio * ratio;
        s.2 += 1;
    }
    println!("digit  mean ln(w/h)  sd      (w/h at the mean)");
    for (d, (sum, sq, n)) in sums.iter().enumerate() {
        let mean = sum / *n as f64;
        let sd = (sq / *n as f64 - mean * mean).sqrt();
        println!("{d}      {mean:7.3}       {sd:.3}   {:.2}", mean.exp());
    }
    Ok(())
}
