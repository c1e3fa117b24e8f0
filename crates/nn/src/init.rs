//! Seeded randomness with a stream that does not change between crate versions:
//! ChaCha8 for the bits, the standard normal N(0, 1) for initial weights, and our
//! own Fisher–Yates shuffle (rand's `SliceRandom::shuffle` and `StdRng` may change
//! their output between releases; these may not).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// The ChaCha8 stream used to initialise weights and biases.
const INIT_STREAM: u64 = 0;

/// A ChaCha8 generator for `seed`, on stream `stream`.
///
/// Different streams of one seed are independent sequences, so the shuffle of
/// epoch `e` (stream `e + 1`) depends only on `(seed, e)`: training can stop
/// after any epoch and resume with exactly the shuffles it would have had.
pub fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// The generator for the initial weights and biases of a network with `seed`.
pub(crate) fn init_rng(seed: u64) -> ChaCha8Rng {
    rng(seed, INIT_STREAM)
}

/// The generator for the shuffle of epoch `epoch` (stream `epoch + 1`).
pub fn epoch_rng(seed: u64, epoch: usize) -> ChaCha8Rng {
    rng(seed, (epoch as u64).wrapping_add(1))
}

/// Fills `out` with independent draws from the standard normal N(0, 1).
///
/// Drawn in f64 and rounded to f32: rand_distr's own f32 sampler is marked as
/// due for replacement, and the f64 one is its documented, stable path.
pub fn fill_standard_normal<R: Rng + ?Sized>(rng: &mut R, out: &mut [f32]) {
    for v in out {
        let x: f64 = StandardNormal.sample(rng);
        *v = x as f32;
    }
}

/// A uniform integer in `0..n` (`n ≥ 1`), without bias: Lemire's multiply-and-reject.
pub fn uniform_below<R: Rng + ?Sized>(rng: &mut R, n: u64) -> u64 {
    assert!(n > 0, "uniform_below(0)");
    // The high half of x·n is uniform on 0..n once the low half avoids the
    // 2^64 mod n values that would make some results one more likely.
    let threshold = n.wrapping_neg() % n;
    loop {
        let m = u128::from(rng.next_u64()) * u128::from(n);
        if (m as u64) >= threshold {
            return (m >> 64) as u64;
        }
    }
}

/// Shuffles `items` in place: the Fisher–Yates (Durstenfeld) shuffle, every
/// permutation equally likely.
pub fn shuffle<T, R: Rng + ?Sized>(rng: &mut R, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = uniform_below(rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| epoch_rng(7, 3).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(epoch_rng(7, 3).next_u64(), epoch_rng(7, 4).next_u64());
        assert_ne!(epoch_rng(7, 0).next_u64(), init_rng(7).next_u64());
    }

    #[test]
    fn shuffle_is_a_permutation_and_moves_things() {
        let mut v: Vec<u32> = (0..1000).collect();
        shuffle(&mut epoch_rng(1, 0), &mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..1000).collect::<Vec<_>>());
        assert!(
            v.iter()
                .enumerate()
                .filter(|&(i, &x)| i as u32 == x)
                .count()
                < 20
        );
    }

    #[test]
    fn uniform_below_is_roughly_uniform() {
        let mut rng = rng(3, 9);
        let mut counts = [0usize; 6];
        for _ in 0..60_000 {
            counts[uniform_below(&mut rng, 6) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_400..10_600).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn standard_normal_has_mean_zero_and_variance_one() {
        let mut v = vec![0.0f32; 100_000];
        fill_standard_normal(&mut init_rng(5), &mut v);
        let n = v.len() as f64;
        let mean = v.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
        let var = v
            .iter()
            .map(|&x| (f64::from(x) - mean).powi(2))
            .sum::<f64>()
            / n;
        assert!(
            mean.abs() < 0.02 && (var - 1.0).abs() < 0.02,
            "{mean} {var}"
        );
    }
}
