//! Cutting a mark that may hold touching digits: candidate cuts along least-ink
//! paths from top to bottom, which may curve between strokes; the search later
//! decides which cuts to keep.

use super::blob::Blob;
use crate::stroke::stroke_width;

/// How finely marks are cut: how narrow a mark may hold two digits, and how close
/// together cuts are tried, in units of the writing's height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Fineness {
    /// A mark narrower than this is one digit.
    pub maybe_two: f32,
    /// Cuts keep this far from each other.
    pub spacing: f32,
}

/// For a classifier that has seen only whole digits: it is confident about
/// the halves of a digit, so every extra cut is a chance to split one. Two
/// touching 1s are narrower than `maybe_two`, and are lost; but on numbers made
/// from MNIST's validation digits, trying cuts in narrower marks split more
/// single digits than it separated touching ones.
pub(crate) const COARSE: Fineness = Fineness {
    maybe_two: 0.9,
    spacing: 0.18,
};

/// For a classifier trained on the cutter's pieces
/// (`ReadOptions::trained_on_pieces`): it says when a piece is not a digit, so
/// more cuts can be tried safely. Chosen on numbers of validation digits
/// (docs/reading.md).
pub(crate) const FINE: Fineness = Fineness {
    maybe_two: 0.7,
    spacing: 0.06,
};

/// Cuts keep this far from the mark's left and right edges.
const MARGIN: f32 = 0.15;
/// A path strays at most this far from the column it starts from.
const REACH: f32 = 0.3;
/// A step sideways costs as much as this much ink: paths run straight unless a
/// detour saves ink.
const STEP: f32 = 0.3;
/// A cut through more ink than this many strokes' width is considered only where
/// a stretch of a mark is wide enough to hold two digits: between touching digits
/// a cut crosses about one stroke, through the middle of a 0 it crosses two.
const CHEAP: f32 = 1.2;
/// A stretch of a mark wider than this many heights may hold two digits, so its
/// cheapest cut is tried however much ink it crosses (overlapping digits share
/// strokes); the classifier and the priors judge whether it was right.
const ONE_WIDE: f32 = 0.6;
/// A piece with fewer pixels than this (in units of the height squared) is not cut off.
const SLIVER: f32 = 0.02;

/// A least-ink path through a mark: for each of its rows, the column at which it
/// cuts (that column and those left of it go left), relative to the mark's box.
type Path = Vec<usize>;

/// A piece of a mark, and how many strokes the cut on its left crossed (0 for a
/// mark's first piece: nothing was cut there).
pub(crate) struct Piece {
    pub blob: Blob,
    pub strokes_cut: f32,
}

/// `mark` cut into pieces, left to right: itself when it is narrow, else the
/// pieces between the kept candidate cuts.
pub(crate) fn split(
    mark: Blob,
    ink: &[f32],
    width: usize,
    height: usize,
    fineness: Fineness,
) -> Vec<Piece> {
    let h = height as f32;
    let whole = |blob| {
        vec![Piece {
            blob,
            strokes_cut: 0.0,
        }]
    };
    if (mark.width() as f32) < fineness.maybe_two * h {
        return whole(mark);
    }
    let local = mark.crop(ink, width);
    let stroke = stroke_width(&local, mark.width());
    let paths = cuts(
        &local,
        (mark.width(), mark.height()),
        h,
        stroke,
        fineness.spacing,
    );
    if paths.is_empty() {
        return whole(mark);
    }
    partition(mark, &paths, stroke, width, h)
}

