//! `POST /api/save?digit=D`: keeps a drawing as `D_n.png` in the save folder, where
//! `nndl eval --images` and `nndl predict` read it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::blocking;
use crate::body;
use crate::error::ApiError;
use crate::state::App;

pub async fn handle(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let digit = digit(query.as_deref())?;
    let bytes = body::bytes(body).await?;
    // Only pictures that read back are kept.
    if image_format(&bytes) != Some("png") {
        return Err(ApiError::bad("a PNG is expected"));
    }
    nndl_vision::decode::decode(&bytes).map_err(|e| ApiError::unreadable(e.to_string()))?;
    blocking(move || {
        let _one_at_a_time = app.save_lock.lock().unwrap_or_else(|e| e.into_inner());
        let path = keep(&app.save_dir, digit, &bytes).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot save: {e}"),
            )
        })?;
        Ok(Json(json!({ "file": path })))
    })
    .await
}

fn digit(query: Option<&str>) -> Result<u8, ApiError> {
    body::query_value(query, "digit")
        .and_then(|d| d.parse::<u8>().ok())
        .filter(|&d| d <= 9)
        .ok_or_else(|| ApiError::bad("say which digit it is: ?digit=0 to ?digit=9"))
}

fn image_format(bytes: &[u8]) -> Option<&'static str> {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n").then_some("png")
}

/// Writes `bytes` to the first free `dir/D_n.png`, atomically (a temporary file
/// renamed into place), and returns its path.
fn keep(dir: &Path, digit: u8, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = (1..)
        .map(|n| dir.join(format!("{digit}_{n}.png")))
        .find(|p| !p.exists())
        .expect("some name is free");
    let tmp = dir.join(format!(".{digit}.png.part"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}
