//! The opt-out link in reporters' emails. Opening it asks (a link scanner that follows it changes
//! nothing); the button, or a mail client's one-click unsubscribe (RFC 8058), posts to the same
//! address and stops email about the report.

use actix_web::{web, HttpResponse};
use chrono::Utc;

use crate::domain::report::TrackingToken;
use crate::error::{ApiError, Lang};
use crate::mail::templates::{self, OptOutPage};
use crate::state::AppState;
use crate::store::entity::mail_subscription;
use crate::store::outbox;

/// The page that asks whether to stop email about the report.
#[utoipa::path(get, path = "/api/v1/mail/opt-out/{token}", operation_id = "ask_opt_out", tag = "mail",
    params(("token" = String, Path, pattern = "^[A-Za-z0-9_-]{43}$", description = "The token from the email's opt-out link")),
    responses((status = 200, description = "An HTML page with a confirm button", body = String, content_type = "text/html"),
        (status = 404, description = "No such link")))]
#[tracing::instrument(skip_all)]
pub async fn ask(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let token = parse(&token)?;
    let subscription = outbox::find_subscription_by_token(&state.db, &token).await?.ok_or(ApiError::NotFound)?;
    page(&state, &subscription, false).await
}

/// Stop email to the reporter about the report (also the RFC 8058 one-click target).
#[utoipa::path(post, path = "/api/v1/mail/opt-out/{token}", operation_id = "confirm_opt_out", tag = "mail",
    params(("token" = String, Path, pattern = "^[A-Za-z0-9_-]{43}$", description = "The token from the email's opt-out link")),
    responses((status = 200, description = "An HTML page confirming it", body = String, content_type = "text/html"),
        (status = 404, description = "No such link")))]
#[tracing::instrument(skip_all)]
pub async fn confirm(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let token = parse(&token)?;
    let subscription = outbox::opt_out(&state.db, &token, Utc::now()).await?.ok_or(ApiError::NotFound)?;
    tracing::info!(report_id = subscription.report_id, "reporter opted out of email");
    page(&state, &subscription, true).await
}

/// Only what could be a token reaches the database.
fn parse(token: &str) -> Result<TrackingToken, ApiError> {
    TrackingToken::parse(token).ok_or(ApiError::NotFound)
}

async fn page(state: &AppState, subscription: &mail_subscription::Model, done: bool) -> Result<HttpResponse, ApiError> {
    let report = outbox::reports_by_id(&state.db, &[subscription.report_id])
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)?;
    let page =
        OptOutPage { municipality: state.settings.municipality.clone(), id: report.public_id().to_string(), done };
    let html = templates::opt_out_page(Lang::from_code(&subscription.language), &page).map_err(anyhow::Error::new)?;
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(html))
}
