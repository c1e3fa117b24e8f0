//! One step of gradient descent on a mini-batch, eqs. (20)–(21), split across
//! threads: chunks of the mini-batch forward and backward, then blocks of rows
//! of each layer's update.

use std::time::Instant;

use rayon::prelude::*;

use super::{min_len, Workspace};
use crate::plain::dropout::Masks;
use crate::plain::update::{Momentum, Shrink};
use crate::plain::{rows_of, rows_of_mut, step_layer};
use crate::{Data, Error, Network};

impl Network {
    /// [`Network::update_mini_batch`] on the fast path, with reusable buffers:
    /// the same step, bit for bit. Returns Σₓ Cₓ over the batch, measured
    /// before the step.
    ///
    /// # Errors
    /// As [`Network::update_mini_batch`], and if `ws` was made for another shape.
    pub fn update_mini_batch_with(
        &mut self,
        batch: Data<'_>,
        eta: f32,
        ws: &mut Workspace,
    ) -> Result<f64, Error> {
        self.check_mini_batch(batch, eta)?;
        self.check_workspace(ws)?;
        let mut indices = std::mem::take(&mut ws.indices);
        indices.clear();
        indices.extend(0..batch.len());
        let cost = self.step(batch, &indices, eta, Shrink::None, 0.0, None, ws);
        ws.indices = indices;
        Ok(cost)
    }

    /// Refuses a workspace made for another shape.
    pub(crate) fn check_workspace(&self, ws: &Workspace) -> Result<(), Error> {
        if ws.fits(self) {
            Ok(())
        } else {
            Err(Error::InvalidConfig(format!(
                "the workspace was made for layer sizes {:?}, not {:?}",
                ws.sizes, self.sizes
            )))
        }
    }

    /// Gradient descent on the examples `indices` of `data` (already checked),
    /// with buffers `ws`, regularisation `shrink`, momentum `mu` (0 for none;
    /// the velocities in `ws`) and dropout by `masks` (made for `indices`).
    /// Returns Σₓ Cₓ before the step.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn step(
        &mut self,
        data: Data<'_>,
        indices: &[usize],
        eta: f32,
        shrink: Shrink,
        mu: f32,
        masks: Option<Masks<'_>>,
        ws: &mut Workspace,
    ) -> f64 {
        let m = indices.len();
        let n0 = self.sizes[0];
        let tuning = ws.tuning;
        let rows = tuning.chunk_rows(m, &self.sizes);
        ws.reserve(m, rows);
        let n_chunks = m.div_ceil(rows);
        let splits = n_chunks > 1
            || self
                .weights
                .iter()
                .any(|w| tuning.block_rows(m, w.rows(), w.cols()) < w.rows());
        let try_parallel = splits && rayon::current_num_threads() > 1;
        let parallel = try_parallel && tuning.force_parallel.unwrap_or_else(|| ws.scheduler.pick());
        let min_len = min_len(parallel);
        let started = Instant::now();

        // Feedforward and BP1–BP2, chunk by chunk.
        let net = &*self;
        ws.chunks[..n_chunks]
            .par_iter_mut()
            .zip(ws.x[..m * n0].par_chunks_mut(rows * n0))
            .zip(indices.par_chunks(rows))
            .with_min_len(min_len)
            .for_each(|((chunk, x), idx)| {
                // The chunk's rows are the examples idx: their masks are theirs.
                let masks = masks.map(|m| Masks { examples: idx, ..m });
                chunk.forward_backward(net, data, idx, x, masks.as_ref())
            });
        let cost = ws.chunks[..n_chunks].iter().map(|c| c.cost).sum();

        // Aˡ and Δˡ over the whole mini-batch: the one chunk's, or the chunks' gathered.
        let (acts, deltas): (&[Vec<f32>], &[Vec<f32>]) = if n_chunks == 1 {
            (&ws.chunks[0].acts, &ws.chunks[0].deltas)
        } else {
            for (l, &n) in self.sizes[1..].iter().enumerate() {
                let mut at = 0;
                for (c, idx) in ws.chunks.iter().zip(indices.chunks(rows)) {
                    let len = idx.len() * n;
                    ws.acts[l][at..at + len].copy_from_slice(&c.acts[l][..len]);
                    ws.deltas[l][at..at + len].copy_from_slice(&c.deltas[l][..len]);
                    at += len;
                }
            }
            (&ws.acts, &ws.deltas)
        };

        // Eqs. (20)–(21), every layer in blocks of rows of W and b.
        let scale = eta / m as f32;
        let x = &ws.x[..m * n0];
        self.weights
            .par_iter_mut()
            .zip(self.biases.par_iter_mut())
            .zip(ws.bias_sums.par_iter_mut())
            .zip(ws.velocity.weights.par_iter_mut())
            .zip(ws.velocity.biases.par_iter_mut())
            .enumerate()
            .with_min_len(min_len)
            .for_each(|(l, ((((w, b), nabla_b), vw), vb))| {
                let (n_in, n_out) = (w.cols(), w.rows());
                let a_prev = rows_of(if l == 0 { x } else { &acts[l - 1][..m * n_in] }, n_in);
                let delta = rows_of(&deltas[l][..m * n_out], n_out);
                let block = tuning.block_rows(m, n_out, n_in);
                w.as_mut_slice()
                    .par_chunks_mut(block * n_in)
                    .zip(b.par_chunks_mut(block))
                    .zip(nabla_b.par_chunks_mut(block))
                    .zip(vw.as_mut_slice().par_chunks_mut(block * n_in))
                    .zip(vb.par_chunks_mut(block))
                    .enumerate()
                    .with_min_len(min_len)
                    .for_each(|(k, ((((w, b), nabla_b), vw), vb))| {
                        // The block's neurons: its rows of W, its columns of Δ.
                        let delta = delta.submatrix(0, k * block, m, b.len());
                        let w = rows_of_mut(w, n_in);
                        let momentum = (mu > 0.0).then(|| Momentum {
                            mu,
                            w: rows_of_mut(vw, n_in),
                            b: vb,
                        });
                        step_layer(w, b, delta, a_prev, scale, shrink, momentum, nabla_b);
                    });
            });
        ws.count_step(parallel);
        if try_parallel && tuning.force_parallel.is_none() {
            ws.scheduler.record(parallel, started.elapsed());
        }
        cost
    }
}
