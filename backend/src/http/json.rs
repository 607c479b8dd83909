//! A JSON body extractor whose every failure is an `ApiError`: 415 for another content type, 413
//! past the configured limit (checked before reading when Content-Length says so), 408 when the
//! body takes longer than `limits.body_timeout_seconds`, 400 for syntax errors and unknown
//! fields, 422 naming the field for a value of the wrong type or a control character.

use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::domain::field::has_control_character;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::state::AppState;

const FALLBACK_LIMIT: usize = 64 * 1024;
const FALLBACK_SECONDS: u64 = 10;

pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (limit, deadline) = body_limits(req);
        let is_json = matches!(req.mime_type(), Ok(Some(mime))
            if mime.type_() == "application" && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json")));
        let declared_length = declared_length(req);
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let body = read_body(&mut payload, declared_length, limit, deadline).await?;
            parse(&body).map(JsonBody)
        })
    }
}

/// The body of a request, refused at `limit` (before reading when Content-Length says so) and when
/// it takes longer than `deadline` in all: a body that trickles in holds a connection.
pub async fn read_body(
    payload: &mut (impl futures_util::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + Unpin),
    declared_length: Option<usize>,
    limit: usize,
    deadline: Duration,
) -> Result<web::BytesMut, ApiError> {
    if declared_length.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let read = async {
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| ApiError::MalformedJson(e.to_string()))?;
            if body.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    tokio::time::timeout(deadline, read).await.map_err(|_| ApiError::RequestTimeout)?
}

/// What a body may be, from the settings: its size and how long it may take to arrive.
pub fn body_limits(req: &HttpRequest) -> (usize, Duration) {
    let limits = req.app_data::<web::Data<AppState>>().map(|state| &state.settings.limits);
    (
        limits.map_or(FALLBACK_LIMIT, |l| l.json_body_bytes),
        Duration::from_secs(limits.map_or(FALLBACK_SECONDS, |l| l.body_timeout_seconds)),
    )
}

/// The Content-Length a request declares, if it declares one.
pub fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok())
}

/// Deserialises `bytes`, naming the offending field on failure. Text with control characters
/// (NUL above all, which PostgreSQL cannot store) is refused in every field before anything else.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::MalformedJson(format!("line {}, column {}", e.line(), e.column())))?;
    let mut refused = FieldErrors::default();
    find_control_characters(&value, "", &mut refused);
    if !refused.is_empty() {
        return Err(ApiError::Validation(refused));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or_default();
            return ApiError::Validation(FieldErrors::single(qualified(&path, name), FieldIssue::Required));
        }
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let name = rest.split('`').next().unwrap_or_default();
            return ApiError::UnknownField(qualified(&path, name));
        }
        ApiError::Validation(FieldErrors::single(if path == "." { "body".into() } else { path }, FieldIssue::WrongType))
    })
}

/// Every string (and key) holding a control character, under its field's name (`events[0].description`).
fn find_control_characters(value: &serde_json::Value, path: &str, out: &mut FieldErrors) {
    match value {
        serde_json::Value::String(text) if has_control_character(text) => {
            out.add(if path.is_empty() { "body" } else { path }, FieldIssue::ControlCharacter)
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_control_characters(item, &format!("{path}[{index}]"), out);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                let name = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                if has_control_character(key) {
                    out.add(name.clone(), FieldIssue::ControlCharacter);
                }
                find_control_characters(item, &name, out);
            }
        }
        _ => {}
    }
}

/// serde_path_to_error reports the unknown key itself as the last path segment when nested.
fn qualified(path: &str, name: &str) -> String {
    if path == "." || path == name {
        name.to_owned()
    } else if path.ends_with(&format!(".{name}")) {
        path.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        lat: Option<f64>,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        consent: Option<bool>,
    }

    #[test]
    fn syntax_errors_unknown_fields_and_wrong_types_are_told_apart() {
        assert!(matches!(parse::<Probe>(b"{\"lat\":"), Err(ApiError::MalformedJson(_))));
        assert!(matches!(parse::<Probe>(b"{} x"), Err(ApiError::MalformedJson(_))));
        match parse::<Probe>(br#"{"lat":1,"evil":2}"#) {
            Err(ApiError::UnknownField(f)) => assert_eq!(f, "evil"),
            other => panic!("{other:?}"),
        }
        match parse::<Probe>(br#"{"inner":{"consent":true,"x":1}}"#) {
            Err(ApiError::UnknownField(f)) => assert_eq!(f, "inner.x"),
            other => panic!("{other:?}"),
        }
        match parse::<Probe>(br#"{"lat":"north"}"#) {
            Err(ApiError::Validation(fields)) => assert_eq!(fields.issues("lat"), [FieldIssue::WrongType]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_nul_in_any_string_is_named_before_the_body_is_read_further() {
        match parse::<Probe>(br#"{"inner":{"consent":true},"x":["ok","a\u0000b"]}"#) {
            Err(ApiError::Validation(fields)) => assert_eq!(fields.issues("x[1]"), [FieldIssue::ControlCharacter]),
            other => panic!("{other:?}"),
        }
    }
}
