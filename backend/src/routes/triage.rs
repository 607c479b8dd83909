//! One report in full — with its whole timeline — and the triage actions that move it, each
//! decided by the domain's workflow and recorded with who and when.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::area::distance_m;
use crate::domain::inrapport::InrapportDetail;
use crate::domain::report::{Description, PublicId, ReportStatus, TimeOfDay};
use crate::domain::screening::screen;
use crate::domain::user::Role;
use crate::domain::workflow::{Action, EventKind, Priority, Refusal, GROUPS};
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::routes::photos::PhotoView;
use crate::routes::queue::{summary, ReportSummary};
use crate::state::AppState;
use crate::store::entity::{inrapport_detail, report, report_event};
use crate::store::triage::{self, Actor, ChangeError};
use crate::store::{accounts, photos, queue, reports};

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDetail {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub description: String,
    pub place_description: Option<String>,
    pub accuracy_m: Option<f64>,
    pub time_of_day: Option<TimeOfDay>,
    pub recurring: Option<bool>,
    pub organisation: Option<String>,
    pub assigned_user_id: Option<i32>,
    /// The original's registration number when this is a duplicate.
    pub duplicate_of: Option<String>,
    pub public_visible: bool,
    /// Public at its exact place, not only in the public map's grid.
    pub public_exact: bool,
    /// The redacted text shown publicly instead of the description.
    pub public_description: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// Where the status may go next.
    pub allowed_next: Vec<ReportStatus>,
    /// Whether it may be marked a duplicate of another report now.
    pub can_mark_duplicate: bool,
    /// Coordinators only, and only with the reporter's consent.
    pub contact: Option<ContactView>,
    pub inrapport: Option<InrapportDetail>,
    /// Every photo, hidden ones too.
    pub photos: Vec<PhotoView>,
    pub timeline: Vec<TimelineEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEvent {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub status: Option<ReportStatus>,
    /// Shown on the reporter's tracking page.
    pub public: bool,
    /// Who: a staff member's name, `reporter` or `system`.
    pub actor: Option<String>,
    pub actor_user_id: Option<i32>,
    pub text: Option<String>,
    pub data: Option<serde_json::Value>,
}

/// One report in full, with its whole timeline.
#[utoipa::path(get, path = "/api/v1/reports/{id}", operation_id = "get_report", security(("session" = [])), tag = "triage",
    params(("id" = String, Path, pattern = r"^TRY-[0-9]{4}-[0-9]{6,}$", description = "Registration number, e.g. TRY-2026-000123")),
    responses((status = 200, body = ReportDetail)))]
#[tracing::instrument(skip_all, fields(report = %id))]
pub async fn detail(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let report = find(&state, &id).await?;
    Ok(HttpResponse::Ok().json(load_detail(&state, report, user.role).await?))
}

/// The report behind a registration number whose year matches.
async fn find(state: &AppState, id: &str) -> Result<report::Model, ApiError> {
    let public: PublicId = id.parse().map_err(|()| ApiError::NotFound)?;
    let report = reports::find(&state.db, public.id).await?.ok_or(ApiError::NotFound)?;
    if report.public_id() == public {
        Ok(report)
    } else {
        Err(ApiError::NotFound)
    }
}

async fn load_detail(state: &AppState, report: report::Model, role: Role) -> Result<ReportDetail, ApiError> {
    let timeline = queue::timeline(&state.db, report.id).await?;
    let inrapport = queue::inrapport_detail(&state.db, report.id).await?;
    let photos = photos::of_report(&state.db, report.id).await?;
    let original = match report.duplicate_of_id {
        Some(id) => reports::find(&state.db, id).await?,
        None => None,
    };
    Ok(ReportDetail {
        photos: photos.iter().map(PhotoView::from).collect(),
        ..detail_view(state, report, role, timeline, inrapport, original)
    })
}

