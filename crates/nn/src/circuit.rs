//! Circuits of perceptrons: a directed acyclic graph of units joined by weighted edges,
//! evaluated in topological order.
//!
//! The chapter draws perceptrons wired into one another, with one unit's output feeding
//! several units, and even the same unit twice (the adder's carry bit). A [`Circuit`] is that
//! drawing: each unit is a perceptron whose inputs are circuit inputs or other units, and
//! two edges may join the same pair of units. The same wiring can also be run with sigmoid
//! neurons in place of perceptrons ([`Circuit::evaluate_sigmoid`]), which is how the
//! chapter's exercises relate the two.

use std::collections::VecDeque;
use std::fmt;

use crate::perceptron::{dot_plus_bias, step, Perceptron};
use crate::sigmoid::sigmoid;

/// A unit of a circuit, as returned by [`CircuitBuilder::unit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub usize);

/// Where an edge takes its value from: a circuit input xᵢ or the output of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// The circuit's i-th input (counting from 0).
    Input(usize),
    /// The output of a unit.
    Unit(UnitId),
}

impl From<UnitId> for Node {
    fn from(id: UnitId) -> Self {
        Node::Unit(id)
    }
}

/// A weighted connection into a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Where the value comes from.
    pub from: Node,
    /// The weight it is multiplied by.
    pub weight: f32,
}

/// One unit: a perceptron whose inputs are the values at the ends of its edges.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Incoming edges, in the order they were connected. Several may come from the same node.
    pub edges: Vec<Edge>,
    /// The unit's bias b.
    pub bias: f32,
}

/// Why a circuit could not be built.
#[derive(Debug, Clone, PartialEq)]
pub enum CircuitError {
    /// An edge or output names input `index`, but the circuit has only `n_inputs` inputs.
    NoSuchInput {
        /// The input named.
        index: usize,
        /// How many inputs the circuit has.
        n_inputs: usize,
    },
    /// An edge or output names a unit that this builder never created.
    NoSuchUnit(UnitId),
    /// A weight or bias is NaN or infinite.
    NonFinite(UnitId),
    /// The units feed each other in a loop, so there is no order to evaluate them in.
    Cycle,
}

impl fmt::Display for CircuitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CircuitError::NoSuchInput { index, n_inputs } => {
                write!(
                    f,
                    "input {index} does not exist (the circuit has {n_inputs} inputs)"
                )
            }
            CircuitError::NoSuchUnit(UnitId(u)) => write!(f, "unit {u} does not exist"),
            CircuitError::NonFinite(UnitId(u)) => {
                write!(f, "unit {u} has a weight or bias that is not finite")
            }
            CircuitError::Cycle => f.write_str("the units form a cycle"),
        }
    }
}

impl std::error::Error for CircuitError {}

/// Builds a [`Circuit`] one unit and one edge at a time.
///
/// Units may be connected in any order, including to units created later; [`build`]
/// works out an order to evaluate them in.
///
/// ```
/// use nndl_nn::{CircuitBuilder, Node, Perceptron};
///
/// // NOT x = NAND(x, x): one input feeding the same unit twice.
/// let mut b = CircuitBuilder::new(1);
/// let not = b.perceptron(&Perceptron::nand(), &[Node::Input(0), Node::Input(0)]);
/// b.output(not);
/// let circuit = b.build().unwrap();
/// assert_eq!(circuit.output(&[0]), vec![1]);
/// assert_eq!(circuit.output(&[1]), vec![0]);
/// ```
///
/// [`build`]: CircuitBuilder::build
#[derive(Debug, Clone)]
pub struct CircuitBuilder {
    n_inputs: usize,
    units: Vec<Unit>,
    outputs: Vec<Node>,
}

