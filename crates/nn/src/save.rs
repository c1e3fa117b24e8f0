//! Saving and loading networks: a small checked header, then a bincode payload.
//!
//! The file, all integers little-endian:
//!
//! | bytes | content |
//! |-------|---------|
//! | 8     | magic `NNDL-NET` |
//! | 4     | format version (2) |
//! | 4     | cost (0 = quadratic, 1 = cross-entropy, 2 = log-likelihood) |
//! | 4     | output layer (0 = sigmoid, 1 = softmax) |
//! | 4     | hidden activation (0 = sigmoid, 1 = tanh, 2 = ReLU) |
//! | 4     | number of layers L |
//! | 8·L   | layer sizes |
//! | 8     | payload length in bytes |
//! | 32    | SHA-256 of everything before it, then of the payload |
//! | …     | payload: bincode 1 (fixed-width little-endian integers) of the layer sizes, weights, biases and metadata |
//!
//! Version 1 (Chapter 1's networks) has neither the output layer nor the hidden
//! activation: both are sigmoid. It is still read.
//!
//! bincode 1 is unmaintained upstream (RUSTSEC-2025-0141): it is pinned and used
//! only here, so the payload format can change with a version bump.

use std::collections::BTreeMap;

use bincode::Options;
use nndl_linalg::Matrix;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cost::CostKind;
use crate::plain::activation::Activation;
use crate::plain::output::OutputLayer;
use crate::{Error, Network};

/// Free-form metadata saved with a network (e.g. how to resume its training).
pub type Meta = BTreeMap<String, String>;

const MAGIC: &[u8; 8] = b"NNDL-NET";
/// The format version this build writes; it reads this one and version 1.
pub const FORMAT_VERSION: u32 = 2;
/// No real network has more layers; a larger count means a damaged file.
const MAX_LAYERS: u64 = 1 << 16;
/// Room allowed for metadata in the payload.
const MAX_META_BYTES: u64 = 64 << 20;

#[derive(Serialize, Deserialize)]
struct Payload {
    sizes: Vec<u64>,
    weights: Vec<Vec<f32>>,
    biases: Vec<Vec<f32>>,
    meta: Meta,
}

fn bincode_options() -> impl bincode::Options {
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .with_little_endian()
}

impl Network {
    /// The network and `meta` encoded as a model file's bytes (the format above).
    /// The caller writes them where it likes; [`Network::from_bytes`] reads them back.
    pub fn to_bytes(&self, meta: &Meta) -> Vec<u8> {
        let payload = Payload {
            sizes: self.sizes.iter().map(|&n| n as u64).collect(),
            weights: self.weights.iter().map(|w| w.as_slice().to_vec()).collect(),
            biases: self.biases.clone(),
            meta: meta.clone(),
        };
        // Vectors of numbers and a map of strings always encode.
        let payload = bincode_options()
            .serialize(&payload)
            .expect("bincode encodes vectors and strings");
        let mut bytes = header(self, payload.len() as u64);
        let digest = checksum(&bytes, &payload);
        bytes.extend_from_slice(&digest);
        bytes.extend_from_slice(&payload);
        bytes
    }

    /// Decodes a network and its metadata written by [`Network::to_bytes`].
    ///
    /// # Errors
    /// [`Error::BadModel`] if `bytes` are not a network file, have another format
    /// version, are truncated or corrupted.
    pub fn from_bytes(bytes: &[u8]) -> Result<(Network, Meta), Error> {
        decode(bytes)
    }
}

/// Everything before the checksum.
fn header(net: &Network, payload_len: u64) -> Vec<u8> {
    let sizes = &net.sizes;
    let mut h = Vec::with_capacity(40 + 8 * sizes.len());
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    h.extend_from_slice(&net.cost.code().to_le_bytes());
    h.extend_from_slice(&net.output_layer().code().to_le_bytes());
    h.extend_from_slice(&net.activation.code().to_le_bytes());
    h.extend_from_slice(&(sizes.len() as u32).to_le_bytes());
    for &n in sizes {
        h.extend_from_slice(&(n as u64).to_le_bytes());
    }
    h.extend_from_slice(&payload_len.to_le_bytes());
    h
}

fn checksum(header: &[u8], payload: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(header);
    hasher.update(payload);
    hasher.finalize().into()
}

