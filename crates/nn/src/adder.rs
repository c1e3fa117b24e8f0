//! Adders made of NAND perceptrons: the chapter's two-bit adder, exactly as drawn, and an
//! n-bit ripple-carry adder built from the same perceptron.
//!
//! The chapter's point: a perceptron with weights (−2, −2) and bias 3 is a NAND gate, NAND
//! gates can compute anything, so circuits of perceptrons can compute anything.

use std::fmt;

use crate::circuit::{Circuit, CircuitBuilder, Node};
use crate::perceptron::Perceptron;

/// Adds a NAND perceptron reading `x` and `y` (which may be the same node).
fn nand(b: &mut CircuitBuilder, x: impl Into<Node>, y: impl Into<Node>) -> Node {
    b.perceptron(&Perceptron::nand(), &[x.into(), y.into()])
        .into()
}

/// The chapter's adder of two bits x₁, x₂ (circuit inputs 0 and 1), made of five NAND
/// perceptrons; outputs `[sum, carry]` = `[x₁ ⊕ x₂, x₁x₂]`.
///
/// Wiring, as drawn in the chapter: n = NAND(x₁, x₂) feeds three units; NAND(NAND(x₁, n),
/// NAND(n, x₂)) is the sum bit; the carry bit is NAND(n, n), the bottom unit that reads n
/// twice through two edges of weight −2.
///
/// ```
/// let adder = nndl_nn::adder::half_adder();
/// assert_eq!(adder.output(&[1, 1]), vec![0, 1]); // 1 + 1 = 0b10
/// ```
pub fn half_adder() -> Circuit {
    build_half_adder(false)
}

/// The chapter's adder with the carry unit's two edges from n merged into one edge of weight
/// −4 (the chapter's redrawing); computes the same `[sum, carry]` as [`half_adder`].
pub fn half_adder_merged() -> Circuit {
    build_half_adder(true)
}

fn build_half_adder(merged: bool) -> Circuit {
    let mut b = CircuitBuilder::new(2);
    let (x1, x2) = (Node::Input(0), Node::Input(1));
    let (sum, carry) = half_adder_into(&mut b, x1, x2, merged);
    b.output(sum).output(carry);
    b.build().expect("the half adder is acyclic")
}

/// Wires the chapter's half adder into `b`; returns (sum, carry).
fn half_adder_into(b: &mut CircuitBuilder, x1: Node, x2: Node, merged: bool) -> (Node, Node) {
    let n = nand(b, x1, x2);
    let left = nand(b, x1, n);
    let right = nand(b, n, x2);
    let sum = nand(b, left, right);
    let carry = if merged {
        let carry = b.unit(Perceptron::nand().bias);
        b.connect(n, carry, -4.0);
        carry.into()
    } else {
        nand(b, n, n)
    };
    (sum, carry)
}

/// Wires a full adder of nine NAND perceptrons into `b`; returns (sum, carry out).
///
/// The first four units are the half adder's sum s = x ⊕ y; the next four add the carry in
/// the same way, and carry out = NAND(NAND(s, c), NAND(x, y)) = s·c + x·y.
fn full_adder_into(b: &mut CircuitBuilder, x: Node, y: Node, carry_in: Node) -> (Node, Node) {
    let n1 = nand(b, x, y);
    let n2 = nand(b, x, n1);
    let n3 = nand(b, n1, y);
    let s = nand(b, n2, n3);
    let n5 = nand(b, s, carry_in);
    let n6 = nand(b, s, n5);
    let n7 = nand(b, n5, carry_in);
    let sum = nand(b, n6, n7);
    let carry_out = nand(b, n5, n1);
    (sum, carry_out)
}

/// Why an addition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdderError {
    /// The adder width must be between 1 and [`RippleCarryAdder::MAX_BITS`].
    Bits(u32),
    /// An operand does not fit in the adder's width.
    TooWide {
        /// The operand.
        operand: u64,
        /// The adder's width in bits.
        bits: u32,
    },
}

impl fmt::Display for AdderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdderError::Bits(bits) => write!(
                f,
                "an adder needs 1 to {} bits, not {bits}",
                RippleCarryAdder::MAX_BITS
            ),
            AdderError::TooWide { operand, bits } => write!(
                f,
                "{operand} does not fit in {bits} bits (largest is {})",
                max_operand(*bits)
            ),
        }
    }
}

impl std::error::Error for AdderError {}

/// The largest number that fits in `bits` bits (1 ≤ bits ≤ 64).
fn max_operand(bits: u32) -> u64 {
    u64::MAX >> (64 - bits)
}

