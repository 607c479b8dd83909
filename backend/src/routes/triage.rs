//! The coordinator's queue: list with filters and cursor pages, counts, one report in full, and
//! the actions that move it — each recorded on the report's timeline with who and when.

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::area::AreaRef;
use crate::domain::inrapport::InrapportDetail;
use crate::domain::report::{Description, PublicId, ReportStatus};
use crate::domain::screening::screen;
use crate::domain::triage::{Priority, GROUPS};
use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::startup::AppState;
use crate::store::entity::{inrapport_detail, report, report_event};
use crate::store::triage::{self, Actor, Change, ChangeError, Cursor, ReportFilter};
use crate::store::{accounts, reports, triage as queue};

const DEFAULT_PAGE: u64 = 50;
const MAX_PAGE: u64 = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Comma-separated statuses, e.g. `new,triaged`.
    pub status: Option<String>,
    pub category: Option<String>,
    pub subtype: Option<String>,
    /// Area slug.
    pub area: Option<String>,
    /// `pwa`, `staff`, `open311`, `import`.
    pub source: Option<String>,
    pub priority: Option<Priority>,
    /// Assigned group, e.g. `est`.
    pub group: Option<String>,
    /// Received on or after: `YYYY-MM-DD` or RFC 3339.
    pub from: Option<String>,
    /// Received on or before (a date includes the whole day): `YYYY-MM-DD` or RFC 3339.
    pub to: Option<String>,
    /// `west,south,east,north` in WGS84 degrees.
    pub bbox: Option<String>,
    /// Words in the description, or a registration number `TRY-2026-000123`.
    pub q: Option<String>,
    /// `newest` (default) or `oldest`.
    pub sort: Option<String>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSummary {
    pub id: String,
    pub status: String,
    pub priority: Option<String>,
    pub category: String,
    pub subtype: Option<String>,
    pub area: Option<AreaRef>,
    pub source: String,
    pub received_at: DateTime<Utc>,
    pub occurred_at: DateTime<Utc>,
    pub lat: f64,
    pub lon: f64,
    pub feeling: Option<i16>,
    pub assigned_group: Option<String>,
    /// The first 140 characters of the description.
    pub excerpt: String,
    pub screening_flags: Vec<String>,
    pub duplicate_count: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPage {
    pub items: Vec<ReportSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCounts {
    pub counts: BTreeMap<String, i64>,
    pub total: i64,
}

/// The queue: filtered, newest first, one cursor page at a time.
#[utoipa::path(get, path = "/api/v1/reports", tag = "triage", params(QueueQuery),
    responses((status = 200, body = ReportPage), (status = 401), (status = 403), (status = 422)))]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let (filter, cursor, oldest_first, limit) = parse_query(&query, &state)?;
    let (rows, next) = queue::list(&state.db, &filter, cursor, oldest_first, limit).await?;
    let items = rows.iter().map(|r| summary(r, &state)).collect();
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor: next.map(|c| c.encode()) }))
}

/// How many reports match the filters, per status.
#[utoipa::path(get, path = "/api/v1/reports/counts", tag = "triage", params(QueueQuery),
    responses((status = 200, body = StatusCounts), (status = 401), (status = 403)))]
pub async fn counts(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let (filter, ..) = parse_query(&query, &state)?;
    let counts: BTreeMap<String, i64> = queue::counts_by_status(&state.db, &filter).await?.into_iter().collect();
    let total = counts.values().sum();
    Ok(HttpResponse::Ok().json(StatusCounts { counts, total }))
}

pub(crate) fn summary(r: &report::Model, state: &AppState) -> ReportSummary {
    let category = state.catalog.by_id(r.category_id);
    ReportSummary {
        id: PublicId::new(r.id, r.received_at).to_string(),
        status: r.status.clone(),
        priority: r.priority.clone(),
        category: category.map_or_else(|| "other".into(), |c| c.slug.clone()),
        subtype: category.zip(r.subtype_id).and_then(|(c, id)| c.subtype_by_id(id)).map(|s| s.slug.clone()),
        area: r.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.reference()),
        source: r.source.clone(),
        received_at: r.received_at,
        occurred_at: r.occurred_at,
        lat: r.lat,
        lon: r.lon,
        feeling: r.feeling,
        assigned_group: r.assigned_group.clone(),
        excerpt: r.description.chars().take(140).collect(),
        screening_flags: flags(r),
        duplicate_count: r.duplicate_count,
    }
}