fn detail_view(
    state: &AppState,
    r: report::Model,
    role: Role,
    timeline: Vec<report_event::Model>,
    inrapport: Option<inrapport_detail::Model>,
    original: Option<report::Model>,
) -> ReportDetail {
    let restricted = role.can_see_restricted();
    let time_of_day = r.time_of_day();
    let has_contact = r.contact_name.is_some() || r.contact_email.is_some() || r.contact_phone.is_some();
    ReportDetail {
        summary: summary(&r, state),
        contact: (restricted && has_contact).then(|| ContactView {
            name: r.contact_name.clone(),
            email: r.contact_email.clone(),
            phone: r.contact_phone.clone(),
        }),
        photos: Vec::new(),
        inrapport: inrapport.map(|d| InrapportDetail {
            police_report_number: d.police_report_number.clone().filter(|_| restricted),
            ..d.into()
        }),
        duplicate_of: original.map(|o| o.public_id().to_string()),
        allowed_next: r.status().allowed_next().to_vec(),
        can_mark_duplicate: r.status().can_become_duplicate(),
        timeline: timeline
            .into_iter()
            .filter_map(|e| {
                Some(TimelineEvent {
                    at: e.created_at,
                    kind: e.kind()?,
                    status: e.status(),
                    public: e.public,
                    actor: e.actor,
                    actor_user_id: e.actor_user_id,
                    text: e.body,
                    data: e.data.and_then(|d| serde_json::from_str(&d).ok()),
                })
            })
            .collect(),
        description: r.description,
        place_description: r.place_description,
        accuracy_m: r.accuracy_m,
        time_of_day,
        recurring: r.recurring,
        organisation: r.organisation,
        assigned_user_id: r.assigned_user_id,
        public_visible: r.public_visible,
        public_exact: r.public_exact,
        public_description: r.public_description,
        updated_at: r.updated_at,
    }
}

/// How far, and over how many days either side, a report counts as nearby.
const NEARBY_METRES: f64 = 200.0;
const NEARBY_DAYS: i64 = 30;

#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarReport {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub distance_m: f64,
    /// In the same category: likely the same thing. Another category deserves a second look
    /// before marking a duplicate.
    pub same_category: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarReports {
    /// Same category first, then nearest first; at most 20.
    pub items: Vec<SimilarReport>,
}

/// Reports within 200 m received within 30 days either side: candidates for "duplicate of".
#[utoipa::path(get, path = "/api/v1/reports/{id}/similar", operation_id = "similar_reports", security(("session" = [])), tag = "triage",
    params(("id" = String, Path, pattern = r"^TRY-[0-9]{4}-[0-9]{6,}$", description = "Registration number")),
    responses((status = 200, body = SimilarReports)))]
#[tracing::instrument(skip_all, fields(report = %id))]
pub async fn similar(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let report = find(&state, &id).await?;
    let days = chrono::Duration::days(NEARBY_DAYS);
    let window = (report.received_at - days, report.received_at + days);
    let rows = queue::near(&state.db, (report.lat, report.lon), NEARBY_METRES, window, report.id, 200).await?;
    let mut items: Vec<SimilarReport> = rows
        .iter()
        .map(|r| SimilarReport {
            distance_m: distance_m(report.lat, report.lon, r.lat, r.lon).round(),
            same_category: r.category_id == report.category_id,
            summary: summary(r, &state),
        })
        .filter(|s| s.distance_m <= NEARBY_METRES)
        .collect();
    items.sort_by(|a, b| b.same_category.cmp(&a.same_category).then(a.distance_m.total_cmp(&b.distance_m)));
    items.truncate(20);
    Ok(HttpResponse::Ok().json(SimilarReports { items }))
}

