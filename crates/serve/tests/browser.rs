//! The page in real, headless Chromium (Debian's `chromium`), driven over the
//! DevTools protocol: MNIST test digits are traced on the canvas with mouse
//! events and with touch on a phone-sized screen, drawn small in a corner and
//! large in the middle, with a fine pen, and two at once to make a number, and a
//! network is trained from the Train tab; the page must show
//! what a person would expect. Screenshots go to `target/browser/`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::emulation::{
    SetDeviceMetricsOverrideParams, SetTouchEmulationEnabledParams,
};
use chromiumoxide::cdp::browser_protocol::input::{
    DispatchMouseEventParams, DispatchMouseEventType, DispatchTouchEventParams,
    DispatchTouchEventType, MouseButton, TouchPoint,
};
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures::StreamExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use nndl_mnist::{Mnist, Options};
use nndl_nn::{Data, Network, SgdConfig};
use nndl_serve::{App, Epoch, Model, Preset, TrainRequest, Trainer};

/// The canvas's size in its own pixels (see index.html).
const PAD: (f64, f64) = (560.0, 280.0);

fn chromium() -> PathBuf {
    let path = std::env::var_os("NNDL_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "the browser tests need Chromium at {}: `apt-get install chromium`, or run `cargo xtask test`, which installs it; NNDL_CHROMIUM names another",
        path.display()
    );
    path
}

/// MNIST, and a 784-30-10 network trained for three epochs on 20,000 training
/// digits (about 93% right).
fn setup() -> (Arc<Mnist>, Network) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist");
    let mnist = Mnist::load(Options::default().dir(dir)).expect("the bundled MNIST loads");
    let mut net = Network::new(&[784, 30, 10], 1).unwrap();
    net.sgd(
        training(&mnist, 20_000),
        &SgdConfig::new(3, 10, 3.0),
        None,
        &mut |_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap();
    (Arc::new(mnist), net)
}

fn training(mnist: &Mnist, n: usize) -> Data<'_> {
    let t = &mnist.training;
    Data::new(&t.inputs[..n * 784], &t.labels[..n], 784).unwrap()
}

/// The Train tab's runs, in this process: Chapter 1's network on the first
/// `train_size` training digits, scored on 2,000 test digits after each epoch.
struct InProcess(Arc<Mnist>);

impl Trainer for InProcess {
    fn presets(&self) -> Vec<Preset> {
        vec![Preset {
            name: "chapter1".into(),
            about: "784-30-10, η = 3.0, m = 10".into(),
        }]
    }

    fn train(
        &self,
        request: &TrainRequest,
        stop: &AtomicBool,
        on_epoch: &mut dyn FnMut(Epoch, Option<Network>),
    ) -> Result<Model, String> {
        let epochs = request.epochs.unwrap_or(1);
        let data = training(&self.0, request.train_size.unwrap_or(5000));
        let t = &self.0.test;
        let test = Data::new(&t.inputs[..2000 * 784], &t.labels[..2000], 784).unwrap();
        let mut net = Network::new(&[784, request.hidden.unwrap_or(30), 10], 1).unwrap();
        let mut accuracy = 0.0;
        for epoch in 0..epochs {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let cfg = SgdConfig {
                epochs: epoch + 1,
                start_epoch: epoch,
                ..SgdConfig::new(epochs, 10, request.eta.unwrap_or(3.0))
            };
            net.sgd(data, &cfg, None, &mut |_| {
                std::ops::ControlFlow::Continue(())
            })
            .map_err(|e| e.to_string())?;
            accuracy = net.evaluate(test).unwrap() as f64 / 2000.0;
            let report = Epoch {
                epoch,
                epochs,
                accuracy,
                cost: 0.0,
            };
            on_epoch(report, Some(net.clone()));
        }
        Ok(Model::new(net, "trained-in-test".into(), Some(accuracy)))
    }
}

fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The value of JavaScript `js` on `page`.
async fn eval<T: serde::de::DeserializeOwned>(page: &Page, js: impl Into<String>) -> T {
    let js = js.into();
    page.evaluate(js.as_str())
        .await
        .unwrap_or_else(|e| panic!("{js}: {e}"))
        .into_value()
        .unwrap_or_else(|e| panic!("{js}: {e}"))
}

