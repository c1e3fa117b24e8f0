//! The known facts about the bundled MNIST files (data/mnist/ of the nndl
//! workspace, or $MNIST_DIR).

use nndl_mnist::{idx, FileNames, Mnist, Options, Split};

const TRAIN_COUNTS: [usize; 10] = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS: [usize; 10] = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

fn dir() -> std::path::PathBuf {
    nndl_mnist::locate(None).expect("bundled MNIST")
}

#[test]
fn raw_files_have_the_documented_shapes() {
    let d = dir();
    let train = idx::read_u8_images(d.join("train-images-idx3-ubyte.gz")).unwrap();
    assert_eq!((train.count, train.rows, train.cols), (60_000, 28, 28));
    assert_eq!(train.pixels.len(), 60_000 * 784);
    let test = idx::read_u8_images(d.join("t10k-images-idx3-ubyte.gz")).unwrap();
    assert_eq!((test.count, test.rows, test.cols), (10_000, 28, 28));
    let labels = idx::read_u8_labels(d.join("train-labels-idx1-ubyte.gz")).unwrap();
    assert_eq!(labels[..6], [5, 0, 4, 1, 9, 2]);
    let mut counts = [0usize; 10];
    labels.iter().for_each(|&l| counts[usize::from(l)] += 1);
    assert_eq!(counts, TRAIN_COUNTS);
    let test_labels = idx::read_u8_labels(d.join("t10k-labels-idx1-ubyte.gz")).unwrap();
    let mut counts = [0usize; 10];
    test_labels
        .iter()
        .for_each(|&l| counts[usize::from(l)] += 1);
    assert_eq!(counts, TEST_COUNTS);
}

#[test]
fn book_split_is_50k_10k_10k() {
    let data = nndl_mnist::load().unwrap();
    assert_eq!(data.training.len(), 50_000);
    assert_eq!(data.validation.len(), 10_000);
    assert_eq!(data.test.len(), 10_000);
    for set in [&data.training, &data.validation, &data.test] {
        assert_eq!((set.rows, set.cols, set.input_size()), (28, 28, 784));
        assert_eq!(set.inputs.len(), set.len() * 784);
        assert!(set.inputs.iter().all(|&p| (0.0..=1.0).contains(&p)));
    }
    assert_eq!(data.training.labels[..6], [5, 0, 4, 1, 9, 2]);
    assert_eq!(data.test.label_counts(10), TEST_COUNTS);
    let mut train_counts = data.training.label_counts(10);
    for (c, v) in train_counts
        .iter_mut()
        .zip(data.validation.label_counts(10))
    {
        *c += v;
    }
    assert_eq!(train_counts, TRAIN_COUNTS);
}

#[test]
fn pixels_are_the_file_bytes_over_255() {
    let d = dir();
    let raw = idx::read_u8_images(d.join("t10k-images-idx3-ubyte.gz")).unwrap();
    let set = nndl_mnist::load_pair(
        d.join("t10k-images-idx3-ubyte.gz"),
        d.join("t10k-labels-idx1-ubyte.gz"),
        10,
    )
    .unwrap();
    assert!(raw
        .pixels
        .iter()
        .zip(&set.inputs)
        .all(|(&b, &x)| x == f32::from(b) / 255.0));
    // The first test image, a 7, has ink (1.0 somewhere) and background (0.0).
    assert_eq!(set.labels[0], 7);
    assert!(set.image(0).contains(&1.0) && set.image(0).contains(&0.0));
}

#[test]
fn validation_is_the_tail_of_the_training_file() {
    let all = Mnist::load(Options::default().split(Split::AllTraining)).unwrap();
    assert_eq!((all.training.len(), all.validation.len()), (60_000, 0));
    let custom = Mnist::load(Options::default().split(Split::Validation(1_234))).unwrap();
    assert_eq!(custom.training.len(), 60_000 - 1_234);
    assert_eq!(custom.validation, all.training.subset(60_000 - 1_234..));
    assert_eq!(custom.training, all.training.subset(60_000 - 1_234));
}

#[test]
fn a_split_larger_than_the_file_is_an_error_naming_it() {
    let err = Mnist::load(Options::default().split(Split::Validation(60_001))).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("train-images-idx3-ubyte"), "{msg}");
    assert!(msg.contains("60001"), "{msg}");
}

#[test]
fn verify_passes_on_the_bundled_files() {
    let checks = nndl_mnist::verify(dir()).unwrap();
    assert_eq!(checks.len(), 4);
    assert!(checks.iter().all(|c| c.ok()));
}

#[test]
fn wrong_prefix_reports_the_missing_directory() {
    let err =
        Mnist::load(Options::default().files(FileNames::with_prefix("no-such-set"))).unwrap_err();
    assert!(
        matches!(err, nndl_mnist::Error::DataNotFound { .. }),
        "{err}"
    );
}