impl CircuitBuilder {
    /// A builder for a circuit with `n_inputs` binary inputs and no units yet.
    pub fn new(n_inputs: usize) -> Self {
        Self {
            n_inputs,
            units: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// Adds a unit with the given bias and no edges yet.
    pub fn unit(&mut self, bias: f32) -> UnitId {
        self.units.push(Unit {
            edges: Vec::new(),
            bias,
        });
        UnitId(self.units.len() - 1)
    }

    /// Adds an edge of weight `weight` from `from` into unit `to`.
    ///
    /// Calling this twice with the same ends gives two edges, as in the chapter's drawing;
    /// they act like one edge with the summed weight.
    ///
    /// # Panics
    /// If `to` was not created by this builder.
    pub fn connect(&mut self, from: impl Into<Node>, to: UnitId, weight: f32) -> &mut Self {
        let n_units = self.units.len();
        let unit = self
            .units
            .get_mut(to.0)
            .unwrap_or_else(|| panic!("unit {} does not exist ({n_units} units)", to.0));
        unit.edges.push(Edge {
            from: from.into(),
            weight,
        });
        self
    }

    /// Adds a unit that is a copy of `perceptron`, its j-th weight on an edge from `inputs[j]`.
    ///
    /// # Panics
    /// If `inputs` does not have one node per weight of the perceptron.
    pub fn perceptron(&mut self, perceptron: &Perceptron, inputs: &[Node]) -> UnitId {
        assert_eq!(
            inputs.len(),
            perceptron.weights.len(),
            "one input node per weight"
        );
        let id = self.unit(perceptron.bias);
        for (&from, &w) in inputs.iter().zip(&perceptron.weights) {
            self.connect(from, id, w);
        }
        id
    }

    /// Marks `node` as the next output of the circuit.
    pub fn output(&mut self, node: impl Into<Node>) -> &mut Self {
        self.outputs.push(node.into());
        self
    }

    /// Checks the wiring and orders the units so that every unit comes after all units it reads.
    pub fn build(self) -> Result<Circuit, CircuitError> {
        let n_units = self.units.len();
        let check = |node: Node| match node {
            Node::Input(index) if index >= self.n_inputs => Err(CircuitError::NoSuchInput {
                index,
                n_inputs: self.n_inputs,
            }),
            Node::Unit(id) if id.0 >= n_units => Err(CircuitError::NoSuchUnit(id)),
            _ => Ok(()),
        };
        for (u, unit) in self.units.iter().enumerate() {
            if !unit.bias.is_finite() || unit.edges.iter().any(|e| !e.weight.is_finite()) {
                return Err(CircuitError::NonFinite(UnitId(u)));
            }
            unit.edges.iter().try_for_each(|e| check(e.from))?;
        }
        self.outputs.iter().try_for_each(|&o| check(o))?;

        // Kahn's algorithm. Ties go to the lowest unit id, so the order is deterministic and
        // a circuit built in topological order keeps its order.
        let mut readers: Vec<Vec<usize>> = vec![Vec::new(); n_units];
        let mut waiting_on = vec![0usize; n_units];
        for (u, unit) in self.units.iter().enumerate() {
            for e in &unit.edges {
                if let Node::Unit(UnitId(from)) = e.from {
                    readers[from].push(u);
                    waiting_on[u] += 1;
                }
            }
        }
        let mut ready: VecDeque<usize> = (0..n_units).filter(|&u| waiting_on[u] == 0).collect();
        let mut order = Vec::with_capacity(n_units);
        while let Some(u) = ready.pop_front() {
            order.push(u);
            for &r in &readers[u] {
                waiting_on[r] -= 1;
                if waiting_on[r] == 0 {
                    ready.push_back(r);
                }
            }
        }
        if order.len() != n_units {
            return Err(CircuitError::Cycle);
        }
        Ok(Circuit {
            n_inputs: self.n_inputs,
            units: self.units,
            order,
            outputs: self.outputs,
        })
    }
}

/// A checked, acyclic circuit of perceptrons, built with [`CircuitBuilder`].
#[derive(Debug, Clone, PartialEq)]
pub struct Circuit {
    n_inputs: usize,
    units: Vec<Unit>,
    order: Vec<usize>,
    outputs: Vec<Node>,
}

/// Everything one run of a perceptron circuit computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Each unit's weighted input w·x + b, indexed by unit id.
    pub weighted_inputs: Vec<f32>,
    /// Each unit's output bit, indexed by unit id.
    pub activations: Vec<u8>,
    /// The circuit's outputs, in the order they were declared.
    pub outputs: Vec<u8>,
}

impl Evaluation {
    /// How many perceptrons fired (output 1).
    pub fn fired(&self) -> usize {
        self.activations.iter().filter(|&&a| a == 1).count()
    }

