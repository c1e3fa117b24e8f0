//! Mini-batch stochastic gradient descent, the book's `SGD`: shuffle the
//! training data, cut it into mini-batches of m (eqs. (18)–(19): a random
//! mini-batch's gradient estimates the whole gradient), one step of
//! [`Network::update_mini_batch`] per mini-batch.

use super::momentum::{Rules, Velocity};
use crate::{Data, Error, Network, Regularization, SgdConfig};

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
    /// alone, or [`Rules`] with momentum): every step is regularised as
    /// [`Network::update_mini_batch_regularized`] with n the training set's size,
    /// and with momentum μ > 0 the velocities start at 0 and carry from step to step.
    /// [`Network::sgd_with_rules`] gives the same weights bit for bit, faster.
    ///
    /// # Errors
    /// As [`Network::sgd`], and if λ is negative or not finite, or μ not in [0, 1).
    pub fn sgd_plain_with_rules(
        &mut self,
        training: Data<'_>,
        cfg: &SgdConfig,
        rules: impl Into<Rules>,
        test: Option<Data<'_>>,
    ) -> Result<Vec<usize>, Error> {
        let rules = rules.into();
        cfg.check(self, training, test)?;
        rules.check()?;
        let n = training.len();
        let shrink = rules.regularization.shrink(cfg.eta, n);
        let mut velocity = (rules.momentum > 0.0).then(|| Velocity::zeros(self));
        let mut results = Vec::new();
        let mut order = Vec::new();
        for epoch in cfg.start_epoch..cfg.epochs {
            cfg.shuffle(epoch, n, &mut order);
            for batch in order.chunks(cfg.mini_batch_size) {
                let (x, labels) = training.gather(batch);
                let mini_batch = Data::new(&x, &labels, training.input_size)?;
                let momentum = velocity.as_mut().map(|v| (v, rules.momentum));
                self.step_plain(mini_batch, cfg.eta, shrink, momentum);
            }
            if let Some(test) = test {
                results.push(self.evaluate_plain(test)?);
            }
        }
        Ok(results)
    }
}
