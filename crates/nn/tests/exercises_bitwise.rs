//! The bitwise-output exercise: four sigmoid neurons turn the ten digit outputs into the
//! digit's binary code.

use nndl_nn::bitwise::digit_bits;
use nndl_nn::BitwiseOutput;
use proptest::prelude::*;

proptest! {
    #[test]
    fn the_extra_layer_spells_the_digit_in_binary(
        d in 0u8..=9,
        correct in 0.99f32..=1.0,
        others in prop::array::uniform10(0.0f32..=0.01),
    ) {
        let mut digits = others;
        digits[usize::from(d)] = correct;
        let bits = BitwiseOutput::new().output(&digits);
        let want = digit_bits(d);
        for k in 0..4 {
            prop_assert_eq!(bits[k] > 0.5, want[k] == 1, "digit {}, bit {}: {:?}", d, k, bits);
            // The margin argued in the doc comment: σ(±9).
            if want[k] == 1 {
                prop_assert!(bits[k] >= 0.9998, "digit {}, bit {}: {}", d, k, bits[k]);
            } else {
                prop_assert!(bits[k] <= 0.0002, "digit {}, bit {}: {}", d, k, bits[k]);
            }
        }
    }
}

#[test]
fn the_worst_case_inputs_still_give_the_right_bits() {
    // Correct output as low as allowed, every other output as high as allowed.
    let layer = BitwiseOutput::new();
    for d in 0..10u8 {
        let mut digits = [0.01f32; 10];
        digits[usize::from(d)] = 0.99;
        let bits = layer.output(&digits).map(|a| u8::from(a > 0.5));
        assert_eq!(bits, digit_bits(d), "digit {d}");
    }
}
