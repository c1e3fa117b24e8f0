//! The network of Chapter 1: layers of sigmoid neurons, each fully connected to
//! the one before (Chapter 3 adds other hidden neurons, a softmax output layer
//! and other costs: [`NetworkOptions`]). What it computes and how it learns are in [`crate::plain`]
//! (and, faster, [`crate::parallel`]).

use nndl_linalg::Matrix;

use crate::cost::CostKind;
use crate::options::{Init, NetworkOptions};
use crate::plain::activation::Activation;
use crate::plain::output::OutputLayer;
use crate::{init, Error};

/// A feedforward network of sigmoid neurons.
///
/// Layer `l` (counting the input layer as 0) has `sizes()[l]` neurons. For
/// `l ≥ 1` the weights into layer `l` are `weights()[l - 1]`, a
/// `sizes[l] × sizes[l - 1]` matrix whose entry `(j, k)` is the weight wˡⱼₖ from
/// neuron k of layer l − 1 to neuron j of layer l (the book's convention), and
/// its biases are `biases()[l - 1]`. The input layer has no biases.
///
/// The book's loop, on the plain path: one step of gradient descent on a
/// mini-batch, then the network's answer for one input.
///
/// ```
/// use nndl_nn::{argmax, Data, Network};
///
/// let mut net = Network::new(&[3, 5, 2], 7)?;
/// assert_eq!(net.weights()[0].shape(), (5, 3)); // 5 neurons, 3 inputs each
/// // Two examples: (1, 0, 0) is class 0, (0, 0, 1) is class 1.
/// let batch = Data::new(&[1.0, 0.0, 0.0, 0.0, 0.0, 1.0], &[0, 1], 3)?;
/// for _ in 0..300 {
///     net.update_mini_batch(batch, 3.0)?; // eqs. (20)–(21)
/// }
/// let a = net.feedforward(&[0.0, 0.0, 1.0]); // eq. (22)
/// assert_eq!(argmax(&a), 1);
/// # Ok::<(), nndl_nn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub(crate) sizes: Vec<usize>,
    pub(crate) weights: Vec<Matrix>,
    pub(crate) biases: Vec<Vec<f32>>,
    pub(crate) cost: CostKind,
    pub(crate) activation: Activation,
}

impl Network {
    /// A network with layer sizes `sizes` (input layer first), trained with the
    /// quadratic cost, its weights and biases drawn from N(0, 1) as in the book.
    ///
    /// The draws come from ChaCha8 seeded with `seed`: first all biases, layer
    /// by layer, then all weights, layer by layer, each matrix row by row. The
    /// same seed gives the same network on every machine and version.
    ///
    /// # Errors
    /// Fewer than two layers, a layer of size 0, or more parameters than memory can hold.
    pub fn new(sizes: &[usize], seed: u64) -> Result<Network, Error> {
        Self::with_cost(sizes, CostKind::Quadratic, seed)
    }

    /// Like [`Network::new`], trained with the cost `cost`.
    pub fn with_cost(sizes: &[usize], cost: CostKind, seed: u64) -> Result<Network, Error> {
        let opts = NetworkOptions {
            cost,
            ..NetworkOptions::default()
        };
        Self::with_options(sizes, &opts, seed)
    }

    /// A network with layer sizes `sizes`, the cost (and so the output layer),
    /// hidden activation and initial weights of `opts`. The draws are those of
    /// [`Network::new`], in the same order, whatever the options.
    ///
    /// # Errors
    /// As [`Network::new`].
    pub fn with_options(
        sizes: &[usize],
        opts: &NetworkOptions,
        seed: u64,
    ) -> Result<Network, Error> {
        check_sizes(sizes)?;
        let mut rng = init::init_rng(seed);
        let mut biases: Vec<Vec<f32>> = sizes[1..].iter().map(|&n| vec![0.0; n]).collect();
        for b in &mut biases {
            init::fill_standard_normal(&mut rng, b);
        }
        let mut weights: Vec<Matrix> = sizes
            .windows(2)
            .map(|w| Matrix::zeros(w[1], w[0]))
            .collect();
        for w in &mut weights {
            init::fill_standard_normal(&mut rng, w.as_mut_slice());
            // N(0, 1/n_in) or N(0, 2/n_in): the standard draw times √(1/n_in) or √(2/n_in).
            let variance = match opts.init {
                Init::Standard => continue,
                Init::Scaled => 1.0,
                Init::He => 2.0,
            };
            let scale = (variance / w.cols() as f64).sqrt();
            for v in w.as_mut_slice() {
                *v = (f64::from(*v) * scale) as f32;
            }
        }
        if opts.init == Init::He {
            biases.iter_mut().for_each(|b| b.fill(0.0));
        }
        Ok(Network {
            sizes: sizes.to_vec(),
            weights,
            biases,
            cost: opts.cost,
            activation: opts.activation,
        })
    }

