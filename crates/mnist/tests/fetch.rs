//! The downloader against a tiny HTTP server on 127.0.0.1 that each test
//! starts itself: good, corrupt, truncated and missing files. No other
//! network is touched.
#![cfg(feature = "fetch")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nndl_mnist::fetch::{fetch_files, fetch_files_with_progress, RemoteFile};
use sha2::{Digest, Sha256};

/// How the server answers a path.
#[derive(Clone)]
enum Reply {
    /// 200 with the body.
    Ok(Vec<u8>),
    /// 200 announcing `claimed` bytes, sending `body`, then closing.
    Truncated { body: Vec<u8>, claimed: usize },
    /// 404.
    NotFound,
}

/// A one-thread HTTP/1.1 server on 127.0.0.1 that answers from a fixed
/// table, closes every connection after one reply, and stops when dropped or
/// after 30 seconds, whichever comes first.
struct Server {
    base: String,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(routes: Vec<(String, Reply)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(30);
            while !s.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        r.fetch_add(1, Ordering::Relaxed);
                        let _ = answer(stream, &routes);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            base,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, dir: &str) -> String {
        format!("{}/{dir}/", self.base)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(mut stream: TcpStream, routes: &[(String, Reply)]) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 16 * 1024 {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    let request = String::from_utf8_lossy(&request);
    let path = request.split_whitespace().nth(1).unwrap_or("");
    let reply = routes
        .iter()
        .find(|(p, _)| p == path)
        .map_or(Reply::NotFound, |(_, r)| r.clone());
    let (status, body, claimed) = match reply {
        Reply::Ok(body) => ("200 OK", body.clone(), body.len()),
        Reply::Truncated { body, claimed } => ("200 OK", body, claimed),
        Reply::NotFound => ("404 Not Found", b"not here".to_vec(), 8),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {claimed}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Two small files with their sums, standing in for the MNIST `.gz` files.
struct Files {
    contents: Vec<(&'static str, Vec<u8>)>,
    sums: Vec<String>,
}

impl Files {
    fn new() -> Files {
        let contents = vec![
            ("a.gz", (0..5000u32).map(|i| (i * 7 % 251) as u8).collect()),
            ("b.gz", b"the second file".to_vec()),
        ];
        let sums = contents.iter().map(|(_, c)| sha256(c)).collect();
        Files { contents, sums }
    }

    fn remote(&self) -> Vec<RemoteFile<'_>> {
        self.contents
            .iter()
            .zip(&self.sums)
            .map(|((name, _), sum)| RemoteFile {
                name,
                sha256: sum,
                decompressed_sha256: None,
            })
            .collect()
    }

    /// Routes serving every file under `/dir/` with `reply` made from its content.
    fn routes(&self, dir: &str, reply: impl Fn(&[u8]) -> Reply) -> Vec<(String, Reply)> {
        self.contents
            .iter()
            .map(|(name, c)| (format!("/{dir}/{name}"), reply(c)))
            .collect()
    }
}

fn corrupt(c: &[u8]) -> Reply {
    let mut c = c.to_vec();
    c[3] ^= 0x40;
    Reply::Ok(c)
}

fn truncated(c: &[u8]) -> Reply {
    Reply::Truncated {
        body: c[..c.len() / 2].to_vec(),
        claimed: c.len(),
    }
}

/// The names in `dir`, sorted: no temporary file may be left behind.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn downloads_verified_files_from_a_good_mirror() {
    let files = Files::new();
    let server = Server::start(files.routes("good", |c| Reply::Ok(c.to_vec())));
    let dest = tempfile::tempdir().unwrap();
    let target = dest.path().join("new/dir");
    let mut progress_calls = 0;
    let fetched =
        fetch_files_with_progress(&target, &[&server.url("good")], &files.remote(), |p| {
            progress_calls += 1;
            assert!(p.received <= p.total.unwrap());
        })
        .unwrap();
    assert_eq!(fetched.len(), 2);
    for ((name, content), f) in files.contents.iter().zip(&fetched) {
        assert_eq!(std::fs::read(target.join(name)).unwrap(), *content);
        assert_eq!(
            f.from.as_deref(),
            Some(&*format!("{}{name}", server.url("good")))
        );
    }
    assert!(progress_calls >= 2);
    assert_eq!(listing(&target), ["a.gz", "b.gz"]);
    // Readable by all, like any data file, not private like a temporary one.
    #[cfg(unix)]
    for name in ["a.gz", "b.gz"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{name}");
    }
}

#[test]
fn a_corrupt_mirror_is_skipped_for_the_next_one() {
    let files = Files::new();
    let mut routes = files.routes("bad", corrupt);
    routes.extend(files.routes("good", |c| Reply::Ok(c.to_vec())));
    let server = Server::start(routes);
    let dest = tempfile::tempdir().unwrap();
    let fetched = fetch_files(
        dest.path(),
        &[&server.url("bad"), &server.url("good")],
        &files.remote(),
    )
    .unwrap();
    assert!(fetched
        .iter()
        .all(|f| f.from.as_deref().unwrap().contains("/good/")));
    assert_eq!(listing(dest.path()), ["a.gz", "b.gz"]);
    assert_eq!(server.requests(), 4);
}

#[test]
fn a_truncated_transfer_is_skipped_for_the_next_one() {
    let files = Files::new();
    let mut routes = files.routes("cut", truncated);
    routes.extend(files.routes("good", |c| Reply::Ok(c.to_vec())));
    let server = Server::start(routes);
    let dest = tempfile::tempdir().unwrap();
    fetch_files(
        dest.path(),
        &[&server.url("cut"), &server.url("good")],
        &files.remote(),
    )
    .unwrap();
    for (name, content) in &files.contents {
        assert_eq!(std::fs::read(dest.path().join(name)).unwrap(), *content);
    }
    assert_eq!(listing(dest.path()), ["a.gz", "b.gz"]);
}

#[test]
fn when_every_mirror_fails_nothing_is_written_and_the_error_says_why() {
    let files = Files::new();
    let mut routes = files.routes("bad", corrupt);
    routes.extend(files.routes("cut", truncated));
    let server = Server::start(routes);
    // A port that was free a moment ago: connection refused.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/", l.local_addr().unwrap())
    };
    let dest = tempfile::tempdir().unwrap();
    // An old file stays as it was until a verified replacement exists.
    std::fs::write(dest.path().join("a.gz"), b"old").unwrap();
    let mirrors = [
        server.url("bad"),
        server.url("cut"),
        server.url("missing"),
        closed,
    ];
    let mirrors: Vec<&str> = mirrors.iter().map(String::as_str).collect();
    let err = fetch_files(dest.path(), &mirrors, &files.remote()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, nndl_mnist::Error::Download { .. }));
    assert!(msg.starts_with("a.gz: "), "{msg}");
    assert!(msg.contains("SHA-256"), "{msg}");
    assert!(msg.contains("transfer failed"), "{msg}");
    assert!(msg.contains("404"), "{msg}");
    for m in &mirrors {
        assert!(msg.contains(m), "{msg} lacks {m}");
    }
    assert!(!msg.contains('\n'), "{msg}");
    assert_eq!(std::fs::read(dest.path().join("a.gz")).unwrap(), b"old");
    assert_eq!(listing(dest.path()), ["a.gz"]);
}

#[test]
fn files_already_present_are_not_downloaded_again() {
    let files = Files::new();
    let server = Server::start(files.routes("good", |c| Reply::Ok(c.to_vec())));
    let dest = tempfile::tempdir().unwrap();
    for (name, content) in &files.contents {
        std::fs::write(dest.path().join(name), content).unwrap();
    }
    let fetched = fetch_files(dest.path(), &[&server.url("good")], &files.remote()).unwrap();
    assert!(fetched.iter().all(|f| f.from.is_none()));
    assert_eq!(server.requests(), 0);
}

#[test]
fn a_recompressed_copy_with_the_right_content_counts_as_present() {
    use flate2::{write::GzEncoder, Compression};
    let raw = b"IDX bytes, compressed two different ways".to_vec();
    let gz = |level| {
        let mut e = GzEncoder::new(Vec::new(), Compression::new(level));
        e.write_all(&raw).unwrap();
        e.finish().unwrap()
    };
    let (served, local) = (gz(9), gz(1));
    assert_ne!(served, local);
    let served_sum = sha256(&served);
    let raw_sum = sha256(&raw);
    let server = Server::start(vec![("/m/x.gz".to_string(), Reply::Ok(served))]);
    let dest = tempfile::tempdir().unwrap();
    std::fs::write(dest.path().join("x.gz"), &local).unwrap();
    let file = RemoteFile {
        name: "x.gz",
        sha256: &served_sum,
        decompressed_sha256: Some(&raw_sum),
    };
    let fetched = fetch_files(dest.path(), &[&server.url("m")], &[file]).unwrap();
    assert_eq!(fetched[0].from, None);
    assert_eq!(std::fs::read(dest.path().join("x.gz")).unwrap(), local);
    assert_eq!(server.requests(), 0);
}

#[test]
fn a_wrong_local_file_is_replaced_by_a_verified_download() {
    let files = Files::new();
    let server = Server::start(files.routes("good", |c| Reply::Ok(c.to_vec())));
    let dest = tempfile::tempdir().unwrap();
    std::fs::write(dest.path().join("a.gz"), b"stale").unwrap();
    fetch_files(dest.path(), &[&server.url("good")], &files.remote()).unwrap();
    assert_eq!(
        std::fs::read(dest.path().join("a.gz")).unwrap(),
        files.contents[0].1
    );
    assert_eq!(listing(dest.path()), ["a.gz", "b.gz"]);
}

#[test]
fn no_mirrors_is_an_error() {
    let files = Files::new();
    let dest = tempfile::tempdir().unwrap();
    let err = fetch_files(dest.path(), &[], &files.remote()).unwrap_err();
    assert!(err.to_string().contains("no mirror"), "{err}");
}

#[test]
fn the_default_mirrors_are_https() {
    assert!(!nndl_mnist::fetch::DEFAULT_MIRRORS.is_empty());
    assert!(nndl_mnist::fetch::DEFAULT_MIRRORS
        .iter()
        .all(|m| m.starts_with("https://")));
}
