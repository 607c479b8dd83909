//! Serves the built PWA. Paths without a file extension get `index.html`, so the app's own routes
//! (`/rapportera`, `/folj/{token}`) survive a reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, Responder};

pub fn service(dir: &Path) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir).index_file("index.html").default_handler(fn_service(move |req: ServiceRequest| {
        let index: PathBuf = index.clone();
        async move {
            let (req, _) = req.into_parts();
            let is_app_route = !req.path().rsplit('/').next().unwrap_or("").contains('.');
            let response = match NamedFile::open_async(&index).await {
                Ok(file) if is_app_route => file.respond_to(&req).map_into_boxed_body(),
                _ => HttpResponse::NotFound().finish(),
            };
            Ok(ServiceResponse::new(req, response))
        }
    }))
}

/// When the PWA has not been built, `/` says how to build it.
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
        let value = if path.starts_with("/assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Ok(res)
}
