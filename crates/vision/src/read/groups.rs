//! From marks to the pieces of digits: the height of the writing, specks dropped,
//! fragments joined to the digit they belong to.

use super::blob::Blob;

/// A mark this big (in units of the writing's height squared) or this tall (in units
/// of the height) is part of a digit on its own; a smaller one is a fragment or a speck.
const BIG_AREA: f32 = 0.04;
const BIG_HEIGHT: f32 = 0.5;
/// A mark smaller than this (in units of the height squared) is a speck of dust
/// or noise, dropped: the dots of a faint digit are larger.
const SPECK: f32 = 0.006;
/// Fragments this close (in units of the height) to a mark belong with it.
const NEAR: f32 = 0.12;
/// Marks at least this fraction of the largest one's area say how tall the writing is.
const MAIN: f32 = 0.25;

/// A mark this many times wider than tall is a line, not part of a digit.
const LINE: usize = 5;

/// The height of the writing: the median height of the larger marks that are not
/// lines; `None` when every mark is a line.
pub(crate) fn writing_height(marks: &[Blob]) -> Option<usize> {
    let shapes: Vec<&Blob> = marks
        .iter()
        .filter(|b| b.width() < LINE * b.height())
        .collect();
    let largest = shapes.iter().map(|b| b.pixels.len()).max()?;
    let mut heights: Vec<usize> = shapes
        .iter()
        .filter(|b| b.pixels.len() as f32 >= MAIN * largest as f32)
        .map(|b| b.height())
        .collect();
    heights.sort_unstable();
    Some(heights[heights.len() / 2])
}

/// The marks grouped into pieces of digits, left to right by their boxes' left
/// edges: every big mark is a group; a small one joins the nearest big mark within
/// reach; small ones near each other with enough ink between them (the dots of a
/// faint digit) make a group of their own; the rest are specks, dropped.
pub(crate) fn group(marks: Vec<Blob>, height: usize) -> Vec<Blob> {
    let h = height as f32;
    let near = ((NEAR * h).round() as usize).max(2);
    let (mut big, small): (Vec<Blob>, Vec<Blob>) = marks
        .into_iter()
        .filter(|b| b.pixels.len() as f32 >= SPECK * h * h)
        .partition(|b| {
            b.pixels.len() as f32 >= BIG_AREA * h * h || b.height() as f32 >= BIG_HEIGHT * h
        });
    let mut loose = Vec::new();
    for s in small {
        let nearest = big
            .iter()
            .enumerate()
            .map(|(i, b)| (b.gap(&s), i))
            .min()
            .filter(|&(gap, _)| gap <= near);
        match nearest {
            Some((_, i)) => big[i].join(s),
            None => loose.push(s),
        }
    }
    big.extend(clusters(loose, near).into_iter().filter(|c| {
        c.pixels.len() as f32 >= BIG_AREA * h * h && c.height() as f32 >= BIG_HEIGHT * h
    }));
    big.sort_by_key(|b| (b.x0, b.y0));
    big
}

/// Small marks joined when within `near` of each other, by union-find.
fn clusters(loose: Vec<Blob>, near: usize) -> Vec<Blob> {
    let mut parent: Vec<usize> = (0..loose.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // Sorted by left edge, a mark need only be compared with those starting
    // within reach of its right edge.
    let mut order: Vec<usize> = (0..loose.len()).collect();
    order.sort_by_key(|&i| loose[i].x0);
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if loose[j].x0 > loose[i].x1 + near + 1 {
                break;
            }
            if loose[i].gap(&loose[j]) <= near {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut out: Vec<Option<Blob>> = vec![None; loose.len()];
    for (i, blob) in loose.into_iter().enumerate() {
        let r = root(&mut parent, i);
        match &mut out[r] {
            Some(c) => c.join(blob),
            slot => *slot = Some(blob),
        }
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: usize, y0: usize, w: usize, h: usize, width: usize) -> Blob {
        let pixels = (y0..y0 + h)
            .flat_map(|y| (x0..x0 + w).map(move |x| (y * width + x) as u32))
            .collect();
        Blob::of(pixels, width)
    }

    #[test]
    fn a_detached_bar_joins_its_digit_and_a_far_speck_is_dropped() {
        let width = 200;
        let marks = vec![
            rect(10, 10, 12, 20, width), // a digit's body
            rect(12, 6, 2, 2, width),    // a small fragment just above it
            rect(100, 10, 12, 20, width),
            rect(150, 40, 1, 1, width), // a speck, far from everything
        ];
        assert_eq!(writing_height(&marks), Some(20));
        let groups = group(marks, 20);
        assert_eq!(groups.len(), 2);
        assert_eq!((groups[0].y0, groups[0].pixels.len()), (6, 244));
        assert_eq!(groups[1].x0, 100);
    }

    #[test]
    fn the_dots_of_a_faint_digit_make_one_group() {
        let width = 100;
        // A column of 2×2 dots a pixel apart, 20 high: a dotted "1".
        let dots: Vec<Blob> = (0..7).map(|k| rect(50, 10 + 3 * k, 2, 2, width)).collect();
        let mut marks = dots;
        marks.push(rect(10, 10, 12, 20, width));
        let groups = group(marks, 20);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].pixels.len(), 28);
    }
}
