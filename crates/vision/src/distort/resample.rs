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
    let mut padded = [0.0f32; PADDED * PADDED];
    for (row, src) in padded[PADDED..]
        .chunks_exact_mut(PADDED)
        .zip(image.chunks_exact(SIDE))
    {
        row[1..=SIDE].copy_from_slice(src);
    }
    let c = SIDE as f32 / 2.0;
    let [m0, m1, m2, m3] = map.m;
    for (y, row) in out.chunks_exact_mut(SIDE).enumerate() {
        // Pixel centres are at whole + ½; the source is in pixel indices.
        let py = y as f32 + 0.5 - c - map.t[1];
        for (x, o) in row.iter_mut().enumerate() {
            let px = x as f32 + 0.5 - c - map.t[0];
            let (dx, dy) = field.map_or((0.0, 0.0), |f| f.at(x, y));
            let sx = m0 * px + m1 * py + c - 0.5 + dx;
            let sy = m2 * px + m3 * py + c - 0.5 + dy;
            *o = bilinear(&padded, sx, sy);
        }
    }
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
