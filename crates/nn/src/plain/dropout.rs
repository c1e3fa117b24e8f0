//! Dropout (Chapter 3, "Regularization", "Dropout"): while training, every
//! hidden neuron of every example is dropped with probability p, so the rest
//! of the network must learn without it.
//!
//! This is *inverted* dropout: a kept neuron's activation is scaled by
//! 1/(1 − p) while training, so that its expected value is unchanged and the
//! trained network is used as it is, with no neuron dropped and nothing
//! rescaled (the book halves the outgoing weights after training instead; the
//! two give the same expected inputs to the next layer).
//!
//! Which neurons drop depends only on (seed, epoch, example, layer), never on
//! the thread that computes them or the mini-batch an example falls in, so a
//! seed gives the same weights on the plain path and the fast path, on any
//! number of threads.

/// The training examples a mini-batch's rows are (their indices in the
/// training data), with the run's seed, the epoch and p: everything that
/// decides which neurons of those rows drop.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Masks<'a> {
    /// The probability p that a hidden neuron drops, in (0, 1).
    pub(crate) p: f32,
    pub(crate) seed: u64,
    pub(crate) epoch: usize,
    /// Row r of the mini-batch is training example `examples[r]`.
    pub(crate) examples: &'a [usize],
}

impl Masks<'_> {
    /// Drops the neurons of hidden layer `layer` (weights `layer`, so 0 is the
    /// first hidden layer): `acts` holds one row of `n` activations per
    /// example; a dropped neuron's becomes 0, a kept one's a/(1 − p).
    pub(crate) fn drop_out(&self, layer: usize, acts: &mut [f32], n: usize) {
        let scale = 1.0 / (1.0 - self.p);
        for (row, &x) in acts.chunks_exact_mut(n).zip(self.examples) {
            for (a, keep) in row.iter_mut().zip(self.row(layer, x)) {
                *a = if keep { *a * scale } else { 0.0 };
            }
        }
    }

    /// BP2 through the same masks: a dropped neuron has no error (δ = 0); a
    /// kept one's is scaled by 1/(1 − p) as its activation was, with σ′(z)
    /// from its activation before scaling. `deltas` and `acts` hold rows of
    /// `n` (acts as [`Masks::drop_out`] left them).
    pub(crate) fn back(
        &self,
        layer: usize,
        deltas: &mut [f32],
        acts: &[f32],
        n: usize,
        prime_from_output: impl Fn(f32) -> f32,
    ) {
        let keep_p = 1.0 - self.p;
        let scale = 1.0 / keep_p;
        let rows = deltas.chunks_exact_mut(n).zip(acts.chunks_exact(n));
        for ((d_row, a_row), &x) in rows.zip(self.examples) {
            for ((d, &a), keep) in d_row.iter_mut().zip(a_row).zip(self.row(layer, x)) {
                *d = if keep {
                    *d * prime_from_output(a * keep_p) * scale
                } else {
                    0.0
                };
            }
        }
    }

    /// Whether each neuron of `layer` is kept for training example `example`:
    /// an endless stream of independent draws, kept with probability 1 − p.
    fn row(&self, layer: usize, example: usize) -> impl Iterator<Item = bool> {
        let mut state =
            mix(mix(mix(self.seed ^ DROPOUT) ^ self.epoch as u64) ^ example as u64) ^ layer as u64;
        // A uniform draw in [0, 1) from the top 24 bits, compared with p.
        let p = self.p;
        std::iter::from_fn(move || {
            state = state.wrapping_add(GOLDEN);
            Some(((mix(state) >> 40) as f32) * (1.0 / (1u64 << 24) as f32) >= p)
        })
    }
}

