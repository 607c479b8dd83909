//! Residents' reports: intake and tracking.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::domain::area::AreaRef;
use crate::domain::intake::{ContactInput, ReportInput, Reporter};
use crate::domain::photo::is_public;
use crate::domain::report::{is_phone_number, NewReport, ReportStatus, Source, TimeOfDay, TrackingToken};
use crate::domain::secret;
use crate::domain::workflow::EventKind;
use crate::error::ApiError;
use crate::http::json::JsonBody;
use crate::http::localize::request_lang;
use crate::http::validation::shape_errors;
use crate::routes::photos::PhotoView;
use crate::state::AppState;
use crate::store::entity::{report, report_event};
use crate::store::photos;
use crate::store::reports::{self, Received};

/// A report of an unsafe place. Give either `lat` and `lon`, or `locality` (an area slug) with
/// `place_description` for those who cannot use a map.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "client_id": "6f1c2b1e-6a43-4f53-9d7c-2f6f0c6f5a11", "category": "unsafe_place", "subtype": "lighting",
    "description": "Gångtunneln vid stationen är helt mörk.", "lat": 58.0795, "lon": 13.024, "accuracy_m": 12.0,
    "occurred_at": "2026-11-24T21:30:00+01:00", "time_of_day": "evening", "recurring": true, "feeling": 4
}))]
pub struct NewReportDto {
    /// Made by the client (UUID); sending it again with the same body returns the first report.
    #[schema(required = true, nullable = false)]
    pub client_id: Option<Uuid>,
    /// A category slug from `/api/v1/categories`.
    #[validate(length(max = 64))]
    #[schema(required = true, nullable = false, min_length = 1, max_length = 64)]
    pub category: Option<String>,
    /// One of the category's subtypes.
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub subtype: Option<String>,
    /// What is wrong, 1–2000 characters after trimming. Please name no one.
    #[schema(required = true, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")]
    pub description: Option<String>,
    /// WGS84 latitude, inside the municipality. Give `lat` and `lon`, or `locality`.
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub lat: Option<f64>,
    /// WGS84 longitude.
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub lon: Option<f64>,
    /// How exact the position is, in metres (from GPS).
    #[validate(range(min = 0.0, max = 100000.0))]
    #[schema(minimum = 0.0, maximum = 100000.0)]
    pub accuracy_m: Option<f64>,
    /// Instead of lat/lon: the slug of the locality the place is in.
    #[validate(length(max = 64))]
    #[schema(max_length = 64)]
    pub locality: Option<String>,
    /// The place in words, e.g. "gångtunneln under stationen".
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub place_description: Option<String>,
    /// When it happened (RFC 3339): not in the future, at most a year ago.
    #[schema(required = true, nullable = false)]
    pub occurred_at: Option<DateTime<Utc>>,
    pub time_of_day: Option<TimeOfDay>,
    pub recurring: Option<bool>,
    /// How unsafe it feels, 1 (a little) to 5 (very).
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub feeling: Option<i16>,
    #[validate(nested)]
    pub contact: Option<ContactDto>,
}

/// Optional contact details; `consent` must be true when any is given.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactDto {
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub name: Option<String>,
    #[validate(email, length(max = 320))]
    #[schema(format = Email, max_length = 320)]
    pub email: Option<String>,
    /// Digits with spaces, dashes, parentheses and a leading plus: `070-123 45 67`.
    #[validate(custom(function = "validate_phone"), length(max = 40))]
    #[schema(max_length = 40, pattern = r"^\+?[0-9 ()-]{6,40}$")]
    pub phone: Option<String>,
    pub consent: Option<bool>,
}

fn validate_phone(phone: &str) -> Result<(), validator::ValidationError> {
    if phone.trim().is_empty() || is_phone_number(phone) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("phone"))
    }
}

/// What the reporter keeps: the registration number and the private tracking link.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportReceipt {
    /// Registration number, e.g. `TRY-2026-000123`.
    pub id: String,
    /// The secret of the tracking link. Absent only on a retry of a report made before
    /// December 2026, whose token cannot be derived again.
    pub tracking_token: Option<String>,
    pub tracking_url: Option<String>,
    pub status: ReportStatus,
    pub area: Option<AreaRef>,
    pub received_at: DateTime<Utc>,
}

/// Report an unsafe place. The sender's rate limit is spent before the body is read
/// (`http::rate_limit::limit_reports`).
#[utoipa::path(post, path = "/api/v1/reports", operation_id = "create_report", tag = "reports", request_body = NewReportDto,
    responses(
        (status = 201, description = "Report received", body = ReportReceipt, links(
            ("TrackReport" = (operation_id = "track_report", parameters(("token" = "$response.body#/tracking_token")),
                description = "The report's tracking page"))
        )),
        (status = 200, description = "Already received with this client_id and body", body = ReportReceipt),
        (status = 409, description = "This client_id was used for a different report"),
        (status = 400, description = "Malformed JSON or unknown field"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Not JSON"),
        (status = 422, description = "Invalid fields, each named"),
        (status = 429, description = "Too many reports from this address"),
        (status = 503, description = "Database unavailable"),
    ))]
