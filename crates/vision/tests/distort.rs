//! The training distortions: the identity changes nothing, a shift moves the
//! ink by exactly that shift, and every distorted image depends on (seed,
//! epoch, example) only, whatever the threads.

use nndl_vision::{Distortion, DistortionParams, Distortions, SIDE};
use proptest::prelude::*;

const N: usize = SIDE * SIDE;

/// A stroke-like digit: a ring of ink of radius `r` about (cx, cy).
fn ring(cx: f32, cy: f32, r: f32) -> Vec<f32> {
    (0..N)
        .map(|i| {
            let (x, y) = ((i % SIDE) as f32 + 0.5, (i / SIDE) as f32 + 0.5);
            let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
            (1.5 - (d - r).abs()).clamp(0.0, 1.0)
        })
        .collect()
}

fn centre_of_mass(image: &[f32]) -> (f64, f64) {
    nndl_vision::centre_of_mass(image, SIDE).expect("the test images have ink")
}

proptest! {
    #[test]
    fn the_identity_leaves_an_image_unchanged(
        image in proptest::collection::vec(0.0f32..=1.0, N),
        epoch in 0u64..100,
        example in 0u64..100_000,
    ) {
        let mut out = vec![0.0; N];
        Distortion::IDENTITY.apply(&image, &mut out);
        prop_assert_eq!(&out, &image);
        Distortions::new(DistortionParams::none(), 5).distort(&image, epoch, example, &mut out);
        prop_assert_eq!(&out, &image);
    }

    #[test]
    fn a_whole_pixel_shift_moves_the_centre_of_mass_by_the_shift(
        cx in 10.0f32..18.0, cy in 10.0f32..18.0, r in 2.0f32..5.0,
        dx in -3i32..=3, dy in -3i32..=3,
    ) {
        let image = ring(cx, cy, r);
        let mut out = vec![0.0; N];
        Distortion::shift(dx as f32, dy as f32).apply(&image, &mut out);
        // No ink was lost off the edge, so the mass is the same.
        let (m0, m1): (f32, f32) = (image.iter().sum(), out.iter().sum());
        prop_assert!((m0 - m1).abs() < 1e-3 * m0);
        let (x0, y0) = centre_of_mass(&image);
        let (x1, y1) = centre_of_mass(&out);
        prop_assert!((x1 - x0 - f64::from(dx)).abs() < 1e-4, "{} {}", x1 - x0, dx);
        prop_assert!((y1 - y0 - f64::from(dy)).abs() < 1e-4, "{} {}", y1 - y0, dy);
    }

    #[test]
    fn a_fractional_shift_moves_the_centre_of_mass_by_about_the_shift(
        dx in -2.0f32..2.0, dy in -2.0f32..2.0,
    ) {
        let image = ring(14.0, 14.0, 5.0);
        let mut out = vec![0.0; N];
        Distortion::shift(dx, dy).apply(&image, &mut out);
        let (x1, y1) = centre_of_mass(&out);
        let (x0, y0) = centre_of_mass(&image);
        prop_assert!((x1 - x0 - f64::from(dx)).abs() < 0.05);
        prop_assert!((y1 - y0 - f64::from(dy)).abs() < 0.05);
    }
}

#[test]
fn a_distortion_depends_on_seed_epoch_and_example_only() {
    let image = ring(14.0, 14.0, 6.0);
    let d = Distortions::new(DistortionParams::default(), 11);
    let run = |d: &Distortions, epoch, example| {
        let mut out = vec![0.0; N];
        d.distort(&image, epoch, example, &mut out);
        out
    };
    let base = run(&d, 2, 40);
    assert_eq!(base, run(&d, 2, 40));
    assert_eq!(
        base,
        run(&Distortions::new(DistortionParams::default(), 11), 2, 40)
    );
    assert_ne!(base, image);
    assert_ne!(base, run(&d, 3, 40));
    assert_ne!(base, run(&d, 2, 41));
    assert_ne!(
        base,
        run(&Distortions::new(DistortionParams::default(), 12), 2, 40)
    );
    // Ink stays ink: no values out of [0, 1], and most of it is kept.
    assert!(base.iter().all(|v| (0.0..=1.0).contains(v)));
    let (m0, m1): (f32, f32) = (image.iter().sum(), base.iter().sum());
    assert!(m1 > 0.6 * m0 && m1 < 1.5 * m0, "{m0} {m1}");
}

#[test]
fn distort_all_is_distort_for_each_image_on_any_number_of_threads() {
    let images: Vec<f32> = (0..300)
        .flat_map(|i| {
            ring(
                12.0 + (i % 5) as f32,
                13.0 + (i % 3) as f32,
                3.0 + (i % 4) as f32,
            )
        })
        .collect();
    let d = Distortions::new(DistortionParams::default(), 4);
    let mut want = vec![0.0; images.len()];
    for (i, (image, out)) in images.chunks(N).zip(want.chunks_mut(N)).enumerate() {
        d.distort(image, 7, i as u64, out);
    }
    for threads in [1, 2, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut got = vec![0.0; images.len()];
        pool.install(|| d.distort_all(&images, 7, &mut got));
        assert_eq!(got, want, "{threads} threads");
    }
}