fn flags(r: &report::Model) -> Vec<String> {
    r.screening_flags.as_deref().map(|f| f.split(',').map(str::to_owned).collect()).unwrap_or_default()
}

type ParsedQuery = (ReportFilter, Option<Cursor>, bool, u64);

pub(crate) fn parse_query(query: &QueueQuery, state: &AppState) -> Result<ParsedQuery, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut filter = ReportFilter::default();
    if let Some(statuses) = &query.status {
        for status in statuses.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match status.parse::<ReportStatus>() {
                Ok(status) => filter.statuses.push(status),
                Err(_) => errors.add("status", FieldIssue::Invalid),
            }
        }
    }
    let category = query.category.as_deref().map(|slug| state.catalog.by_slug(slug));
    match category {
        Some(None) => errors.add("category", FieldIssue::UnknownCategory),
        Some(Some(c)) => filter.category_id = Some(c.id),
        None => {}
    }
    if let Some(slug) = &query.subtype {
        match category.flatten().and_then(|c| c.subtype(slug)) {
            Some(subtype) => filter.subtype_id = Some(subtype.id),
            None => errors.add("subtype", FieldIssue::UnknownSubtype),
        }
    }
    if let Some(slug) = &query.area {
        match state.areas.by_slug(slug) {
            Some(area) => filter.area_id = Some(area.id),
            None => errors.add("area", FieldIssue::UnknownLocality),
        }
    }
    if let Some(source) = &query.source {
        match ["pwa", "staff", "open311", "import"].contains(&source.as_str()) {
            true => filter.source = Some(source.clone()),
            false => errors.add("source", FieldIssue::Invalid),
        }
    }
    filter.priority = query.priority;
    if let Some(group) = &query.group {
        match GROUPS.contains(&group.as_str()) {
            true => filter.assigned_group = Some(group.clone()),
            false => errors.add("group", FieldIssue::UnknownGroup),
        }
    }
    for (name, value, end_of_day, target) in
        [("from", &query.from, false, &mut filter.received_from), ("to", &query.to, true, &mut filter.received_to)]
    {
        if let Some(text) = value {
            match parse_time(text, end_of_day) {
                Some(at) => *target = Some(at),
                None => errors.add(name, FieldIssue::Invalid),
            }
        }
    }
    if let Some(bbox) = &query.bbox {
        let parts: Vec<f64> = bbox.split(',').filter_map(|p| p.trim().parse().ok()).collect();
        match parts.as_slice() {
            [w, s, e, n] if w < e && s < n => filter.bbox = Some((*w, *s, *e, *n)),
            _ => errors.add("bbox", FieldIssue::Invalid),
        }
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        match q.parse::<PublicId>() {
            Ok(id) => filter.id = Some(id.id),
            Err(()) if q.chars().count() <= 200 => filter.text = Some(q.to_owned()),
            Err(()) => errors.add("q", FieldIssue::TooLong { max: 200 }),
        }
    }
    let oldest_first = match query.sort.as_deref() {
        None | Some("newest") => false,
        Some("oldest") => true,
        Some(_) => {
            errors.add("sort", FieldIssue::Invalid);
            false
        }
    };
    let cursor = query.cursor.as_deref().and_then(|c| {
        let parsed = Cursor::decode(c);
        if parsed.is_none() {
            errors.add("cursor", FieldIssue::Invalid);
        }
        parsed
    });
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        errors.add("limit", FieldIssue::OutOfRange { min: 1.0, max: MAX_PAGE as f64 });
    }
    errors.into_result((filter, cursor, oldest_first, limit))
}

