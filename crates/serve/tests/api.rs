//! The API over real HTTP on loopback: MNIST test digits are read through it,
//! drawings are kept, and thousands of hostile requests get 4xx answers while the
//! server keeps serving.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use image::{GrayImage, ImageFormat, Luma};
use nndl_mnist::{Dataset, Mnist, Options};
use nndl_nn::{Data, Network, SgdConfig};
use nndl_serve::{App, Epoch, Model, Preset, TrainRequest, Trainer, MAX_BODY};
use serde_json::Value;

/// MNIST's test digits, and a 784-30-10 network trained for one epoch on 20,000 digits.
fn setup() -> &'static (Dataset, Network) {
    static SETUP: OnceLock<(Dataset, Network)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist");
        let mnist = Mnist::load(Options::default().dir(dir)).expect("the bundled MNIST loads");
        let n = 20_000;
        let t = &mnist.training;
        let data = Data::new(&t.inputs[..n * 784], &t.labels[..n], 784).unwrap();
        let mut net = Network::new(&[784, 30, 10], 1).unwrap();
        net.sgd(data, &SgdConfig::new(1, 10, 3.0), None, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        (mnist.test, net)
    })
}

/// A trainer that "trains" at once: one epoch, and the model it started from.
struct Instant;

impl Trainer for Instant {
    fn presets(&self) -> Vec<Preset> {
        vec![Preset {
            name: "instant".into(),
            about: "no training at all".into(),
        }]
    }

    fn train(
        &self,
        _: &TrainRequest,
        _: &std::sync::atomic::AtomicBool,
        on_epoch: &mut dyn FnMut(Epoch, Option<Network>),
    ) -> Result<Model, String> {
        let net = setup().1.clone();
        let epoch = Epoch {
            epoch: 0,
            epochs: 1,
            accuracy: 0.9,
            cost: 0.1,
        };
        on_epoch(epoch, Some(net.clone()));
        Ok(Model::new(net, "instant.nndl".into(), Some(0.9)))
    }
}

/// A server on a free loopback port, keeping drawings in its own folder.
struct Server {
    url: String,
    saves: PathBuf,
    _dir: tempfile::TempDir,
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("my-digits");
    let model = Model::new(setup().1.clone(), "test.nndl".into(), Some(0.9));
    let app = App::new(model, saves.clone()).with_trainer(Instant);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            nndl_serve::serve(listener, app, std::future::pending())
                .await
                .unwrap();
        });
    });
    let addr = rx.recv().unwrap();
    Server {
        url: format!("http://{addr}"),
        saves,
        _dir: dir,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// POSTs `body` with `content_type`; the status and the JSON answer.
fn post(server: &Server, path: &str, content_type: &str, body: &[u8]) -> (u16, Value) {
    let mut r = agent()
        .post(format!("{}{path}", server.url))
        .header("Content-Type", content_type)
        .send(body)
        .unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, json)
}

fn get(server: &Server, path: &str) -> (u16, String, String) {
    let mut r = agent().get(format!("{}{path}", server.url)).call().unwrap();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        r.status().as_u16(),
        kind,
        r.body_mut().read_to_string().unwrap(),
    )
}