/// Keeps dropout's draws apart from any other use of the same seed.
const DROPOUT: u64 = 0x6472_6f70_6f75_7400;
/// SplitMix64's increment, 2⁶⁴/φ.
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's finaliser: a bijection of u64 that mixes every input bit into
/// every output bit, so consecutive counters give independent-looking draws.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::one_hot_rows;
    use crate::{Activation, CostKind, Data, Init, Network, NetworkOptions};

    fn masks(p: f32, seed: u64, epoch: usize, examples: &[usize]) -> Masks<'_> {
        Masks {
            p,
            seed,
            epoch,
            examples,
        }
    }

    #[test]
    fn drops_about_p_and_scales_the_rest() {
        let examples: Vec<usize> = (0..100).collect();
        let n = 100;
        let mut acts = vec![0.5; examples.len() * n];
        masks(0.3, 7, 2, &examples).drop_out(0, &mut acts, n);
        let dropped = acts.iter().filter(|&&a| a == 0.0).count() as f64 / acts.len() as f64;
        assert!((dropped - 0.3).abs() < 0.02, "dropped {dropped}");
        let kept = 0.5 / (1.0 - 0.3f32);
        assert!(acts.iter().all(|&a| a == 0.0 || a == kept));
    }

    #[test]
    fn a_mask_depends_on_seed_epoch_example_and_layer_only() {
        let draw = |seed, epoch, example, layer| -> Vec<bool> {
            let examples = [example];
            masks(0.5, seed, epoch, &examples)
                .row(layer, example)
                .take(64)
                .collect()
        };
        let base = draw(1, 0, 5, 0);
        assert_eq!(base, draw(1, 0, 5, 0));
        assert_ne!(base, draw(2, 0, 5, 0));
        assert_ne!(base, draw(1, 1, 5, 0));
        assert_ne!(base, draw(1, 0, 6, 0));
        assert_ne!(base, draw(1, 0, 5, 1));
        // The same example in another position of another mini-batch.
        let examples = [9, 5];
        let mut acts = vec![1.0; 2 * 64];
        masks(0.5, 1, 0, &examples).drop_out(0, &mut acts, 64);
        let second: Vec<bool> = acts[64..].iter().map(|&a| a != 0.0).collect();
        assert_eq!(base, second);
    }

    #[test]
    fn back_zeroes_the_dropped_and_scales_the_kept() {
        let examples = [3];
        let m = masks(0.5, 11, 0, &examples);
        let mut acts = vec![0.25; 32];
        m.drop_out(1, &mut acts, 32);
        let mut deltas = vec![1.0; 32];
        m.back(1, &mut deltas, &acts, 32, |a| a);
        for (&d, &a) in deltas.iter().zip(&acts) {
            // prime_from_output(a) = a: a kept neuron gets 0.25 · 2.
            assert_eq!(d, if a == 0.0 { 0.0 } else { 0.5 });
        }
    }

    /// Σₓ Cₓ of the thinned network: the forward pass with the same masks.
    fn thinned_cost(net: &Network, batch: Data<'_>, masks: &Masks<'_>) -> f64 {
        let m = batch.len();
        let mut acts = net.layer_buffers(m);
        net.feedforward_keeping(batch.inputs, m, &mut acts, Some(masks));
        let y = one_hot_rows(batch.labels, net.output_size());
        let n = net.output_size();
        let out = &acts[acts.len() - 1];
        out.chunks_exact(n)
            .zip(y.chunks_exact(n))
            .map(|(a, y)| f64::from(net.cost.cost().value(a, y)))
            .sum()
    }

    #[test]
    fn backprop_through_dropout_is_the_thinned_networks_gradient() {
        let sizes = [6, 8, 7, 3];
        let x: Vec<f32> = (0..4 * 6)
            .map(|i| ((i * 37 % 11) as f32 - 5.0) / 5.0)
            .collect();
        let labels = [0u8, 2, 1, 2];
        let examples = [17, 3, 40, 8];
        for cost in [CostKind::CrossEntropy, CostKind::LogLikelihood] {
            for activation in [Activation::Sigmoid, Activation::Tanh, Activation::Relu] {
                let opts = NetworkOptions {
                    cost,
                    activation,
                    init: Init::Scaled,
                };
                let mut net = Network::with_options(&sizes, &opts, 4).unwrap();
                let batch = Data::new(&x, &labels, 6).unwrap();
                let masks = masks(0.4, 9, 1, &examples);
                let g = net.backprop_masked(batch, Some(&masks));
                let eps = 1e-2f32;
                for l in 0..3 {
                    for i in 0..net.weights[l].as_slice().len() {
                        let w0 = net.weights[l].as_slice()[i];
                        net.weights[l].as_mut_slice()[i] = w0 + eps;
                        let up = thinned_cost(&net, batch, &masks);
                        net.weights[l].as_mut_slice()[i] = w0 - eps;
                        let down = thinned_cost(&net, batch, &masks);
                        net.weights[l].as_mut_slice()[i] = w0;
                        let numeric = (up - down) / (2.0 * f64::from(eps));
                        let exact = f64::from(g.weights[l].as_slice()[i]);
                        assert!(
                            (numeric - exact).abs() <= 2e-3 + 2e-2 * exact.abs(),
                            "{cost}, {activation}, w[{l}][{i}]: {numeric} vs {exact}"
                        );
                    }
                }
                // A dropped hidden neuron's incoming weights get no gradient.
                let dropped = g.weights[0]
                    .as_slice()
                    .chunks_exact(6)
                    .filter(|row| row.iter().all(|&v| v == 0.0))
                    .count();
                assert!(dropped < 8, "{cost}, {activation}: every neuron dropped");
            }
        }
    }
}