/// An n-bit ripple-carry adder made of NAND perceptrons only.
///
/// Bit 0 is the chapter's [`half_adder`] (5 perceptrons); each further bit is a nine-NAND full
/// adder taking the carry from the bit below, so an n-bit adder has 5 + 9(n − 1) perceptrons.
/// Circuit inputs are a's bits then b's bits, least significant first; outputs are the n sum
/// bits, least significant first, then the carry out.
///
/// ```
/// use nndl_nn::adder::RippleCarryAdder;
///
/// let adder = RippleCarryAdder::new(8).unwrap();
/// let sum = adder.add(200, 100).unwrap();
/// assert_eq!(sum.value, 300);
/// assert_eq!(sum.evaluated, 5 + 9 * 7);
/// ```
#[derive(Debug, Clone)]
pub struct RippleCarryAdder {
    bits: u32,
    circuit: Circuit,
}

/// The result of [`RippleCarryAdder::add`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    /// a + b, read off the output bits.
    pub value: u128,
    /// The output bits, least significant first; the last is the carry out.
    pub bits: Vec<u8>,
    /// How many perceptrons fired (output 1).
    pub fired: usize,
    /// How many perceptrons were evaluated.
    pub evaluated: usize,
}

impl RippleCarryAdder {
    /// The widest adder: operands are `u64`.
    pub const MAX_BITS: u32 = 64;

    /// Builds a `bits`-bit adder (1 ≤ bits ≤ 64).
    pub fn new(bits: u32) -> Result<Self, AdderError> {
        if !(1..=Self::MAX_BITS).contains(&bits) {
            return Err(AdderError::Bits(bits));
        }
        let n = bits as usize;
        let mut b = CircuitBuilder::new(2 * n);
        let (mut sum, mut carry) = half_adder_into(&mut b, Node::Input(0), Node::Input(n), false);
        let mut sums = vec![sum];
        for i in 1..n {
            (sum, carry) = full_adder_into(&mut b, Node::Input(i), Node::Input(n + i), carry);
            sums.push(sum);
        }
        for s in sums {
            b.output(s);
        }
        b.output(carry);
        let circuit = b.build().expect("a ripple-carry adder is acyclic");
        Ok(Self { bits, circuit })
    }

    /// The width in bits.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The underlying perceptron circuit.
    pub fn circuit(&self) -> &Circuit {
        &self.circuit
    }

    /// The largest operand this adder accepts, 2^bits − 1.
    pub fn max_operand(&self) -> u64 {
        max_operand(self.bits)
    }

    /// Adds `a` and `b` by running the perceptron circuit on their bits.
    pub fn add(&self, a: u64, b: u64) -> Result<Sum, AdderError> {
        for operand in [a, b] {
            if operand > self.max_operand() {
                return Err(AdderError::TooWide {
                    operand,
                    bits: self.bits,
                });
            }
        }
        let bit = |v: u64, i: u32| ((v >> i) & 1) as u8;
        let x: Vec<u8> = (0..self.bits)
            .map(|i| bit(a, i))
            .chain((0..self.bits).map(|i| bit(b, i)))
            .collect();
        let e = self.circuit.evaluate(&x);
        let value = e
            .outputs
            .iter()
            .enumerate()
            .map(|(i, &s)| u128::from(s) << i)
            .sum();
        Ok(Sum {
            value,
            fired: e.fired(),
            evaluated: e.evaluated(),
            bits: e.outputs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_half_adders_add_two_bits() {
        for x1 in 0..2u8 {
            for x2 in 0..2u8 {
                let want = vec![(x1 + x2) & 1, (x1 + x2) >> 1];
                assert_eq!(half_adder().output(&[x1, x2]), want);
                assert_eq!(half_adder_merged().output(&[x1, x2]), want);
            }
        }
    }

    #[test]
    fn the_carry_unit_reads_the_first_nand_twice_or_once_with_weight_minus_four() {
        let plain = half_adder();
        let merged = half_adder_merged();
        let carry = plain.units().last().unwrap();
        assert_eq!(carry.edges.len(), 2);
        assert_eq!(carry.edges[0], carry.edges[1]);
        assert_eq!(carry.edges[0].weight, -2.0);
        let carry = merged.units().last().unwrap();
        assert_eq!(carry.edges.len(), 1);
        assert_eq!(carry.edges[0].weight, -4.0);
        assert_eq!(carry.bias, 3.0);
        assert_eq!(plain.units().len(), 5);
    }

    #[test]
    fn widths_and_operands_out_of_range_are_refused() {
        assert_eq!(RippleCarryAdder::new(0).unwrap_err(), AdderError::Bits(0));
        assert_eq!(RippleCarryAdder::new(65).unwrap_err(), AdderError::Bits(65));
        let a = RippleCarryAdder::new(4).unwrap();
        assert_eq!(
            a.add(16, 1).unwrap_err().to_string(),
            "16 does not fit in 4 bits (largest is 15)"
        );
        assert_eq!(a.add(15, 15).unwrap().value, 30);
        let wide = RippleCarryAdder::new(64).unwrap();
        assert_eq!(
            wide.add(u64::MAX, u64::MAX).unwrap().value,
            2 * u128::from(u64::MAX)
        );
    }
}