#[tracing::instrument(skip_all, fields(client_id))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<NewReportDto>,
) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    let dto = body.0;
    let shape = shape_errors(&dto);
    let body_hash = secret::digest(&serde_json::to_string(&dto).map_err(anyhow::Error::new)?);
    let reporter = Reporter::Resident {
        source: Source::Pwa,
        client_id: dto.client_id,
        contact: dto.contact.map(|c| ContactInput {
            name: c.name,
            email: c.email,
            phone: c.phone,
            consent: c.consent == Some(true),
            language: request_lang(&req),
        }),
    };
    let input = ReportInput {
        category: dto.category,
        subtype: dto.subtype,
        description: dto.description,
        lat: dto.lat,
        lon: dto.lon,
        accuracy_m: dto.accuracy_m,
        locality: dto.locality,
        place_description: dto.place_description,
        occurred_at: dto.occurred_at,
        time_of_day: dto.time_of_day,
        recurring: dto.recurring,
        feeling: dto.feeling,
    };
    let new = shape.and(NewReport::parse(input, reporter, &state.intake(now)))?;
    tracing::Span::current().record("client_id", tracing::field::display(new.client_id));
    let (status, report, token) = match state.reports.insert_idempotent(new, body_hash, now).await? {
        Received::New(report, token) => {
            state.metrics.report_received(report.source().as_str());
            (StatusCode::CREATED, report, Some(token))
        }
        Received::Again(report, token) => (StatusCode::OK, report, token),
        Received::OtherBody => return Err(ApiError::ClientIdReused),
    };
    Ok(HttpResponse::build(status).json(receipt(&report, token, &state)))
}

fn receipt(report: &report::Model, token: Option<TrackingToken>, state: &AppState) -> ReportReceipt {
    ReportReceipt {
        id: report.public_id().to_string(),
        tracking_url: token.as_ref().map(|t| format!("{}/folj/{}", state.settings.public_base(), t.as_str())),
        tracking_token: token.map(|t| t.as_str().to_owned()),
        status: report.status(),
        area: report.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.reference()),
        received_at: report.received_at,
    }
}

/// What a reporter sees through the tracking link: never contact details or internal notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackedReport {
    pub id: String,
    pub status: ReportStatus,
    pub category: CategoryName,
    pub subtype: Option<CategoryName>,
    pub area: Option<AreaRef>,
    pub received_at: DateTime<Utc>,
    /// Set when this report was merged into another: the one to follow instead.
    pub duplicate_of: Option<Original>,
    /// How many other reports were merged into this one ("+1").
    pub also_reported: i32,
    /// The photos the public may see: none until the coordinator makes the report public.
    pub photos: Vec<PhotoView>,
    pub timeline: Vec<PublicEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Original {
    pub id: String,
    pub status: ReportStatus,
    /// What the municipality has answered on the original, newest last.
    pub replies: Vec<PublicEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryName {
    pub slug: String,
    pub name_sv: String,
    pub name_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEvent {
    pub at: DateTime<Utc>,
    /// `received`, `status_changed`, `public_reply`, `marked_duplicate`.
    pub kind: EventKind,
    pub status: Option<ReportStatus>,
    pub text: Option<String>,
}

/// Follow a report with the token from its receipt.
#[utoipa::path(get, path = "/api/v1/track/{token}", operation_id = "track_report", tag = "reports",
    params(("token" = String, Path, pattern = "^[A-Za-z0-9_-]{43}$", description = "The tracking token from the receipt")),
    responses((status = 200, body = TrackedReport), (status = 404, description = "No such report")))]
#[tracing::instrument(skip_all)]
pub async fn track(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let token = TrackingToken::parse(&token).ok_or(ApiError::NotFound)?;
    let report = reports::find_by_token(&state.db, &token).await?.ok_or(ApiError::NotFound)?;
    let timeline = reports::public_timeline(&state.db, report.id).await?;
    let original = match report.duplicate_of_id.map(|id| reports::find(&state.db, id)) {
        Some(found) => match found.await? {
            Some(original) => {
                let replies = reports::public_timeline(&state.db, original.id).await?;
                let replies = replies.into_iter().filter(|e| e.kind() == Some(EventKind::PublicReply));
                Some(Original {
                    id: original.public_id().to_string(),
                    status: original.status(),
                    replies: replies.filter_map(public_event).collect(),
                })
            }
            None => None,
        },
        None => None,
    };
    let category = state.catalog.by_id(report.category_id);
    let name =
        |slug: &str, sv: &str, en: &str| CategoryName { slug: slug.into(), name_sv: sv.into(), name_en: en.into() };
    let tracked = TrackedReport {
        id: report.public_id().to_string(),
        status: report.status(),
        category: category.map_or_else(|| name("other", "Annat", "Other"), |c| name(&c.slug, &c.name_sv, &c.name_en)),
        subtype: category
            .zip(report.subtype_id)
            .and_then(|(c, id)| c.subtype_by_id(id))
            .map(|s| name(&s.slug, &s.name_sv, &s.name_en)),
        area: report.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.reference()),
        received_at: report.received_at,
        duplicate_of: original,
        also_reported: report.duplicate_count,
        photos: photos::of_report(&state.db, report.id)
            .await?
            .iter()
            .filter(|p| is_public(report.public_visible, p.hidden))
            .map(PhotoView::from)
            .collect(),
        timeline: timeline.into_iter().filter_map(public_event).collect(),
    };
    Ok(HttpResponse::Ok().json(tracked))
}

fn public_event(e: report_event::Model) -> Option<PublicEvent> {
    Some(PublicEvent { at: e.created_at, kind: e.kind()?, status: e.status(), text: e.body })
}
