//! The sigmoid function σ and its derivative σ′ (eqs. (3), (4)), defined once for
//! sigmoid neurons and for the network.

/// σ(z) = 1 / (1 + e^−z), eq. (3).
///
/// Computed so that no finite or infinite `z` gives NaN: for z ≥ 0 we use
/// 1 / (1 + e^−z), where e^−z ≤ 1; for z < 0 the algebraically equal
/// e^z / (1 + e^z), where e^z < 1. So e^x never overflows, and the limits are
/// reached exactly: σ(1000) = 1 and σ(−1000) = 0.
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// σ′(z) = σ(z)(1 − σ(z)), the derivative of [`sigmoid`].
#[inline]
pub fn sigmoid_prime(z: f32) -> f32 {
    let s = sigmoid(z);
    s * (1.0 - s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_is_one_half_at_zero_and_reaches_its_limits() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(f32::INFINITY), 1.0);
        assert_eq!(sigmoid(f32::NEG_INFINITY), 0.0);
    }

    #[test]
    fn sigmoid_prime_matches_a_central_difference() {
        for &z in &[-6.0f32, -1.5, -0.1, 0.0, 0.3, 2.0, 5.0] {
            let h = 1e-2f64;
            let s = |x: f64| 1.0 / (1.0 + (-x).exp());
            let numeric = (s(z as f64 + h) - s(z as f64 - h)) / (2.0 * h);
            assert!((sigmoid_prime(z) as f64 - numeric).abs() < 1e-4, "z = {z}");
        }
        assert_eq!(sigmoid_prime(1000.0), 0.0);
    }
}