/// One triage action. `{"action": "status", "status": "triaged"}`, and so on.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({ "action": "status", "status": "rejected",
    "public_reply": "Det här är inte kommunens ansvar. Kontakta Trafikverket." }))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionDto {
    /// Move along the workflow; anything else is 409 with the allowed statuses. `comment` is
    /// internal; `public_reply` is shown to the reporter (tracking page and e-mail) and is
    /// required when rejecting, so no one is turned away without a reason.
    Status {
        status: ReportStatus,
        #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
        comment: Option<String>,
        #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
        public_reply: Option<String>,
    },
    Priority {
        priority: Priority,
    },
    /// Route to a group (est, sspf, …) and/or a user; `null` clears.
    Assign {
        #[schema(value_type = Option<String>, pattern = "^(est|sspf|steering|rights_network|violence_free)$")]
        group: Option<String>,
        user_id: Option<i32>,
    },
    Categorise {
        #[schema(min_length = 1, max_length = 64)]
        category: String,
        #[schema(max_length = 64)]
        subtype: Option<String>,
    },
    /// An internal note, never shown to the reporter.
    Note {
        #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
        text: String,
    },
    /// A reply shown on the reporter's tracking page.
    PublicReply {
        #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
        text: String,
    },
    /// Mark as a duplicate of another report (its registration number).
    Duplicate {
        #[schema(pattern = r"^TRY-[0-9]{4}-[0-9]{6,}$")]
        of: String,
    },
    /// Public visibility and redaction, with a reason for the audit trail.
    Moderate {
        public_visible: Option<bool>,
        /// Show it at its exact place on the public map and in Open311, not only in a 250 m cell.
        public_exact: Option<bool>,
        #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
        public_description: Option<String>,
        remove_redaction: Option<bool>,
        #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
        reason: String,
    },
}

/// Act on a report; answers with the report as it now is.
#[utoipa::path(post, path = "/api/v1/reports/{id}/actions", operation_id = "act_on_report", security(("session" = [])), tag = "triage", request_body = ActionDto,
    params(("id" = String, Path, pattern = r"^TRY-[0-9]{4}-[0-9]{6,}$", description = "Registration number")),
    responses((status = 200, body = ReportDetail),
              (status = 409, description = "Not allowed from the current status; `allowed` lists what is")))]
#[tracing::instrument(skip_all, fields(report = %id, user_id = user.id))]
pub async fn act(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
    body: JsonBody<ActionDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let report = find(&state, &id).await?;
    let action = parse_action(body.0, &state).await?;
    let updated = apply(&state, &user, report.id, action).await?;
    Ok(HttpResponse::Ok().json(load_detail(&state, updated, user.role).await?))
}

async fn apply(state: &AppState, user: &CurrentUser, id: i64, action: Action) -> Result<report::Model, ApiError> {
    let actor = Actor { user_id: Some(user.id), name: user.name.clone(), role: user.role };
    triage::apply(&state.db, id, action, &actor, Utc::now(), &state.mail).await.map_err(|e| match e {
        ChangeError::NotFound => ApiError::NotFound,
        ChangeError::Refused(Refusal::Forbidden) => ApiError::Forbidden,
        ChangeError::Refused(Refusal::Conflict { current, allowed }) => {
            ApiError::Conflict { current: current.as_str().to_owned(), allowed }
        }
        ChangeError::ChangedMeanwhile => ApiError::Conflict { current: "changed meanwhile".into(), allowed: vec![] },
        ChangeError::Refused(Refusal::BadOriginal) => FieldErrors::single("of", FieldIssue::UnknownReport).into(),
        ChangeError::Refused(Refusal::NeedsRedaction) => {
            FieldErrors::single("public_visible", FieldIssue::NeedsRedaction).into()
        }
        ChangeError::Refused(Refusal::ReasonRequired) => {
            FieldErrors::single("public_reply", FieldIssue::Required).into()
        }
        ChangeError::Db(e) => e.into(),
    })
}

