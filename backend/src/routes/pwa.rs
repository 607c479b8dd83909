//! Serves the built PWA. Paths without a file extension get `index.html`, so the app's own routes
//! (`/rapportera`, `/folj/{token}`) survive a reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, Responder};

pub fn service(dir: &Path) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir).index_file("index.html").default_handler(fn_service(move |req: ServiceRequest| {
        let index: PathBuf = index.clone();
        async move {
            let (req, _) = req.into_parts();
            let is_app_route = !req.path().rsplit('/').next().unwrap_or("").contains('.');
            let response = match NamedFile::open_async(&index).await {
                Ok(file) if is_app_route => file
                    .customize()
                    .insert_header(CacheControl(vec![CacheDirective::NoCache]))
                    .respond_to(&req)
                    .map_into_boxed_body(),
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
