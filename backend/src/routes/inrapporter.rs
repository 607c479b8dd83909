//! Inrapporter from staff and partners: one submission with events, or "nothing to report".

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::domain::inrapport::InrapportDetail;
use crate::domain::report::{NewReport, PublicId, Source, StaffOrigin};
use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::routes::report_input::{parse_core, CoreInput};
use crate::routes::triage::{parse_query, summary, QueueQuery, ReportPage};
use crate::startup::AppState;
use crate::store::inrapporter::{insert_submission, NewSubmission};
use crate::store::triage as queue;

const MAX_EVENTS: usize = 50;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InrapportDto {
    /// Made by the client; sending it again returns the first submission.
    #[validate(required)]
    pub client_id: Option<Uuid>,
    /// The reporting organisation; defaults to the user's own.
    #[validate(length(max = 200))]
    pub organisation: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    /// True for "inget att rapportera" for the period; then `events` must be empty.
    pub nothing_to_report: Option<bool>,
    #[validate(nested)]
    pub events: Option<Vec<InrapportEventDto>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Children,
    Youth,
    Adults,
    Mixed,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Observation {
    Observed,
    Suspected,
}

impl AgeBand {
    fn as_str(self) -> &'static str {
        match self {
            AgeBand::Children => "children",
            AgeBand::Youth => "youth",
            AgeBand::Adults => "adults",
            AgeBand::Mixed => "mixed",
            AgeBand::Unknown => "unknown",
        }
    }
}

impl Observation {
    fn as_str(self) -> &'static str {
        match self {
            Observation::Observed => "observed",
            Observation::Suspected => "suspected",
        }
    }
}

/// One event. Never names: numbers and an age band only.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InrapportEventDto {
    pub occurred_at: Option<DateTime<Utc>>,
    pub occurred_until: Option<DateTime<Utc>>,
    #[validate(range(min = -90.0, max = 90.0))]
    pub lat: Option<f64>,
    #[validate(range(min = -180.0, max = 180.0))]
    pub lon: Option<f64>,
    /// Instead of lat/lon: the locality (area slug) and the place in words.
    #[validate(length(max = 64))]
    pub locality: Option<String>,
    #[validate(length(max = 500))]
    pub place_description: Option<String>,
    #[validate(length(max = 64))]
    pub category: Option<String>,
    #[validate(length(max = 64))]
    pub subtype: Option<String>,
    pub description: Option<String>,
    #[validate(range(min = 0, max = 10000))]
    pub people_count: Option<i32>,
    pub age_band: Option<AgeBand>,
    /// How unsafe, 1 (low) to 3 (high).
    #[validate(required, range(min = 1, max = 3))]
    pub assessment: Option<i16>,
    #[validate(required)]
    pub observation: Option<Observation>,
    pub recurring: Option<bool>,
    pub police_report_made: Option<bool>,
    /// Shown to coordinators only.
    #[validate(length(max = 64))]
    pub police_report_number: Option<String>,
    #[validate(length(max = 64))]
    pub rescue_case_number: Option<String>,
    #[validate(length(max = 2000))]
    pub action_taken: Option<String>,
    #[validate(range(min = 0, max = 1_000_000_000))]
    pub damage_cost_sek: Option<i64>,
    /// Who should follow up.
    #[validate(length(max = 200))]
    pub follow_up_by: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InrapportReceipt {
    pub submission_id: i64,
    pub nothing_to_report: bool,
    /// Registration numbers of the events, in order.
    pub reports: Vec<String>,
}

/// File an inrapport (staff, coordinators, admins).
#[utoipa::path(post, path = "/api/v1/inrapporter", tag = "inrapporter", request_body = InrapportDto,
    responses((status = 201, body = InrapportReceipt), (status = 200, description = "Already filed with this client_id", body = InrapportReceipt),
              (status = 401), (status = 403), (status = 422)))]
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<InrapportDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_file_inrapporter)?;
    let now = Utc::now();
    let submission = parse_submission(body.0, &user, &state, now)?;
    let (stored, reports, created) = insert_submission(&state.db, submission, now, &state.mail).await?;
    let receipt = InrapportReceipt {
        submission_id: stored.id,
        nothing_to_report: stored.nothing_to_report,
        reports: reports.iter().map(|r| PublicId::new(r.id, r.received_at).to_string()).collect(),
    };
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(receipt))
}

