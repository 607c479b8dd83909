//! HTTP routes: one module per resource, one function per action. No SQL here.

pub mod admin_outbox;
pub mod areas;
pub mod categories;
pub mod mail_opt_out;
pub mod meta;
pub mod openapi;
pub mod pwa;
pub mod reports;

use actix_web::{web, HttpResponse};

use crate::error::ApiError;

/// Every API route, in one place.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(meta::health))
        .route("/ready", web::get().to(meta::ready))
        .service(openapi::docs())
        .route("/api/docs", web::get().to(openapi::docs_redirect))
        .service(
            web::scope("/api/v1")
                .route("/public-config", web::get().to(meta::public_config))
                .route("/categories", web::get().to(categories::list))
                .route("/areas", web::get().to(areas::list))
                .route("/areas/lookup", web::get().to(areas::lookup))
                .route("/reports", web::post().to(reports::create))
                .route("/track/{token}", web::get().to(reports::track))
                .route("/mail/opt-out/{token}", web::get().to(mail_opt_out::ask))
                .route("/mail/opt-out/{token}", web::post().to(mail_opt_out::confirm))
                // Admin only: guarded when accounts and roles arrive (issue 4).
                .route("/admin/outbox", web::get().to(admin_outbox::list))
                .route("/admin/outbox/{id}/retry", web::post().to(admin_outbox::retry))
                .default_service(web::to(not_found)),
        )
        .service(web::scope("/api").default_service(web::to(not_found)));
}

/// JSON 404 for unknown API paths.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
