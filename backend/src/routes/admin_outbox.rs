//! The admin's view of the mail outbox: what failed, and queuing it again.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::user::Role;
use crate::error::ApiError;
use crate::http::auth::CurrentUser;
use crate::mail::OutboxStatus;
use crate::startup::AppState;
use crate::store::entity::outbox_email;
use crate::store::outbox::{self, Requeue};

const PAGE_DEFAULT: u64 = 50;
const PAGE_MAX: u64 = 200;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// Only emails in this state.
    pub status: Option<OutboxStatus>,
    /// The cursor: emails with a smaller id than this (`next_before` of the previous page).
    pub before: Option<i64>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxItem {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    /// `coordinator_alert`, `coordinator_digest`, `reporter_update`.
    pub kind: String,
    pub report_id: Option<i64>,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub message_id: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<outbox_email::Model> for OutboxItem {
    fn from(e: outbox_email::Model) -> Self {
        OutboxItem {
            id: e.id,
            recipient: e.recipient,
            subject: e.subject,
            kind: e.kind,
            report_id: e.report_id,
            status: e.status,
            attempts: e.attempts,
            next_attempt_at: e.next_attempt_at,
            last_error: e.last_error,
            message_id: e.message_id,
            created_at: e.created_at,
            sent_at: e.sent_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxPage {
    pub items: Vec<OutboxItem>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next_before: Option<i64>,
}

/// Emails in the outbox, newest first (admin).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", params(OutboxQuery),
    responses((status = 200, body = OutboxPage), (status = 400, description = "Unknown status or parameter")))]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_administer)?;
    let limit = query.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
    let mut emails = outbox::list(&state.db, query.status, query.before, limit + 1).await?;
    let next_before = (emails.len() as u64 > limit).then(|| {
        emails.truncate(limit as usize);
        emails.last().map(|e| e.id)
    });
    Ok(HttpResponse::Ok()
        .json(OutboxPage { items: emails.into_iter().map(Into::into).collect(), next_before: next_before.flatten() }))
}

/// Queue a failed email again, with fresh attempts and the same Message-ID (admin).
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", tag = "admin",
    params(("id" = i64, Path, description = "The email's id")),
    responses(
        (status = 200, description = "Queued again", body = OutboxItem),
        (status = 404, description = "No such email"),
        (status = 409, description = "The email has not failed"),
    ))]
pub async fn retry(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_administer)?;
    match outbox::requeue_failed(&state.db, id.into_inner(), Utc::now()).await? {
        Requeue::Requeued(email) => Ok(HttpResponse::Ok().json(OutboxItem::from(email))),
        Requeue::NotFailed(email) => Err(ApiError::NotRetryable { status: email.status }),
        Requeue::Missing => Err(ApiError::NotFound),
    }
}
