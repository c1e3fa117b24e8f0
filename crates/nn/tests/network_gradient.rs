//! Backpropagation against finite differences of an independent f64 forward pass.

use nndl_linalg::Matrix;
use nndl_nn::{Data, Network};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Σₓ ½‖y(x) − a(x)‖² in f64, written out plainly (no GEMM, no chunks).
fn reference_cost(
    sizes: &[usize],
    w: &[Vec<f64>],
    b: &[Vec<f64>],
    x: &[f32],
    labels: &[u8],
) -> f64 {
    let n0 = sizes[0];
    let mut total = 0.0;
    for (input, &label) in x.chunks_exact(n0).zip(labels) {
        let mut a: Vec<f64> = input.iter().map(|&v| f64::from(v)).collect();
        for l in 0..sizes.len() - 1 {
            let (n_in, n_out) = (sizes[l], sizes[l + 1]);
            a = (0..n_out)
                .map(|j| {
                    let z: f64 =
                        (0..n_in).map(|k| w[l][j * n_in + k] * a[k]).sum::<f64>() + b[l][j];
                    1.0 / (1.0 + (-z).exp())
                })
                .collect();
        }
        total += a
            .iter()
            .enumerate()
            .map(|(j, &aj)| {
                let y = if j == usize::from(label) { 1.0 } else { 0.0 };
                0.5 * (y - aj) * (y - aj)
            })
            .sum::<f64>();
    }
    total
}

fn check(sizes: &[usize], examples: usize, seed: u64) {
    let net = Network::new(sizes, seed).unwrap();
    // Scale N(0, 1) weights down so the sigmoids are not saturated and the
    // gradient is not vanishingly small everywhere.
    let weights: Vec<Matrix> = net
        .weights()
        .iter()
        .map(|m| {
            Matrix::from_vec(
                m.rows(),
                m.cols(),
                m.as_slice().iter().map(|v| v * 0.5).collect(),
            )
        })
        .collect();
    let net = Network::from_parameters(sizes, weights, net.biases().to_vec(), net.cost()).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed + 100);
    let x: Vec<f32> = (0..examples * sizes[0])
        .map(|_| (rng.next_u32() % 1000) as f32 / 1000.0)
        .collect();
    let n_out = *sizes.last().unwrap();
    let labels: Vec<u8> = (0..examples)
        .map(|_| (rng.next_u32() as usize % n_out) as u8)
        .collect();
    let grad = net
        .backprop(Data::new(&x, &labels, sizes[0]).unwrap())
        .unwrap();

    let mut w: Vec<Vec<f64>> = net
        .weights()
        .iter()
        .map(|m| m.as_slice().iter().map(|&v| f64::from(v)).collect())
        .collect();
    let mut b: Vec<Vec<f64>> = net
        .biases()
        .iter()
        .map(|v| v.iter().map(|&v| f64::from(v)).collect())
        .collect();
    let h = 1e-5;
    let mut worst: f64 = 0.0;
    for l in 0..sizes.len() - 1 {
        for i in 0..w[l].len() {
            let orig = w[l][i];
            w[l][i] = orig + h;
            let up = reference_cost(sizes, &w, &b, &x, &labels);
            w[l][i] = orig - h;
            let down = reference_cost(sizes, &w, &b, &x, &labels);
            w[l][i] = orig;
            let numeric = (up - down) / (2.0 * h);
            let analytic = f64::from(grad.weights[l].as_slice()[i]);
            worst = worst.max((numeric - analytic).abs() / numeric.abs().max(1e-2));
        }
        for j in 0..b[l].len() {
            let orig = b[l][j];
            b[l][j] = orig + h;
            let up = reference_cost(sizes, &w, &b, &x, &labels);
            b[l][j] = orig - h;
            let down = reference_cost(sizes, &w, &b, &x, &labels);
            b[l][j] = orig;
            let numeric = (up - down) / (2.0 * h);
            let analytic = f64::from(grad.biases[l][j]);
            worst = worst.max((numeric - analytic).abs() / numeric.abs().max(1e-2));
        }
    }
    // f32 backprop against an f64 central difference: agreement to about f32
    // precision times the number of terms summed, far below any real bug.
    assert!(
        worst < 1e-3,
        "sizes {sizes:?}: worst relative error {worst:e}"
    );
}

#[test]
fn backprop_matches_finite_differences_with_one_hidden_layer() {
    check(&[6, 5, 3], 7, 1);
}

#[test]
fn backprop_matches_finite_differences_with_no_hidden_layer() {
    check(&[5, 4], 3, 2);
}

#[test]
fn backprop_matches_finite_differences_with_three_hidden_layers() {
    check(&[8, 7, 6, 5, 4], 11, 3);
}

#[test]
fn backprop_matches_finite_differences_for_one_example() {
    check(&[4, 3, 2], 1, 4);
}

#[test]
fn update_mini_batch_steps_by_eta_over_m_times_the_backprop_gradient() {
    // eqs. (20)–(21): w → w − (η/m) Σₓ ∂Cₓ/∂w, b → b − (η/m) Σₓ ∂Cₓ/∂b.
    let sizes = [9, 7, 4];
    let net = Network::new(&sizes, 5).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let m = 13;
    let x: Vec<f32> = (0..m * 9)
        .map(|_| (rng.next_u32() % 1000) as f32 / 1000.0)
        .collect();
    let labels: Vec<u8> = (0..m).map(|_| (rng.next_u32() % 4) as u8).collect();
    let batch = Data::new(&x, &labels, 9).unwrap();
    let grad = net.backprop(batch).unwrap();
    let eta = 0.7f32;
    let mut stepped = net.clone();
    stepped.update_mini_batch(batch, eta).unwrap();
    for l in 0..2 {
        let expect = net.weights()[l]
            .as_slice()
            .iter()
            .zip(grad.weights[l].as_slice())
            .map(|(w, g)| w - eta / m as f32 * g);
        for (e, &got) in expect.zip(stepped.weights()[l].as_slice()) {
            assert!((e - got).abs() <= 1e-5 * e.abs().max(1.0), "{e} vs {got}");
        }
        let expect = net.biases()[l]
            .iter()
            .zip(&grad.biases[l])
            .map(|(b, g)| b - eta / m as f32 * g);
        for (e, &got) in expect.zip(&stepped.biases()[l]) {
            assert!((e - got).abs() <= 1e-5 * e.abs().max(1.0), "{e} vs {got}");
        }
    }
    // A workspace for another shape is refused, not misused.
    let mut other = nndl_nn::parallel::Workspace::new(&Network::new(&[9, 3, 4], 0).unwrap());
    let e = stepped
        .update_mini_batch_with(batch, eta, &mut other)
        .unwrap_err();
    assert!(e.to_string().contains("workspace"), "{e}");
}