/// How a stroke is put on the page.
#[derive(Clone, Copy, PartialEq)]
enum Pointer {
    Mouse,
    Touch,
}

/// The canvas: its place on the page in CSS pixels, and the CSS pixels per canvas pixel.
async fn pad_place(page: &Page) -> (f64, f64, f64) {
    let rect: Vec<f64> = eval(page, "(() => { const r = document.getElementById('pad').getBoundingClientRect(); return [r.left, r.top, r.width]; })()").await;
    (rect[0], rect[1], rect[2] / PAD.0)
}

/// `Input.dispatchTouchEvent` of type touchEnd. The generated parameters leave out
/// an empty list of touch points, which Chromium then refuses; the protocol wants
/// the empty list sent.
#[derive(Debug, serde::Serialize)]
struct TouchEnd {
    r#type: &'static str,
    #[serde(rename = "touchPoints")]
    touch_points: [u8; 0],
}

impl Default for TouchEnd {
    fn default() -> Self {
        TouchEnd {
            r#type: "touchEnd",
            touch_points: [],
        }
    }
}

impl chromiumoxide::Method for TouchEnd {
    fn identifier(&self) -> chromiumoxide::types::MethodId {
        "Input.dispatchTouchEvent".into()
    }
}

impl chromiumoxide::Command for TouchEnd {
    type Response = chromiumoxide::cdp::browser_protocol::input::DispatchTouchEventReturns;
}

/// One stroke through `points` (canvas pixels) on a canvas at `place`.
async fn stroke(page: &Page, pointer: Pointer, place: (f64, f64, f64), points: &[(f64, f64)]) {
    let (left, top, scale) = place;
    let at = |&(x, y): &(f64, f64)| (left + x * scale, top + y * scale);
    for (k, p) in points.iter().enumerate() {
        let (x, y) = at(p);
        match pointer {
            Pointer::Mouse => {
                let kind = if k == 0 {
                    DispatchMouseEventType::MousePressed
                } else {
                    DispatchMouseEventType::MouseMoved
                };
                let mut event = DispatchMouseEventParams::new(kind, x, y);
                event.button = Some(MouseButton::Left);
                event.buttons = Some(1);
                event.click_count = Some(1);
                page.execute(event).await.unwrap();
            }
            Pointer::Touch => {
                let kind = if k == 0 {
                    DispatchTouchEventType::TouchStart
                } else {
                    DispatchTouchEventType::TouchMove
                };
                let event = DispatchTouchEventParams::new(kind, vec![TouchPoint::new(x, y)]);
                page.execute(event).await.unwrap();
            }
        }
    }
    let (x, y) = at(points.last().unwrap());
    match pointer {
        Pointer::Mouse => {
            let mut up = DispatchMouseEventParams::new(DispatchMouseEventType::MouseReleased, x, y);
            up.button = Some(MouseButton::Left);
            up.click_count = Some(1);
            page.execute(up).await.unwrap();
        }
        Pointer::Touch => {
            page.execute(TouchEnd::default()).await.unwrap();
        }
    }
}

/// Traces a 28×28 digit on the canvas, `size` canvas pixels square with its
/// top-left corner at `at`: a stroke along each row's run of ink, with a pen one
/// and a half rows wide, as a person colouring it in would.
async fn trace(page: &Page, pointer: Pointer, digit: &[f32], at: (f64, f64), size: f64) {
    let cell = size / 28.0;
    let pen = (1.5 * cell).round().clamp(8.0, 40.0);
    page.evaluate(format!("document.getElementById('pen').value = {pen}"))
        .await
        .unwrap();
    let place = pad_place(page).await;
    for row in 0..28 {
        let mut c = 0;
        while c < 28 {
            if digit[row * 28 + c] < 0.5 {
                c += 1;
                continue;
            }
            let start = c;
            while c < 28 && digit[row * 28 + c] >= 0.5 {
                c += 1;
            }
            let y = at.1 + (row as f64 + 0.5) * cell;
            let (x0, x1) = (
                at.0 + (start as f64 + 0.5) * cell,
                at.0 + (c as f64 - 0.5) * cell,
            );
            let steps = ((x1 - x0) / 8.0).ceil().max(1.0) as usize;
            let points: Vec<(f64, f64)> = (0..=steps)
                .map(|s| (x0 + (x1 - x0) * s as f64 / steps as f64, y))
                .collect();
            stroke(page, pointer, place, &points).await;
        }
    }
}

