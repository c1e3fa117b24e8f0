//! `nndl serve`: the server starts on a free loopback port, answers, trains a model
//! from the API with `nndl train` and then serves it, and stops cleanly on Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn get_json(url: &str) -> serde_json::Value {
    let mut r = agent().get(url).call().unwrap();
    serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap()
}

/// Starts `nndl serve` with `args` and returns it with the URL it printed.
fn start(dir: &std::path::Path, args: &[&str]) -> (Child, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nndl"))
        .current_dir(dir)
        .env("MNIST_DIR", data_dir())
        .arg("serve")
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    (child, url)
}

#[test]
fn serves_trains_from_the_page_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let model = train(p, "model.nndl", 1, 5_000, &["-q"]);
    let (child, url) = start(p, &["--model", model.to_str().unwrap()]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let first = get_json(&format!("{url}/api/model"));
    assert_eq!(first["sizes"], serde_json::json!([784, 30, 10]));
    assert!(first["test_accuracy"].as_f64().unwrap() > 0.5, "{first}");
    let presets = get_json(&format!("{url}/api/train"))["presets"].to_string();
    for name in ["chapter1", "chapter3", "fast", "best"] {
        assert!(presets.contains(name), "{presets}");
    }

    // A one-epoch run on 2,000 images, through `nndl train`.
    let mut r = agent()
        .post(format!("{url}/api/train"))
        .header("Content-Type", "application/json")
        .send(r#"{"preset": "chapter1", "epochs": 1, "train_size": 2000, "hidden": 20}"#)
        .unwrap();
    assert_eq!(
        r.status(),
        202,
        "{}",
        r.body_mut().read_to_string().unwrap()
    );
    let start = Instant::now();
    let status = loop {
        let status = get_json(&format!("{url}/api/train"));
        if status["running"] == false && status["events"].as_array().unwrap().len() > 1 {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "{status}");
        std::thread::sleep(Duration::from_millis(100));
    };
    let kinds: Vec<&str> = status["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["started", "epoch", "done"], "{status}");
    assert!(p.join("trained.nndl").exists());
    let now = get_json(&format!("{url}/api/model"));
    assert_eq!(
        now["sizes"],
        serde_json::json!([784, 20, 10]),
        "the new model is served"
    );
    assert_eq!(now["source"], "trained.nndl");

    // Ctrl-C: the server finishes and says so.
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Stopped."));
}

/// Waits until the run has ended; returns its events.
fn ended(url: &str) -> Vec<serde_json::Value> {
    let start = Instant::now();
    loop {
        let status = get_json(&format!("{url}/api/train"));
        let events = status["events"].as_array().unwrap().clone();
        let last = events
            .last()
            .map(|e| e["kind"].as_str().unwrap().to_string());
        if status["running"] == false && matches!(last.as_deref(), Some("done" | "failed")) {
            return events;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "{status}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_run_stopped_from_the_page_keeps_what_it_saved() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let model = train(p, "model.nndl", 1, 2_000, &["-q"]);
    let (mut child, url) = start(p, &["--model", model.to_str().unwrap()]);
    let post = |path: &str, body: &str| {
        agent()
            .post(format!("{url}{path}"))
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap()
            .status()
            .as_u16()
    };
    // 200 epochs of Chapter 3's run: far longer than the test waits.
    assert_eq!(
        post(
            "/api/train",
            r#"{"preset": "chapter3", "epochs": 200, "train_size": 5000}"#
        ),
        202
    );
    assert_eq!(
        post("/api/train", r#"{"preset": "fast"}"#),
        409,
        "one run at a time"
    );
    let start = Instant::now();
    while !get_json(&format!("{url}/api/train"))["events"]
        .to_string()
        .contains("\"epoch\"")
    {
        assert!(start.elapsed() < Duration::from_secs(60), "no epoch ended");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(post("/api/train/stop", ""), 200);
    let events = ended(&url);
    let done = events.last().unwrap();
    assert_eq!(done["kind"], "done", "{events:?}");
    assert_eq!(done["stopped"], true);
    // The epochs saved before the stop are in the file now served.
    let served = get_json(&format!("{url}/api/model"));
    assert_eq!(served["sizes"], serde_json::json!([784, 100, 10]));
    assert!(served["test_accuracy"].as_f64().unwrap() > 0.5, "{served}");
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn bad_settings_are_refused_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fails(p, &["serve"], 1, &["model.nndl"]);
    fails(p, &["serve", "--addr", "localhost"], 2, &["--addr"]);
    write_model(&p.join("m.nndl"), &[784, 10], 1);
    // A port already taken: a clear error, not a panic.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = listener.local_addr().unwrap().to_string();
    fails(
        p,
        &["serve", "--model", "m.nndl", "--addr", &taken],
        1,
        &["cannot listen on", &taken],
    );
}
