//! Response headers that tell the browser what Trygg's pages may do, and one error shape for the
//! errors actix itself produces (a bad path segment, a method a file route does not take).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};

use crate::config::Settings;
use crate::error::ApiError;
use crate::state::AppState;

/// The headers every response gets, made once from the settings.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    app_policy: HeaderValue,
    docs_policy: HeaderValue,
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    pub fn new(settings: &Settings) -> Self {
        let tiles = tile_source(&settings.map.tile_url);
        let geocoder = Some(&settings.map.geocoder_url).filter(|u| !u.is_empty()).map(|u| tile_source(u));
        let connect = geocoder.map_or_else(|| "'self'".to_owned(), |g| format!("'self' {g}"));
        // Scripts and styles only from Trygg itself; map tiles from the configured tile server.
        let app_policy = format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: {tiles}; \
             connect-src {connect}; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
        // The API viewer (Swagger UI) runs an inline bootstrap and inline styles.
        let docs_policy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
                           img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
        SecurityHeaders {
            app_policy: HeaderValue::from_str(&app_policy)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
            docs_policy: HeaderValue::from_static(docs_policy),
            hsts: settings.is_https().then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        }
    }
}

/// The origin a URL template may load from, for the policy: `https://*.tile.openstreetmap.org` from
/// `https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png`.
fn tile_source(tile_url: &str) -> String {
    let after_scheme = tile_url.find("://").map_or(0, |i| i + 3);
    let end = tile_url[after_scheme..].find('/').map_or(tile_url.len(), |i| after_scheme + i);
    let origin = &tile_url[..end];
    let host_start = origin.find("://").map_or(0, |i| i + 3);
    let (scheme, host) = origin.split_at(host_start);
    // A `{s}` (or any `{…}`) label in the host stands for subdomains.
    let host: Vec<String> = host.split('.').map(|l| if l.starts_with('{') { "*".into() } else { l.into() }).collect();
    format!("{scheme}{}", host.join("."))
}

/// Adds the security headers a response does not set itself (a page may set a stricter or
/// looser policy of its own), and gives actix's own plain-text errors the JSON error shape.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let headers = req.app_data::<web::Data<AppState>>().map(|s| s.security.clone());
    let res = next.call(req).await?.map_into_boxed_body();
    let mut res = json_framework_error(res);
    let Some(security) = headers else { return Ok(res) };
    let tracking_page = path.starts_with("/folj/") || path.starts_with("/api/v1/track/");
    let policy = if path.starts_with("/api/docs") { security.docs_policy } else { security.app_policy };
    let referrer = if tracking_page { "no-referrer" } else { "same-origin" };
    let set = [
        (header::CONTENT_SECURITY_POLICY, Some(policy)),
        (header::X_CONTENT_TYPE_OPTIONS, Some(HeaderValue::from_static("nosniff"))),
        (header::REFERRER_POLICY, Some(HeaderValue::from_static(referrer))),
        (header::X_FRAME_OPTIONS, Some(HeaderValue::from_static("DENY"))),
        (
            HeaderName::from_static("permissions-policy"),
            Some(HeaderValue::from_static("geolocation=(self), camera=(self), microphone=(), payment=()")),
        ),
        (header::STRICT_TRANSPORT_SECURITY, security.hsts),
    ];
    let response_headers = res.headers_mut();
    for (name, value) in set {
        if let Some(value) = value {
            if !response_headers.contains_key(&name) {
                response_headers.insert(name, value);
            }
        }
    }
    Ok(res)
}

/// A 4xx/5xx that is neither JSON, HTML nor Open311's XML came from actix itself (a path segment
/// it cannot decode, a method a file route does not take): it gets the documented JSON shape.
fn json_framework_error(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if ["application/json", "text/html", "text/xml"].iter().any(|t| content_type.starts_with(t)) {
        return res;
    }
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        StatusCode::BAD_REQUEST => ApiError::BadRequest,
        status if status.is_server_error() => ApiError::Unexpected(anyhow::anyhow!("{status} from the framework")),
        _ => return res,
    };
    let allow = res.headers().get(header::ALLOW).cloned();
    let (req, _) = res.into_parts();
    let mut response = error.error_response();
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    ServiceResponse::new(req, response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tile_servers_subdomains_become_a_wildcard() {
        assert_eq!(
            tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"),
            "https://*.tile.openstreetmap.org"
        );
        assert_eq!(tile_source("https://tiles.example.se/{z}/{x}/{y}.png"), "https://tiles.example.se");
    }
}
