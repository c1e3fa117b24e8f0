//! Connected components of the ink: the marks on the page, each a blob.

use super::blob::Blob;

/// No pixel: the label of paper.
const NONE: u32 = u32::MAX;

/// The 8-connected components of the pixels whose ink is above `threshold`, each
/// with the fainter pixels (above `faint`) that touch it: the anti-aliased rim of
/// a stroke belongs to the stroke. `Err(n)` when there are more than `max`
/// components (n counted so far), so a page of noise costs one pass.
pub(crate) fn components(
    ink: &[f32],
    width: usize,
    threshold: f32,
    faint: f32,
    max: usize,
) -> Result<Vec<Blob>, usize> {
    let height = ink.len() / width;
    let mut label = vec![NONE; ink.len()];
    let mut members: Vec<Vec<u32>> = Vec::new();
    let mut stack = Vec::new();
    for start in 0..ink.len() {
        if ink[start] <= threshold || label[start] != NONE {
            continue;
        }
        if members.len() == max {
            return Err(max + 1);
        }
        let id = members.len() as u32;
        let mut pixels = Vec::new();
        label[start] = id;
        stack.push(start);
        while let Some(p) = stack.pop() {
            pixels.push(p as u32);
            for q in neighbours(p, width, height) {
                if ink[q] > threshold && label[q] == NONE {
                    label[q] = id;
                    stack.push(q);
                }
            }
        }
        members.push(pixels);
    }
    // The rim: a faint pixel joins the component of its inkiest labelled neighbour.
    for p in 0..ink.len() {
        if label[p] != NONE || ink[p] <= faint {
            continue;
        }
        let best = neighbours(p, width, height)
            .filter(|&q| label[q] != NONE && ink[q] > threshold)
            .max_by(|&a, &b| ink[a].total_cmp(&ink[b]));
        if let Some(q) = best {
            members[label[q] as usize].push(p as u32);
        }
    }
    Ok(members.into_iter().map(|m| Blob::of(m, width)).collect())
}

/// The up to eight neighbours of pixel `p`.
fn neighbours(p: usize, width: usize, height: usize) -> impl Iterator<Item = usize> {
    let (x, y) = ((p % width) as isize, (p / width) as isize);
    (-1isize..=1)
        .flat_map(move |dy| (-1isize..=1).map(move |dx| (x + dx, y + dy)))
        .filter(move |&(nx, ny)| {
            (nx, ny) != (x, y)
                && (0..width as isize).contains(&nx)
                && (0..height as isize).contains(&ny)
        })
        .map(move |(nx, ny)| ny as usize * width + nx as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_squares_and_a_diagonal_pair() {
        #[rustfmt::skip]
        let ink = [
            1., 1., 0., 0., 0.,
            1., 1., 0., 1., 0.,
            0., 0., 0., 0., 1.,
            0., 0., 0., 0.1, 0.,
        ];
        let mut blobs = components(&ink, 5, 0.5, 0.05, 10).unwrap();
        blobs.iter_mut().for_each(|b| b.pixels.sort());
        assert_eq!(blobs.len(), 2);
        assert_eq!(blobs[0].pixels, vec![0, 1, 5, 6]);
        // The diagonal neighbours are one component, with the faint pixel that touches them.
        assert_eq!(blobs[1].pixels, vec![8, 14, 18]);
        assert_eq!(components(&ink, 5, 0.5, 0.05, 1).unwrap_err(), 2);
    }
}
