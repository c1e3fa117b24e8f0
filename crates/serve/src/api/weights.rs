//! `GET /api/weights`: each first-layer neuron's 784 input weights, to draw as
//! 28×28 pictures (as `nndl weights` does).

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use nndl_nn::Network;
use serde_json::{json, Value};

use crate::state::App;

/// At most this many neurons are sent: a 784-800-… network's 800 would be 2.5 MB of JSON.
const MOST: usize = 100;

pub async fn handle(State(app): State<Arc<App>>) -> Json<Value> {
    Json(first_layer(&app.model().net))
}

/// The first layer's weights: `{"neurons", "weights": [[784], …]}`.
pub fn first_layer(net: &Network) -> Value {
    let w = &net.weights()[0];
    let shown = w.rows().min(MOST);
    let weights: Vec<&[f32]> = (0..shown).map(|j| w.row(j)).collect();
    json!({ "neurons": w.rows(), "weights": weights })
}
