//! Mini-batch stochastic gradient descent, the book's `SGD`: shuffle the
//! training data, cut it into mini-batches of m (eqs. (18)–(19): a random
//! mini-batch's gradient estimates the whole gradient), one step of
//! [`Network::update_mini_batch`] per mini-batch.

use super::momentum::{Rules, Velocity};
use crate::training::epoch_inputs;
use crate::{Augment, Data, Error, Network, Regularization, SgdConfig};

impl Network {
    /// Trains the network as the book's `SGD` does, on the plain path: for each
    /// epoch `cfg.start_epoch..cfg.epochs`, shuffle the training data (with the
    /// generator of `(cfg.seed, epoch)`), cut it into mini-batches of
    /// `cfg.mini_batch_size` (the last one smaller when it does not divide), and
    /// take one [`Network::update_mini_batch`] step with η = `cfg.eta` on each.
    /// Returns, when `test` is given, the number of test examples right after
    /// each epoch ([`Network::evaluate_plain`]); else an empty vector.
    ///
    /// [`Network::sgd`] gives the same weights bit for bit, faster, and reports
    /// as it goes.
    ///
    /// # Errors
    /// As [`Network::sgd`].
    pub fn sgd_plain(
        &mut self,
        training: Data<'_>,
        cfg: &SgdConfig,
        test: Option<Data<'_>>,
    ) -> Result<Vec<usize>, Error> {
        self.sgd_plain_with_rules(training, cfg, Regularization::None, test)
    }

    /// [`Network::sgd_plain`] with Chapter 3's `rules` (a [`Regularization`]
    /// alone, or [`Rules`]): every step is regularised as
    /// [`Network::update_mini_batch_regularized`] with n the training set's
    /// size; with momentum μ > 0 the velocities start at 0 and carry from step
    /// to step; with dropout the hidden neurons of each example drop as
    /// (seed, epoch, example) decide; η follows the schedule, and with a
    /// plateau schedule or early stopping `test` is the held-out data watched
    /// (the run may end early, with early stopping on the best network seen).
    /// [`Network::sgd_with_rules`] gives the same weights bit for bit, faster.
    ///
    /// # Errors
    /// As [`Network::sgd_with_rules`].
    pub fn sgd_plain_with_rules(
        &mut self,
        training: Data<'_>,
        cfg: &SgdConfig,
        rules: impl Into<Rules>,
        test: Option<Data<'_>>,
    ) -> Result<Vec<usize>, Error> {
        self.sgd_plain_augmented(training, None, cfg, rules, test)
    }

    /// [`Network::sgd_plain_with_rules`] with each epoch's training inputs
    /// written by `augment`, as [`Network::sgd_augmented`] does, which gives
    /// the same weights bit for bit.
    ///
    /// # Errors
    /// As [`Network::sgd_with_rules`].
    pub fn sgd_plain_augmented(
        &mut self,
        training: Data<'_>,
        mut augment: Option<Augment<'_>>,
        cfg: &SgdConfig,
        rules: impl Into<Rules>,
        test: Option<Data<'_>>,
    ) -> Result<Vec<usize>, Error> {
        let rules = rules.into();
        let mut watch = cfg.check_rules(self, training, &rules, test)?;
        let n = training.len();
        let steps_per_epoch = n.div_ceil(cfg.mini_batch_size);
        let steps = cfg.epochs * steps_per_epoch;
        let mut velocity = (rules.momentum > 0.0).then(|| Velocity::zeros(self));
        let mut results = Vec::new();
        let mut order = Vec::new();
        let mut inputs = Vec::new();
        for epoch in cfg.start_epoch..cfg.epochs {
            let training = epoch_inputs(training, &mut augment, epoch, &mut inputs);
            cfg.shuffle(epoch, n, &mut order);
            for (k, batch) in order.chunks(cfg.mini_batch_size).enumerate() {
                let eta = watch.eta(epoch * steps_per_epoch + k, steps);
                let shrink = rules.regularization.shrink(eta, n);
                let (x, labels) = training.gather(batch);
                let mini_batch = Data::new(&x, &labels, training.input_size)?;
                let momentum = velocity.as_mut().map(|v| (v, rules.momentum));
                let masks = rules.masks(cfg.seed, epoch, batch);
                self.step_plain(mini_batch, eta, shrink, momentum, masks.as_ref());
            }
            if let Some(test) = test {
                let correct = self.evaluate_plain(test)?;
                results.push(correct);
                if watch.after_epoch(correct, self) {
                    break;
                }
            }
        }
        watch.finish(self);
        Ok(results)
    }
}