async fn parse_action(action: ActionDto, state: &AppState) -> Result<Action, ApiError> {
    let text = |field: &str, text: &str, public: bool| -> Result<String, FieldErrors> {
        let parsed = Description::parse(text).map_err(|issue| FieldErrors::single(field, issue))?.into_inner();
        if public && !screen(&parsed).is_empty() {
            return Err(FieldErrors::single(field, FieldIssue::PersonalData));
        }
        Ok(parsed)
    };
    Ok(match action {
        ActionDto::Status { status, comment, public_reply } => Action::Status {
            to: status,
            comment: comment.map(|c| text("comment", &c, false)).transpose()?,
            reply: public_reply.map(|r| text("public_reply", &r, true)).transpose()?,
        },
        ActionDto::Priority { priority } => Action::Priority(priority),
        ActionDto::Assign { group, user_id } => {
            let mut errors = FieldErrors::default();
            if group.as_deref().is_some_and(|g| !GROUPS.contains(&g)) {
                errors.add("group", FieldIssue::UnknownGroup);
            }
            if let Some(id) = user_id {
                let found = accounts::find_users(&state.db, vec![id]).await?;
                if !found.iter().any(|u| u.active) {
                    errors.add("user_id", FieldIssue::UnknownUser);
                }
            }
            errors.into_result(Action::Assign { group, user_id })?
        }
        ActionDto::Categorise { category, subtype } => {
            let category =
                state.catalog.by_slug(&category).ok_or(FieldErrors::single("category", FieldIssue::UnknownCategory))?;
            let subtype_id = match subtype {
                Some(slug) => {
                    Some(category.subtype(&slug).ok_or(FieldErrors::single("subtype", FieldIssue::UnknownSubtype))?.id)
                }
                None => None,
            };
            Action::Categorise { category_id: category.id, subtype_id }
        }
        ActionDto::Note { text: body } => Action::Note(text("text", &body, false)?),
        ActionDto::PublicReply { text: body } => Action::PublicReply(text("text", &body, true)?),
        ActionDto::Duplicate { of } => {
            let original = find(state, &of).await.map_err(|_| FieldErrors::single("of", FieldIssue::UnknownReport))?;
            Action::Duplicate { original_id: original.id }
        }
        ActionDto::Moderate { public_visible, public_exact, public_description, remove_redaction, reason } => {
            let reason = text("reason", &reason, false)?;
            let public_description = match (public_description, remove_redaction) {
                (Some(_), Some(true)) => {
                    return Err(FieldErrors::single("remove_redaction", FieldIssue::Invalid).into())
                }
                (Some(redacted), _) => Some(Some(text("public_description", &redacted, true)?)),
                (None, Some(true)) => Some(None),
                (None, _) => None,
            };
            Action::Moderate { public_visible, public_exact, public_description, reason }
        }
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "ids": ["TRY-2026-000001", "TRY-2026-000002"], "action": { "action": "status", "status": "triaged" } }))]
pub struct BulkActionDto {
    /// Registration numbers, 1 to 200.
    #[schema(min_items = 1, max_items = 200)]
    pub ids: Vec<String>,
    pub action: ActionDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    pub id: String,
    /// `ok`, or the error code (`conflict`, `not_found`, …).
    pub outcome: String,
    pub status: Option<ReportStatus>,
}

/// The same action on several reports; each succeeds or fails on its own.
#[utoipa::path(post, path = "/api/v1/reports/bulk", operation_id = "act_on_reports", security(("session" = [])), tag = "triage", request_body = BulkActionDto,
    responses((status = 200, body = [BulkResult]), (status = 401), (status = 403), (status = 422)))]
#[tracing::instrument(skip_all)]
pub async fn bulk(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<BulkActionDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let BulkActionDto { ids, action } = body.0;
    if ids.is_empty() || ids.len() > 200 {
        return Err(FieldErrors::single("ids", FieldIssue::OutOfRange { min: 1.0, max: 200.0 }).into());
    }
    let action = parse_action(action, &state).await?;
    let mut results = Vec::with_capacity(ids.len());
    for id in ids {
        let outcome = match find(&state, &id).await {
            Ok(report) => apply(&state, &user, report.id, action.clone()).await,
            Err(e) => Err(e),
        };
        results.push(match outcome {
            Ok(updated) => BulkResult { id, outcome: "ok".into(), status: Some(updated.status()) },
            Err(e) => BulkResult { id, outcome: e.code().as_str().into(), status: None },
        });
    }
    Ok(HttpResponse::Ok().json(results))
}
