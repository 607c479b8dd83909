//! Serves the built PWA. Paths without a file extension get `index.html`, so the app's own routes
//! (`/rapportera`, `/folj/{token}`) survive a reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{guard, HttpResponse, Responder, ResponseError};

use crate::error::ApiError;

/// The built app for GET and HEAD; other methods get the JSON 405 (see `security_headers`).
pub fn service(dir: &Path) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir).index_file("index.html").guard(guard::Any(guard::Get()).or(guard::Head())).default_handler(
        fn_service(move |req: ServiceRequest| {
            let index: PathBuf = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let response = match NamedFile::open_async(&index).await {
                    Ok(file) if is_app_route(req.path()) => file.respond_to(&req).map_into_boxed_body(),
                    _ => ApiError::NotFound.error_response(),
                };
                Ok(ServiceResponse::new(req, response))
            }
        }),
    )
}

/// A path the app's router draws (`/rapportera`, `/folj/{token}`): no file extension, and not
/// under the build's assets or the service's own endpoints.
fn is_app_route(path: &str) -> bool {
    let own = ["/assets/", "/api/", "/health", "/ready", "/metrics"];
    !path.rsplit('/').next().unwrap_or("").contains('.') && !own.iter().any(|p| path.starts_with(p))
}

/// Any method but GET and HEAD on the app's pages.
pub async fn page_method_not_allowed() -> HttpResponse {
    super::method_not_allowed("GET, HEAD")
}

/// When the PWA has not been built, `/` says how to build it.
#[tracing::instrument(skip_all)]
pub async fn not_built() -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/plain; charset=utf-8")
        .body("Trygg: the PWA is not built. Run `npm ci && npm run build` in pwa/ (scripts/run.sh does it).\n")
}

/// Hashed build assets are immutable; everything else of the app (index.html, sw.js, the
/// manifest) is revalidated on every load so an update reaches phones at once.
pub async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    let is_app_file = !["/api/", "/health", "/ready"].iter().any(|p| path.starts_with(p));
    if is_app_file && res.status().is_success() {
        // Only a hashed build file is immutable; anything else, index.html above all, revalidates.
        let hashed = path.starts_with("/assets/") && path.rsplit('/').next().is_some_and(|f| f.contains('.'));
        let value = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_routes_are_the_apps_own_pages_only() {
        for path in ["/", "/rapportera", "/folj/abc", "/personal/ko"] {
            assert!(is_app_route(path), "{path}");
        }
        for path in ["/assets/", "/assets/x", "/ready", "/health", "/api/v1/nope", "/sw.js"] {
            assert!(!is_app_route(path), "{path}");
        }
    }
}
