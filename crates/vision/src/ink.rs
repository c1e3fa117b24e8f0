//! From brightness to ink: which colour the pen was, and what the paper is.

/// Below this peak ink level (after removing the background) the picture is blank.
pub(crate) const BLANK: f32 = 0.08;

/// The ink at every pixel: 1 where the pen was, 0 on the paper, whichever the colours.
pub(crate) fn ink_levels(brightness: &[f32], width: usize, height: usize) -> Vec<f32> {
    let mut ink: Vec<f32> = brightness.iter().map(|v| v.clamp(0.0, 1.0)).collect();
    // The border is mostly paper: a light border means dark ink on light paper.
    let mut border = border_values(&ink, width, height);
    let mean = border.iter().sum::<f32>() / border.len() as f32;
    if mean > 0.5 {
        ink.iter_mut().for_each(|v| *v = 1.0 - *v);
        border.iter_mut().for_each(|v| *v = 1.0 - *v);
    }
    // Grey paper or a shadowed photo: what the border holds is background, not ink.
    border.sort_by(f32::total_cmp);
    let background = border[border.len() / 2];
    let range = (1.0 - background).max(f32::EPSILON);
    ink.iter_mut()
        .for_each(|v| *v = ((*v - background) / range).max(0.0));
    ink
}

/// The pixels of the outer frame of the picture, about 5% of its size thick.
fn border_values(ink: &[f32], width: usize, height: usize) -> Vec<f32> {
    let t = (width.min(height) / 20).max(1);
    ink.iter()
        .enumerate()
        .filter(|(i, _)| {
            let (x, y) = (i % width, i / width);
            x < t || y < t || x >= width.saturating_sub(t) || y >= height.saturating_sub(t)
        })
        .map(|(_, &v)| v)
        .collect()
}

/// The highest ink level of a picture.
pub(crate) fn peak(ink: &[f32]) -> f32 {
    ink.iter().copied().fold(0.0, f32::max)
}
