//! A JSON body extractor whose every failure is an `ApiError`: 415 for another content type, 413
//! past the configured limit (checked before reading when Content-Length says so), 400 for syntax
//! errors and unknown fields, 422 naming the field for a value of the wrong type.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::startup::AppState;

const FALLBACK_LIMIT: usize = 64 * 1024;

pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit =
            req.app_data::<web::Data<AppState>>().map_or(FALLBACK_LIMIT, |state| state.settings.limits.json_body_bytes);
        let is_json = matches!(req.mime_type(), Ok(Some(mime))
            if mime.type_() == "application" && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json")));
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            if declared_length.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::MalformedJson(e.to_string()))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            parse(&body).map(JsonBody)
        })
    }
}

/// Deserialises `bytes`, naming the offending field on failure.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if !inner.is_data() {
            return ApiError::MalformedJson(format!("line {}, column {}", inner.line(), inner.column()));
        }
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
    })?;
    deserializer.end().map_err(|e| {
        ApiError::MalformedJson(format!("trailing characters at line {}, column {}", e.line(), e.column()))
    })?;
    Ok(value)
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
}
