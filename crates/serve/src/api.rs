//! The JSON API, one file per endpoint.

pub mod model;
pub mod predict;
pub mod read;
pub mod save;
pub mod train;
pub mod weights;

use crate::error::ApiError;

/// Runs the network's work off the async threads, so a slow read does not hold
/// up other requests.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "the work failed",
        )
    })?
}
