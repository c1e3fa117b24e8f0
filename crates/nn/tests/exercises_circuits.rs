//! The chapter's exercises on sigmoid neurons simulating perceptrons, as property tests on
//! random perceptron circuits:
//!
//! 1. multiplying every weight and bias of a perceptron circuit by c > 0 changes no output;
//! 2. the same circuit made of sigmoid neurons, weights and biases times c, tends to the
//!    perceptron circuit as c → ∞ when w·x + b ≠ 0 at every unit — we compute a c that is
//!    large enough and assert it;
//! 3. where w·x + b = 0 a sigmoid neuron gives ½ whatever c is, so the limit fails there.

use nndl_nn::adder::{half_adder, RippleCarryAdder};
use nndl_nn::{Circuit, CircuitBuilder, Node, Perceptron, SigmoidNeuron, UnitId};
use proptest::prelude::*;

/// A random circuit: units in topological order, each with a bias and edges from earlier
/// nodes (inputs first, then units), plus the order the units are created in the builder.
#[derive(Debug, Clone)]
struct Spec {
    n_inputs: usize,
    /// (bias, [(from node, weight)]); from < n_inputs is an input, else unit from − n_inputs.
    units: Vec<(f32, Vec<(usize, f32)>)>,
    creation_order: Vec<usize>,
    input: Vec<u8>,
}

/// Integer weights in [−8, 8]; integer biases, or biases offset by ½ when `half_biases`, so
/// that w·x + b is never 0.
fn spec(half_biases: bool) -> impl Strategy<Value = Spec> {
    (1usize..=4, 1usize..=8).prop_flat_map(move |(n_inputs, n_units)| {
        let units: Vec<_> = (0..n_units)
            .map(|i| {
                let edges = prop::collection::vec((0..n_inputs + i, -8i8..=8), 1..=4);
                (-8i8..=8, edges).prop_map(move |(b, edges)| {
                    let bias = f32::from(b) + if half_biases { 0.5 } else { 0.0 };
                    let edges = edges.into_iter().map(|(f, w)| (f, f32::from(w))).collect();
                    (bias, edges)
                })
            })
            .collect();
        let order = Just((0..n_units).collect::<Vec<_>>()).prop_shuffle();
        let input = prop::collection::vec(0u8..=1, n_inputs);
        (units, order, input).prop_map(move |(units, creation_order, input)| Spec {
            n_inputs,
            units,
            creation_order,
            input,
        })
    })
}

/// Builds the circuit, creating units in the shuffled order; every unit is an output, in
/// topological order.
fn build(spec: &Spec) -> Circuit {
    let mut b = CircuitBuilder::new(spec.n_inputs);
    let mut ids = vec![UnitId(usize::MAX); spec.units.len()];
    for &u in &spec.creation_order {
        ids[u] = b.unit(spec.units[u].0);
    }
    for (u, (_, edges)) in spec.units.iter().enumerate() {
        for &(from, w) in edges {
            let node = if from < spec.n_inputs {
                Node::Input(from)
            } else {
                Node::Unit(ids[from - spec.n_inputs])
            };
            b.connect(node, ids[u], w);
        }
    }
    for &id in &ids {
        b.output(id);
    }
    b.build().expect("edges only go forward")
}

/// c = m · 2^e: multiplying a small integer weight by it is exact in f32, and so are the sums,
/// so w·x + b = 0 stays exactly 0. (Rounding a general c could turn an exact 0 into ±tiny;
/// that would be a floating-point effect, not a property of perceptrons.)
fn exact_c() -> impl Strategy<Value = f32> {
    (1u16..=1024, -40i32..=40).prop_map(|(m, e)| f32::from(m) * 2f32.powi(e))
}

/// The largest error of the sigmoid circuit from the perceptron circuit, over all units.
fn max_error(circuit: &Circuit, x: &[u8], c: f32) -> f32 {
    let bits = circuit.evaluate(x).activations;
    let xs: Vec<f32> = x.iter().map(|&b| f32::from(b)).collect();
    let smooth = circuit.evaluate_sigmoid(&xs, c);
    bits.iter()
        .zip(&smooth)
        .map(|(&p, &s)| (f32::from(p) - s).abs())
        .fold(0.0, f32::max)
}

/// A c beyond which every unit of the sigmoid circuit is within `eps` of the perceptron's bit.
///
/// Let m = min |w·x + b| over the units of the perceptron run (m > 0) and W the largest sum of
/// |weights| on edges from units into one unit. Suppose every unit before u is within ε of its
/// bit, with ε·W ≤ m/2. Then u's weighted input in the sigmoid run differs from the perceptron's
/// z by at most ε·W ≤ m/2, so it has z's sign and size ≥ m/2, and u's error is
/// σ(−c·|…|) < e^(−c·m/2) ≤ ε once c ≥ 2 ln(1/ε)/m. By induction in topological order the bound
/// holds at every unit.
fn large_enough_c(circuit: &Circuit, x: &[u8], eps: f32) -> f32 {
    let m = circuit
        .evaluate(x)
        .weighted_inputs
        .iter()
        .fold(f32::INFINITY, |m, z| m.min(z.abs()));
    let w = circuit
        .units()
        .iter()
        .map(|u| {
            u.edges
                .iter()
                .filter(|e| matches!(e.from, Node::Unit(_)))
                .map(|e| e.weight.abs())
                .sum::<f32>()
        })
        .fold(0.0, f32::max);
    assert!(m > 0.0, "w·x + b ≠ 0 at every unit");
    assert!(eps * w <= m / 2.0, "ε small enough for the induction");
    2.0 * (1.0 / eps).ln() / m
}

