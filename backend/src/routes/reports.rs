//! Residents' reports: intake and tracking.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::domain::area::AreaRef;
use crate::domain::report::{is_phone_number, Contact, NewReport, PublicId, Source, TimeOfDay, TrackingToken};
use crate::error::{ApiError, FieldErrors, Lang};
use crate::http::client_ip::client_ip;
use crate::http::json::JsonBody;
use crate::routes::report_input::{parse_core, CoreInput};
use crate::startup::AppState;
use crate::store::{entity::report, reports};

/// A report of an unsafe place. Give either `lat` and `lon`, or `locality` (an area slug) with
/// `place_description` for those who cannot use a map.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReportDto {
    /// Made by the client (UUID); sending it again returns the first report instead of a new one.
    #[validate(required)]
    pub client_id: Option<Uuid>,
    /// A category slug from `/api/v1/categories`.
    #[validate(length(max = 64))]
    pub category: Option<String>,
    #[validate(length(max = 64))]
    pub subtype: Option<String>,
    /// What is wrong, 1–2000 characters after trimming. Please name no one.
    pub description: Option<String>,
    #[validate(range(min = -90.0, max = 90.0))]
    pub lat: Option<f64>,
    #[validate(range(min = -180.0, max = 180.0))]
    pub lon: Option<f64>,
    /// How exact the position is, in metres (from GPS).
    #[validate(range(min = 0.0, max = 100000.0))]
    pub accuracy_m: Option<f64>,
    /// Instead of lat/lon: the slug of the locality the place is in.
    #[validate(length(max = 64))]
    pub locality: Option<String>,
    /// The place in words, e.g. "gångtunneln under stationen".
    #[validate(length(max = 500))]
    pub place_description: Option<String>,
    /// When it happened (RFC 3339): not in the future, at most a year ago.
    pub occurred_at: Option<DateTime<Utc>>,
    pub time_of_day: Option<TimeOfDay>,
    pub recurring: Option<bool>,
    /// How unsafe it feels, 1 (a little) to 5 (very).
    #[validate(range(min = 1, max = 5))]
    pub feeling: Option<i16>,
    #[validate(nested)]
    pub contact: Option<ContactDto>,
}

/// Optional contact details; `consent` must be true when any is given.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactDto {
    #[validate(length(max = 200))]
    pub name: Option<String>,
    #[validate(email, length(max = 320))]
    pub email: Option<String>,
    #[validate(custom(function = "validate_phone"), length(max = 40))]
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
    pub tracking_token: String,
    pub tracking_url: String,
    pub status: String,
    pub area: Option<AreaRef>,
    pub received_at: DateTime<Utc>,
}

/// Report an unsafe place.
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports", request_body = NewReportDto,
    responses(
        (status = 201, description = "Report received", body = ReportReceipt),
        (status = 200, description = "Already received with this client_id", body = ReportReceipt),
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
    if let Some(ip) = client_ip(&req, &state.settings.rate_limit.trusted_proxies) {
        state
            .report_limiter
            .check(ip, std::time::Instant::now())
            .map_err(|retry_after_seconds| ApiError::RateLimited { retry_after_seconds })?;
    }
    let now = Utc::now();
    let mut new = parse_report(body.0, &state, now)?;
    if let Some(contact) = new.contact.as_mut() {
        contact.language = Lang::of(&req);
    }
    tracing::Span::current().record("client_id", tracing::field::display(new.client_id));
    let (report, created) = reports::insert_idempotent(&state.db, new, now, &state.mail).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(receipt(&report, &state)))
}

fn receipt(report: &report::Model, state: &AppState) -> ReportReceipt {
    ReportReceipt {
        id: PublicId::new(report.id, report.received_at).to_string(),
        tracking_url: format!("{}/folj/{}", state.settings.public_base(), report.tracking_token),
        tracking_token: report.tracking_token.clone(),
        status: report.status.clone(),
        area: report.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.reference()),
        received_at: report.received_at,
    }
}

