//! Chapter 3's costs, output layers and activations: backpropagation against
//! finite differences of an independent f64 forward pass, for every cost (and so
//! output layer) × hidden activation; and the regularised step, eqs. (93) and (97).

use nndl_nn::{Activation, CostKind, Data, Init, Network, NetworkOptions, Regularization};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const COSTS: [CostKind; 3] = [
    CostKind::Quadratic,
    CostKind::CrossEntropy,
    CostKind::LogLikelihood,
];
const ACTIVATIONS: [Activation; 3] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu];

/// Σₓ Cₓ in f64, written out plainly from the book's formulas.
fn reference_cost(net: &Network, w: &[Vec<f64>], b: &[Vec<f64>], x: &[f32], labels: &[u8]) -> f64 {
    let sizes = net.sizes();
    let last = sizes.len() - 2;
    let mut total = 0.0;
    for (input, &label) in x.chunks_exact(sizes[0]).zip(labels) {
        let mut a: Vec<f64> = input.iter().map(|&v| f64::from(v)).collect();
        for l in 0..=last {
            let (n_in, n_out) = (sizes[l], sizes[l + 1]);
            let z: Vec<f64> = (0..n_out)
                .map(|j| (0..n_in).map(|k| w[l][j * n_in + k] * a[k]).sum::<f64>() + b[l][j])
                .collect();
            a = if l < last {
                z.iter()
                    .map(|&z| match net.activation() {
                        Activation::Tanh => z.tanh(),
                        Activation::Relu => z.max(0.0),
                        _ => 1.0 / (1.0 + (-z).exp()),
                    })
                    .collect()
            } else if net.cost() == CostKind::LogLikelihood {
                // Softmax, eq. (78).
                let s: f64 = z.iter().map(|z| z.exp()).sum();
                z.iter().map(|z| z.exp() / s).collect()
            } else {
                z.iter().map(|&z| 1.0 / (1.0 + (-z).exp())).collect()
            };
        }
        let y = |j: usize| if j == usize::from(label) { 1.0 } else { 0.0 };
        total += match net.cost() {
            // Eq. (6).
            CostKind::Quadratic => (0..a.len()).map(|j| 0.5 * (y(j) - a[j]).powi(2)).sum(),
            // Eq. (63).
            CostKind::CrossEntropy => -(0..a.len())
                .map(|j| y(j) * a[j].ln() + (1.0 - y(j)) * (1.0 - a[j]).ln())
                .sum::<f64>(),
            // Eq. (80).
            _ => -a[usize::from(label)].ln(),
        };
    }
    total
}

fn problem(sizes: &[usize], examples: usize, seed: u64) -> (Vec<f32>, Vec<u8>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let x = (0..examples * sizes[0])
        .map(|_| (rng.next_u32() % 1000) as f32 / 1000.0)
        .collect();
    let n_out = *sizes.last().unwrap();
    let labels = (0..examples)
        .map(|_| (rng.next_u32() as usize % n_out) as u8)
        .collect();
    (x, labels)
}

fn check(sizes: &[usize], cost: CostKind, activation: Activation, seed: u64) {
    let opts = NetworkOptions {
        cost,
        activation,
        init: Init::Scaled,
    };
    let net = Network::with_options(sizes, &opts, seed).unwrap();
    let (x, labels) = problem(sizes, 7, seed + 100);
    let grad = net
        .backprop(Data::new(&x, &labels, sizes[0]).unwrap())
        .unwrap();
    let f64s = |v: &[f32]| v.iter().map(|&v| f64::from(v)).collect::<Vec<f64>>();
    let mut w: Vec<Vec<f64>> = net.weights().iter().map(|m| f64s(m.as_slice())).collect();
    let mut b: Vec<Vec<f64>> = net.biases().iter().map(|v| f64s(v)).collect();
    let h = 1e-5;
    let mut worst: f64 = 0.0;
    for l in 0..sizes.len() - 1 {
        for (is_w, len) in [(true, w[l].len()), (false, b[l].len())] {
            for i in 0..len {
                let orig = if is_w { w[l][i] } else { b[l][i] };
                set(&mut w, &mut b, is_w, l, i, orig + h);
                let up = reference_cost(&net, &w, &b, &x, &labels);
                set(&mut w, &mut b, is_w, l, i, orig - h);
                let down = reference_cost(&net, &w, &b, &x, &labels);
                set(&mut w, &mut b, is_w, l, i, orig);
                let numeric = (up - down) / (2.0 * h);
                let analytic = f64::from(if is_w {
                    grad.weights[l].as_slice()[i]
                } else {
                    grad.biases[l][i]
                });
                worst = worst.max((numeric - analytic).abs() / numeric.abs().max(1e-2));
            }
        }
    }
    assert!(
        worst < 2e-3,
        "{sizes:?}, {cost}, {activation}: worst relative error {worst:e}"
    );
}