fn parse_submission(
    dto: InrapportDto,
    user: &CurrentUser,
    state: &AppState,
    now: DateTime<Utc>,
) -> Result<NewSubmission, FieldErrors> {
    let mut errors = dto.validate().err().map(FieldErrors::from).unwrap_or_default();
    let events = dto.events.unwrap_or_default();
    let nothing = dto.nothing_to_report.unwrap_or(false);
    match (nothing, events.len()) {
        (true, n) if n > 0 => errors.add("events", FieldIssue::Invalid),
        (false, 0) => errors.add("events", FieldIssue::Required),
        (_, n) if n > MAX_EVENTS => errors.add("events", FieldIssue::TooLong { max: MAX_EVENTS as u64 }),
        _ => {}
    }
    if let (Some(from), Some(to)) = (dto.period_from, dto.period_to) {
        if from > to {
            errors.add("period_to", FieldIssue::Invalid);
        }
    }
    let organisation = dto.organisation.or_else(|| user.organisation.clone());
    let mut parsed = Vec::with_capacity(events.len());
    for (index, event) in events.into_iter().enumerate() {
        let prefix = format!("events[{index}].");
        let input = CoreInput {
            category: event.category.as_deref(),
            subtype: event.subtype.as_deref(),
            description: event.description.as_deref(),
            lat: event.lat,
            lon: event.lon,
            accuracy_m: None,
            locality: event.locality.as_deref(),
            place_description: event.place_description.as_deref(),
            occurred_at: event.occurred_at,
        };
        let core = parse_core(input, state, now, true, &prefix, &mut errors);
        if let (Some(from), Some(until)) = (event.occurred_at, event.occurred_until) {
            if until < from {
                errors.add(format!("{prefix}occurred_until"), FieldIssue::Invalid);
            }
        }
        let (Some(core), Some(assessment), Some(observation)) = (core, event.assessment, event.observation) else {
            continue;
        };
        let report = NewReport {
            client_id: Uuid::new_v4(),
            source: Source::Staff,
            category_id: core.category_id,
            subtype_id: core.subtype_id,
            description: core.description,
            place_description: core.place_description,
            position: core.position,
            accuracy_m: core.accuracy_m,
            occurred_at: core.occurred_at,
            time_of_day: None,
            recurring: event.recurring,
            feeling: None,
            contact: None,
            staff: Some(StaffOrigin { user_id: user.id, organisation: organisation.clone() }),
        };
        let clean = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let detail = InrapportDetail {
            occurred_until: event.occurred_until,
            people_count: event.people_count,
            age_band: event.age_band.map(|a| a.as_str().to_owned()),
            assessment,
            observation: observation.as_str().to_owned(),
            police_report_made: event.police_report_made,
            police_report_number: clean(event.police_report_number),
            rescue_case_number: clean(event.rescue_case_number),
            action_taken: clean(event.action_taken),
            damage_cost_sek: event.damage_cost_sek,
            follow_up_by: clean(event.follow_up_by),
        };
        parsed.push((report, detail));
    }
    let client_id = dto.client_id;
    let submission = |client_id| NewSubmission {
        client_id,
        user_id: user.id,
        organisation,
        period_from: dto.period_from,
        period_to: dto.period_to,
        events: parsed,
    };
    match client_id {
        Some(client_id) if errors.is_empty() => Ok(submission(client_id)),
        _ => Err(errors),
    }
}

/// The inrapporter the logged-in user filed, newest first, in cursor pages.
#[utoipa::path(get, path = "/api/v1/inrapporter/mine", tag = "inrapporter", params(QueueQuery),
    responses((status = 200, body = ReportPage), (status = 401), (status = 403)))]
pub async fn mine(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_file_inrapporter)?;
    let (mut filter, cursor, oldest_first, limit) = parse_query(&query, &state)?;
    filter.created_by_user_id = Some(user.id);
    let (rows, next) = queue::list(&state.db, &filter, cursor, oldest_first, limit).await?;
    let items = rows.iter().map(|r| summary(r, &state)).collect();
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor: next.map(|c| c.encode()) }))
}
