//! Bending an image by a map: each output pixel takes the ink at its source
//! point, read between the four nearest pixels (bilinear interpolation),
//! with no ink beyond the edges.

use super::affine::Affine;
use super::elastic::FieldView;
use crate::SIDE;

/// The image with a border of one blank pixel all round, so the four pixels
/// around any source point within one pixel of the image are all in it.
const PADDED: usize = SIDE + 2;

/// Writes into `out` the 28×28 `image` seen through `map` and, if given, the
/// elastic `field`: out(p) = image(m · (p − c − t) + c + d(p)).
pub(crate) fn warp(image: &[f32], map: &Affine, field: Option<&FieldView<'_>>, out: &mut [f32]) {
    out.fill(0.0);
    let Some(ink) = ink_box(image) else { return };
    let reach = field.map_or(0.0, |f| f.largest());
    let (xs, ys) = reached(map, ink, reach);
    let mut padded = [0.0f32; PADDED * PADDED];
    for (row, src) in padded[PADDED..]
        .chunks_exact_mut(PADDED)
        .zip(image.chunks_exact(SIDE))
    {
        row[1..=SIDE].copy_from_slice(src);
    }
    let c = SIDE as f32 / 2.0;
    let [m0, m1, m2, m3] = map.m;
    // Only the output pixels the ink can reach: the rest stay blank.
    for y in ys {
        // Pixel centres are at whole + ½; the source is in pixel indices.
        let py = y as f32 + 0.5 - c - map.t[1];
        for x in xs.clone() {
            let px = x as f32 + 0.5 - c - map.t[0];
            let (dx, dy) = field.map_or((0.0, 0.0), |f| f.at(x, y));
            let sx = m0 * px + m1 * py + c - 0.5 + dx;
            let sy = m2 * px + m3 * py + c - 0.5 + dy;
            out[y * SIDE + x] = bilinear(&padded, sx, sy);
        }
    }
}

/// The columns and rows of the smallest box holding the image's ink, or
/// `None` for a blank image.
fn ink_box(image: &[f32]) -> Option<[f32; 4]> {
    let (mut x0, mut y0, mut x1, mut y1) = (SIDE, SIDE, 0, 0);
    for (i, &v) in image.iter().enumerate() {
        if v != 0.0 {
            let (x, y) = (i % SIDE, i / SIDE);
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
    }
    (x0 <= x1).then_some([x0 as f32, y0 as f32, x1 as f32, y1 as f32])
}

/// The output columns and rows whose source points can fall within one
/// pixel of the ink box (moved by up to `reach` pixels by the elastic field):
/// the box's corners sent forward through the affine map, with a margin.
fn reached(
    map: &Affine,
    [x0, y0, x1, y1]: [f32; 4],
    reach: f32,
) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let c = SIDE as f32 / 2.0;
    let [m0, m1, m2, m3] = map.m;
    let det = m0 * m3 - m1 * m2;
    // The forward map is m's inverse.
    let f = [m3 / det, -m1 / det, -m2 / det, m0 / det];
    let margin = reach + 2.0;
    let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (qx, qy) in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
        // Source point (pixel index) to output pixel index.
        let (ux, uy) = (qx + 0.5 - c, qy + 0.5 - c);
        let px = f[0] * ux + f[1] * uy + c + map.t[0] - 0.5;
        let py = f[2] * ux + f[3] * uy + c + map.t[1] - 0.5;
        lo_x = lo_x.min(px);
        hi_x = hi_x.max(px);
        lo_y = lo_y.min(py);
        hi_y = hi_y.max(py);
    }
    // Margins in source pixels become at most this many output pixels.
    let stretch = f.iter().map(|v| v.abs()).sum::<f32>().max(1.0);
    let m = margin * stretch;
    let span = |lo: f32, hi: f32| {
        let a = (lo - m).floor().clamp(0.0, SIDE as f32) as usize;
        let b = (hi + m).ceil().clamp(0.0, SIDE as f32 - 1.0) as usize;
        a..(b + 1).max(a)
    };
    (span(lo_x, hi_x), span(lo_y, hi_y))
}