fn set(w: &mut [Vec<f64>], b: &mut [Vec<f64>], is_w: bool, l: usize, i: usize, v: f64) {
    if is_w {
        w[l][i] = v;
    } else {
        b[l][i] = v;
    }
}

#[test]
fn backprop_matches_finite_differences_for_every_cost_and_activation() {
    for cost in COSTS {
        for activation in ACTIVATIONS {
            check(&[6, 5, 4, 3], cost, activation, 1);
            check(&[5, 4], cost, activation, 2);
        }
    }
}

#[test]
fn regularised_steps_are_eqs_93_and_97() {
    let sizes = [9, 7, 4];
    let (x, labels) = problem(&sizes, 13, 6);
    let batch = Data::new(&x, &labels, 9).unwrap();
    let (eta, lambda, n, m) = (0.7f32, 5.0f32, 1000usize, 13.0f32);
    for cost in COSTS {
        let opts = NetworkOptions {
            cost,
            ..Default::default()
        };
        let net = Network::with_options(&sizes, &opts, 5).unwrap();
        let grad = net.backprop(batch).unwrap();
        for reg in [Regularization::L2 { lambda }, Regularization::L1 { lambda }] {
            let mut stepped = net.clone();
            stepped
                .update_mini_batch_regularized(batch, eta, reg, n)
                .unwrap();
            for l in 0..2 {
                let old = net.weights()[l].as_slice();
                let g = grad.weights[l].as_slice();
                for ((&w, &g), &got) in old.iter().zip(g).zip(stepped.weights()[l].as_slice()) {
                    let e = match reg {
                        // Eq. (93).
                        Regularization::L2 { .. } => {
                            (1.0 - eta * lambda / n as f32) * w - eta / m * g
                        }
                        // Eq. (97).
                        _ => w - eta * lambda / n as f32 * w.signum() - eta / m * g,
                    };
                    assert!(
                        (e - got).abs() <= 1e-5 * e.abs().max(1.0),
                        "{reg:?}: {e} vs {got}"
                    );
                }
                // Biases are not regularised: eq. (21) as before.
                for ((&b, &g), &got) in net.biases()[l]
                    .iter()
                    .zip(&grad.biases[l])
                    .zip(&stepped.biases()[l])
                {
                    let e = b - eta / m * g;
                    assert!((e - got).abs() <= 1e-5 * e.abs().max(1.0), "{e} vs {got}");
                }
            }
        }
    }
}

#[test]
fn no_regularisation_and_lambda_0_are_the_chapter_1_step() {
    let sizes = [9, 7, 4];
    let (x, labels) = problem(&sizes, 13, 7);
    let batch = Data::new(&x, &labels, 9).unwrap();
    let mut want = Network::new(&sizes, 5).unwrap();
    let mut l2 = want.clone();
    want.update_mini_batch(batch, 0.5).unwrap();
    l2.update_mini_batch_regularized(batch, 0.5, Regularization::L2 { lambda: 0.0 }, 50)
        .unwrap();
    assert_eq!(want, l2);
    let e = l2
        .update_mini_batch_regularized(batch, 0.5, Regularization::L2 { lambda: -1.0 }, 50)
        .unwrap_err();
    assert!(e.to_string().contains("λ"), "{e}");
}

#[test]
fn scaled_init_divides_the_standard_draws_by_root_n_in() {
    let standard = Network::new(&[16, 5, 3], 9).unwrap();
    let opts = NetworkOptions {
        init: Init::Scaled,
        ..Default::default()
    };
    let scaled = Network::with_options(&[16, 5, 3], &opts, 9).unwrap();
    assert_eq!(standard.biases(), scaled.biases());
    for (s, w) in standard.weights().iter().zip(scaled.weights()) {
        let root = (s.cols() as f32).sqrt();
        for (&s, &w) in s.as_slice().iter().zip(w.as_slice()) {
            assert!((s / root - w).abs() <= 1e-6 * s.abs().max(1.0));
        }
    }
}

