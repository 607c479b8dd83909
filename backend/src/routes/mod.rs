//! HTTP routes: one module per resource, one function per action. No SQL here.

pub mod admin_outbox;
pub mod areas;
pub mod auth;
pub mod categories;
pub mod inrapporter;
pub mod mail_opt_out;
pub mod meta;
pub mod openapi;
pub mod pwa;
pub mod report_input;
pub mod reports;
pub mod triage;

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
                .route("/auth/login", web::post().to(auth::login))
                .route("/auth/logout", web::post().to(auth::logout))
                .route("/auth/me", web::get().to(auth::me))
                .route("/auth/password", web::post().to(auth::change_password))
                .route("/inrapporter", web::post().to(inrapporter::create))
                .route("/inrapporter/mine", web::get().to(inrapporter::mine))
                .route("/reports", web::post().to(reports::create))
                .route("/reports", web::get().to(triage::list))
                .route("/reports/counts", web::get().to(triage::counts))
                .route("/reports/bulk", web::post().to(triage::bulk))
                .route("/reports/{id}", web::get().to(triage::detail))
                .route("/reports/{id}/actions", web::post().to(triage::act))
                .route("/track/{token}", web::get().to(reports::track))
                .route("/mail/opt-out/{token}", web::get().to(mail_opt_out::ask))
                .route("/mail/opt-out/{token}", web::post().to(mail_opt_out::confirm))
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
