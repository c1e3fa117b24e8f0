//! Resizing a grayscale picture with a triangle (tent) filter whose width
//! follows the scale, so shrinking averages every source pixel into the
//! result: the anti-aliasing MNIST's preparation did when it fitted NIST's
//! digits into 20×20.

/// `src` (`width`×`height`, row-major) resized to `new_w`×`new_h`.
///
/// # Panics
/// If `src.len() != width * height` or a size is 0.
pub fn resize(src: &[f32], width: usize, height: usize, new_w: usize, new_h: usize) -> Vec<f32> {
    assert_eq!(
        src.len(),
        width * height,
        "resize: not a {width}×{height} picture"
    );
    assert!(new_w > 0 && new_h > 0, "resize: to an empty picture");
    // Columns first, then rows: two passes of one dimension each.
    let across = taps(width, new_w);
    let mut wide = vec![0.0; new_w * height];
    for (row, out) in src.chunks_exact(width).zip(wide.chunks_exact_mut(new_w)) {
        for (o, t) in out.iter_mut().zip(&across) {
            *o = t
                .weights
                .iter()
                .zip(&row[t.first..])
                .map(|(w, v)| w * v)
                .sum();
        }
    }
    let down = taps(height, new_h);
    let mut out = vec![0.0; new_w * new_h];
    for (y, t) in down.iter().enumerate() {
        for (k, w) in t.weights.iter().enumerate() {
            let row = &wide[(t.first + k) * new_w..(t.first + k + 1) * new_w];
            for (o, v) in out[y * new_w..(y + 1) * new_w].iter_mut().zip(row) {
                *o += w * v;
            }
        }
    }
    out
}

/// The source pixels `first..first + weights.len()` an output pixel averages.
struct Taps {
    first: usize,
    weights: Vec<f32>,
}

/// For each of `n_out` output pixels along an axis of `n_in` source pixels:
/// a tent centred on its source position, as wide as one output pixel in
/// source pixels (at least one), normalised to sum 1.
fn taps(n_in: usize, n_out: usize) -> Vec<Taps> {
    let ratio = n_in as f32 / n_out as f32;
    let scale = ratio.max(1.0);
    (0..n_out)
        .map(|o| {
            let centre = (o as f32 + 0.5) * ratio;
            let lo = ((centre - scale).floor().max(0.0)) as usize;
            let hi = ((centre + scale).ceil() as usize).min(n_in);
            let mut weights: Vec<f32> = (lo..hi)
                .map(|i| (1.0 - ((i as f32 + 0.5 - centre) / scale).abs()).max(0.0))
                .collect();
            let sum: f32 = weights.iter().sum();
            if sum > 0.0 {
                weights.iter_mut().for_each(|w| *w /= sum);
            } else {
                // Cannot happen for n_in ≥ 1, but never divide by 0.
                weights = vec![1.0];
            }
            Taps { first: lo, weights }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_size_is_a_copy_and_a_flat_picture_stays_flat() {
        let src: Vec<f32> = (0..12).map(|v| v as f32 / 11.0).collect();
        assert_eq!(resize(&src, 4, 3, 4, 3), src);
        let flat = resize(&[0.7; 100 * 60], 100, 60, 17, 9);
        assert!(flat.iter().all(|v| (v - 0.7).abs() < 1e-5));
    }

    #[test]
    fn shrinking_keeps_the_mean_ink() {
        let src: Vec<f32> = (0..90 * 60)
            .map(|i| ((i * 7919) % 101) as f32 / 100.0)
            .collect();
        let small = resize(&src, 90, 60, 15, 10);
        let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
        assert!((mean(&src) - mean(&small)).abs() < 0.01);
    }
}
