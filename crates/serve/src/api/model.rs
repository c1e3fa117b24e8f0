//! `GET /api/model`: what the page says about the model.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::state::App;

pub async fn handle(State(app): State<Arc<App>>) -> Json<Value> {
    let model = app.model();
    let net = &model.net;
    let parameters: usize = net
        .weights()
        .iter()
        .map(|w| w.as_slice().len())
        .sum::<usize>()
        + net.biases().iter().map(Vec::len).sum::<usize>();
    Json(json!({
        "source": model.source,
        "sizes": net.sizes(),
        "parameters": parameters,
        "activation": format!("{:?}", net.activation()).to_lowercase(),
        "output": format!("{:?}", net.output_layer()).to_lowercase(),
        "test_accuracy": model.test_accuracy,
    }))
}
