//! One test per error kind: the right variant, and a one-line message that
//! names the file.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::{write::GzEncoder, Compression};
use nndl_mnist::idx::{read_idx_file, read_u8_images, read_u8_labels, write_idx, write_idx_file};
use nndl_mnist::idx::{IdxArray, IdxData};
use nndl_mnist::{load_pair, Error, Mnist, Options, Split};

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn idx(array: &IdxArray) -> Vec<u8> {
    let mut out = Vec::new();
    write_idx(&mut out, array).unwrap();
    out
}

fn images(count: usize, rows: usize, cols: usize) -> Vec<u8> {
    idx(&IdxArray {
        dims: vec![count, rows, cols],
        data: IdxData::U8((0..count * rows * cols).map(|i| i as u8).collect()),
    })
}

fn labels(values: &[u8]) -> Vec<u8> {
    idx(&IdxArray {
        dims: vec![values.len()],
        data: IdxData::U8(values.to_vec()),
    })
}

/// The message is one line and names `path`.
fn names(err: &Error, path: &Path) {
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "not one line: {msg}");
    assert!(
        msg.contains(&path.display().to_string()),
        "{msg} does not name {}",
        path.display()
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let d = Dir::new();
    let path = d.path().join("nope-idx1-ubyte");
    let err = read_idx_file(&path).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    names(&err, &path);
    // The OS's words are in the message once, and not again as a source that
    // `{:#}` or an error-chain printer would append.
    let Error::Io { error, .. } = &err else {
        unreachable!()
    };
    assert!(err.to_string().ends_with(&error.to_string()), "{err}");
    assert!(std::error::Error::source(&err).is_none());
}