#[test]
fn softmax_outputs_sum_to_one_and_are_finite_for_large_weights() {
    let opts = NetworkOptions {
        cost: CostKind::LogLikelihood,
        ..Default::default()
    };
    let net = Network::with_options(&[3, 4], &opts, 1).unwrap();
    let big: Vec<_> = net
        .weights()
        .iter()
        .map(|w| {
            nndl_nn::Matrix::from_vec(
                w.rows(),
                w.cols(),
                w.as_slice().iter().map(|v| v * 1e4).collect(),
            )
        })
        .collect();
    let net = Network::from_parameters(&[3, 4], big, net.biases().to_vec(), net.cost()).unwrap();
    assert_eq!(net.output_layer(), nndl_nn::OutputLayer::Softmax);
    let a = net.feedforward(&[1.0, 0.5, 0.25]);
    assert!(a.iter().all(|a| a.is_finite()), "{a:?}");
    assert!((a.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{a:?}");
    let data = Data::new(&[1.0, 0.5, 0.25], &[0], 3).unwrap();
    for cost in COSTS {
        assert!(net.total_cost(data, cost.cost()).unwrap().is_finite());
    }
}

#[test]
fn momentum_steps_are_v_mu_v_minus_eta_grad_then_w_plus_v() {
    // Two epochs of one mini-batch holding the whole training set: two steps.
    let sizes = [9, 7, 4];
    let (x, labels) = problem(&sizes, 13, 8);
    let data = Data::new(&x, &labels, 9).unwrap();
    let (eta, mu, m) = (0.7f32, 0.6f32, 13.0f32);
    let cfg = nndl_nn::SgdConfig::new(2, 13, eta);
    let net = Network::new(&sizes, 5).unwrap();
    let mut trained = net.clone();
    let rules = nndl_nn::Rules {
        regularization: Regularization::None,
        momentum: mu,
        ..Default::default()
    };
    trained
        .sgd_plain_with_rules(data, &cfg, rules, None)
        .unwrap();
    // By hand: v₁ = −(η/m)∇C(w₀), w₁ = w₀ + v₁; v₂ = μv₁ − (η/m)∇C(w₁), w₂ = w₁ + v₂.
    let g0 = net.backprop(data).unwrap();
    let step = |w: &[f32], v: &[f32], g: &[f32]| -> (Vec<f32>, Vec<f32>) {
        let v: Vec<f32> = v.iter().zip(g).map(|(v, g)| mu * v - eta / m * g).collect();
        (w.iter().zip(&v).map(|(w, v)| w + v).collect(), v)
    };
    let mut w1 = Vec::new();
    let mut v1 = Vec::new();
    for l in 0..2 {
        let zeros = vec![0.0; net.weights()[l].as_slice().len()];
        let (w, v) = step(
            net.weights()[l].as_slice(),
            &zeros,
            g0.weights[l].as_slice(),
        );
        w1.push(nndl_nn::Matrix::from_vec(
            net.weights()[l].rows(),
            net.weights()[l].cols(),
            w,
        ));
        v1.push(v);
    }
    let mut b1 = Vec::new();
    let mut vb1 = Vec::new();
    for l in 0..2 {
        let (b, v) = step(
            &net.biases()[l],
            &vec![0.0; net.biases()[l].len()],
            &g0.biases[l],
        );
        b1.push(b);
        vb1.push(v);
    }
    let net1 = Network::from_parameters(&sizes, w1, b1, net.cost()).unwrap();
    let g1 = net1.backprop(data).unwrap();
    for l in 0..2 {
        let (w2, _) = step(
            net1.weights()[l].as_slice(),
            &v1[l],
            g1.weights[l].as_slice(),
        );
        let (b2, _) = step(&net1.biases()[l], &vb1[l], &g1.biases[l]);
        for (e, &got) in w2.iter().chain(&b2).zip(
            trained.weights()[l]
                .as_slice()
                .iter()
                .chain(&trained.biases()[l]),
        ) {
            assert!((e - got).abs() <= 1e-5 * e.abs().max(1.0), "{e} vs {got}");
        }
    }
    let bad = nndl_nn::Rules {
        regularization: Regularization::None,
        momentum: 1.0,
        ..Default::default()
    };
    let e = trained
        .sgd_plain_with_rules(data, &cfg, bad, None)
        .unwrap_err();
    assert!(e.to_string().contains("μ"), "{e}");
}
