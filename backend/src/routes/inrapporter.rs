//! Inrapporter from staff and partners: one submission with events, or "nothing to report".

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::domain::inrapport::{AgeBand, EventInput, NewSubmission, Observation, SubmissionInput};
use crate::domain::intake::ReportInput;
use crate::domain::user::Role;
use crate::error::ApiError;
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::http::query::Query;
use crate::http::validation::shape_errors;
use crate::routes::queue::{parse_query, summary, QueueQuery, ReportPage};
use crate::state::AppState;
use crate::store::inrapporter::insert_submission;
use crate::store::queue;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "client_id": "0d7b2c3a-8f59-4a53-b3bb-5a7ef1f4c001",
    "events": [{
        "occurred_at": "2026-11-24T21:30:00+01:00", "lat": 58.0795, "lon": 13.024, "category": "staff_incident",
        "description": "Personal på fritidsgården blev hotad av en grupp.", "people_count": 4, "age_band": "youth",
        "assessment": 3, "observation": "observed", "police_report_made": true
    }]
}))]
pub struct InrapportDto {
    /// Made by the client; the same user sending it again gets the first submission.
    #[schema(required = true, nullable = false)]
    pub client_id: Option<Uuid>,
    /// The reporting organisation; defaults to the user's own.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub organisation: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    /// True for "inget att rapportera" for the period; then `events` must be empty.
    pub nothing_to_report: Option<bool>,
    /// One to 50 events, or none with `nothing_to_report`.
    #[validate(nested)]
    #[schema(max_items = 50)]
    pub events: Option<Vec<InrapportEventDto>>,
}

/// One event. Never names: numbers and an age band only.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InrapportEventDto {
    /// When it happened: not in the future, at most a year ago.
    #[schema(required = true, nullable = false)]
    pub occurred_at: Option<DateTime<Utc>>,
    pub occurred_until: Option<DateTime<Utc>>,
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub lat: Option<f64>,
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub lon: Option<f64>,
    /// Instead of lat/lon: the locality (area slug) and the place in words.
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub locality: Option<String>,
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub place_description: Option<String>,
    #[validate(length(max = 64))]
    #[schema(required = true, nullable = false, min_length = 1, max_length = 64)]
    pub category: Option<String>,
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub subtype: Option<String>,
    #[schema(required = true, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")]
    pub description: Option<String>,
    #[validate(range(min = 0, max = 10000))]
    #[schema(minimum = 0, maximum = 10000)]
    pub people_count: Option<i32>,
    pub age_band: Option<AgeBand>,
    /// How unsafe, 1 (low) to 3 (high).
    #[validate(range(min = 1, max = 3))]
    #[schema(required = true, nullable = false, minimum = 1, maximum = 3)]
    pub assessment: Option<i16>,
    #[schema(required = true, nullable = false)]
    pub observation: Option<Observation>,
    pub recurring: Option<bool>,
    pub police_report_made: Option<bool>,
    /// Shown to coordinators only.
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub police_report_number: Option<String>,
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub rescue_case_number: Option<String>,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub action_taken: Option<String>,
    #[validate(range(min = 0, max = 1_000_000_000))]
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub damage_cost_sek: Option<i64>,
    /// Who should follow up.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
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
#[utoipa::path(post, path = "/api/v1/inrapporter", operation_id = "file_inrapport", security(("session" = [])), tag = "inrapporter", request_body = InrapportDto,
    responses((status = 201, body = InrapportReceipt), (status = 200, description = "Already filed with this client_id", body = InrapportReceipt)))]
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<InrapportDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_file_inrapporter)?;
    let now = Utc::now();
    let dto = body.0;
    let shape = shape_errors(&dto);
    let parsed = NewSubmission::parse(dto.into_input(), user.id, user.organisation.clone(), &state.intake(now));
    let submission = shape.and(parsed)?;
    let (stored, reports, created) = insert_submission(&state.db, submission, now, &state.mail).await?;
    let receipt = InrapportReceipt {
        submission_id: stored.id,
        nothing_to_report: stored.nothing_to_report,
        reports: reports.iter().map(|r| r.public_id().to_string()).collect(),
    };
    if created {
        for report in &reports {
            state.metrics.report_received(report.source().as_str());
        }
    }
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(receipt))
}

impl InrapportDto {
    fn into_input(self) -> SubmissionInput {
        SubmissionInput {
            client_id: self.client_id,
            organisation: self.organisation,
            period_from: self.period_from,
            period_to: self.period_to,
            nothing_to_report: self.nothing_to_report.unwrap_or(false),
            events: self.events.unwrap_or_default().into_iter().map(InrapportEventDto::into_input).collect(),
        }
    }
}

impl InrapportEventDto {
    fn into_input(self) -> EventInput {
        EventInput {
            report: ReportInput {
                category: self.category,
                subtype: self.subtype,
                description: self.description,
                lat: self.lat,
                lon: self.lon,
                locality: self.locality,
                place_description: self.place_description,
                occurred_at: self.occurred_at,
                recurring: self.recurring,
                ..Default::default()
            },
            occurred_until: self.occurred_until,
            people_count: self.people_count,
            age_band: self.age_band,
            assessment: self.assessment,
            observation: self.observation,
            police_report_made: self.police_report_made,
            police_report_number: self.police_report_number,
            rescue_case_number: self.rescue_case_number,
            action_taken: self.action_taken,
            damage_cost_sek: self.damage_cost_sek,
            follow_up_by: self.follow_up_by,
        }
    }
}

/// The inrapporter the logged-in user filed, newest first, in cursor pages.
#[utoipa::path(get, path = "/api/v1/inrapporter/mine", operation_id = "list_my_inrapporter", security(("session" = [])), tag = "inrapporter", params(QueueQuery),
    responses((status = 200, body = ReportPage), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn mine(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_file_inrapporter)?;
    let (mut filter, cursor, oldest_first, limit) = parse_query(&query, &state)?;
    filter.created_by_user_id = Some(user.id);
    let (rows, next) = queue::list(&state.db, &filter, cursor, oldest_first, limit).await?;
    let items = rows.iter().map(|r| summary(r, &state)).collect();
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor: next.map(|c| c.encode()) }))
}