/// The image at the point (x, y) in pixel indices, between its four nearest
/// pixels; 0 beyond the edges. `padded` is the image with its blank border.
#[inline]
fn bilinear(padded: &[f32; PADDED * PADDED], x: f32, y: f32) -> f32 {
    // Beyond one pixel outside the image, all four neighbours are blank.
    if !(-1.0..SIDE as f32).contains(&x) || !(-1.0..SIDE as f32).contains(&y) {
        return 0.0;
    }
    // floor(v) + 1 for v ≥ −1, by truncation: `floor` itself is a library
    // call on x86-64's baseline instruction set, and this is the inner loop.
    let (xi, yi) = ((x + 1.0) as i32 as usize, (y + 1.0) as i32 as usize);
    let (fx, fy) = (x + 1.0 - xi as f32, y + 1.0 - yi as f32);
    let i = yi * PADDED + xi;
    let top = padded[i] * (1.0 - fx) + padded[i + 1] * fx;
    let bottom = padded[i + PADDED] * (1.0 - fx) + padded[i + PADDED + 1] * fx;
    top * (1.0 - fy) + bottom * fy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distort::elastic::FieldBank;
    use crate::DistortionParams;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Every output pixel computed, none skipped.
    fn warp_everywhere(image: &[f32], map: &Affine, field: Option<&FieldView<'_>>) -> Vec<f32> {
        let mut padded = [0.0f32; PADDED * PADDED];
        for y in 0..SIDE {
            padded[(y + 1) * PADDED + 1..(y + 1) * PADDED + 1 + SIDE]
                .copy_from_slice(&image[y * SIDE..(y + 1) * SIDE]);
        }
        let c = SIDE as f32 / 2.0;
        let [m0, m1, m2, m3] = map.m;
        (0..SIDE * SIDE)
            .map(|i| {
                let (x, y) = (i % SIDE, i / SIDE);
                let px = x as f32 + 0.5 - c - map.t[0];
                let py = y as f32 + 0.5 - c - map.t[1];
                let (dx, dy) = field.map_or((0.0, 0.0), |f| f.at(x, y));
                bilinear(
                    &padded,
                    m0 * px + m1 * py + c - 0.5 + dx,
                    m2 * px + m3 * py + c - 0.5 + dy,
                )
            })
            .collect()
    }

    #[test]
    fn skipping_changes_nothing_on_mnist_digits() {
        let mnist = nndl_mnist::load().unwrap();
        let d = crate::Distortions::new(DistortionParams::default(), 1);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut bad = 0;
        for i in 0..20000 {
            let image = mnist.training.image(i);
            let map = Affine::random(&d.params, &mut rng);
            let field = d.bank.view(
                rng.random_range(0..d.bank.len()),
                rng.random(),
                rng.random(),
            );
            let mut out = vec![0.0; SIDE * SIDE];
            warp(image, &map, Some(&field), &mut out);
            if out != warp_everywhere(image, &map, Some(&field)) {
                bad += 1;
            }
        }
        assert_eq!(bad, 0);
    }

    #[test]
    fn skipping_the_pixels_no_ink_reaches_changes_nothing() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let strong = DistortionParams {
            rotation_degrees: 30.0,
            scale: 0.3,
            shear: 0.4,
            shift: 4.0,
            elastic_alpha: 40.0,
            ..DistortionParams::default()
        };
        let bank = FieldBank::new(&strong, 2);
        for _ in 0..300 {
            // A blob of ink somewhere, small or large.
            let (cx, cy) = (
                rng.random_range(3.0..25.0f32),
                rng.random_range(3.0..25.0f32),
            );
            let r = rng.random_range(1.0..9.0f32);
            let image: Vec<f32> = (0..SIDE * SIDE)
                .map(|i| {
                    let (x, y) = ((i % SIDE) as f32, (i / SIDE) as f32);
                    (r - ((x - cx).powi(2) + (y - cy).powi(2)).sqrt()).clamp(0.0, 1.0)
                })
                .collect();
            let map = Affine::random(&strong, &mut rng);
            let field = bank.view(rng.random_range(0..bank.len()), rng.random(), rng.random());
            for field in [None, Some(&field)] {
                let mut out = vec![0.0; SIDE * SIDE];
                warp(&image, &map, field, &mut out);
                assert_eq!(out, warp_everywhere(&image, &map, field));
            }
        }
    }
}
