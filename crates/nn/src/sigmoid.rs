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
    sigmoid_prime_from_output(sigmoid(z))
}

/// σ′(z) from the neuron's output a = σ(z): a(1 − a). Backpropagation keeps the
/// activations, not z, so this is the form it uses.
#[inline]
pub fn sigmoid_prime_from_output(a: f32) -> f32 {
    a * (1.0 - a)
}

/// [`sigmoid`] of every `z + b` for the rows of `z` (each `b.len()` long):
/// a = σ(z + b), the activation step of eq. (22) for a whole batch.
///
/// The same function as [`sigmoid`], computed without a call to `exp` so that
/// the compiler turns the loop into SIMD code: e^−|z| from a degree-7
/// polynomial after reducing by powers of 2. It agrees with [`sigmoid`] to
/// within 4 units in the last place wherever σ(z) ≥ 2⁻¹²⁶ (tested), reaches 0 and
/// 1 exactly at the same ends, and keeps NaN as NaN.
pub fn sigmoid_rows_with_bias(z: &mut [f32], b: &[f32]) {
    for row in z.chunks_exact_mut(b.len()) {
        for (z, &b) in row.iter_mut().zip(b) {
            *z = sigmoid_branchless(*z + b);
        }
    }
}

#[inline(always)]
fn sigmoid_branchless(z: f32) -> f32 {
    let e = exp_nonpositive(-z.abs());
    // σ(z) = 1/(1 + e^−z) for z ≥ 0, and e^z/(1 + e^z) for z < 0: e ≤ 1 either way.
    let d = 1.0 / (1.0 + e);
    if z >= 0.0 {
        d
    } else {
        e * d
    }
}

/// e^x for x ≤ 0 (NaN stays NaN), 0 below the smallest normal result.
#[inline(always)]
fn exp_nonpositive(x: f32) -> f32 {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    // ln 2 in two parts: the high part has few bits, so k · LN2_HI is exact.
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // Adding and removing 1.5 · 2²³ rounds to the nearest integer.
    const ROUND: f32 = 12_582_912.0;
    // Below ln(2⁻¹²⁶) the result would not be a normal float: give 0 there.
    const MIN_X: f32 = -87.336_54;
    let xc = if x < MIN_X { MIN_X } else { x };
    let k = (xc * LOG2_E + ROUND) - ROUND;
    let r = (xc - k * LN2_HI) - k * LN2_LO;
    // e^r on |r| ≤ ln2/2 by its Taylor series to r⁷ (error < 2⁻²⁷).
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0
                        + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    let two_k = f32::from_bits(((k as i32 + 127) as u32) << 23);
    if x < MIN_X {
        0.0
    } else {
        p * two_k
    }
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

    #[test]
    fn the_batch_sigmoid_agrees_with_sigmoid() {
        let mut worst = 0u32;
        let mut z = Vec::new();
        let mut x = -110.0f32;
        while x < 110.0 {
            z.push(x);
            x += 0.000_731;
        }
        z.extend([
            0.0,
            -0.0,
            1e-30,
            -1e-30,
            f32::MAX,
            f32::MIN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ]);
        let mut a = z.clone();
        sigmoid_rows_with_bias(&mut a, &[0.0]);
        for (&z, &a) in z.iter().zip(&a) {
            let s = sigmoid(z);
            if s >= f32::MIN_POSITIVE {
                worst = worst.max(s.to_bits().abs_diff(a.to_bits()));
            } else {
                assert!(a < 2.0 * f32::MIN_POSITIVE, "σ({z}) = {s} but {a}");
            }
        }
        assert!(worst <= 4, "{worst} ulp");
        assert_eq!(sigmoid_branchless(f32::INFINITY), 1.0);
        assert_eq!(sigmoid_branchless(-1000.0), 0.0);
        assert_eq!(sigmoid_branchless(0.0), 0.5);
        assert!(sigmoid_branchless(f32::NAN).is_nan());
        let mut rows = [0.0f32, 1.0, 2.0, 3.0];
        sigmoid_rows_with_bias(&mut rows, &[1.0, -1.0]);
        assert_eq!(
            rows.map(|v| (v * 1e4).round()),
            [sigmoid(1.0), sigmoid(0.0), sigmoid(3.0), sigmoid(2.0)].map(|v| (v * 1e4).round())
        );
    }
}
