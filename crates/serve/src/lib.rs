//! A local web page for nndl: draw a digit or a number with a mouse, a finger or
//! a pen and see a network read it as you draw, look at its hidden neurons, and
//! keep your own digits to measure a model on. The page (HTML, CSS and plain
//! JavaScript) is embedded in the binary; the server answers a small JSON API
//! that any program can use:
//!
//! | request | answer |
//! |---|---|
//! | `GET /` | the page |
//! | `POST /api/predict` | a picture of one digit → the digit, the outputs (ten, or eleven with "not a digit"), the 28×28 input the network was given, each hidden neuron's weighted input |
//! | `POST /api/read` | a picture of a number → the number, each digit with its box and confidence, close runners-up |
//! | `GET /api/model` | the model's layers, where it came from and its test accuracy |
//! | `GET /api/weights` | the first layer's weights, one 28×28 picture per hidden neuron |
//! | `POST /api/save?digit=D` | keeps a picture as `D_n.png` in the save folder |
//! | `GET /api/train` | the presets a [`Trainer`] offers, whether a run is under way, its epochs so far |
//! | `POST /api/train` | starts a run: `{"preset", "hidden"?, "epochs"?, "eta"?, "train_size"?}` (409 while one runs) |
//! | `POST /api/train/stop` | stops the run; what was saved is kept |
//! | `GET /api/train/events` | server-sent events: `started`, one `epoch` each, `done` or `failed` |
//! | `GET /api/train/weights` | the run's first-layer weights after its last epoch |
//!
//! A picture is sent as the body: a PNG, JPEG, BMP, GIF or PGM file (any
//! `image/…` content type), or raw 8-bit grayscale with `?width=W&height=H`
//! (`application/octet-stream`). Bodies are capped at [`MAX_BODY`] bytes; every
//! error is a 4xx status with `{"error": "…"}`.
//!
//! ```no_run
//! # async fn run(net: nndl_nn::Network) -> std::io::Result<()> {
//! use nndl_serve::{App, Model};
//!
//! let model = Model::new(net, "model.nndl".into(), Some(0.9557));
//! let app = App::new(model, "my-digits".into());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! nndl_serve::serve(listener, app, std::future::pending()).await
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api;
mod assets;
mod body;
mod error;
mod state;
mod train;

use std::future::Future;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

pub use body::MAX_BODY;
pub use state::{App, Model, TrainEvent};
pub use train::{Epoch, Preset, TrainRequest, Trainer};

/// The routes: the embedded page and the API.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/style.css", get(assets::style))
        .route("/api/predict", post(api::predict::handle))
        .route("/api/read", post(api::read::handle))
        .route("/api/model", get(api::model::handle))
        .route("/api/weights", get(api::weights::handle))
        .route("/api/save", post(api::save::handle))
        .route(
            "/api/train",
            get(api::train::status).post(api::train::start),
        )
        .route("/api/train/stop", post(api::train::stop))
        .route("/api/train/events", get(api::train::events))
        .route("/api/train/weights", get(api::train::weights))
        .fallback(error::not_found)
        .with_state(Arc::new(app))
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes the
/// requests under way.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}
