//! The coordinator's queue: list with filters and cursor pages, and counts per status.

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::area::AreaRef;
use crate::domain::report::{PublicId, ReportStatus, Source};
use crate::domain::screening::ScreeningHit;
use crate::domain::user::Role;
use crate::domain::workflow::{Priority, GROUPS};
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::query::Query;
use crate::state::AppState;
use crate::store::entity::report;
use crate::store::queue::{self, Cursor, ReportFilter};

const DEFAULT_PAGE: u64 = 50;
const MAX_PAGE: u64 = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// Comma-separated statuses, e.g. `new,triaged`.
    #[param(
        pattern = r"^(new|triaged|in_progress|referred|resolved|closed|rejected|duplicate)(,(new|triaged|in_progress|referred|resolved|closed|rejected|duplicate))*$"
    )]
    pub status: Option<String>,
    /// A category slug.
    #[param(max_length = 64)]
    pub category: Option<String>,
    /// A subtype slug of `category`.
    #[param(max_length = 64)]
    pub subtype: Option<String>,
    /// Area slug.
    #[param(max_length = 64)]
    pub area: Option<String>,
    /// `pwa`, `staff`, `open311`, `import`.
    #[param(pattern = "^(pwa|staff|open311|import)$")]
    pub source: Option<String>,
    pub priority: Option<Priority>,
    /// Assigned group, e.g. `est`.
    #[param(pattern = "^(est|sspf|steering|rights_network|violence_free)$")]
    pub group: Option<String>,
    /// Received on or after: `YYYY-MM-DD` or RFC 3339.
    #[param(
        pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?$"
    )]
    pub from: Option<String>,
    /// Received on or before (a date includes the whole day): `YYYY-MM-DD` or RFC 3339.
    #[param(
        pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?$"
    )]
    pub to: Option<String>,
    /// `west,south,east,north` in WGS84 degrees, west < east and south < north.
    #[param(pattern = r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$")]
    pub bbox: Option<String>,
    /// Words in the description, or a case number `TRY-2026-000123`.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// `newest` (default) or `oldest`.
    #[param(pattern = "^(newest|oldest)$")]
    pub sort: Option<String>,
    /// From the previous page's `next_cursor`.
    #[param(pattern = "^[A-Za-z0-9_-]+$", max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSummary {
    pub id: String,
    pub status: ReportStatus,
    pub priority: Option<Priority>,
    pub category: String,
    pub subtype: Option<String>,
    pub area: Option<AreaRef>,
    pub source: Source,
    pub received_at: DateTime<Utc>,
    pub occurred_at: DateTime<Utc>,
    pub lat: f64,
    pub lon: f64,
    pub feeling: Option<i16>,
    pub assigned_group: Option<String>,
    /// The first 140 characters of the description.
    pub excerpt: String,
    pub screening_flags: Vec<ScreeningHit>,
    pub duplicate_count: i32,
    /// The reporter left an e-mail address: public changes are e-mailed to them.
    pub notifies_reporter: bool,
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
#[utoipa::path(get, path = "/api/v1/reports", operation_id = "list_reports", security(("session" = [])), tag = "triage", params(QueueQuery),
    responses((status = 200, body = ReportPage)))]
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let (filter, cursor, oldest_first, limit) = parse_query(&query, &state)?;
    let (rows, next) = queue::list(&state.db, &filter, cursor, oldest_first, limit).await?;
    let items = rows.iter().map(|r| summary(r, &state)).collect();
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor: next.map(|c| c.encode()) }))
}

/// How many reports match the filters, per status.
#[utoipa::path(get, path = "/api/v1/reports/counts", operation_id = "count_reports", security(("session" = [])), tag = "triage", params(QueueQuery),
    responses((status = 200, body = StatusCounts)))]
#[tracing::instrument(skip_all)]
pub async fn counts(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: Query<QueueQuery>,
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
        id: r.public_id().to_string(),
        status: r.status(),
        priority: r.priority(),
        category: category.map_or_else(|| "other".into(), |c| c.slug.clone()),
        subtype: category.zip(r.subtype_id).and_then(|(c, id)| c.subtype_by_id(id)).map(|s| s.slug.clone()),
        area: r.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.reference()),
        source: r.source(),
        received_at: r.received_at,
        occurred_at: r.occurred_at,
        lat: r.lat,
        lon: r.lon,
        feeling: r.feeling,
        assigned_group: r.assigned_group.clone(),
        excerpt: r.description.chars().take(140).collect(),
        screening_flags: flags(r),
        duplicate_count: r.duplicate_count,
        notifies_reporter: r.contact_email.is_some(),
    }
}

fn flags(r: &report::Model) -> Vec<ScreeningHit> {
    r.screening_flags.as_deref().map(|f| f.split(',').filter_map(ScreeningHit::parse).collect()).unwrap_or_default()
}

type ParsedQuery = (ReportFilter, Option<Cursor>, bool, u64);

/// The filters, the order and the page of a queue query, every bad parameter named.
pub(crate) fn parse_query(query: &QueueQuery, state: &AppState) -> Result<ParsedQuery, FieldErrors> {
    let mut errors = FieldErrors::default();
    let filter = parse_filter(query, state, &mut errors);
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

fn parse_filter(query: &QueueQuery, state: &AppState, errors: &mut FieldErrors) -> ReportFilter {
    let mut filter = ReportFilter::default();
    if let Some(statuses) = &query.status {
        for status in statuses.split(',') {
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
        match source.parse::<Source>() {
            Ok(source) => filter.source = Some(source),
            Err(_) => errors.add("source", FieldIssue::Invalid),
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
    filter
}

/// `YYYY-MM-DD` (the start of the day, or the start of the next day for `end_of_day`) or RFC 3339,
/// at most the end of year 9999: later times would be written with five-digit years, which SQLite,
/// comparing timestamps as text, would sort before every real one.
fn parse_time(text: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let latest = NaiveDate::from_ymd_opt(9999, 12, 31)?.and_hms_opt(23, 59, 59)?.and_utc();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc).min(latest));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let day = if end_of_day { day + Duration::days(1) } else { day };
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().min(latest))
}