fn png(image: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

/// Test digit `i` as a drawing: dark ink on white, four times larger.
fn drawing(i: usize) -> GrayImage {
    let test = &setup().0;
    let small = GrayImage::from_fn(28, 28, |x, y| {
        Luma([(255.0 * (1.0 - test.image(i)[(y * 28 + x) as usize])).round() as u8])
    });
    image::imageops::resize(&small, 112, 112, image::imageops::FilterType::Triangle)
}

#[test]
fn the_page_and_its_files_are_served_and_nothing_else() {
    let server = start();
    let (status, kind, page) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(page.contains("<canvas id=\"pad\"") && page.contains("/app.js"));
    let (status, kind, script) = get(&server, "/app.js");
    assert_eq!((status, kind.starts_with("text/javascript")), (200, true));
    assert!(script.contains("/api/read"));
    let (status, kind, _) = get(&server, "/style.css");
    assert_eq!((status, kind.starts_with("text/css")), (200, true));
    for path in [
        "/nope",
        "/../Cargo.toml",
        "/assets/app.js",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let (status, _, body) = get(&server, path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("\"error\""), "{path}: {body}");
    }
}

#[test]
fn predict_reads_mnist_test_digits_sent_as_png_and_as_raw_grayscale() {
    let server = start();
    let test = &setup().0;
    let mut right = 0;
    for i in 0..20 {
        let picture = drawing(i);
        let (status, answer) = post(&server, "/api/predict", "image/png", &png(&picture));
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["outputs"].as_array().unwrap().len(), 10);
        assert_eq!(answer["input"].as_array().unwrap().len(), 784);
        assert_eq!(answer["hidden"].as_array().unwrap().len(), 30);
        let digit = answer["digit"].as_u64().unwrap();
        right += usize::from(digit == u64::from(test.label(i)));
        // The same picture as raw bytes gives the same answer.
        let raw = format!(
            "/api/predict?width={}&height={}",
            picture.width(),
            picture.height()
        );
        let (status, again) = post(&server, &raw, "application/octet-stream", picture.as_raw());
        assert_eq!(status, 200, "{again}");
        assert_eq!(again["digit"], answer["digit"]);
    }
    // One epoch reads about 90% of MNIST.
    assert!(right >= 16, "{right} of 20");
}

#[test]
fn read_finds_each_digit_of_a_number_and_where_it_is() {
    let server = start();
    let test = &setup().0;
    let (a, b) = (drawing(0), drawing(1));
    let mut page = GrayImage::from_pixel(300, 140, Luma([255]));
    image::imageops::overlay(&mut page, &a, 20, 10);
    image::imageops::overlay(&mut page, &b, 160, 14);
    let (status, answer) = post(&server, "/api/read", "image/png", &png(&page));
    assert_eq!(status, 200, "{answer}");
    let truth = format!("{}{}", test.label(0), test.label(1));
    assert_eq!(answer["number"], truth.as_str(), "{answer}");
    let digits = answer["digits"].as_array().unwrap();
    let left: Vec<u64> = digits
        .iter()
        .map(|d| d["box"][0].as_u64().unwrap())
        .collect();
    assert!(left[0] >= 20 && left[0] < 160 && left[1] >= 160, "{left:?}");
    assert_eq!(digits[0]["input"].as_array().unwrap().len(), 784);
    // Paper only: a 422 that says so.
    let blank = png(&GrayImage::from_pixel(50, 50, Luma([255])));
    let (status, answer) = post(&server, "/api/read", "image/png", &blank);
    assert_eq!(status, 422);
    assert!(
        answer["error"].as_str().unwrap().contains("no ink"),
        "{answer}"
    );
}

#[test]
fn model_and_weights_describe_the_network() {
    let server = start();
    let (status, _, model) = get(&server, "/api/model");
    assert_eq!(status, 200);
    let model: Value = serde_json::from_str(&model).unwrap();
    assert_eq!(model["sizes"], serde_json::json!([784, 30, 10]));
    assert_eq!(model["parameters"], 784 * 30 + 30 + 30 * 10 + 10);
    assert_eq!(model["source"], "test.nndl");
    let (_, _, weights) = get(&server, "/api/weights");
    let weights: Value = serde_json::from_str(&weights).unwrap();
    assert_eq!(weights["neurons"], 30);
    let rows = weights["weights"].as_array().unwrap();
    assert_eq!(rows.len(), 30);
    assert!(rows.iter().all(|r| r.as_array().unwrap().len() == 784));
}

