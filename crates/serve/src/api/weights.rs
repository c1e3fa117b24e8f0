//! `GET /api/weights`: each first-layer neuron's 784 input weights, to draw as
//! 28×28 pictures (as `nndl weights` does).

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::state::App;

/// At most this many neurons are sent: a 784-800-… network's 800 would be 2.5 MB of JSON.
const MOST: usize = 100;

pub async fn handle(State(app): State<Arc<App>>) -> Json<Value> {
    let model = app.model();
    let w = &model.net.weights()[0];
    let shown = w.rows().min(MOST);
    let weights: Vec<&[f32]> = (0..shown).map(|j| w.row(j)).collect();
    Json(json!({ "neurons": w.rows(), "weights": weights }))
}
