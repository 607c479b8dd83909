//! Trygghetsenkäter as residents meet them: the open surveys, one survey's questions, answering
//! (anonymously, idempotent by the client's id, with an invitation code where the survey has
//! them), and the QR code its poster carries.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use qrcode::render::svg;
use qrcode::QrCode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::survey::answer::parse_answers;
use crate::domain::survey::definition::{SurveyDefinition, Text};
use crate::domain::survey::state::{normalize_code, phase, stored_code, stored_response_id, Access, Phase};
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::json::JsonBody;
use crate::http::localize::request_lang;
use crate::state::AppState;
use crate::store::entity::survey;
use crate::store::surveys::{self, NewResponse, SurveyError};

/// A survey as stored, read: its phase now and how it is reached.
pub fn survey_phase(survey: &survey::Model, now: DateTime<Utc>) -> Phase {
    let status = survey.status.parse().unwrap_or(crate::domain::survey::state::SurveyStatus::Closed);
    phase(status, survey.opens_at, survey.closes_at, now)
}

pub fn survey_access(survey: &survey::Model) -> Access {
    survey.access.parse().unwrap_or(Access::Open)
}

/// The address residents answer at.
pub fn answer_url(state: &AppState, slug: &str) -> String {
    format!("{}/enkat/{slug}", state.settings.public_base())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpenSurvey {
    pub slug: String,
    pub title: Text,
    pub closes_at: Option<DateTime<Utc>>,
    pub access: Access,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpenSurveyList {
    pub surveys: Vec<OpenSurvey>,
}

/// The surveys open for answers now.
#[utoipa::path(get, path = "/api/v1/surveys", operation_id = "list_open_surveys", tag = "surveys",
    responses((status = 200, body = OpenSurveyList)))]
#[tracing::instrument(skip_all)]
pub async fn list_open(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    let mut open = Vec::new();
    for survey in surveys::list(&state.db).await? {
        if survey_phase(&survey, now) != Phase::Open {
            continue;
        }
        let latest = surveys::latest_version(&state.db, survey.id).await?;
        let title = surveys::definition_of(&latest)?.title;
        open.push(OpenSurvey { title, closes_at: survey.closes_at, access: survey_access(&survey), slug: survey.slug });
    }
    Ok(HttpResponse::Ok().json(OpenSurveyList { surveys: open }))
}

/// A published survey as it is answered: its latest version's questions.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedSurvey {
    pub slug: String,
    pub phase: Phase,
    pub access: Access,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    /// Send it with the answers: they are checked against this version.
    pub version: i32,
    pub definition: SurveyDefinition,
}

async fn published(state: &AppState, slug: &str) -> Result<survey::Model, ApiError> {
    let survey = surveys::find(&state.db, slug).await?.ok_or(ApiError::NotFound)?;
    if survey_phase(&survey, Utc::now()) == Phase::Draft {
        return Err(ApiError::NotFound);
    }
    Ok(survey)
}

/// A survey's questions (published surveys only; a draft is not found).
#[utoipa::path(get, path = "/api/v1/surveys/{slug}", operation_id = "get_survey", tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")),
    responses((status = 200, body = PublishedSurvey), (status = 404)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn show(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let survey = published(&state, &slug).await?;
    let latest = surveys::latest_version(&state.db, survey.id).await?;
    Ok(HttpResponse::Ok().json(PublishedSurvey {
        phase: survey_phase(&survey, Utc::now()),
        access: survey_access(&survey),
        opens_at: survey.opens_at,
        closes_at: survey.closes_at,
        version: latest.number,
        definition: surveys::definition_of(&latest)?,
        slug: survey.slug,
    }))
}

/// One person's answers: question code → value (a choice's code, a list of codes, a number, text,
/// an area's slug, or map points `{lat, lon, reasons, time_of_day}`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "client_id": "7c0a3f0e-2b5e-4d7a-9d43-0c6f3e1e9a21", "version": 1,
    "answers": { "unsafe_evening": "fairly_safe", "map_unsafe": [{ "lat": 58.0795, "lon": 13.024, "reasons": ["dark"], "time_of_day": "evening" }] }
}))]
pub struct SurveyResponseDto {
    /// Made by the client; the same answers sent again are received once.
    pub client_id: Uuid,
    /// The version the answers were given to (`version` of the survey as fetched).
    #[schema(minimum = 1)]
    pub version: i32,
    #[schema(value_type = Object)]
    pub answers: Map<String, Value>,
    /// For a survey by invitation: the code from the letter, e.g. `ABCD-EFGH`.
    #[schema(max_length = 20)]
    pub invitation_code: Option<String>,
}

