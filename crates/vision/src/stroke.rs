//! The width of a pen's strokes, and making thin strokes as thick as MNIST's.

/// The width of the strokes of `local` (`w` pixels wide; ink is any value above
/// 0): the median, over its ink, of the shorter of the horizontal and the
/// vertical run of ink through each pixel.
pub(crate) fn stroke_width(local: &[f32], w: usize) -> f32 {
    let rows = local.len() / w;
    let mut across = vec![0u16; local.len()];
    let mut down = vec![0u16; local.len()];
    runs(local, &mut across, w, 1, rows, w);
    runs(local, &mut down, rows, w, w, 1);
    let mut widths: Vec<u16> = (0..local.len())
        .filter(|&i| local[i] > 0.0)
        .map(|i| across[i].min(down[i]))
        .collect();
    widths.sort_unstable();
    f32::from(widths.get(widths.len() / 2).copied().unwrap_or(1))
}

/// For `lines` lines of `len` pixels, pixel k of line l at `l * line_step + k * step`:
/// the length of the run of ink each pixel is in.
fn runs(local: &[f32], out: &mut [u16], len: usize, step: usize, lines: usize, line_step: usize) {
    for l in 0..lines {
        let at = |k: usize| l * line_step + k * step;
        let mut k = 0;
        while k < len {
            if local[at(k)] > 0.0 {
                let start = k;
                while k < len && local[at(k)] > 0.0 {
                    k += 1;
                }
                let run = (k - start).min(usize::from(u16::MAX)) as u16;
                (start..k).for_each(|j| out[at(j)] = run);
            } else {
                k += 1;
            }
        }
    }
}

/// `ink` (`w`×`h`) with each pixel the darkest within `r` pixels of it: the
/// strokes grow by `r` on every side.
pub(crate) fn dilate(ink: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let reach = r as isize;
    let disc: Vec<(isize, isize)> = (-reach..=reach)
        .flat_map(|dy| (-reach..=reach).map(move |dx| (dx, dy)))
        .filter(|(dx, dy)| dx * dx + dy * dy <= reach * reach)
        .collect();
    (0..w * h)
        .map(|i| {
            let (x, y) = ((i % w) as isize, (i / w) as isize);
            disc.iter()
                .filter_map(|(dx, dy)| {
                    let (nx, ny) = (x + dx, y + dy);
                    ((0..w as isize).contains(&nx) && (0..h as isize).contains(&ny))
                        .then(|| ink[ny as usize * w + nx as usize])
                })
                .fold(0.0, f32::max)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_as_wide_as_it_is_and_grows_by_the_radius() {
        let (w, h) = (20, 30);
        let bar: Vec<f32> = (0..w * h)
            .map(|i| {
                f32::from(u8::from(
                    (8..11).contains(&(i % w)) && (5..25).contains(&(i / w)),
                ))
            })
            .collect();
        assert_eq!(stroke_width(&bar, w), 3.0);
        let grown = dilate(&bar, w, h, 2);
        assert_eq!(stroke_width(&grown, w), 7.0);
        assert_eq!(grown[15 * w + 5], 0.0);
        assert_eq!(grown[15 * w + 6], 1.0);
    }
}