    /// How many perceptrons were evaluated: every unit, once.
    pub fn evaluated(&self) -> usize {
        self.activations.len()
    }
}

impl Circuit {
    /// Number of inputs.
    pub fn n_inputs(&self) -> usize {
        self.n_inputs
    }

    /// The units, indexed by unit id.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The outputs, in the order they were declared.
    pub fn outputs(&self) -> &[Node] {
        &self.outputs
    }

    /// The order the units are evaluated in: each after every unit it reads.
    pub fn order(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.order.iter().map(|&u| UnitId(u))
    }

    /// Runs the circuit of perceptrons on the input bits `x` (eq. (2) at every unit).
    ///
    /// # Panics
    /// If `x` does not have one bit per circuit input.
    pub fn evaluate(&self, x: &[u8]) -> Evaluation {
        let xs: Vec<f32> = x.iter().map(|&b| f32::from(b)).collect();
        let (weighted_inputs, activations) = self.run(&xs, 1.0, |z| f32::from(step(z)));
        let activations: Vec<u8> = activations.iter().map(|&a| a as u8).collect();
        let outputs = self
            .outputs
            .iter()
            .map(|&node| match node {
                Node::Input(i) => x[i],
                Node::Unit(UnitId(u)) => activations[u],
            })
            .collect();
        Evaluation {
            weighted_inputs,
            activations,
            outputs,
        }
    }

    /// The circuit's output bits for the input bits `x`.
    ///
    /// # Panics
    /// If `x` does not have one bit per circuit input.
    pub fn output(&self, x: &[u8]) -> Vec<u8> {
        self.evaluate(x).outputs
    }

    /// The same circuit with every weight and bias multiplied by `c`.
    ///
    /// For c > 0 this changes no output of a perceptron circuit: the sign of c(w·x + b) is
    /// the sign of w·x + b (the chapter's first exercise on sigmoid neurons).
    pub fn scaled(&self, c: f32) -> Circuit {
        let mut scaled = self.clone();
        for unit in &mut scaled.units {
            unit.bias *= c;
            for e in &mut unit.edges {
                e.weight *= c;
            }
        }
        scaled
    }

    /// Runs the same wiring with every perceptron replaced by a sigmoid neuron whose weights
    /// and bias are multiplied by `c`: each unit outputs σ(c(w·a + b)) (eq. (4)).
    ///
    /// Returns every unit's activation, indexed by unit id. As c → ∞ these approach the
    /// perceptron circuit's outputs wherever w·x + b ≠ 0; where w·x + b = 0 with exact inputs,
    /// the neuron gives σ(0) = ½ whatever c is.
    ///
    /// # Panics
    /// If `x` does not have one value per circuit input.
    pub fn evaluate_sigmoid(&self, x: &[f32], c: f32) -> Vec<f32> {
        self.run(x, c, sigmoid).1
    }

    /// The outputs of [`evaluate_sigmoid`](Circuit::evaluate_sigmoid), in declared order.
    pub fn sigmoid_output(&self, x: &[f32], c: f32) -> Vec<f32> {
        let activations = self.evaluate_sigmoid(x, c);
        self.outputs
            .iter()
            .map(|&node| match node {
                Node::Input(i) => x[i],
                Node::Unit(UnitId(u)) => activations[u],
            })
            .collect()
    }

