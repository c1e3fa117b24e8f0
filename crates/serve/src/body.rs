//! The picture in a request's body: a picture file, or raw 8-bit grayscale with
//! its size in the query. Checked before anything large is allocated: the body is
//! capped, and a file's header is read before its pixels are decoded.

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use nndl_vision::decode::{self, Picture};

use crate::error::ApiError;

/// The largest body accepted, in bytes (2 MiB: a drawing is a few kilobytes).
pub const MAX_BODY: usize = 2 << 20;

/// The body's bytes, at most [`MAX_BODY`] of them.
pub async fn bytes(body: Body) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {MAX_BODY} bytes, or was cut off"),
        )
    })
}

/// The picture a request carries.
pub async fn picture(
    headers: &HeaderMap,
    query: Option<&str>,
    body: Body,
) -> Result<Picture, ApiError> {
    let kind = content_type(headers);
    let raw = raw_size(query)?;
    let bytes = bytes(body).await?;
    match (kind.as_str(), raw) {
        ("application/octet-stream", Some((w, h))) => raw_gray(&bytes, w, h),
        ("application/octet-stream", None) | ("", _) => decode_file(&bytes),
        (k, _) if k.starts_with("image/") => decode_file(&bytes),
        (k, _) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("a picture is expected (image/png, image/jpeg, … or application/octet-stream), not {k}"),
        )),
    }
}

/// The content type without its parameters, lower case ("" when absent or not text).
fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

/// `width` and `height` from the query, when both are there.
fn raw_size(query: Option<&str>) -> Result<Option<(usize, usize)>, ApiError> {
    let number = |key: &str| {
        query_value(query, key)
            .map(|value| {
                value
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| (1..=decode::MAX_SIDE as usize).contains(&n))
                    .ok_or_else(|| {
                        ApiError::bad(format!(
                            "{key} must be a whole number from 1 to {}",
                            decode::MAX_SIDE
                        ))
                    })
            })
            .transpose()
    };
    match (number("width")?, number("height")?) {
        (Some(w), Some(h)) => Ok(Some((w, h))),
        (None, None) => Ok(None),
        _ => Err(ApiError::bad(
            "give both width and height for raw grayscale, or neither",
        )),
    }
}

/// The value of `key` in a query string (`a=1&b=2`), if it is there.
pub fn query_value<'q>(query: Option<&'q str>, key: &str) -> Option<&'q str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find_map(|(k, v)| (k == key).then_some(v))
}

fn raw_gray(bytes: &[u8], width: usize, height: usize) -> Result<Picture, ApiError> {
    if bytes.len() != width * height {
        return Err(ApiError::bad(format!(
            "raw grayscale of {width}×{height} needs {} bytes, not {}",
            width * height,
            bytes.len()
        )));
    }
    Ok(Picture {
        brightness: bytes.iter().map(|&b| f32::from(b) / 255.0).collect(),
        width,
        height,
    })
}

fn decode_file(bytes: &[u8]) -> Result<Picture, ApiError> {
    decode::decode(bytes).map_err(|e| ApiError::unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_sizes_come_in_pairs_of_sensible_numbers() {
        assert_eq!(raw_size(None).unwrap(), None);
        assert_eq!(raw_size(Some("width=3&height=4")).unwrap(), Some((3, 4)));
        assert_eq!(raw_size(Some("digit=3")).unwrap(), None);
        for bad in [
            "width=3",
            "width=0&height=2",
            "width=x&height=2",
            "width=99999999999999999999&height=1",
        ] {
            assert_eq!(
                raw_size(Some(bad)).unwrap_err().status,
                StatusCode::BAD_REQUEST,
                "{bad}"
            );
        }
    }

    #[test]
    fn raw_grayscale_must_fill_its_size() {
        assert!(raw_gray(&[0, 255], 2, 1).is_ok());
        assert!(raw_gray(&[0, 255, 3], 2, 1).is_err());
    }
}
