//! The chapter's first perceptrons: the cheese-festival decision and the NAND gate.

use nndl_nn::Perceptron;

/// Every input of three bits, in counting order (x₁ is the most significant).
fn all_inputs3() -> impl Iterator<Item = [u8; 3]> {
    (0..8u8).map(|i| [(i >> 2) & 1, (i >> 1) & 1, i & 1])
}

#[test]
fn cheese_festival_with_threshold_5_goes_iff_the_weather_is_good() {
    let p = Perceptron::cheese_festival(5.0);
    assert_eq!(p.weights, vec![6.0, 2.0, 2.0]);
    assert_eq!(p.bias, -5.0);
    for x in all_inputs3() {
        let [weather, _partner, _transit] = x;
        assert_eq!(p.output(&x), weather, "x = {x:?}");
    }
}

#[test]
fn cheese_festival_with_threshold_3_goes_if_good_weather_or_both_others() {
    let p = Perceptron::cheese_festival(3.0);
    for x in all_inputs3() {
        let [weather, partner, transit] = x;
        let goes = weather == 1 || (partner == 1 && transit == 1);
        assert_eq!(p.output(&x), u8::from(goes), "x = {x:?}");
    }
    // The one input where the two thresholds disagree most tellingly: bad weather, both others.
    assert_eq!(Perceptron::cheese_festival(5.0).output(&[0, 1, 1]), 0);
    assert_eq!(p.output(&[0, 1, 1]), 1);
}

#[test]
fn nand_truth_table() {
    let p = Perceptron::nand();
    assert_eq!((p.weights.clone(), p.bias), (vec![-2.0, -2.0], 3.0));
    let table = [
        ([0, 0], 3.0, 1),
        ([0, 1], 1.0, 1),
        ([1, 0], 1.0, 1),
        ([1, 1], -1.0, 0),
    ];
    for (x, z, out) in table {
        assert_eq!(p.weighted_input(&x), z, "w·x + b for x = {x:?}");
        assert_eq!(p.output(&x), out, "output for x = {x:?}");
    }
}

#[test]
fn eq_1_and_eq_2_are_the_same_rule() {
    // Σ wⱼxⱼ > threshold  ⇔  w·x + b > 0 with b = −threshold, for every input.
    for threshold in [-1.0f32, 0.0, 1.5, 2.0, 3.0, 5.0, 8.0, 10.5, 11.0] {
        let p = Perceptron::cheese_festival(threshold);
        for x in all_inputs3() {
            let sum: f32 = p
                .weights
                .iter()
                .zip(x)
                .map(|(w, xj)| w * f32::from(xj))
                .sum();
            assert_eq!(
                p.output(&x),
                u8::from(sum > threshold),
                "T = {threshold}, x = {x:?}"
            );
        }
    }
}