/// The cuts to try: the cheapest path from each column, kept cheapest first while
/// far enough from those kept already.
fn cuts(
    local: &[f32],
    (w, rows): (usize, usize),
    h: f32,
    stroke: f32,
    spacing: f32,
) -> Vec<(f32, Path)> {
    let margin = ((MARGIN * h).round() as usize).max(1);
    let spacing = ((spacing * h).round() as usize).max(2);
    let reach = ((REACH * h).round() as usize).max(1);
    if w <= 2 * margin {
        return Vec::new();
    }
    let cheap = CHEAP * stroke;
    let mut tried: Vec<(f32, usize, Path)> = (margin..w - margin)
        .map(|c| {
            let (cost, path) = least_ink_path(local, w, rows, c, reach);
            // Where the path runs, on average: paths from nearby columns often
            // run down the same valley, and are then one cut, not several.
            let mean = (path.iter().sum::<usize>() as f32 / rows as f32).round() as usize;
            (cost, mean, path)
        })
        .collect();
    tried.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let spaced = |kept: &[usize], c: usize| kept.iter().all(|&k| tried[k].1.abs_diff(c) >= spacing);
    // Cheap cuts, wherever strokes barely touch…
    let mut kept: Vec<usize> = Vec::new();
    for (i, &(cost, c, _)) in tried.iter().enumerate() {
        if cost > cheap {
            break;
        }
        if spaced(&kept, c) {
            kept.push(i);
        }
    }
    // …and in every stretch still wider than a digit, its cheapest cut, until none is.
    let one_wide = (ONE_WIDE * h) as usize;
    loop {
        let mut edges: Vec<usize> = kept.iter().map(|&k| tried[k].1).collect();
        edges.extend([0, w]);
        edges.sort_unstable();
        let added = edges
            .windows(2)
            .filter(|e| e[1] - e[0] > one_wide)
            .find_map(|e| {
                (0..tried.len()).find(|&i| {
                    let c = tried[i].1;
                    c > e[0] && c < e[1] && spaced(&kept, c)
                })
            });
        match added {
            Some(i) => kept.push(i),
            None => break,
        }
    }
    kept.sort_by_key(|&k| tried[k].1);
    let mut tried: Vec<Option<(f32, usize, Path)>> = tried.into_iter().map(Some).collect();
    kept.into_iter()
        .filter_map(|k| tried[k].take())
        .map(|(cost, _, p)| (cost, p))
        .collect()
}

/// The path from the top of column `c` to the bottom through the least ink,
/// moving at most one column per row and staying within `reach` of `c`, and its
/// cost: the ink it crosses plus [`STEP`] per step sideways.
fn least_ink_path(local: &[f32], w: usize, rows: usize, c: usize, reach: usize) -> (f32, Path) {
    let lo = c.saturating_sub(reach);
    let hi = (c + reach).min(w - 1);
    let span = hi - lo + 1;
    let mut cost = vec![f32::INFINITY; span];
    cost[c - lo] = local[c];
    let mut from = vec![0u8; rows * span]; // 0 left, 1 straight, 2 right of the row above
    let mut next = vec![0.0; span];
    for y in 1..rows {
        for i in 0..span {
            let mut best = (cost[i], 1u8);
            if i > 0 && cost[i - 1] + STEP < best.0 {
                best = (cost[i - 1] + STEP, 0);
            }
            if i + 1 < span && cost[i + 1] + STEP < best.0 {
                best = (cost[i + 1] + STEP, 2);
            }
            next[i] = best.0 + local[y * w + lo + i];
            from[y * span + i] = best.1;
        }
        std::mem::swap(&mut cost, &mut next);
    }
    let (mut i, total) = cost
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, &v)| (i, v))
        .unwrap_or((c - lo, f32::INFINITY));
    let mut path = vec![0; rows];
    for y in (0..rows).rev() {
        path[y] = lo + i;
        i = (i + usize::from(from[y * span + i])).saturating_sub(1);
    }
    (total, path)
}

