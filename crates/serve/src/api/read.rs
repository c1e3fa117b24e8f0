//! `POST /api/read`: a whole number, as `nndl read` reads it.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use nndl_vision::{read_number_batched, ReadOptions, Reading};
use serde::Serialize;

use super::blocking;
use crate::body;
use crate::error::ApiError;
use crate::state::App;

/// The number read, digit by digit.
#[derive(Serialize)]
pub struct NumberRead {
    number: String,
    digits: Vec<DigitRead>,
    /// Other readings, most likely first, each with its likelihood relative to the best.
    alternatives: Vec<(String, f32)>,
}

/// One digit of the number, where it was cut, and what the network saw.
#[derive(Serialize)]
pub struct DigitRead {
    digit: u8,
    confidence: f32,
    /// Left, top, width and height in the picture's pixels.
    #[serde(rename = "box")]
    bounds: [usize; 4],
    /// The 28×28 input the network was given for this piece.
    input: Vec<f32>,
}

pub async fn handle(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<NumberRead>, ApiError> {
    let picture = body::picture(&headers, query.as_deref(), body).await?;
    let model = app.model();
    blocking(move || {
        // Every trial digit in one batch; an 11th output, "not a digit", is left out.
        let classify_all = |digits: &[f32]| {
            let out = model.net.feedforward_batch(digits);
            (0..out.rows())
                .map(|i| std::array::from_fn(|d| out.row(i)[d]))
                .collect()
        };
        let (w, h) = (picture.width, picture.height);
        // A model trained on cut pieces has an 11th output, "not a digit".
        let options = ReadOptions {
            trained_on_pieces: model.net.output_size() > usize::from(nndl_vision::NOT_A_DIGIT),
            ..ReadOptions::default()
        };
        let reading = read_number_batched(&picture.brightness, w, h, &options, classify_all)
            .map_err(|e| ApiError::unreadable(e.to_string()))?;
        Ok(Json(answer(reading)))
    })
    .await
}

fn answer(reading: Reading) -> NumberRead {
    let number = reading.number();
    let alternatives = reading
        .alternatives
        .iter()
        .take(3)
        .map(|a| (a.number.clone(), a.relative))
        .collect();
    let digits = reading
        .digits
        .into_iter()
        .map(|d| DigitRead {
            digit: d.digit,
            confidence: d.confidence,
            bounds: [d.bounds.x, d.bounds.y, d.bounds.width, d.bounds.height],
            input: d.input,
        })
        .collect();
    NumberRead {
        number,
        digits,
        alternatives,
    }
}