/// `YYYY-MM-DD` (the start of the day, or the start of the next day for `end_of_day`) or RFC 3339.
fn parse_time(text: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let day = if end_of_day { day + Duration::days(1) } else { day };
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDetail {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub description: String,
    pub place_description: Option<String>,
    pub accuracy_m: Option<f64>,
    pub time_of_day: Option<String>,
    pub recurring: Option<bool>,
    pub organisation: Option<String>,
    pub assigned_user_id: Option<i32>,
    /// The original's registration number when this is a duplicate.
    pub duplicate_of: Option<String>,
    pub public_visible: bool,
    /// The redacted text shown publicly instead of the description.
    pub public_description: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// Where the status may go next.
    pub allowed_next: Vec<ReportStatus>,
    /// Coordinators only, and only with the reporter's consent.
    pub contact: Option<ContactView>,
    pub inrapport: Option<InrapportDetail>,
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
    pub kind: String,
    pub status: Option<String>,
    /// Shown on the reporter's tracking page.
    pub public: bool,
    /// Who: a staff member's name, `reporter` or `system`.
    pub actor: Option<String>,
    pub actor_user_id: Option<i32>,
    pub text: Option<String>,
    pub data: Option<serde_json::Value>,
}

/// One report in full, with its whole timeline.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "triage",
    params(("id" = String, Path, description = "Registration number, e.g. TRY-2026-000123")),
    responses((status = 200, body = ReportDetail), (status = 401), (status = 403), (status = 404)))]
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
    if PublicId::new(report.id, report.received_at) == public {
        Ok(report)
    } else {
        Err(ApiError::NotFound)
    }
}

async fn load_detail(state: &AppState, report: report::Model, role: Role) -> Result<ReportDetail, ApiError> {
    let timeline = triage::timeline(&state.db, report.id).await?;
    let inrapport = triage::inrapport_detail(&state.db, report.id).await?;
    let original = match report.duplicate_of_id {
        Some(id) => reports::find(&state.db, id).await?,
        None => None,
    };
    Ok(detail_view(state, report, role, timeline, inrapport, original))
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
    let status: Option<ReportStatus> = r.status.parse().ok();
    let has_contact = r.contact_name.is_some() || r.contact_email.is_some() || r.contact_phone.is_some();
    ReportDetail {
        summary: summary(&r, state),
        contact: (restricted && has_contact).then(|| ContactView {
            name: r.contact_name.clone(),
            email: r.contact_email.clone(),
            phone: r.contact_phone.clone(),
        }),
        inrapport: inrapport.map(|d| InrapportDetail {
            police_report_number: d.police_report_number.clone().filter(|_| restricted),
            ..d.into()
        }),
        duplicate_of: original.map(|o| PublicId::new(o.id, o.received_at).to_string()),
        allowed_next: status.map(|s| s.allowed_next().to_vec()).unwrap_or_default(),
        timeline: timeline
            .into_iter()
            .map(|e| TimelineEvent {
                at: e.created_at,
                kind: e.kind,
                status: e.status,
                public: e.public,
                actor: e.actor,
                actor_user_id: e.actor_user_id,
                text: e.body,
                data: e.data.and_then(|d| serde_json::from_str(&d).ok()),
            })
            .collect(),
        description: r.description,
        place_description: r.place_description,
        accuracy_m: r.accuracy_m,
        time_of_day: r.time_of_day,
        recurring: r.recurring,
        organisation: r.organisation,
        assigned_user_id: r.assigned_user_id,
        public_visible: r.public_visible,
        public_description: r.public_description,
        updated_at: r.updated_at,
    }
}

/// One triage action. `{"action": "status", "status": "triaged"}`, and so on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionDto {
    /// Move along the workflow; anything else is 409 with the allowed statuses.
    Status {
        status: ReportStatus,
        comment: Option<String>,
    },
    Priority {
        priority: Priority,
    },
    /// Route to a group (est, sspf, …) and/or a user; `null` clears.
    Assign {
        group: Option<String>,
        user_id: Option<i32>,
    },
    Categorise {
        category: String,
        subtype: Option<String>,
    },
    /// An internal note, never shown to the reporter.
    Note {
        text: String,
    },
    /// A reply shown on the reporter's tracking page.
    PublicReply {
        text: String,
    },
    /// Mark as a duplicate of another report (its registration number).
    Duplicate {
        of: String,
    },
    /// Public visibility and redaction, with a reason for the audit trail.
    Moderate {
        public_visible: Option<bool>,
        public_description: Option<String>,
        remove_redaction: Option<bool>,
        reason: String,
    },
}