/// Shape checks (validator) and meaning checks (domain) together, so every bad field is named at once.
fn parse_report(dto: NewReportDto, state: &AppState, now: DateTime<Utc>) -> Result<NewReport, FieldErrors> {
    let mut errors = dto.validate().err().map(FieldErrors::from).unwrap_or_default();
    let input = CoreInput {
        category: dto.category.as_deref(),
        subtype: dto.subtype.as_deref(),
        description: dto.description.as_deref(),
        lat: dto.lat,
        lon: dto.lon,
        accuracy_m: dto.accuracy_m,
        locality: dto.locality.as_deref(),
        place_description: dto.place_description.as_deref(),
        occurred_at: dto.occurred_at,
    };
    let core = parse_core(input, state, now, false, "", &mut errors);
    let contact = match &dto.contact {
        None => Ok(None),
        Some(c) => Contact::parse(c.name.as_deref(), c.email.as_deref(), c.phone.as_deref(), c.consent == Some(true)),
    };
    let contact = contact.unwrap_or_else(|issue| {
        errors.add("contact.consent", issue);
        None
    });
    match (dto.client_id, core) {
        (Some(client_id), Some(core)) if errors.is_empty() => Ok(NewReport {
            client_id,
            source: Source::Pwa,
            category_id: core.category_id,
            subtype_id: core.subtype_id,
            description: core.description,
            place_description: core.place_description,
            position: core.position,
            accuracy_m: core.accuracy_m,
            occurred_at: core.occurred_at,
            time_of_day: dto.time_of_day,
            recurring: dto.recurring,
            feeling: dto.feeling,
            contact,
            staff: None,
        }),
        _ => Err(errors),
    }
}

/// What a reporter sees through the tracking link: never contact details or internal notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackedReport {
    pub id: String,
    pub status: String,
    pub category: CategoryName,
    pub subtype: Option<CategoryName>,
    pub area: Option<AreaRef>,
    pub received_at: DateTime<Utc>,
    /// Set when this report was merged into another: the one to follow instead.
    pub duplicate_of: Option<Original>,
    /// How many other reports were merged into this one ("+1").
    pub also_reported: i32,
    pub timeline: Vec<PublicEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Original {
    pub id: String,
    pub status: String,
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
    /// `received`, `status_changed`, `public_reply`.
    pub kind: String,
    pub status: Option<String>,
    pub text: Option<String>,
}

/// Follow a report with the token from its receipt.
#[utoipa::path(get, path = "/api/v1/track/{token}", tag = "reports",
    params(("token" = String, Path, description = "The tracking token from the receipt")),
    responses((status = 200, body = TrackedReport), (status = 404, description = "No such report")))]
pub async fn track(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let token = TrackingToken::parse(&token).ok_or(ApiError::NotFound)?;
    let report = reports::find_by_token(&state.db, &token).await?.ok_or(ApiError::NotFound)?;
    let timeline = reports::public_timeline(&state.db, report.id).await?;
    let original = match report.duplicate_of_id {
        Some(id) => reports::find(&state.db, id).await?,
        None => None,
    };
    let category = state.catalog.by_id(report.category_id);
    let name =
        |slug: &str, sv: &str, en: &str| CategoryName { slug: slug.into(), name_sv: sv.into(), name_en: en.into() };
    let tracked = TrackedReport {
        id: PublicId::new(report.id, report.received_at).to_string(),
        status: report.status,
        category: category.map_or_else(|| name("other", "Annat", "Other"), |c| name(&c.slug, &c.name_sv, &c.name_en)),
        subtype: category
            .zip(report.subtype_id)
            .and_then(|(c, id)| c.subtype_by_id(id))
            .map(|s| name(&s.slug, &s.name_sv, &s.name_en)),
        area: report.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.reference()),
        received_at: report.received_at,
        duplicate_of: original
            .map(|o| Original { id: PublicId::new(o.id, o.received_at).to_string(), status: o.status }),
        also_reported: report.duplicate_count,
        timeline: timeline
            .into_iter()
            .map(|e| PublicEvent { at: e.created_at, kind: e.kind, status: e.status, text: e.body })
            .collect(),
    };
    Ok(HttpResponse::Ok().json(tracked))
}