/// Draws a 28×28 digit `size` canvas pixels square at `at` as a fine pen would:
/// its skeleton (one pixel wide at that size), each connected part in one
/// stroke that walks it pixel by pixel, with a pen `pen` pixels wide.
async fn trace_fine(page: &Page, digit: &[f32], at: (f64, f64), size: usize, pen: u32) {
    let big = nndl_vision::resize(digit, 28, 28, size, size);
    let on: Vec<bool> = big.iter().map(|&v| v > 0.5).collect();
    let line = nndl_vision::skeleton(&on, size, size);
    page.evaluate(format!("document.getElementById('pen').value = {pen}"))
        .await
        .unwrap();
    let place = pad_place(page).await;
    for path in walks(&line, size) {
        let points: Vec<(f64, f64)> = path
            .iter()
            .map(|&i| {
                (
                    at.0 + (i % size) as f64 + 0.5,
                    at.1 + (i / size) as f64 + 0.5,
                )
            })
            .collect();
        stroke(page, Pointer::Mouse, place, &points).await;
    }
}

/// For each connected part of a one-pixel line, a walk through all its pixels
/// (depth first, going back over drawn pixels where it branches).
fn walks(line: &[bool], size: usize) -> Vec<Vec<usize>> {
    let mut seen = vec![false; line.len()];
    let mut out = Vec::new();
    for start in 0..line.len() {
        if !line[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        let (mut stack, mut path) = (vec![start], vec![start]);
        while let Some(&here) = stack.last() {
            let (x, y) = ((here % size) as isize, (here / size) as isize);
            let next = (-1..=1)
                .flat_map(|dy| (-1..=1).map(move |dx| (x + dx, y + dy)))
                .filter(|&(nx, ny)| {
                    (0..size as isize).contains(&nx) && (0..size as isize).contains(&ny)
                })
                .map(|(nx, ny)| ny as usize * size + nx as usize)
                .find(|&n| line[n] && !seen[n]);
            match next {
                Some(n) => {
                    seen[n] = true;
                    stack.push(n);
                    path.push(n);
                }
                None => {
                    stack.pop();
                    if let Some(&back) = stack.last() {
                        path.push(back);
                    }
                }
            }
        }
        out.push(path);
    }
    out
}

/// Waits until every drawing so far has its answer on the page, then returns
/// the digit and the number shown.
async fn answer(page: &Page) -> (String, String) {
    let start = Instant::now();
    loop {
        let idle: bool = eval(page, "window.nndl && window.nndl.idle()").await;
        if idle {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no answer in 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let text = |id: &str| format!("document.getElementById('{id}').textContent");
    let digit: String = eval(page, text("digit")).await;
    let number: String = eval(page, text("number")).await;
    (digit, number)
}

async fn clear(page: &Page) {
    page.evaluate("document.getElementById('clear').click()")
        .await
        .unwrap();
    let (digit, _) = answer(page).await;
    assert_eq!(digit, "–", "a clear page shows no digit");
}

async fn screenshot(page: &Page, name: &str) {
    page.save_screenshot(ScreenshotParams::builder().build(), shots().join(name))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawing_on_the_page_reads_digits_and_numbers_with_mouse_and_touch() {
    let (mnist, net) = setup();
    let test = &mnist.test;
    let app = App::new(
        Model::new(net, "test.nndl".into(), None),
        std::env::temp_dir().join("nndl-browser-saves"),
    )
    .with_trainer(InProcess(Arc::clone(&mnist)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(nndl_serve::serve(listener, app, std::future::pending()));

    let profile = tempfile::tempdir().unwrap();
    let config = BrowserConfig::builder()
        .chrome_executable(chromium())
        .no_sandbox()
        .new_headless_mode()
        .user_data_dir(profile.path())
        .window_size(1200, 900)
        .viewport(None)
        .args([
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .build()
        .unwrap();
    let (mut browser, mut handler) = Browser::launch(config).await.expect("Chromium starts");
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });

    // A desktop window, drawing with the mouse.
    let page = browser.new_page(url.as_str()).await.unwrap();
    page.wait_for_navigation().await.unwrap();
    let mut right = 0;
    for i in 0..5 {
        trace(&page, Pointer::Mouse, test.image(i), (160.0, 20.0), 240.0).await;
        let (digit, _) = answer(&page).await;
        right += usize::from(digit == test.label(i).to_string());
        if i == 0 {
            screenshot(&page, "desktop-digit.png").await;
        }
        clear(&page).await;
    }
    assert!(right >= 4, "{right} of 5 test digits read right when drawn");

    // The same digit drawn small in a corner and large in the middle: one answer.
    trace(&page, Pointer::Mouse, test.image(0), (6.0, 6.0), 120.0).await;
    let (small, _) = answer(&page).await;
    clear(&page).await;
    trace(&page, Pointer::Mouse, test.image(0), (150.0, 10.0), 260.0).await;
    let (large, _) = answer(&page).await;
    assert_eq!(
        small, large,
        "drawn small in a corner and large in the middle"
    );
    clear(&page).await;

    // The same digit with the finest pen the page offers.
    trace_fine(&page, test.image(0), (150.0, 10.0), 260, 8).await;
    let (fine, _) = answer(&page).await;
    screenshot(&page, "desktop-fine-pen.png").await;
    assert_eq!(fine, large, "drawn with a fine pen and with a broad one");
    clear(&page).await;

    // Two digits side by side: a number, with a piece for each.
    trace(&page, Pointer::Mouse, test.image(1), (40.0, 30.0), 220.0).await;
    trace(&page, Pointer::Mouse, test.image(2), (300.0, 30.0), 220.0).await;
    let (_, number) = answer(&page).await;
    screenshot(&page, "desktop-number.png").await;
    assert_eq!(number, format!("{}{}", test.label(1), test.label(2)));
    let pieces: usize = eval(&page, "document.querySelectorAll('#pieces canvas').length").await;
    assert_eq!(pieces, 2);

    // A phone: a narrow screen and a finger. Drawing must not scroll the page.
    let phone = browser.new_page("about:blank").await.unwrap();
    phone
        .execute(SetDeviceMetricsOverrideParams::new(390, 844, 3.0, true))
        .await
        .unwrap();
    phone
        .execute(SetTouchEmulationEnabledParams::new(true))
        .await
        .unwrap();
    phone.goto(url.as_str()).await.unwrap();
    phone.wait_for_navigation().await.unwrap();
    trace(&phone, Pointer::Touch, test.image(0), (150.0, 10.0), 260.0).await;
    let (digit, _) = answer(&phone).await;
    screenshot(&phone, "phone-digit.png").await;
    assert_eq!(digit, large, "the same digit by touch on a phone");
    let scrolled: f64 = eval(&phone, "window.scrollY").await;
    assert_eq!(scrolled, 0.0, "drawing scrolled the page");

    // The Train tab: a two-epoch run on 3,000 images draws its curve, and the Draw
    // tab then reads with the new model.
    page.evaluate("document.getElementById('tab-train').click()")
        .await
        .unwrap();
    page.evaluate(
        "(() => { document.getElementById('epochs').value = 2; \
         document.getElementById('train-size').value = 3000; \
         document.getElementById('start').click(); })()",
    )
    .await
    .unwrap();
    let start = Instant::now();
    loop {
        let state: String = eval(&page, "window.nndl.run.state").await;
        if state == "done" || state == "failed" {
            assert_eq!(state, "done");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the run did not end"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let points: usize = eval(&page, "window.nndl.run.accuracies.length").await;
    assert_eq!(points, 2, "one point of the curve per epoch");
    let said: String = eval(&page, "document.getElementById('train-status').textContent").await;
    assert!(said.starts_with("Done"), "{said}");
    screenshot(&page, "train.png").await;
    let model: String = eval(
        &page,
        "fetch('/api/model').then(r => r.json()).then(m => m.source)",
    )
    .await;
    assert_eq!(model, "trained-in-test");

    browser.close().await.unwrap();
    let _ = browser.wait().await;
    events.abort();
}
