//! Eq. (5): for small changes Δw, Δb of a sigmoid neuron's weights and bias,
//! Δoutput ≈ Σⱼ ∂output/∂wⱼ Δwⱼ + ∂output/∂b Δb, and the error is of second order: halving
//! the change divides the error by about 4.
//!
//! Care for f32: weights, inputs, biases and changes are multiples of 1/64 and the step sizes
//! powers of two, so w + hΔw and w·x + b are exact in f32; the only rounding is in σ itself
//! (about 6e-8), far below the smallest error measured (about 1e-6).

use nndl_nn::{sigmoid, sigmoid_prime, SigmoidNeuron};
use proptest::prelude::*;

fn sixty_fourths(range: std::ops::RangeInclusive<i16>) -> impl Strategy<Value = f32> {
    range.prop_map(|i| f32::from(i) / 64.0)
}

/// A neuron, an input and a direction of change, with z = w·x + b in ±[1, 2.5] (where σ″ is
/// well away from 0, so the second-order term dominates) and the change Δz = x·Δw + Δb along
/// the direction in ±[½, 1].
fn case() -> impl Strategy<Value = (SigmoidNeuron, Vec<f32>, Vec<f32>, f32)> {
    (1usize..=5).prop_flat_map(|n| {
        (
            prop::collection::vec(sixty_fourths(-128..=128), n),
            prop::collection::vec(sixty_fourths(0..=64), n),
            sixty_fourths(64..=160),
            any::<bool>(),
            prop::collection::vec(sixty_fourths(-64..=64), n),
            sixty_fourths(32..=64),
            any::<bool>(),
        )
            .prop_map(|(w, x, z, z_neg, dw, dz, dz_neg)| {
                let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f32>();
                let z = if z_neg { -z } else { z };
                let dz = if dz_neg { -dz } else { dz };
                let bias = z - dot(&w, &x);
                let db = dz - dot(&dw, &x);
                (SigmoidNeuron::new(w, bias), x, dw, db)
            })
    })
}

proptest! {
    #[test]
    fn eq_5_error_is_second_order((neuron, x, dw, db) in case()) {
        let z = neuron.weighted_input(&x);
        let base = neuron.output(&x);
        let error = |h: f32| {
            let dwh: Vec<f32> = dw.iter().map(|d| h * d).collect();
            let true_change = neuron.nudged(&dwh, h * db).output(&x) - base;
            let estimate = neuron.linear_change(&x, &dwh, h * db);
            f64::from(true_change) - f64::from(estimate)
        };
        let dz = f64::from(neuron.nudged(&dw, db).weighted_input(&x) - z);
        // σ″(z) = σ′(z)(1 − 2σ(z)); the Taylor error is ½σ″(z)(hΔz)² + O(h³).
        let second = f64::from(sigmoid_prime(z)) * (1.0 - 2.0 * f64::from(sigmoid(z)));
        let hs = [1.0 / 8.0, 1.0 / 16.0, 1.0 / 32.0, 1.0 / 64.0];
        let errors: Vec<f64> = hs.iter().map(|&h| error(h)).collect();
        for (pair, h) in errors.windows(2).zip(hs) {
            let ratio = pair[0] / pair[1];
            prop_assert!((3.4..=4.6).contains(&ratio), "h = {h}: errors {errors:?}, ratio {ratio}");
        }
        for (&e, &h) in errors.iter().zip(&hs) {
            let predicted = 0.5 * second * (f64::from(h) * dz).powi(2);
            prop_assert!(
                (e / predicted - 1.0).abs() < 0.15,
                "h = {h}: error {e}, ½σ″(z)(hΔz)² = {predicted}"
            );
        }
    }
}

#[test]
fn the_partial_derivatives_are_x_sigma_prime_and_sigma_prime() {
    let n = SigmoidNeuron::new(vec![1.0, -0.5], 0.25);
    let x = [0.5f32, 1.0];
    let z = n.weighted_input(&x);
    assert_eq!(z, 0.25);
    let (gw, gb) = n.gradient(&x);
    assert_eq!(gb, sigmoid_prime(z));
    assert_eq!(gw, vec![0.5 * sigmoid_prime(z), sigmoid_prime(z)]);
}
