//! Eq. (3) as the chapter uses it: σ is a smoothed step, a probability-like number that never
//! decreases, symmetric about ½, with slope at most ¼ — for every f32 input, without NaN.

use nndl_nn::{sigmoid, sigmoid_prime};
use proptest::prelude::*;

proptest! {
    #[test]
    fn sigmoid_is_between_0_and_1_and_symmetric_about_one_half(z in proptest::num::f32::ANY) {
        prop_assume!(!z.is_nan());
        let s = sigmoid(z);
        prop_assert!((0.0..=1.0).contains(&s), "σ({}) = {}", z, s);
        // σ(−z) = 1 − σ(z), up to rounding.
        prop_assert!((sigmoid(-z) - (1.0 - s)).abs() <= f32::EPSILON, "z = {}", z);
        let p = sigmoid_prime(z);
        prop_assert!((0.0..=0.25).contains(&p), "σ′({}) = {}", z, p);
    }

    #[test]
    fn sigmoid_never_decreases_by_more_than_rounding(a in -50.0f32..50.0, b in -50.0f32..50.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(sigmoid(lo) <= sigmoid(hi) + f32::EPSILON, "{} ≤ {}", lo, hi);
    }

    #[test]
    fn sigmoid_matches_an_f64_reference_to_a_few_ulps(z in -80.0f32..80.0) {
        let want = 1.0 / (1.0 + (-f64::from(z)).exp());
        let got = f64::from(sigmoid(z));
        // Relative, so that the small values of the left tail are checked too, not just "≈ 0".
        let tol = 4.0 * f64::from(f32::EPSILON) * want;
        prop_assert!((got - want).abs() <= tol, "z = {}: {} vs {}", z, got, want);
    }
}

#[test]
fn the_step_is_the_limit_of_the_sigmoid() {
    // σ(cz) → 1 for z > 0 and → 0 for z < 0 as c grows, and reaches it exactly in f32.
    for z in [-3.0f32, -0.5, -1e-3, 1e-3, 0.5, 3.0] {
        let limit = if z > 0.0 { 1.0 } else { 0.0 };
        let mut last = (sigmoid(z) - limit).abs();
        for c in [10.0f32, 100.0, 1e3, 1e4, 1e5] {
            let err = (sigmoid(c * z) - limit).abs();
            assert!(err <= last, "z = {z}, c = {c}");
            last = err;
        }
        assert_eq!(sigmoid(1e6 * z), limit, "z = {z}");
    }
    assert_eq!(sigmoid(0.0), 0.5);
}