#[test]
fn corrupt_gzip_is_a_gzip_error() {
    let d = Dir::new();
    // A gzip header, then a DEFLATE block of the reserved type 3.
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    gz.extend([0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let path = d.file("bad.gz", &gz);
    let err = read_idx_file(&path).unwrap_err();
    assert!(matches!(err, Error::Gzip { .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn gzip_crc_mismatch_is_a_gzip_error() {
    let d = Dir::new();
    let mut gz = gzip(&labels(&[1, 2, 3]));
    let n = gz.len();
    gz[n - 8] ^= 0xff; // the CRC32 in the trailer
    let path = d.file("crc.gz", &gz);
    let err = read_idx_file(&path).unwrap_err();
    assert!(matches!(err, Error::Gzip { .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn bad_magic() {
    let d = Dir::new();
    let path = d.file("photo.png", b"\x89PNG\r\n\x1a\n0000");
    let err = read_idx_file(&path).unwrap_err();
    assert!(
        matches!(
            err,
            Error::BadMagic {
                found: [0x89, b'P', b'N', b'G'],
                ..
            }
        ),
        "{err:?}"
    );
    names(&err, &path);
    assert!(err.to_string().contains("89 50 4e 47"), "{err}");
}

#[test]
fn unknown_type_code() {
    let d = Dir::new();
    let path = d.file("t", &[0, 0, 0x0A, 1, 0, 0, 0, 1, 7]);
    let err = read_idx_file(&path).unwrap_err();
    assert!(
        matches!(err, Error::UnknownType { code: 0x0A, .. }),
        "{err:?}"
    );
    names(&err, &path);
}

#[test]
fn zero_or_absurd_rank() {
    let d = Dir::new();
    let path = d.file("r0", &[0, 0, 8, 0]);
    let err = read_idx_file(&path).unwrap_err();
    assert!(matches!(err, Error::BadRank { rank: 0, .. }), "{err:?}");
    names(&err, &path);
    let path = d.file("r200", &[0, 0, 8, 200]);
    let err = read_idx_file(&path).unwrap_err();
    assert!(matches!(err, Error::BadRank { rank: 200, .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn zero_dimension() {
    let d = Dir::new();
    let path = d.file("z", &[0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 0]);
    let err = read_idx_file(&path).unwrap_err();
    assert!(matches!(err, Error::ZeroDimension { .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn dimensions_whose_product_overflows() {
    let d = Dir::new();
    let mut bytes = vec![0, 0, 0x0E, 3];
    for _ in 0..3 {
        bytes.extend(u32::MAX.to_be_bytes());
    }
    let path = d.file("huge", &bytes);
    let err = read_idx_file(&path).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn truncated_header() {
    let d = Dir::new();
    for bytes in [&[0u8, 0][..], &[0, 0, 8, 3, 0, 0, 0, 1, 0, 0]] {
        let path = d.file("short", bytes);
        let err = read_idx_file(&path).unwrap_err();
        assert!(matches!(err, Error::TruncatedHeader { .. }), "{err:?}");
        names(&err, &path);
    }
}

#[test]
fn truncated_data_plain_and_gzipped() {
    let d = Dir::new();
    let full = images(3, 4, 4);
    let cut = &full[..full.len() - 5];
    for (name, bytes) in [("cut", cut.to_vec()), ("cut.gz", gzip(cut))] {
        let path = d.file(name, &bytes);
        let err = read_u8_images(&path).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Truncated {
                    expected: 48,
                    found: 43,
                    ..
                }
            ),
            "{name}: {err:?}"
        );
        names(&err, &path);
    }
}

#[test]
fn a_cut_gzip_stream_is_truncated_or_corrupt_never_ok() {
    let d = Dir::new();
    let gz = gzip(&images(20, 8, 8));
    for keep in [gz.len() / 2, gz.len() - 4, gz.len() - 1] {
        let path = d.file("cut.gz", &gz[..keep]);
        let err = read_u8_images(&path).unwrap_err();
        assert!(
            matches!(err, Error::Truncated { .. } | Error::Gzip { .. }),
            "{keep}: {err:?}"
        );
        names(&err, &path);
    }
}

#[test]
fn a_cut_gzip_stream_counts_the_bytes_it_did_inflate() {
    // Everything written before a sync flush inflates on its own; cut the
    // stream there and the rest is missing, mid-way through a read chunk.
    let full = images(100, 28, 28);
    let kept = 16 + 1000;
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(&full[..kept]).unwrap();
    e.flush().unwrap();
    let cut = e.get_ref().len();
    e.write_all(&full[kept..]).unwrap();
    let gz = e.finish().unwrap();
    let d = Dir::new();
    let path = d.file("cut.gz", &gz[..cut]);
    let err = read_u8_images(&path).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Truncated {
                expected: 78_400,
                found: 1000,
                ..
            }
        ),
        "{err:?}"
    );
    names(&err, &path);
}

#[test]
fn trailing_bytes_plain_and_gzipped() {
    let d = Dir::new();
    let mut long = labels(&[1, 2, 3]);
    long.extend([9, 9]);
    for (name, bytes) in [("long", long.clone()), ("long.gz", gzip(&long))] {
        let path = d.file(name, &bytes);
        let err = read_u8_labels(&path).unwrap_err();
        assert!(
            matches!(err, Error::TrailingBytes { extra: 2, .. }),
            "{name}: {err:?}"
        );
        names(&err, &path);
    }
}

#[test]
fn wrong_element_type() {
    let d = Dir::new();
    let path = d.file(
        "i16",
        &idx(&IdxArray {
            dims: vec![1, 2, 2],
            data: IdxData::I16(vec![1, 2, 3, 4]),
        }),
    );
    let err = read_u8_images(&path).unwrap_err();
    assert!(matches!(err, Error::WrongType { .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn wrong_shape() {
    let d = Dir::new();
    let path = d.file("labels-as-images", &labels(&[1, 2, 3]));
    let err = read_u8_images(&path).unwrap_err();
    assert!(matches!(err, Error::WrongShape { .. }), "{err:?}");
    names(&err, &path);
    let path = d.file("images-as-labels", &images(2, 2, 2));
    let err = read_u8_labels(&path).unwrap_err();
    assert!(matches!(err, Error::WrongShape { .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn inconsistent_arrays_are_not_written() {
    let d = Dir::new();
    let path = d.path().join("out.idx");
    let bad = IdxArray {
        dims: vec![2, 3],
        data: IdxData::U8(vec![0; 5]),
    };
    let err = write_idx_file(&path, &bad).unwrap_err();
    assert!(
        matches!(
            err,
            Error::LengthMismatch {
                expected: 6,
                found: 5,
                ..
            }
        ),
        "{err:?}"
    );
    names(&err, &path);
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    let err = write_idx(Vec::new(), &bad).unwrap_err();
    assert!(err.to_string().starts_with("<output>: "), "{err}");
    let empty = IdxArray {
        dims: vec![],
        data: IdxData::U8(vec![]),
    };
    assert!(matches!(
        write_idx(Vec::new(), &empty),
        Err(Error::BadRank { rank: 0, .. })
    ));
}

#[test]
fn label_out_of_range() {
    let d = Dir::new();
    let imgs = d.file("imgs", &images(3, 2, 2));
    let lbls = d.file("lbls", &labels(&[1, 10, 2]));
    let err = load_pair(&imgs, &lbls, 10).unwrap_err();
    assert!(
        matches!(
            err,
            Error::LabelOutOfRange {
                index: 1,
                label: 10,
                classes: 10,
                ..
            }
        ),
        "{err:?}"
    );
    names(&err, &lbls);
    assert_eq!(load_pair(&imgs, &lbls, 11).unwrap().labels, [1, 10, 2]);
}

#[test]
fn image_label_count_mismatch_names_both_files() {
    let d = Dir::new();
    let imgs = d.file("imgs", &images(3, 2, 2));
    let lbls = d.file("lbls", &labels(&[1, 2]));
    let err = load_pair(&imgs, &lbls, 10).unwrap_err();
    assert!(
        matches!(
            err,
            Error::CountMismatch {
                images_count: 3,
                labels_count: 2,
                ..
            }
        ),
        "{err:?}"
    );
    names(&err, &imgs);
    names(&err, &lbls);
}

/// A data directory of tiny MNIST-named files: `train` training images of
/// `size`×`size` and 2 test images of `test_size`×`test_size`.
fn tiny_set(d: &Dir, train: usize, size: usize, test_size: usize) {
    let train_labels: Vec<u8> = (0..train).map(|i| (i % 10) as u8).collect();
    d.file(
        "train-images-idx3-ubyte.gz",
        &gzip(&images(train, size, size)),
    );
    d.file("train-labels-idx1-ubyte", &labels(&train_labels));
    d.file("t10k-images-idx3-ubyte", &images(2, test_size, test_size));
    d.file("t10k-labels-idx1-ubyte.gz", &gzip(&labels(&[3, 4])));
}

#[test]
fn any_image_size_and_mixed_gzip_load() {
    let d = Dir::new();
    tiny_set(&d, 12, 5, 5);
    let data = Mnist::load(Options::default().dir(d.path()).split(Split::Validation(4))).unwrap();
    assert_eq!(
        (data.training.len(), data.validation.len(), data.test.len()),
        (8, 4, 2)
    );
    assert_eq!(data.training.input_size(), 25);
    assert_eq!(data.validation.labels, [8, 9, 0, 1]);
    assert_eq!(data.test.image(1)[0], f32::from(25u8) / 255.0);
}

#[test]
fn training_and_test_image_sizes_must_agree() {
    let d = Dir::new();
    tiny_set(&d, 4, 3, 2);
    let err = Mnist::load(Options::default().dir(d.path()).split(Split::AllTraining)).unwrap_err();
    assert!(matches!(err, Error::ImageSizeMismatch { .. }), "{err:?}");
    names(&err, &d.path().join("train-images-idx3-ubyte.gz"));
    names(&err, &d.path().join("t10k-images-idx3-ubyte"));
}

#[test]
fn a_validation_set_larger_than_the_training_file() {
    let d = Dir::new();
    tiny_set(&d, 4, 3, 3);
    let err = Mnist::load(Options::default().dir(d.path())).unwrap_err();
    assert!(
        matches!(
            err,
            Error::BadSplit {
                validation: 10_000,
                available: 4,
                ..
            }
        ),
        "{err:?}"
    );
    names(&err, &d.path().join("train-images-idx3-ubyte.gz"));
}

#[test]
fn a_missing_file_in_the_data_directory() {
    let d = Dir::new();
    tiny_set(&d, 4, 3, 3);
    std::fs::remove_file(d.path().join("t10k-labels-idx1-ubyte.gz")).unwrap();
    let err = Mnist::load(Options::default().dir(d.path())).unwrap_err();
    assert!(matches!(err, Error::MissingFile { .. }), "{err:?}");
    names(&err, d.path());
    assert!(err.to_string().contains("t10k-labels-idx1-ubyte"), "{err}");
}

#[test]
fn an_explicit_directory_without_data() {
    let d = Dir::new();
    let err = Mnist::load(Options::default().dir(d.path())).unwrap_err();
    assert!(matches!(err, Error::DataNotFound { .. }), "{err:?}");
    names(&err, d.path());
    assert!(err.to_string().contains("fetch-mnist"), "{err}");
}

#[test]
fn a_malformed_sums_file() {
    let d = Dir::new();
    tiny_set(&d, 4, 3, 3);
    let path = d.file(
        "SHA256SUMS",
        b"# sums\nnot-a-sum  train-images-idx3-ubyte\n",
    );
    let err = nndl_mnist::verify(d.path()).unwrap_err();
    assert!(matches!(err, Error::BadSumsFile { line: 2, .. }), "{err:?}");
    names(&err, &path);
}

#[test]
fn checksum_mismatch_lists_every_bad_file() {
    let d = Dir::new();
    tiny_set(&d, 4, 3, 3);
    let err = nndl_mnist::verify(d.path()).unwrap_err();
    let Error::ChecksumMismatch { mismatches } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(mismatches.len(), 4);
    for m in mismatches {
        names(&err, &m.path);
    }
}

#[test]
fn verify_uses_the_sums_file_when_present() {
    let d = Dir::new();
    tiny_set(&d, 4, 3, 3);
    let mut sums = String::new();
    for name in [
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    ] {
        let file = nndl_mnist::find_file(d.path(), name).unwrap();
        sums.push_str(&format!(
            "{}  {name}\n",
            nndl_mnist::sha256_decompressed(&file).unwrap()
        ));
    }
    d.file("SHA256SUMS", sums.as_bytes());
    let checks = nndl_mnist::verify(d.path()).unwrap();
    assert!(checks.iter().all(|c| c.ok()));
}

#[test]
fn readers_that_are_not_files_are_called_input() {
    let err = nndl_mnist::idx::read_idx(&b"PK\x03\x04"[..]).unwrap_err();
    assert!(
        err.to_string().starts_with("<input>: not an IDX file"),
        "{err}"
    );
}

#[test]
fn append_pair_adds_to_a_set_or_leaves_it_as_it_was() {
    let d = Dir::new();
    let imgs = d.file("imgs", &images(3, 2, 2));
    let lbls = d.file("lbls", &labels(&[1, 10, 2]));
    let mut set = load_pair(&imgs, &lbls, 11).unwrap();
    let before = set.clone();
    // Labels out of range, and images of another size, are refused; nothing is added.
    assert!(matches!(
        set.append_pair(&imgs, &lbls, 10),
        Err(Error::LabelOutOfRange { .. })
    ));
    let wide = d.file("wide", &images(3, 2, 3));
    let err = set.append_pair(&wide, &lbls, 11).unwrap_err();
    assert!(matches!(err, Error::WrongShape { .. }), "{err:?}");
    names(&err, &wide);
    assert_eq!(set, before);
    // The same pair again: twice the images, in order.
    assert_eq!(set.append_pair(&imgs, &lbls, 11).unwrap(), 3);
    assert_eq!(set.labels, [1, 10, 2, 1, 10, 2]);
    assert_eq!(
        set.inputs,
        [&before.inputs[..], &before.inputs[..]].concat()
    );
    assert_eq!((set.rows, set.cols), (2, 2));
}
