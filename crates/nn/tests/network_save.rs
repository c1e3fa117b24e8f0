//! Saving and loading: the same network comes back, damaged files are refused
//! with a clear message, and safetensors export has the documented layout.

use nndl_nn::{Error, Meta, Network};
use safetensors::SafeTensors;

fn saved(dir: &tempfile::TempDir) -> (Network, std::path::PathBuf, Vec<u8>) {
    let net = Network::new(&[7, 5, 3], 21).unwrap();
    let path = dir.path().join("net.nn");
    net.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    (net, path, bytes)
}

#[test]
fn save_then_load_gives_the_same_network_and_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (net, path, _) = saved(&dir);
    let back = Network::load(&path).unwrap();
    assert_eq!(back, net);
    let x = [0.1, 0.9, 0.3, 0.0, 1.0, 0.5, 0.25];
    assert_eq!(back.feedforward(&x), net.feedforward(&x));
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn metadata_is_saved_and_a_second_save_replaces_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (_, path, _) = saved(&dir);
    let other = Network::new(&[4, 2], 1).unwrap();
    let meta = Meta::from([
        ("next_epoch".to_string(), "7".to_string()),
        ("seed".into(), "3".into()),
    ]);
    other.save_with_meta(&path, &meta).unwrap();
    let (back, back_meta) = Network::load_with_meta(&path).unwrap();
    assert_eq!(back, other);
    assert_eq!(back_meta, meta);
    assert!(Network::load_with_meta(&path)
        .unwrap()
        .1
        .contains_key("seed"));
}

fn load_error(dir: &tempfile::TempDir, bytes: &[u8]) -> String {
    let path = dir.path().join("damaged.nn");
    std::fs::write(&path, bytes).unwrap();
    let e = Network::load(&path).unwrap_err().to_string();
    assert!(
        e.starts_with(&path.display().to_string()),
        "the message names the file: {e}"
    );
    assert!(!e.contains('\n'), "one line: {e}");
    e
}

#[test]
fn damaged_files_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, good) = saved(&dir);

    assert!(load_error(&dir, b"").contains("not an nndl network file"));
    assert!(load_error(&dir, b"PK\x03\x04 something else").contains("wrong magic"));

    let mut v2 = good.clone();
    v2[8] = 2;
    assert!(load_error(&dir, &v2).contains("format version 2 is not supported"));

    // Every truncation is refused, none panics.
    for len in (0..good.len()).step_by(7).chain([good.len() - 1]) {
        let e = load_error(&dir, &good[..len]);
        assert!(
            e.contains("truncated") || e.contains("not an nndl"),
            "{len}: {e}"
        );
    }

    // Any flipped byte after the magic and version is caught.
    for at in (12..good.len()).step_by(11) {
        let mut bad = good.clone();
        bad[at] ^= 0x40;
        let e = load_error(&dir, &bad);
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
    assert!(load_error(&dir, &longer).contains("unexpected bytes"));

    // A header announcing an absurd size does not make us allocate it.
    let mut huge = good.clone();
    huge[20..28].copy_from_slice(&u64::MAX.to_le_bytes());
    load_error(&dir, &huge);

    let missing = dir.path().join("nowhere.nn");
    let err = Network::load(&missing).unwrap_err();
    let e = err.to_string();
    assert!(e.contains("nowhere.nn"), "{e}");
    // The OS's words are part of the one-line message, so not also a source that
    // `{:#}` or an error-chain printer would append a second time.
    let Error::Io { error, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(e.ends_with(&error.to_string()), "{e}");
    assert!(std::error::Error::source(&err).is_none());
}

#[test]
fn saving_into_a_missing_directory_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let net = Network::new(&[2, 2], 0).unwrap();
    let e = net
        .save(dir.path().join("no/such/dir/net.nn"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("net.nn"), "{e}");
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
    let dir = tempfile::tempdir().unwrap();
    let net = Network::new(&[6, 4, 3], 8).unwrap();
    let path = dir.path().join("net.safetensors");
    net.export_safetensors(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    let net = Network::new(&[5, 3, 2], 4).unwrap();
    let exports: Vec<Vec<u8>> = (0..5)
        .map(|i| {
            let path = dir.path().join(format!("net{i}.safetensors"));
            net.export_safetensors(&path).unwrap();
            std::fs::read(&path).unwrap()
        })
        .collect();
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