/// Reads little-endian integers off the front of a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

fn decode(bytes: &[u8]) -> Result<(Network, Meta), Error> {
    let bad = |reason: String| Error::BadModel { reason };
    let truncated = || {
        bad(format!(
            "truncated: it ends after {} bytes, inside the header",
            bytes.len()
        ))
    };
    let mut r = Reader { bytes, at: 0 };
    let magic = r
        .take(MAGIC.len())
        .ok_or_else(|| bad("not an nndl network file (too short)".into()))?;
    if magic != MAGIC {
        return Err(bad("not an nndl network file (wrong magic bytes)".into()));
    }
    let version = r.u32().ok_or_else(truncated)?;
    if !(1..=FORMAT_VERSION).contains(&version) {
        return Err(bad(format!(
            "format version {version} is not supported (this build reads versions 1 to {FORMAT_VERSION})"
        )));
    }
    let cost_code = r.u32().ok_or_else(truncated)?;
    let (output_code, activation_code) = if version >= 2 {
        let output = r.u32().ok_or_else(truncated)?;
        (output, r.u32().ok_or_else(truncated)?)
    } else {
        (OutputLayer::Sigmoid.code(), Activation::Sigmoid.code())
    };
    let layers = u64::from(r.u32().ok_or_else(truncated)?);
    if !(2..=MAX_LAYERS).contains(&layers) {
        return Err(bad(format!("corrupted header: {layers} layers")));
    }
    let mut sizes = Vec::with_capacity(layers as usize);
    for _ in 0..layers {
        let n = r.u64().ok_or_else(truncated)?;
        sizes.push(
            usize::try_from(n)
                .map_err(|_| bad(format!("corrupted header: a layer of {n} neurons")))?,
        );
    }
    let payload_len = r.u64().ok_or_else(truncated)?;
    let header_end = r.at;
    let stored_digest = r.take(32).ok_or_else(truncated)?;
    let payload = &bytes[r.at..];
    if (payload.len() as u64) < payload_len {
        return Err(bad(format!(
            "truncated: the header announces {payload_len} bytes of weights, only {} follow",
            payload.len()
        )));
    }
    if payload.len() as u64 > payload_len {
        return Err(bad(format!(
            "{} unexpected bytes after the weights",
            payload.len() as u64 - payload_len
        )));
    }
    if checksum(&bytes[..header_end], payload)[..] != *stored_digest {
        return Err(bad(
            "corrupted: the checksum does not match the contents".into()
        ));
    }
    let cost = CostKind::from_code(cost_code)
        .ok_or_else(|| bad(format!("unknown cost function code {cost_code}")))?;
    let output = OutputLayer::from_code(output_code)
        .ok_or_else(|| bad(format!("unknown output layer code {output_code}")))?;
    if output != cost.output_layer() {
        return Err(bad(format!(
            "a {output} output layer with the {cost} cost (it takes a {} output layer)",
            cost.output_layer()
        )));
    }
    let activation = Activation::from_code(activation_code)
        .ok_or_else(|| bad(format!("unknown activation code {activation_code}")))?;
    let params: u64 = sizes
        .windows(2)
        .map(|w| (w[0] as u64).saturating_mul(w[1] as u64 + 1))
        .sum();
    let limit = params
        .saturating_mul(4)
        .saturating_add(16 * layers + 64)
        .saturating_add(MAX_META_BYTES);
    let payload: Payload = bincode_options()
        .with_limit(limit)
        .deserialize(payload)
        .map_err(|e| bad(format!("cannot decode the weights: {e}")))?;
    if payload
        .sizes
        .iter()
        .map(|&n| n as usize)
        .ne(sizes.iter().copied())
    {
        return Err(bad(
            "the layer sizes in the header and in the weights disagree".into(),
        ));
    }
    let mut weights = Vec::with_capacity(payload.weights.len());
    for (w, s) in payload.weights.into_iter().zip(sizes.windows(2)) {
        let m = Matrix::try_from_vec(s[1], s[0], w)
            .map_err(|e| bad(format!("a weight matrix has the wrong size: {e}")))?;
        weights.push(m);
    }
    let net = Network::from_parameters(&sizes, weights, payload.biases, cost)
        .map_err(|e| bad(format!("inconsistent network: {e}")))?
        .with_activation(activation);
    Ok((net, payload.meta))
}
