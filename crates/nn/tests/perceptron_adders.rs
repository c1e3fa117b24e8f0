//! The chapter's two-bit adder of NAND perceptrons, its merged −4 variant, and an n-bit
//! ripple-carry adder of the same perceptron checked against integer addition.

use nndl_nn::adder::{half_adder, half_adder_merged, AdderError, RippleCarryAdder};
use nndl_nn::{Node, Perceptron};
use proptest::prelude::*;

#[test]
fn the_chapter_adder_adds_two_bits_and_the_merged_variant_agrees_on_every_input() {
    let plain = half_adder();
    let merged = half_adder_merged();
    for x1 in 0..2u8 {
        for x2 in 0..2u8 {
            let [sum, carry] = plain.output(&[x1, x2])[..] else {
                panic!("two outputs")
            };
            // Binary addition: x1 + x2 = 2·carry + sum.
            assert_eq!(x1 + x2, 2 * carry + sum, "x = ({x1}, {x2})");
            assert_eq!(sum, x1 ^ x2);
            assert_eq!(carry, x1 & x2);
            assert_eq!(merged.output(&[x1, x2]), vec![sum, carry]);
            // The carry unit's weighted input is the same number in both circuits.
            let zp = plain.evaluate(&[x1, x2]).weighted_inputs;
            let zm = merged.evaluate(&[x1, x2]).weighted_inputs;
            assert_eq!(zp, zm, "x = ({x1}, {x2})");
        }
    }
}

#[test]
fn every_unit_of_the_chapter_adder_is_the_nand_perceptron() {
    let nand = Perceptron::nand();
    for unit in half_adder().units() {
        assert_eq!(unit.bias, nand.bias);
        let weights: Vec<f32> = unit.edges.iter().map(|e| e.weight).collect();
        assert_eq!(weights, nand.weights);
    }
    // The first NAND feeds three units, one of them (the carry) twice.
    let circuit = half_adder();
    let first = Node::Unit(circuit.order().next().unwrap());
    let reads: usize = circuit
        .units()
        .iter()
        .map(|u| u.edges.iter().filter(|e| e.from == first).count())
        .sum();
    assert_eq!(reads, 4);
}

#[test]
fn perceptron_counts_for_a_one_bit_sum_worked_by_hand() {
    // 0 + 0: n = NAND(0,0) = 1, NAND(0,n) = 1, NAND(n,0) = 1, sum = NAND(1,1) = 0,
    // carry = NAND(n,n) = 0. Three of five fired.
    let s = RippleCarryAdder::new(1).unwrap().add(0, 0).unwrap();
    assert_eq!((s.value, s.fired, s.evaluated), (0, 3, 5));
    // 1 + 1: n = 0, the two middle units 1, sum 0, carry 1. Three of five fired.
    let s = RippleCarryAdder::new(1).unwrap().add(1, 1).unwrap();
    assert_eq!(
        (s.value, s.bits.clone(), s.fired, s.evaluated),
        (2, vec![0, 1], 3, 5)
    );
}

#[test]
fn adder_sizes_are_five_plus_nine_per_extra_bit() {
    for bits in [1u32, 2, 8, 32, 64] {
        let adder = RippleCarryAdder::new(bits).unwrap();
        let n = adder.circuit().units().len();
        assert_eq!(n, 5 + 9 * (bits as usize - 1), "{bits} bits");
        assert_eq!(adder.add(0, 0).unwrap().evaluated, n);
    }
}

#[test]
fn all_four_bit_sums() {
    let adder = RippleCarryAdder::new(4).unwrap();
    for a in 0..16u64 {
        for b in 0..16u64 {
            assert_eq!(
                adder.add(a, b).unwrap().value,
                u128::from(a + b),
                "{a} + {b}"
            );
        }
    }
    assert_eq!(
        adder.add(16, 0),
        Err(AdderError::TooWide {
            operand: 16,
            bits: 4
        })
    );
}

proptest! {
    #[test]
    fn ripple_carry_adder_matches_integer_addition(
        bits in 1u32..=64,
        a in any::<u64>(),
        b in any::<u64>(),
    ) {
        let adder = RippleCarryAdder::new(bits).unwrap();
        let (a, b) = (a & adder.max_operand(), b & adder.max_operand());
        let sum = adder.add(a, b).unwrap();
        prop_assert_eq!(sum.value, u128::from(a) + u128::from(b));
        prop_assert_eq!(sum.bits.len(), bits as usize + 1);
        prop_assert!(sum.fired <= sum.evaluated);
        prop_assert_eq!(sum.evaluated, 5 + 9 * (bits as usize - 1));
    }

    #[test]
    fn operands_too_wide_are_refused(bits in 1u32..64, a in any::<u64>()) {
        let adder = RippleCarryAdder::new(bits).unwrap();
        let wide = a | (1 << bits);
        let refused = matches!(adder.add(wide, 0), Err(AdderError::TooWide { .. }));
        prop_assert!(refused);
    }
}