/// The longest invitation code taken, with spaces and dashes as people type them.
const MAX_INVITATION_CODE: u64 = 20;

#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyReceipt {
    pub survey: String,
    pub received: bool,
}

/// Answer a survey, anonymously.
#[utoipa::path(post, path = "/api/v1/surveys/{slug}/responses", operation_id = "answer_survey", tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")), request_body = SurveyResponseDto,
    responses((status = 201, body = SurveyReceipt), (status = 200, description = "These answers were already received", body = SurveyReceipt),
        (status = 404), (status = 409, description = "Not open yet, the client_id was used for other answers, or the invitation code was used"),
        (status = 410, description = "The survey is closed"),
        (status = 422, description = "An answer does not fit its question (named in `fields` as `answers.CODE`)"),
        (status = 429)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn respond(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    body: JsonBody<SurveyResponseDto>,
) -> Result<HttpResponse, ApiError> {
    let survey = published(&state, &slug).await?;
    let dto = body.0;
    match survey_phase(&survey, Utc::now()) {
        Phase::Scheduled => return Err(ApiError::SurveyNotOpen),
        Phase::Closed => return Err(ApiError::SurveyClosed),
        Phase::Draft | Phase::Open => {}
    }
    let version = surveys::version(&state.db, survey.id, dto.version)
        .await?
        .filter(|v| v.published_at.is_some())
        .ok_or_else(|| FieldErrors::single("version", FieldIssue::Invalid))?;
    let definition = surveys::definition_of(&version)?;
    let mut errors = FieldErrors::default();
    if dto.invitation_code.as_ref().is_some_and(|c| c.chars().count() as u64 > MAX_INVITATION_CODE) {
        errors.add("invitation_code", FieldIssue::TooLong { max: MAX_INVITATION_CODE });
    }
    let invitation = match (survey_access(&survey), dto.invitation_code.as_deref()) {
        (Access::Invitation, Some(code)) => match normalize_code(code) {
            Some(code) => Some(stored_code(survey.id, &code)),
            None => {
                errors.add("invitation_code", FieldIssue::Invalid);
                None
            }
        },
        (Access::Invitation, None) => {
            errors.add("invitation_code", FieldIssue::Required);
            None
        }
        (Access::Open, _) => None,
    };
    let answers = errors.and(parse_answers(&definition, &dto.answers, &state.areas))?;
    let body_hash = Sha256::digest(serde_json::to_vec(&(&dto.version, &dto.answers, &invitation)).unwrap_or_default())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let new = NewResponse {
        survey_id: survey.id,
        version_id: version.id,
        client_key: stored_response_id(survey.id, dto.client_id),
        body_hash,
        language: request_lang(&req).code(),
        invitation,
        answers,
    };
    let (_, created) = surveys::submit(&state.db, new, Utc::now()).await.map_err(|e| match e {
        SurveyError::ClientIdReused => ApiError::ClientIdReused,
        SurveyError::InvitationUsed => ApiError::InvitationUsed,
        SurveyError::UnknownInvitation => FieldErrors::single("invitation_code", FieldIssue::Invalid).into(),
        SurveyError::SlugTaken => ApiError::SlugTaken,
        SurveyError::Db(e) => e.into(),
    })?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(SurveyReceipt { survey: survey.slug, received: true }))
}

/// The QR code of a survey's answer address, as SVG: for its poster.
#[utoipa::path(get, path = "/api/v1/surveys/{slug}/qr.svg", operation_id = "survey_qr_code", tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")),
    responses((status = 200, description = "The QR code", content_type = "image/svg+xml"), (status = 404)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn qr_code(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let survey = surveys::find(&state.db, &slug).await?.ok_or(ApiError::NotFound)?;
    let code = QrCode::new(answer_url(&state, &survey.slug).as_bytes()).map_err(|e| anyhow::anyhow!(e))?;
    let image = code.render::<svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build();
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(image))
}