#[test]
fn kept_drawings_are_numbered_pngs_that_read_back() {
    let server = start();
    let seven = png(&drawing(0));
    for n in 1..=2 {
        let (status, answer) = post(&server, "/api/save?digit=7", "image/png", &seven);
        assert_eq!(status, 200, "{answer}");
        let path = server.saves.join(format!("7_{n}.png"));
        assert_eq!(answer["file"], path.to_str().unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), seven);
    }
    for (query, body) in [
        ("", &seven[..]),
        ("?digit=10", &seven[..]),
        ("?digit=x", &seven[..]),
        ("?digit=3", b"GIF89a not a png"),
        ("?digit=3", &seven[..seven.len() / 2]),
    ] {
        let (status, answer) = post(&server, &format!("/api/save{query}"), "image/png", body);
        assert!((400..500).contains(&status), "{query}: {status} {answer}");
    }
    let kept: Vec<_> = std::fs::read_dir(&server.saves).unwrap().collect();
    assert_eq!(
        kept.len(),
        2,
        "only the two good ones, and no temporary file"
    );
}

#[test]
fn thousands_of_bad_requests_get_4xx_and_the_server_keeps_serving() {
    let server = start();
    let good = png(&drawing(3));
    let mut state = 99u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let endpoints = [
        "/api/predict",
        "/api/read",
        "/api/save?digit=1",
        "/api/predict?width=10&height=10",
    ];
    let kinds = [
        "image/png",
        "application/octet-stream",
        "text/plain",
        "",
        "image/png; charset=x",
    ];
    for k in 0..2000 {
        let body: Vec<u8> = match k % 3 {
            // Random bytes.
            0 => (0..next() % 3000).map(|_| next() as u8).collect(),
            // A good picture cut short.
            1 => good[..next() % good.len()].to_vec(),
            // A good picture with a few bytes changed.
            _ => {
                let mut b = good.clone();
                for _ in 0..4 {
                    let i = next() % b.len();
                    b[i] = next() as u8;
                }
                b
            }
        };
        let path = endpoints[k % endpoints.len()];
        let kind = kinds[next() % kinds.len()];
        let mut r = agent()
            .post(format!("{}{path}", server.url))
            .header("Content-Type", kind)
            .send(&body[..])
            .unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        // A changed byte may leave a readable picture: then a 200 is right.
        assert!(status < 500, "{path} {kind}: {status} {text}");
        if status >= 400 {
            let json: Value = serde_json::from_str(&text).unwrap();
            assert!(json["error"].is_string(), "{text}");
        }
    }
    let too_big = vec![0u8; MAX_BODY + 1];
    let (status, _) = post(&server, "/api/predict", "image/png", &too_big);
    assert_eq!(status, 413);
    let (status, answer) = post(&server, "/api/predict", "image/png", &good);
    assert_eq!(status, 200, "{answer}");
}

#[test]
fn a_run_started_by_the_api_is_streamed_and_then_served() {
    let server = start();
    let (status, answer) = post(
        &server,
        "/api/train",
        "application/json",
        br#"{"preset": "instant"}"#,
    );
    assert_eq!(status, 202, "{answer}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, _, text) = get(&server, "/api/train");
        let run: Value = serde_json::from_str(&text).unwrap();
        if run["running"] == false && text.contains("\"done\"") {
            let kinds: Vec<&str> = run["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["kind"].as_str().unwrap())
                .collect();
            assert_eq!(kinds, ["started", "epoch", "done"]);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{text}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let (_, _, model) = get(&server, "/api/model");
    assert!(model.contains("instant.nndl"), "{model}");
    let (status, _, weights) = get(&server, "/api/train/weights");
    assert_eq!(status, 200);
    assert!(weights.contains("\"neurons\":30"));
    for (body, words) in [
        (
            &br#"{"preset": "nope"}"#[..],
            "preset must be one of instant",
        ),
        (
            br#"{"preset": "instant", "epochs": 100000}"#,
            "epochs must be from 1 to 200",
        ),
        (br#"{"preset": "instant", "eta": -1}"#, "eta must be"),
        (
            br#"{"preset": "instant", "colour": "red"}"#,
            "unknown field",
        ),
        (br#"[1, 2, 3]"#, "a JSON object"),
    ] {
        let (status, answer) = post(&server, "/api/train", "application/json", body);
        assert_eq!(status, 400, "{answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(words),
            "{answer}"
        );
    }
}
