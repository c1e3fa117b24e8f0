//! `cargo xtask bench-serve`: a bounded load test of `nndl serve`'s API on
//! loopback — C clients send N single-digit predictions in all, and the
//! requests per second and the latency quantiles are printed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use nndl_nn::Network;

use crate::flags;
use nndl_serve::{App, Model};

pub const ABOUT: &str = "load test of nndl serve's /api/predict on loopback (requests/s, p50/p99)";

const HELP: &str = "usage: cargo xtask bench-serve [--model FILE] [--clients C] [--requests N]

Serves FILE (model.nndl) on a free loopback port in this process, then C clients
(16) send N requests (20,000) in all to POST /api/predict, each a 112×112 PNG
of one of MNIST's first 100 test digits, and prints the requests per second and
the 50th, 99th and 100th percentile latencies. Any answer but 200 is an error;
the run fails if there is one.";

pub fn run(args: &[String]) -> Result<(), String> {
    let (mut model, mut clients, mut requests) =
        (PathBuf::from("model.nndl"), 16usize, 20_000usize);
    let go = flags::parse("bench-serve", HELP, args, |flag, value| {
        match flag {
            "--model" => model = PathBuf::from(value()?),
            "--clients" => clients = positive(flag, &value()?)?,
            "--requests" => requests = positive(flag, &value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    if !go {
        return Ok(());
    }
    let bytes = std::fs::read(&model)
        .map_err(|e| format!("{}: {e} (train one with `nndl train`)", model.display()))?;
    let (net, _) = Network::from_bytes(&bytes).map_err(|e| format!("{}: {e}", model.display()))?;
    let pictures = Arc::new(pictures()?);
    let url = start(net, &model)?;
    let per_client = requests.div_ceil(clients);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let (url, pictures) = (url.clone(), Arc::clone(&pictures));
            std::thread::spawn(move || client(&url, &pictures, c, per_client))
        })
        .collect();
    let mut latencies = Vec::with_capacity(clients * per_client);
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.join().map_err(|_| "a client panicked".to_string())?;
        latencies.extend(l);
        errors += e;
    }
    let wall = started.elapsed();
    latencies.sort_unstable();
    let q = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} requests from {clients} clients in {:.2} s: {:.0} requests/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {errors} errors",
        latencies.len(),
        wall.as_secs_f64(),
        latencies.len() as f64 / wall.as_secs_f64(),
        ms(q(0.5)),
        ms(q(0.99)),
        ms(q(1.0)),
    );
    if errors > 0 {
        return Err(format!("{errors} requests failed"));
    }
    Ok(())
}

fn positive(flag: &str, v: &str) -> Result<usize, String> {
    match flags::number(flag, v)? {
        0 => Err(format!("{flag} must be at least 1")),
        n => Ok(n),
    }
}

/// MNIST's first 100 test digits as 112×112 PNGs, dark on white, as a page sends them.
fn pictures() -> Result<Vec<Vec<u8>>, String> {
    let mnist = nndl_mnist::load().map_err(|e| e.to_string())?;
    (0..100)
        .map(|i| {
            let digit = image::GrayImage::from_fn(28, 28, |x, y| {
                image::Luma([(255.0 * (1.0 - mnist.test.image(i)[(y * 28 + x) as usize])) as u8])
            });
            let big =
                image::imageops::resize(&digit, 112, 112, image::imageops::FilterType::Triangle);
            let mut png = Vec::new();
            big.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                .map_err(|e| e.to_string())?;
            Ok(png)
        })
        .collect()
}

/// Starts the server on a free loopback port on its own threads; returns its URL.
fn start(net: Network, model: &std::path::Path) -> Result<String, String> {
    let app = App::new(
        Model::new(net, model.display().to_string(), None),
        std::env::temp_dir(),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a loopback port");
            tx.send(listener.local_addr().expect("an address"))
                .expect("the bench waits");
            let _ = nndl_serve::serve(listener, app, std::future::pending()).await;
        });
    });
    let addr = rx
        .recv()
        .map_err(|_| "the server did not start".to_string())?;
    Ok(format!("http://{addr}/api/predict"))
}

/// One client: `n` requests, one after another, on one connection.
fn client(url: &str, pictures: &[Vec<u8>], c: usize, n: usize) -> (Vec<Duration>, usize) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut latencies = Vec::with_capacity(n);
    let mut errors = 0;
    for k in 0..n {
        let body = &pictures[(c * 7 + k) % pictures.len()];
        let start = Instant::now();
        let ok = agent
            .post(url)
            .header("Content-Type", "image/png")
            .send(&body[..])
            .ok()
            .and_then(|mut r| {
                (r.status() == 200)
                    .then(|| r.body_mut().read_to_vec().ok())
                    .flatten()
            })
            .is_some();
        latencies.push(start.elapsed());
        errors += usize::from(!ok);
    }
    (latencies, errors)
}