    /// Builds a network from given parameters: `weights[i]` is `sizes[i + 1] × sizes[i]`,
    /// `biases[i]` has `sizes[i + 1]` entries. Its hidden neurons are sigmoid
    /// (see [`Network::with_activation`]), its output layer the cost's.
    ///
    /// # Errors
    /// If the shapes do not match `sizes` or `sizes` is invalid.
    pub fn from_parameters(
        sizes: &[usize],
        weights: Vec<Matrix>,
        biases: Vec<Vec<f32>>,
        cost: CostKind,
    ) -> Result<Network, Error> {
        check_sizes(sizes)?;
        let layers = sizes.len() - 1;
        let shapes_ok = weights.len() == layers
            && biases.len() == layers
            && (0..layers).all(|i| {
                weights[i].rows() == sizes[i + 1]
                    && weights[i].cols() == sizes[i]
                    && biases[i].len() == sizes[i + 1]
            });
        if !shapes_ok {
            return Err(Error::InvalidSizes {
                sizes: sizes.to_vec(),
                reason: "weights or biases do not have these layer sizes",
            });
        }
        Ok(Network {
            sizes: sizes.to_vec(),
            weights,
            biases,
            cost,
            activation: Activation::Sigmoid,
        })
    }

    /// The same network with hidden neurons of activation `activation`.
    pub fn with_activation(mut self, activation: Activation) -> Network {
        self.activation = activation;
        self
    }

    /// The number of neurons in each layer, input layer first.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The number of layers, input layer included.
    pub fn num_layers(&self) -> usize {
        self.sizes.len()
    }

    /// The size of an input.
    pub fn input_size(&self) -> usize {
        self.sizes[0]
    }

    /// The size of the output.
    pub fn output_size(&self) -> usize {
        self.sizes[self.sizes.len() - 1]
    }

    /// The weight matrices: `weights()[l - 1]` feeds layer `l`, `sizes[l] × sizes[l - 1]`.
    pub fn weights(&self) -> &[Matrix] {
        &self.weights
    }

    /// The bias vectors: `biases()[l - 1]` belongs to layer `l`.
    pub fn biases(&self) -> &[Vec<f32>] {
        &self.biases
    }

    /// The cost this network is trained with.
    pub fn cost(&self) -> CostKind {
        self.cost
    }

    /// The output layer: sigmoid, or softmax for the log-likelihood cost.
    pub fn output_layer(&self) -> OutputLayer {
        self.cost.output_layer()
    }

    /// The activation of the hidden neurons.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// Whether every weight and bias is finite (training with too large a
    /// learning rate can overflow them).
    pub fn is_finite(&self) -> bool {
        self.weights
            .iter()
            .all(|w| w.as_slice().iter().all(|v| v.is_finite()))
            && self.biases.iter().all(|b| b.iter().all(|v| v.is_finite()))
    }

    /// Checks that inputs of `n` values fit this network.
    ///
    /// # Errors
    /// [`Error::InputSize`] if `n` differs from the input layer's size.
    pub fn check_input_size(&self, n: usize) -> Result<(), Error> {
        if n == self.sizes[0] {
            Ok(())
        } else {
            Err(Error::InputSize {
                expected: self.sizes[0],
                found: n,
            })
        }
    }
}

fn check_sizes(sizes: &[usize]) -> Result<(), Error> {
    let reason = if sizes.len() < 2 {
        Some("a network needs at least an input and an output layer")
    } else if sizes.contains(&0) {
        Some("every layer needs at least one neuron")
    } else if sizes
        .windows(2)
        .try_fold(0usize, |acc, w| {
            w[0].checked_mul(w[1])
                .and_then(|p| p.checked_add(acc))
                .filter(|&t| t <= (1 << 31))
        })
        .is_none()
    {
        Some("more than 2^31 weights")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(Error::InvalidSizes {
            sizes: sizes.to_vec(),
            reason,
        }),
        None => Ok(()),
    }
}