/// The mark's pixels shared out between the cuts, row by row; slivers go to
/// their right-hand neighbour (the last to its left-hand one).
fn partition(mark: Blob, paths: &[(f32, Path)], stroke: f32, width: usize, h: f32) -> Vec<Piece> {
    let mut pieces: Vec<Vec<u32>> = vec![Vec::new(); paths.len() + 1];
    let mut row_cuts = vec![0; paths.len()];
    let mut by_row: Vec<Vec<u32>> = vec![Vec::new(); mark.height()];
    for &p in &mark.pixels {
        by_row[p as usize / width - mark.y0].push(p);
    }
    for (y, pixels) in by_row.into_iter().enumerate() {
        row_cuts
            .iter_mut()
            .zip(paths)
            .for_each(|(r, (_, p))| *r = p[y]);
        row_cuts.sort_unstable();
        for p in pixels {
            let x = p as usize % width - mark.x0;
            let k = row_cuts.partition_point(|&c| c < x);
            pieces[k].push(p);
        }
    }
    // The cut on the left of piece k is cut k - 1.
    let left_cost = |k: usize| if k == 0 { 0.0 } else { paths[k - 1].0 / stroke };
    let sliver = SLIVER * h * h;
    let mut out: Vec<Piece> = Vec::new();
    let mut carry: Option<(Vec<u32>, f32)> = None;
    for (k, mut pixels) in pieces.into_iter().enumerate() {
        let mut strokes_cut = left_cost(k);
        if let Some((mut earlier, cost)) = carry.take() {
            earlier.append(&mut pixels);
            pixels = earlier;
            strokes_cut = cost;
        }
        if (pixels.len() as f32) < sliver {
            carry = Some((pixels, strokes_cut));
        } else {
            out.push(Piece {
                blob: Blob::of(pixels, width),
                strokes_cut,
            });
        }
    }
    if let Some((pixels, strokes_cut)) = carry {
        match out.last_mut() {
            Some(last) => last.blob.join(Blob::of(pixels, width)),
            None => out.push(Piece {
                blob: Blob::of(pixels, width),
                strokes_cut,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pixels of a page `width` wide where `f(x, y)` is ink, as a blob and the ink.
    fn page(width: usize, height: usize, f: impl Fn(usize, usize) -> bool) -> (Blob, Vec<f32>) {
        let ink: Vec<f32> = (0..width * height)
            .map(|i| if f(i % width, i / width) { 1.0 } else { 0.0 })
            .collect();
        let pixels = (0..ink.len() as u32)
            .filter(|&i| ink[i as usize] > 0.0)
            .collect();
        (Blob::of(pixels, width), ink)
    }

    #[test]
    fn a_narrow_mark_is_not_cut() {
        let (mark, ink) = page(40, 30, |x, y| (10..16).contains(&x) && (5..25).contains(&y));
        assert_eq!(split(mark, &ink, 40, 20, COARSE).len(), 1);
    }

    #[test]
    fn two_touching_ones_are_cut_only_finely() {
        // Two bars 3 wide, 20 tall, joined at their middle: 15 columns, 0.75 heights.
        let (mark, ink) = page(40, 30, |x, y| {
            let bar = (10..13).contains(&x) || (22..25).contains(&x);
            (bar && (5..25).contains(&y)) || ((13..22).contains(&x) && y == 15)
        });
        assert_eq!(split(mark.clone(), &ink, 40, 20, COARSE).len(), 1);
        let pieces = split(mark, &ink, 40, 20, FINE);
        assert!(pieces.len() >= 2, "{} pieces", pieces.len());
        let (first, last) = (&pieces[0].blob, &pieces[pieces.len() - 1].blob);
        assert!(
            first.x1 < 22 && last.x0 > 12,
            "{:?} {:?}",
            (first.x0, first.x1),
            (last.x0, last.x1)
        );
    }

    #[test]
    fn two_boxes_joined_by_a_thin_bridge_are_cut_at_the_bridge() {
        // Two 12×20 rings joined by a one-pixel bridge in the middle of their sides.
        let ring = |x: usize, y: usize, x0: usize| {
            let (dx, dy) = (x.wrapping_sub(x0), y.wrapping_sub(5));
            dx < 12 && dy < 20 && (!(2..10).contains(&dx) || !(2..18).contains(&dy))
        };
        let (mark, ink) = page(60, 30, |x, y| {
            ring(x, y, 10) || ring(x, y, 23) || (x == 22 && y == 15)
        });
        let pieces = split(mark, &ink, 60, 20, COARSE);
        let spans: Vec<(usize, usize)> = pieces.iter().map(|p| (p.blob.x0, p.blob.x1)).collect();
        // The bridge is one pixel of a stroke two wide: half a stroke cut.
        assert!(
            spans.contains(&(10, 21)) || spans.contains(&(10, 22)),
            "{spans:?}"
        );
        assert!(
            (pieces[1].strokes_cut - 0.5).abs() < 1e-6,
            "{}",
            pieces[1].strokes_cut
        );
        // Any other cut tried goes through a ring, across both of its sides.
        assert!(pieces[2..].iter().all(|p| p.strokes_cut >= 2.0));
    }

    #[test]
    fn a_least_ink_path_curves_round_an_overhang() {
        // An L whose foot runs under the next stroke, joined to it by a short link:
        // from the gap between them, the cheapest way down turns right across the
        // link instead of cutting the foot.
        let (w, rows) = (13, 20);
        let ink = |x: usize, y: usize| {
            let l = x < 3 || (y >= 16 && x < 12);
            let bar = (9..13).contains(&x) && y < 14;
            let link = x == 10 && (14..16).contains(&y);
            l || bar || link
        };
        let local: Vec<f32> = (0..w * rows)
            .map(|i| if ink(i % w, i / w) { 1.0 } else { 0.0 })
            .collect();
        let (cost, path) = least_ink_path(&local, w, rows, 6, 6);
        assert_eq!(path[0], 6);
        assert_eq!(*path.last().unwrap(), 12, "{path:?}");
        assert!(cost < 4.0, "{cost}: cheaper than straight through the foot");
    }
}
