//! The OpenAPI document, generated from the handlers and DTOs, and its viewer.

use actix_web::{http::header, HttpResponse};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use super::{admin_outbox, areas, auth, categories, inrapporter, mail_opt_out, meta, reports, triage};

#[derive(OpenApi)]
#[openapi(
    info(title = "Trygg API", description = "Reports of unsafe places and the municipality's safety work."),
    paths(
        reports::create, reports::track, categories::list, areas::list, areas::lookup,
        meta::public_config, meta::health, meta::ready,
        auth::login, auth::logout, auth::me, auth::change_password,
        inrapporter::create, inrapporter::mine,
        triage::list, triage::counts, triage::detail, triage::act, triage::bulk,
        mail_opt_out::ask, mail_opt_out::confirm, admin_outbox::list, admin_outbox::retry,
    ),
    // Referenced only through query parameters, which utoipa does not collect on its own.
    components(schemas(crate::mail::OutboxStatus)),
    tags(
        (name = "reports", description = "Residents' reports and tracking"),
        (name = "areas", description = "The municipality and its localities"),
        (name = "meta", description = "Configuration and health"),
        (name = "auth", description = "Staff login and sessions"),
        (name = "inrapporter", description = "Incident reports from staff and partners"),
        (name = "triage", description = "The coordinator's queue and actions"),
        (name = "mail", description = "Reporters' email: opting out"),
        (name = "admin", description = "Administration: the mail outbox"),
    )
)]
pub struct ApiDoc;

/// The viewer at `/api/docs/` reading `/api/openapi.json`.
pub fn docs() -> SwaggerUi {
    SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi())
}

pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/api/docs/")).finish()
}
