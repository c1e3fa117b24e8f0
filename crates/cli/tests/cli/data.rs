//! `nndl data verify` and `nndl data fetch` (against a server on 127.0.0.1 started here).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use crate::common::*;

const FILES: [&str; 4] = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
];

#[test]
fn the_bundled_data_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(dir.path(), &["data", "verify"]);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("OK  ")).count(),
        4,
        "{text}"
    );
    assert!(text.contains("All 4 MNIST files"), "{text}");
}

#[test]
fn a_damaged_or_missing_file_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("mnist");
    std::fs::create_dir(&copy).unwrap();
    for f in FILES {
        std::fs::copy(data_dir().join(f), copy.join(f)).unwrap();
    }
    // Swap two labels: the file still parses but is no longer MNIST.
    let labels = copy.join("t10k-labels-idx1-ubyte.gz");
    let mut values = nndl_mnist::idx::read_u8_labels(&labels).unwrap();
    assert_ne!(values[0], values[1]);
    values.swap(0, 1);
    let mut raw = vec![0, 0, 8, 1]; // IDX: unsigned bytes, one dimension
    raw.extend_from_slice(&(values.len() as u32).to_be_bytes());
    raw.extend_from_slice(&values);
    std::fs::remove_file(&labels).unwrap();
    std::fs::write(copy.join("t10k-labels-idx1-ubyte"), &raw).unwrap();
    fails(
        dir.path(),
        &["data", "verify", "--data", "mnist"],
        1,
        &["t10k-labels-idx1-ubyte"],
    );
    std::fs::remove_file(copy.join("t10k-labels-idx1-ubyte")).unwrap();
    fails(
        dir.path(),
        &["data", "verify", "--data", "mnist"],
        1,
        &["t10k-labels-idx1-ubyte"],
    );
    fails(
        dir.path(),
        &["data", "verify", "--data", "nowhere"],
        1,
        &["nowhere"],
    );
}

/// Serves the bundled files for `requests` requests on 127.0.0.1, then stops.
fn serve_bundled_files(requests: usize) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut request = String::new();
            BufReader::new(&stream).read_line(&mut request).unwrap();
            let name = request.split_whitespace().nth(1).unwrap_or("/");
            let body =
                std::fs::read(data_dir().join(name.trim_start_matches('/'))).unwrap_or_default();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (format!("http://127.0.0.1:{port}/"), server)
}

#[test]
fn fetch_refuses_bytes_that_are_not_the_original_files() {
    // The bundled files hold MNIST's data but were compressed anew, so as downloads
    // their SHA-256 is not the original .gz files': the fetch must refuse them.
    let (mirror, server) = serve_bundled_files(1);
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        &["data", "fetch", "--data", "got", "--mirror", &mirror],
        1,
        &["train-images-idx3-ubyte.gz", "SHA-256", "127.0.0.1"],
    );
    server.join().unwrap();
    let left: Vec<_> = std::fs::read_dir(dir.path().join("got")).unwrap().collect();
    assert!(left.is_empty(), "no partial file is left: {left:?}");
}

#[test]
fn fetch_keeps_files_that_are_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let got = dir.path().join("got");
    std::fs::create_dir(&got).unwrap();
    for f in FILES {
        std::fs::copy(data_dir().join(f), got.join(f)).unwrap();
    }
    // Nothing listens there: any download attempt would fail.
    let text = ok(
        dir.path(),
        &[
            "data",
            "fetch",
            "--data",
            "got",
            "--mirror",
            "http://127.0.0.1:9/",
        ],
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("Already there: "))
            .count(),
        4,
        "{text}"
    );
    assert!(text.contains("MNIST is ready in got"), "{text}");
}