/// Act on a report; answers with the report as it now is.
#[utoipa::path(post, path = "/api/v1/reports/{id}/actions", tag = "triage", request_body = ActionDto,
    params(("id" = String, Path, description = "Registration number")),
    responses((status = 200, body = ReportDetail), (status = 401), (status = 403), (status = 404),
              (status = 409, description = "Not allowed from the current status; `allowed` lists what is"),
              (status = 422)))]
pub async fn act(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
    body: JsonBody<ActionDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let report = find(&state, &id).await?;
    let change = parse_action(body.0, &state).await?;
    let updated = apply(&state, &user, report.id, change).await?;
    Ok(HttpResponse::Ok().json(load_detail(&state, updated, user.role).await?))
}

async fn apply(state: &AppState, user: &CurrentUser, id: i64, change: Change) -> Result<report::Model, ApiError> {
    let actor = Actor { user_id: user.id, name: user.name.clone() };
    triage::apply(&state.db, id, change, &actor, Utc::now(), &state.mail).await.map_err(|e| match e {
        ChangeError::NotFound => ApiError::NotFound,
        ChangeError::Conflict { current, allowed } => {
            ApiError::Conflict { current, allowed: allowed.iter().map(|s| s.as_str().to_owned()).collect() }
        }
        ChangeError::BadOriginal => FieldErrors::single("of", FieldIssue::UnknownReport).into(),
        ChangeError::NeedsRedaction => FieldErrors::single("public_visible", FieldIssue::NeedsRedaction).into(),
        ChangeError::Db(e) => e.into(),
    })
}

async fn parse_action(action: ActionDto, state: &AppState) -> Result<Change, ApiError> {
    let text = |field: &str, text: &str, public: bool| -> Result<String, FieldErrors> {
        let parsed = Description::parse(text).map_err(|issue| FieldErrors::single(field, issue))?.into_inner();
        if public && !screen(&parsed).is_empty() {
            return Err(FieldErrors::single(field, FieldIssue::PersonalData));
        }
        Ok(parsed)
    };
    Ok(match action {
        ActionDto::Status { status, comment } => {
            Change::Status { to: status, comment: comment.map(|c| text("comment", &c, false)).transpose()? }
        }
        ActionDto::Priority { priority } => Change::Priority(priority),
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
            errors.into_result(Change::Assign { group, user_id })?
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
            Change::Categorise { category_id: category.id, subtype_id }
        }
        ActionDto::Note { text: body } => Change::Note(text("text", &body, false)?),
        ActionDto::PublicReply { text: body } => Change::PublicReply(text("text", &body, true)?),
        ActionDto::Duplicate { of } => {
            let original = find(state, &of).await.map_err(|_| FieldErrors::single("of", FieldIssue::UnknownReport))?;
            Change::Duplicate { original_id: original.id }
        }
        ActionDto::Moderate { public_visible, public_description, remove_redaction, reason } => {
            let reason = text("reason", &reason, false)?;
            let public_description = match (public_description, remove_redaction) {
                (Some(_), Some(true)) => {
                    return Err(FieldErrors::single("remove_redaction", FieldIssue::Invalid).into())
                }
                (Some(redacted), _) => Some(Some(text("public_description", &redacted, true)?)),
                (None, Some(true)) => Some(None),
                (None, _) => None,
            };
            Change::Moderate { public_visible, public_description, reason }
        }
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkActionDto {
    /// Registration numbers, at most 200.
    pub ids: Vec<String>,
    pub action: ActionDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    pub id: String,
    /// `ok`, or the error code (`conflict`, `not_found`, …).
    pub outcome: String,
    pub status: Option<String>,
}

/// The same action on several reports; each succeeds or fails on its own.
#[utoipa::path(post, path = "/api/v1/reports/bulk", tag = "triage", request_body = BulkActionDto,
    responses((status = 200, body = [BulkResult]), (status = 401), (status = 403), (status = 422)))]
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
    let change = parse_action(action, &state).await?;
    let mut results = Vec::with_capacity(ids.len());
    for id in ids {
        let outcome = match find(&state, &id).await {
            Ok(report) => apply(&state, &user, report.id, change.clone()).await,
            Err(e) => Err(e),
        };
        results.push(match outcome {
            Ok(updated) => BulkResult { id, outcome: "ok".into(), status: Some(updated.status) },
            Err(e) => BulkResult { id, outcome: e.code().into(), status: None },
        });
    }
    Ok(HttpResponse::Ok().json(results))
}
