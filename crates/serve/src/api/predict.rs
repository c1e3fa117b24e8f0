//! `POST /api/predict`: one digit, as `nndl predict` reads it.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use nndl_nn::Network;
use serde::Serialize;

use super::blocking;
use crate::body;
use crate::error::ApiError;
use crate::state::App;

/// What the network made of the picture.
#[derive(Serialize)]
pub struct Prediction {
    /// The digit read: the output neuron with the highest activation.
    digit: usize,
    /// The ten output activations.
    outputs: Vec<f32>,
    /// The 28×28 input the network was given (ink in [0, 1], row-major).
    input: Vec<f32>,
    /// Each first-layer neuron's weighted input z = w·x + b: how much the
    /// picture excites it.
    hidden: Vec<f32>,
}

pub async fn handle(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Prediction>, ApiError> {
    let picture = body::picture(&headers, query.as_deref(), body).await?;
    let model = app.model();
    blocking(move || {
        let input = nndl_vision::prepare(&picture.brightness, picture.width, picture.height)
            .map_err(|e| ApiError::unreadable(e.to_string()))?;
        let outputs = model.net.feedforward(&input);
        Ok(Json(Prediction {
            digit: nndl_nn::argmax(&outputs[..10]),
            hidden: weighted_inputs(&model.net, &input),
            outputs,
            input,
        }))
    })
    .await
}

/// z = w·x + b for each neuron of the first layer (eq. (22) without σ).
fn weighted_inputs(net: &Network, x: &[f32]) -> Vec<f32> {
    let (w, b) = (&net.weights()[0], &net.biases()[0]);
    (0..w.rows())
        .map(|j| w.row(j).iter().zip(x).map(|(w, x)| w * x).sum::<f32>() + b[j])
        .collect()
}