const EPS: f32 = 1e-3;

proptest! {
    #[test]
    fn scaling_a_perceptron_circuit_by_c_changes_nothing(spec in spec(false), c in exact_c()) {
        let circuit = build(&spec);
        let before = circuit.evaluate(&spec.input);
        let after = circuit.scaled(c).evaluate(&spec.input);
        prop_assert_eq!(&before.activations, &after.activations);
        prop_assert_eq!(&before.outputs, &after.outputs);
        for (z, zc) in before.weighted_inputs.iter().zip(&after.weighted_inputs) {
            prop_assert_eq!(z * c, *zc, "c(w·x + b) computed exactly");
        }
    }

    #[test]
    fn scaling_by_any_c_changes_nothing_when_no_unit_sits_on_its_threshold(
        spec in spec(true),
        c in 1e-3f32..1e3,
    ) {
        let circuit = build(&spec);
        prop_assert_eq!(
            circuit.evaluate(&spec.input).activations,
            circuit.scaled(c).evaluate(&spec.input).activations
        );
    }

    #[test]
    fn sigmoid_circuits_tend_to_perceptron_circuits_as_c_grows(spec in spec(true)) {
        let circuit = build(&spec);
        let c_star = large_enough_c(&circuit, &spec.input, EPS);
        // Beyond c*, and further out, every unit stays within ε …
        for k in 0..12 {
            let c = c_star * 2f32.powi(k);
            let err = max_error(&circuit, &spec.input, c);
            prop_assert!(err <= EPS, "c = {c} (c* = {c_star}): error {err}");
        }
        // … and in f32 the limit is reached: σ(z) is exactly 0 or 1 once |z| > ~104.
        prop_assert_eq!(max_error(&circuit, &spec.input, 1e4), 0.0);
    }

    #[test]
    fn a_sigmoid_neuron_on_its_threshold_gives_one_half_whatever_c(
        weights in prop::collection::vec(-8i8..=8, 1..=6),
        bits in prop::collection::vec(0u8..=1, 6),
        c in exact_c(),
    ) {
        let x = &bits[..weights.len()];
        let weights: Vec<f32> = weights.iter().map(|&w| f32::from(w)).collect();
        let bias = -x.iter().zip(&weights).map(|(&b, w)| f32::from(b) * w).sum::<f32>();
        let p = Perceptron::new(weights, bias);
        prop_assert_eq!(p.weighted_input(x), 0.0);
        prop_assert_eq!(p.output(x), 0);
        let xs: Vec<f32> = x.iter().map(|&b| f32::from(b)).collect();
        prop_assert_eq!(SigmoidNeuron::from_perceptron(&p, c).output(&xs), 0.5);
    }
}

#[test]
fn on_the_threshold_one_half_holds_for_every_c_and_the_limit_fails_downstream() {
    // A: NAND-like with bias 2, so input (1, 0) puts it exactly on its threshold.
    // B: reads A with weight 1 and bias −¼; the perceptron B sees A = 0 and gives 0.
    let mut b = CircuitBuilder::new(2);
    let a = b.perceptron(
        &Perceptron::new(vec![-2.0, -2.0], 2.0),
        &[Node::Input(0), Node::Input(1)],
    );
    let out = b.unit(-0.25);
    b.connect(a, out, 1.0).output(a).output(out);
    let circuit = b.build().unwrap();
    assert_eq!(circuit.output(&[1, 0]), vec![0, 0]);
    for c in [1e-3f32, 0.1, 1.0, 3.7, 1e3, 1e6, 1e30] {
        let s = circuit.sigmoid_output(&[1.0, 0.0], c);
        assert_eq!(s[0], 0.5, "σ(c·0) = ½ for c = {c}");
        if c >= 1e3 {
            // B sees ½ − ¼ > 0 and goes to 1, not to the perceptron's 0.
            assert!(s[1] > 0.99, "c = {c}: {}", s[1]);
        }
    }
}

#[test]
fn the_chapter_adder_as_sigmoid_neurons_needs_a_large_enough_c() {
    for circuit in [
        half_adder(),
        RippleCarryAdder::new(4).unwrap().circuit().clone(),
    ] {
        let n = circuit.n_inputs();
        for i in 0..1u32 << n {
            let x: Vec<u8> = (0..n).map(|k| ((i >> k) & 1) as u8).collect();
            let c_star = large_enough_c(&circuit, &x, EPS);
            // NAND weighted inputs are 3, 1 or −1, so m = 1 and W = 4: c* = 2 ln 1000 ≈ 13.8.
            assert!((c_star - 2.0 * 1000f32.ln()).abs() < 1e-4);
            assert!(max_error(&circuit, &x, c_star) <= EPS, "x = {x:?}");
            // And c = 1 (plain sigmoid neurons with the NAND weights) is not enough.
            assert!(max_error(&circuit, &x, 1.0) > 0.1, "x = {x:?}");
        }
    }
}
