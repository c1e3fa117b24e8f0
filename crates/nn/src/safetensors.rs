//! Export to the safetensors format, for PyTorch, candle, NumPy and friends.

use std::collections::HashMap;

use safetensors::tensor::{Dtype, TensorView};

use crate::{Error, Network};

impl Network {
    /// The weights and biases encoded as a safetensors file (f32, little-endian).
    ///
    /// For layers l = 1, …, L − 1 after the input layer, tensor `w{l}` has shape
    /// `[sizes[l], sizes[l-1]]` (row j holds the weights into neuron j, as in
    /// [`Network::weights`]) and `b{l}` has shape `[sizes[l]]`. For 784-30-10:
    /// `w1` `[30, 784]`, `b1` `[30]`, `w2` `[10, 30]`, `b2` `[10]`; in PyTorch,
    /// `torch.sigmoid(x @ w1.T + b1)` is the hidden layer. The metadata holds
    /// `sizes` ("784,30,10"), `activation` ("sigmoid") and `cost` ("quadratic").
    /// The same network always gives the same bytes.
    ///
    /// # Errors
    /// If the safetensors encoder refuses the tensors (it never does for a valid network).
    pub fn to_safetensors(&self) -> Result<Vec<u8>, Error> {
        let le = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
        let mut buffers = Vec::new();
        for (l, (w, b)) in self.weights.iter().zip(&self.biases).enumerate() {
            buffers.push((
                format!("w{}", l + 1),
                vec![w.rows(), w.cols()],
                le(w.as_slice()),
            ));
            buffers.push((format!("b{}", l + 1), vec![b.len()], le(b)));
        }
        let fail = |e: safetensors::SafeTensorError| Error::BadModel {
            reason: format!("cannot encode as safetensors: {e}"),
        };
        let mut views = Vec::new();
        for (name, shape, bytes) in &buffers {
            views.push((
                name.as_str(),
                TensorView::new(Dtype::F32, shape.clone(), bytes).map_err(fail)?,
            ));
        }
        let sizes: Vec<String> = self.sizes.iter().map(|n| n.to_string()).collect();
        let meta = HashMap::from([
            ("sizes".to_string(), sizes.join(",")),
            ("activation".to_string(), "sigmoid".to_string()),
            ("cost".to_string(), self.cost.name().to_string()),
        ]);
        let mut bytes = safetensors::tensor::serialize(views, Some(meta)).map_err(fail)?;
        sort_header(&mut bytes).map_err(|e| Error::BadModel {
            reason: format!("cannot encode as safetensors: {e}"),
        })?;
        Ok(bytes)
    }
}

/// Rewrites the JSON header of a serialized safetensors file with every object's
/// keys in sorted order. `safetensors` writes the metadata in `HashMap` order,
/// which changes from run to run; sorted, one network always gives the same bytes.
/// The same keys and values re-encoded take the same length, so the data offsets
/// and the header's padding stay valid.
fn sort_header(bytes: &mut [u8]) -> Result<(), String> {
    use serde_json::Value;
    fn sorted(v: Value) -> Value {
        match v {
            Value::Object(map) => {
                let mut entries: Vec<(String, Value)> = map.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
            }
            other => other,
        }
    }
    let len = bytes
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n <= bytes.len() - 8)
        .ok_or("the header length is out of range")?;
    let header = &mut bytes[8..8 + len];
    let text = std::str::from_utf8(header).map_err(|e| e.to_string())?;
    let value: Value = serde_json::from_str(text.trim_end()).map_err(|e| e.to_string())?;
    let out = serde_json::to_string(&sorted(value)).map_err(|e| e.to_string())?;
    if out.len() > len {
        return Err("the sorted header is longer than the original".into());
    }
    header[..out.len()].copy_from_slice(out.as_bytes());
    header[out.len()..].fill(b' ');
    Ok(())
}
