//! The Train tab's endpoints: `GET /api/train` (presets and the run so far),
//! `POST /api/train` (start a run), `POST /api/train/stop`, `GET
//! /api/train/events` (server-sent events, one per epoch) and `GET
//! /api/train/weights` (the run's network as it is now).

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures::Stream;
use serde_json::{json, Value};
use tokio::sync::broadcast::error::RecvError;

use super::weights::first_layer;
use crate::body;
use crate::error::ApiError;
use crate::state::{App, Model, TrainEvent};
use crate::train::TrainRequest;

fn trainer_of(app: &App) -> Result<Arc<dyn crate::train::Trainer>, ApiError> {
    app.trainer
        .clone()
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "this server does not train"))
}

pub async fn status(State(app): State<Arc<App>>) -> Result<Json<Value>, ApiError> {
    let trainer = trainer_of(&app)?;
    let training = app.training.lock().unwrap_or_else(|e| e.into_inner());
    Ok(Json(json!({
        "presets": trainer.presets(),
        "running": training.running,
        "events": training.events,
    })))
}

pub async fn start(
    State(app): State<Arc<App>>,
    body: Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let trainer = trainer_of(&app)?;
    let bytes = body::bytes(body).await?;
    let request: TrainRequest = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad(format!(
            "a JSON object of training settings is expected: {e}"
        ))
    })?;
    request.check(&trainer.presets()).map_err(ApiError::bad)?;
    let stop = {
        let mut training = app.training.lock().unwrap_or_else(|e| e.into_inner());
        if training.running {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "a run is under way: one at a time",
            ));
        }
        training.running = true;
        training.events.clear();
        training.snapshot = None;
        training.stop.store(false, Ordering::SeqCst);
        Arc::clone(&training.stop)
    };
    app.tell(TrainEvent::Started {
        epochs: request.epochs,
    });
    let worker = Arc::clone(&app);
    tokio::task::spawn_blocking(move || {
        let mut on_epoch = |epoch, net: Option<nndl_nn::Network>| {
            if let Some(net) = net {
                worker
                    .training
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .snapshot = Some(Arc::new(net));
            }
            worker.tell(TrainEvent::Epoch(epoch));
        };
        let outcome = trainer.train(&request, &stop, &mut on_epoch);
        finish(&worker, outcome, stop.load(Ordering::SeqCst));
    });
    Ok((StatusCode::ACCEPTED, Json(json!({ "started": true }))))
}

fn finish(app: &App, outcome: Result<Model, String>, stopped: bool) {
    let event = match outcome {
        Ok(model) => {
            let event = TrainEvent::Done {
                source: model.source.clone(),
                test_accuracy: model.test_accuracy,
                stopped,
            };
            app.set_model(model);
            event
        }
        Err(error) => TrainEvent::Failed { error },
    };
    app.training
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .running = false;
    app.tell(event);
}

pub async fn stop(State(app): State<Arc<App>>) -> Result<Json<Value>, ApiError> {
    trainer_of(&app)?;
    let training = app.training.lock().unwrap_or_else(|e| e.into_inner());
    training.stop.store(true, Ordering::SeqCst);
    Ok(Json(json!({ "stopping": training.running })))
}

pub async fn events(
    State(app): State<Arc<App>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    trainer_of(&app)?;
    let receiver = app.events.subscribe();
    let stream = futures::stream::unfold(receiver, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) => {
                    let data = serde_json::to_string(&event).unwrap_or_default();
                    return Some((Ok(Event::default().data(data)), rx));
                }
                // A slow page missed some epochs; it gets the next ones.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

pub async fn weights(State(app): State<Arc<App>>) -> Result<Json<Value>, ApiError> {
    let snapshot = app
        .training
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .snapshot
        .clone()
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no epoch has ended yet"))?;
    Ok(Json(first_layer(&snapshot)))
}
