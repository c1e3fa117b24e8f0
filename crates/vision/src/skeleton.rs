//! The skeleton of a digit: its strokes thinned to one pixel, keeping their
//! shape and connections (Zhang and Suen, "A fast parallel algorithm for
//! thinning digital patterns", 1984). What a fine pen would have drawn.

/// The one-pixel skeleton of the `true` pixels of a `width`×`height` picture.
/// The outermost rows and columns are never part of it.
///
/// ```
/// // A bar 5 pixels thick and 16 long thins to a line along its middle, one
/// // pixel in each column but the ends'.
/// let (w, h) = (20, 9);
/// let bar: Vec<bool> = (0..w * h).map(|i| (2..7).contains(&(i / w)) && (2..18).contains(&(i % w))).collect();
/// let line = nndl_vision::skeleton(&bar, w, h);
/// for x in 5..15 {
///     let column: Vec<usize> = (0..h).filter(|&y| line[y * w + x]).collect();
///     assert_eq!(column, vec![4]);
/// }
/// ```
///
/// # Panics
/// If `on.len() != width * height`.
pub fn skeleton(on: &[bool], width: usize, height: usize) -> Vec<bool> {
    assert_eq!(
        on.len(),
        width * height,
        "skeleton: not a {width}×{height} picture"
    );
    let mut img = on.to_vec();
    if width < 3 || height < 3 {
        return img;
    }
    loop {
        let mut changed = false;
        for pass in 0..2 {
            let remove: Vec<usize> = (1..height - 1)
                .flat_map(|y| (1..width - 1).map(move |x| (x, y)))
                .filter(|&(x, y)| img[y * width + x] && removable(&img, width, x, y, pass))
                .map(|(x, y)| y * width + x)
                .collect();
            changed |= !remove.is_empty();
            for i in remove {
                img[i] = false;
            }
        }
        if !changed {
            return img;
        }
    }
}

/// Whether pixel (x, y) is a border pixel whose removal in this sub-pass keeps
/// the stroke connected and does not shorten it.
fn removable(img: &[bool], width: usize, x: usize, y: usize, pass: usize) -> bool {
    let at = |dx: isize, dy: isize| {
        u8::from(img[(y as isize + dy) as usize * width + (x as isize + dx) as usize])
    };
    // The eight neighbours, clockwise from the one above.
    let p = [
        at(0, -1),
        at(1, -1),
        at(1, 0),
        at(1, 1),
        at(0, 1),
        at(-1, 1),
        at(-1, 0),
        at(-1, -1),
    ];
    let neighbours: u8 = p.iter().sum();
    let transitions = (0..8).filter(|&k| p[k] == 0 && p[(k + 1) % 8] == 1).count();
    let (a, b) = if pass == 0 {
        (p[0] * p[2] * p[4], p[2] * p[4] * p[6])
    } else {
        (p[0] * p[2] * p[6], p[0] * p[4] * p[6])
    };
    (2..=6).contains(&neighbours) && transitions == 1 && a == 0 && b == 0
}
