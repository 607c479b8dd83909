//! The admin's view of the mail outbox: what failed, and queuing it again.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::mail_policy::{masked_address, EmailKind, OutboxStatus};
use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::query::Query;
use crate::state::AppState;
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
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxItem {
    pub id: i64,
    /// A reporter's address is masked (`a***@example.se`) for roles without access to contact details.
    pub recipient: String,
    pub subject: String,
    pub kind: EmailKind,
    pub report_id: Option<i64>,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub message_id: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl OutboxItem {
    /// A reporter's address only for a role that may see contact details; masked otherwise.
    fn of(e: outbox_email::Model, role: Role) -> Self {
        let (kind, status) = (e.kind(), e.status());
        let hidden = kind == EmailKind::ReporterUpdate && !role.can_see_restricted();
        OutboxItem {
            id: e.id,
            recipient: if hidden { masked_address(&e.recipient) } else { e.recipient },
            subject: e.subject,
            kind,
            report_id: e.report_id,
            status,
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
#[utoipa::path(get, path = "/api/v1/admin/outbox", operation_id = "list_outbox", security(("session" = [])), tag = "admin", params(OutboxQuery),
    responses((status = 200, body = OutboxPage)))]
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_administer)?;
    let limit = query.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(FieldErrors::single("limit", FieldIssue::OutOfRange { min: 1.0, max: PAGE_MAX as f64 }).into());
    }
    let mut emails = outbox::list(&state.db, query.status, query.before, limit + 1).await?;
    let next_before = (emails.len() as u64 > limit).then(|| {
        emails.truncate(limit as usize);
        emails.last().map(|e| e.id)
    });
    Ok(HttpResponse::Ok().json(OutboxPage {
        items: emails.into_iter().map(|e| OutboxItem::of(e, user.role)).collect(),
        next_before: next_before.flatten(),
    }))
}

/// Queue a failed email again, with fresh attempts and the same Message-ID (admin).
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", operation_id = "retry_email", security(("session" = [])), tag = "admin",
    params(("id" = i64, Path, description = "The email's id")),
    responses(
        (status = 200, description = "Queued again", body = OutboxItem),
        (status = 404, description = "No such email"),
        (status = 409, description = "The email has not failed"),
    ))]
#[tracing::instrument(skip_all)]
pub async fn retry(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_administer)?;
    match outbox::requeue_failed(&state.db, id.into_inner(), Utc::now()).await? {
        Requeue::Requeued(email) => Ok(HttpResponse::Ok().json(OutboxItem::of(email, user.role))),
        Requeue::NotFailed(email) => Err(ApiError::NotRetryable { status: email.status }),
        Requeue::Missing => Err(ApiError::NotFound),
    }
}
