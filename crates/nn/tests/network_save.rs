//! Encoding and decoding: the same network comes back, damaged bytes are refused
//! with a clear one-line message, and safetensors export has the documented layout.

use nndl_nn::{Activation, CostKind, Init, Meta, Network, NetworkOptions};
use safetensors::SafeTensors;

fn encoded() -> (Network, Vec<u8>) {
    let net = Network::new(&[7, 5, 3], 21).unwrap();
    let bytes = net.to_bytes(&Meta::new());
    (net, bytes)
}

#[test]
fn decoding_gives_back_the_same_network_and_outputs() {
    let (net, bytes) = encoded();
    let (back, meta) = Network::from_bytes(&bytes).unwrap();
    assert_eq!(back, net);
    assert!(meta.is_empty());
    let x = [0.1, 0.9, 0.3, 0.0, 1.0, 0.5, 0.25];
    assert_eq!(back.feedforward(&x), net.feedforward(&x));
}

#[test]
fn metadata_comes_back() {
    let other = Network::new(&[4, 2], 1).unwrap();
    let meta = Meta::from([
        ("next_epoch".to_string(), "7".to_string()),
        ("seed".into(), "3".into()),
    ]);
    let (back, back_meta) = Network::from_bytes(&other.to_bytes(&meta)).unwrap();
    assert_eq!(back, other);
    assert_eq!(back_meta, meta);
}

fn decode_error(bytes: &[u8]) -> String {
    let e = Network::from_bytes(bytes).unwrap_err().to_string();
    assert!(!e.contains('\n'), "one line: {e}");
    e
}

#[test]
fn damaged_bytes_fail_cleanly() {
    let (_, good) = encoded();

    assert!(decode_error(b"").contains("not an nndl network file"));
    assert!(decode_error(b"PK\x03\x04 something else").contains("wrong magic"));

    let mut v3 = good.clone();
    v3[8] = 3;
    assert!(decode_error(&v3).contains("format version 3 is not supported"));

    // Every truncation is refused, none panics.
    for len in (0..good.len()).step_by(7).chain([good.len() - 1]) {
        let e = decode_error(&good[..len]);
        assert!(
            e.contains("truncated") || e.contains("not an nndl"),
            "{len}: {e}"
        );
    }

    // Any flipped byte after the magic and version is caught.
    for at in (12..good.len()).step_by(11) {
        let mut bad = good.clone();
        bad[at] ^= 0x40;
        let e = decode_error(&bad);
        assert!(
            e.contains("corrupted")
                || e.contains("truncated")
                || e.contains("unexpected bytes")
                || e.contains("layers"),
            "byte {at}: {e}"
        );
    }

    let mut longer = good.clone();
    longer.push(0);
    assert!(decode_error(&longer).contains("unexpected bytes"));

    // A header announcing an absurd size does not make us allocate it.
    let mut huge = good.clone();
    huge[20..28].copy_from_slice(&u64::MAX.to_le_bytes());
    decode_error(&huge);
}

#[test]
fn input_size_is_checked() {
    let net = Network::new(&[784, 30, 10], 0).unwrap();
    assert!(net.check_input_size(784).is_ok());
    assert_eq!(
        net.check_input_size(28).unwrap_err().to_string(),
        "the network takes 784 inputs but the data has 28 values per example"
    );
}

#[test]
fn safetensors_export_has_the_documented_names_and_shapes() {
    let net = Network::new(&[6, 4, 3], 8).unwrap();
    let bytes = net.to_safetensors().unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    let mut names = st.names();
    names.sort_unstable();
    assert_eq!(names, ["b1", "b2", "w1", "w2"]);
    let w2 = st.tensor("w2").unwrap();
    assert_eq!(w2.shape(), [3, 4]);
    let values: Vec<f32> = w2
        .data()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    assert_eq!(values, net.weights()[1].as_slice());
    let b1 = st.tensor("b1").unwrap();
    assert_eq!(b1.shape(), [4]);
    let b1: Vec<f32> = b1
        .data()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    assert_eq!(b1, net.biases()[0]);
    let (_, meta) = SafeTensors::read_metadata(&bytes).unwrap();
    let info = meta.metadata().as_ref().unwrap();
    assert_eq!(info["sizes"], "6,4,3");
    assert_eq!(info["activation"], "sigmoid");
    assert_eq!(info["cost"], "quadratic");
}

#[test]
fn safetensors_export_is_the_same_bytes_every_time() {
    // The metadata map is a HashMap inside the safetensors crate; each export hashes
    // with new keys, so without sorting, five exports would rarely agree.
    let net = Network::new(&[5, 3, 2], 4).unwrap();
    let exports: Vec<Vec<u8>> = (0..5).map(|_| net.to_safetensors().unwrap()).collect();
    assert!(exports.windows(2).all(|w| w[0] == w[1]));
    let n = u64::from_le_bytes(exports[0][..8].try_into().unwrap()) as usize;
    let header = std::str::from_utf8(&exports[0][8..8 + n]).unwrap();
    assert!(
        header.contains(
            r#""__metadata__":{"activation":"sigmoid","cost":"quadratic","sizes":"5,3,2"}"#
        ),
        "{header}"
    );
    assert!(SafeTensors::deserialize(&exports[0]).is_ok());
}

/// A version-1 file (Chapter 1's format, written by nndl-nn before Chapter 3's
/// options: `Network::new(&[784, 5, 10], 3)`) still loads and computes the same.
#[test]
fn version_1_files_still_load_and_evaluate_identically() {
    let bytes = include_bytes!("fixtures/v1_784-5-10_seed3.nndl");
    assert_eq!(bytes[8], 1, "the fixture is a version-1 file");
    let (old, meta) = Network::from_bytes(bytes).unwrap();
    assert!(meta.contains_key("note"));
    let now = Network::new(&[784, 5, 10], 3).unwrap();
    assert_eq!(old, now);
    assert_eq!(old.activation(), Activation::Sigmoid);
    let x: Vec<f32> = (0..2 * 784).map(|i| (i % 17) as f32 / 17.0).collect();
    assert_eq!(old.feedforward_plain(&x), now.feedforward_plain(&x));
}

/// Version 2 records the whole architecture: cost, output layer, activation.
#[test]
fn chapter3_architectures_come_back() {
    for (cost, activation) in [
        (CostKind::CrossEntropy, Activation::Tanh),
        (CostKind::LogLikelihood, Activation::Relu),
        (CostKind::Quadratic, Activation::Sigmoid),
    ] {
        let opts = NetworkOptions {
            cost,
            activation,
            init: Init::Scaled,
        };
        let net = Network::with_options(&[6, 4, 3], &opts, 8).unwrap();
        let bytes = net.to_bytes(&Meta::new());
        assert_eq!(bytes[8], 2);
        let (back, _) = Network::from_bytes(&bytes).unwrap();
        assert_eq!(back, net);
        assert_eq!(
            (back.cost(), back.activation(), back.output_layer()),
            (cost, activation, cost.output_layer())
        );
        let x = [0.1, 0.9, 0.3, 0.0, 1.0, 0.5];
        assert_eq!(back.feedforward(&x), net.feedforward(&x));
    }
}
