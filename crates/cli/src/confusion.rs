//! Which digits a network takes for which: the confusion matrix that `eval` prints and
//! draws, and that `train` watches for digits never answered.

use nndl_nn::{argmax, Network};

/// `counts[true digit][predicted digit]`.
pub type Counts = [[u64; 10]; 10];

/// The confusion matrix of `net` over the examples (`inputs` row-major, one row per
/// label). The answer is the likeliest of the first ten outputs, as `predict` and
/// `read` answer: a model trained on cut pieces has an 11th, "not a digit".
pub fn counts(net: &Network, inputs: &[f32], labels: &[u8]) -> Counts {
    let mut counts = [[0u64; 10]; 10];
    if labels.is_empty() {
        return counts;
    }
    let outputs = net.feedforward_batch(inputs);
    for (i, &label) in labels.iter().enumerate() {
        let row = outputs.row(i);
        let predicted = argmax(&row[..row.len().min(10)]);
        counts[usize::from(label).min(9)][predicted] += 1;
    }
    counts
}

/// The digits the network hardly ever answers: less than a tenth as often as they
/// occur in the examples.
pub fn rarely_predicted(counts: &Counts) -> Vec<usize> {
    (0..10)
        .filter(|&p| {
            let shown: u64 = counts[p].iter().sum();
            let answered: u64 = counts.iter().map(|row| row[p]).sum();
            shown > 0 && answered * 10 < shown
        })
        .collect()
}

/// The off-diagonal cell with the most examples: (true, predicted, count).
pub fn worst(counts: &Counts) -> Option<(usize, usize, u64)> {
    let mut worst = None;
    for (t, row) in counts.iter().enumerate() {
        for (p, &n) in row.iter().enumerate() {
            if t != p && n > 0 && worst.is_none_or(|(_, _, w)| n > w) {
                worst = Some((t, p, n));
            }
        }
    }
    worst
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A confusion matrix for tests: 100 + d right for each digit d, 4 read as 9
    /// 17 times, 7 read as 2 five times.
    pub fn sample() -> Counts {
        let mut c = [[0u64; 10]; 10];
        for (d, row) in c.iter_mut().enumerate() {
            row[d] = 100 + d as u64;
        }
        c[4][9] = 17;
        c[7][2] = 5;
        c
    }

    #[test]
    fn digits_hardly_ever_answered_are_found() {
        assert_eq!(rarely_predicted(&sample()), Vec::<usize>::new());
        let mut c = sample();
        // 3 is never answered, 8 once for 108 images of it: both stuck.
        for (t, p) in [(3, 5), (8, 0)] {
            c[t][p] += c[t][t];
            c[t][t] = 0;
        }
        c[8][8] = 1;
        c[8][0] -= 1;
        assert_eq!(rarely_predicted(&c), vec![3, 8]);
        // 8 answered 11 times for 108 images: rare, not stuck.
        c[8][8] = 11;
        c[8][0] -= 10;
        assert_eq!(rarely_predicted(&c), vec![3]);
        // A digit with no examples at all is not counted.
        c[6] = [0; 10];
        for row in c.iter_mut() {
            row[6] = 0;
        }
        assert_eq!(rarely_predicted(&c), vec![3]);
    }

    #[test]
    fn the_worst_confusion_is_off_the_diagonal() {
        assert_eq!(worst(&sample()), Some((4, 9, 17)));
        let mut perfect = [[0u64; 10]; 10];
        perfect[3][3] = 10;
        assert_eq!(worst(&perfect), None);
    }

    #[test]
    fn a_network_that_always_answers_the_same() {
        let net = Network::new(&[2, 10], 1).unwrap();
        let c = counts(&net, &[0.0; 6], &[1, 2, 3]);
        assert_eq!(c.iter().flatten().sum::<u64>(), 3);
        assert_eq!(counts(&net, &[], &[]), [[0; 10]; 10]);
    }
}