    /// Evaluates the units in topological order with weights and biases times `c`, returning
    /// each unit's weighted input and activation.
    fn run(&self, x: &[f32], c: f32, activation: impl Fn(f32) -> f32) -> (Vec<f32>, Vec<f32>) {
        assert_eq!(x.len(), self.n_inputs, "one value per circuit input");
        let mut z = vec![0.0f32; self.units.len()];
        let mut a = vec![0.0f32; self.units.len()];
        for &u in &self.order {
            let unit = &self.units[u];
            let weights: Vec<f32> = unit.edges.iter().map(|e| c * e.weight).collect();
            let values = unit.edges.iter().map(|e| match e.from {
                Node::Input(i) => x[i],
                // Topological order: `v` was evaluated before `u`.
                Node::Unit(UnitId(v)) => a[v],
            });
            z[u] = dot_plus_bias(&weights, values, c * unit.bias);
            a[u] = activation(z[u]);
        }
        (z, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_connected_out_of_order_are_evaluated_after_their_inputs() {
        // Built backwards: the output unit first, reading a unit created later.
        let mut b = CircuitBuilder::new(2);
        let out = b.unit(3.0);
        let first = b.perceptron(&Perceptron::nand(), &[Node::Input(0), Node::Input(1)]);
        b.connect(first, out, -2.0).connect(first, out, -2.0);
        b.output(out);
        let c = b.build().unwrap();
        assert_eq!(c.order().collect::<Vec<_>>(), vec![first, out]);
        // NAND(NAND(x1,x2), NAND(x1,x2)) = x1 AND x2.
        for (x, want) in [([0, 0], 0), ([0, 1], 0), ([1, 0], 0), ([1, 1], 1)] {
            assert_eq!(c.output(&x), vec![want], "x = {x:?}");
        }
    }

    #[test]
    fn bad_wiring_is_reported() {
        let mut b = CircuitBuilder::new(1);
        let u = b.unit(0.0);
        b.connect(Node::Input(1), u, 1.0);
        assert_eq!(
            b.build(),
            Err(CircuitError::NoSuchInput {
                index: 1,
                n_inputs: 1
            })
        );

        let mut b = CircuitBuilder::new(1);
        let u = b.unit(0.0);
        let v = b.unit(0.0);
        b.connect(u, v, 1.0).connect(v, u, 1.0);
        assert_eq!(b.build(), Err(CircuitError::Cycle));

        let mut b = CircuitBuilder::new(1);
        b.output(UnitId(7));
        assert_eq!(b.build(), Err(CircuitError::NoSuchUnit(UnitId(7))));

        let mut b = CircuitBuilder::new(1);
        let u = b.unit(f32::NAN);
        b.connect(Node::Input(0), u, 1.0);
        assert_eq!(b.build(), Err(CircuitError::NonFinite(u)));
        assert_eq!(
            CircuitError::Cycle.to_string(),
            "the units form a cycle",
            "errors read as one line"
        );
    }

    #[test]
    fn a_unit_can_feed_several_units_and_counts_are_reported() {
        let mut b = CircuitBuilder::new(2);
        let n = b.perceptron(&Perceptron::nand(), &[Node::Input(0), Node::Input(1)]);
        let m1 = b.perceptron(&Perceptron::nand(), &[n.into(), Node::Input(0)]);
        let m2 = b.perceptron(&Perceptron::nand(), &[n.into(), Node::Input(1)]);
        b.output(m1).output(m2).output(Node::Input(0));
        let c = b.build().unwrap();
        let e = c.evaluate(&[1, 1]);
        // n = 0, so m1 = m2 = 1.
        assert_eq!(e.activations, vec![0, 1, 1]);
        assert_eq!(e.weighted_inputs, vec![-1.0, 1.0, 1.0]);
        assert_eq!(e.outputs, vec![1, 1, 1]);
        assert_eq!((e.fired(), e.evaluated()), (2, 3));
    }

    #[test]
    fn sigmoid_run_with_c_one_is_plain_sigmoid_neurons() {
        let mut b = CircuitBuilder::new(2);
        let n = b.perceptron(&Perceptron::nand(), &[Node::Input(0), Node::Input(1)]);
        b.output(n);
        let c = b.build().unwrap();
        assert_eq!(c.sigmoid_output(&[1.0, 1.0], 1.0), vec![sigmoid(-1.0)]);
        assert_eq!(c.sigmoid_output(&[0.5, 0.0], 2.0), vec![sigmoid(4.0)]);
    }
}
