//! Trygghetsenkäter as staff run them: list, build (from the standard template or from scratch),
//! edit (a published survey gets a new version), publish for a period, close, duplicate for the
//! next round, and invitation codes. Coordinators and admins manage; EST members read.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::history::HistoryEntry;
use crate::domain::survey::definition::{SurveyDefinition, Text};
use crate::domain::survey::state::{check_period, is_slug, Access, Phase, SurveyStatus};
use crate::domain::survey::template;
use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::routes::surveys::{answer_url, survey_access, survey_phase};
use crate::state::AppState;
use crate::store::entity::survey;
use crate::store::surveys::{self, SurveyError};

#[derive(Debug, Serialize, ToSchema)]
pub struct SurveySummary {
    pub slug: String,
    pub title: Text,
    pub status: SurveyStatus,
    pub phase: Phase,
    pub access: Access,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    /// The latest version's number.
    pub version: i32,
    pub responses: u64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyList {
    pub surveys: Vec<SurveySummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyDetail {
    #[serde(flatten)]
    pub summary: SurveySummary,
    /// Where residents answer it (and what its QR code says).
    pub answer_url: String,
    /// The latest version.
    pub definition: SurveyDefinition,
    pub history: Vec<HistoryEntry>,
}

async fn summary(state: &AppState, survey: &survey::Model) -> Result<(SurveySummary, SurveyDefinition), ApiError> {
    let latest = surveys::latest_version(&state.db, survey.id).await?;
    let definition = surveys::definition_of(&latest)?;
    let summary = SurveySummary {
        slug: survey.slug.clone(),
        title: definition.title.clone(),
        status: survey.status.parse().unwrap_or(SurveyStatus::Closed),
        phase: survey_phase(survey, Utc::now()),
        access: survey_access(survey),
        opens_at: survey.opens_at,
        closes_at: survey.closes_at,
        version: latest.number,
        responses: surveys::responses(&state.db, survey.id).await?,
        updated_at: survey.updated_at,
    };
    Ok((summary, definition))
}

async fn detail(state: &AppState, survey: &survey::Model) -> Result<SurveyDetail, ApiError> {
    let (summary, definition) = self::summary(state, survey).await?;
    let history = surveys::history(&state.db, survey.id).await?.into_iter().map(HistoryEntry::from).collect();
    Ok(SurveyDetail { answer_url: answer_url(state, &survey.slug), summary, definition, history })
}

pub async fn find(state: &AppState, slug: &str) -> Result<survey::Model, ApiError> {
    surveys::find(&state.db, slug).await?.ok_or(ApiError::NotFound)
}

/// Every survey, newest first (EST members, coordinators, admins).
#[utoipa::path(get, path = "/api/v1/staff/surveys", operation_id = "list_surveys", security(("session" = [])), tag = "surveys",
    responses((status = 200, body = SurveyList), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn list(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let mut list = Vec::new();
    for survey in surveys::list(&state.db).await? {
        list.push(summary(&state, &survey).await?.0);
    }
    Ok(HttpResponse::Ok().json(SurveyList { surveys: list }))
}

/// A new survey: its address and, unless it starts from the standard template, its questions.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "slug": "trygghetsenkat-2027" }))]
pub struct NewSurveyDto {
    /// Its address: `/enkat/{slug}`.
    #[schema(pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")]
    pub slug: String,
    /// `open` (anyone with the link; the default) or `invitation` (a code each).
    pub access: Option<Access>,
    /// The questions; without them the survey starts as the standard "Trygghetsenkät".
    pub definition: Option<SurveyDefinition>,
}

/// Create a survey as a draft (coordinators, admins).
#[utoipa::path(post, path = "/api/v1/staff/surveys", operation_id = "create_survey", security(("session" = [])), tag = "surveys",
    request_body = NewSurveyDto,
    responses((status = 201, body = SurveyDetail), (status = 401), (status = 403),
        (status = 409, description = "Another survey has this address"), (status = 422)))]
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<NewSurveyDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_manage_surveys)?;
    let dto = body.0;
    let definition = dto.definition.unwrap_or_else(template::standard);
    let mut errors = FieldErrors::default();
    if !is_slug(&dto.slug) {
        errors.add("slug", FieldIssue::Invalid);
    }
    if let Err(more) = definition.check() {
        errors.merge_under("definition.", more);
    }
    errors.into_result(())?;
    let created = surveys::create(
        &state.db,
        &dto.slug,
        dto.access.unwrap_or(Access::Open),
        &definition,
        &user.actor(),
        Utc::now(),
    )
    .await
    .map_err(survey_error)?;
    Ok(HttpResponse::Created().json(detail(&state, &created).await?))
}

pub fn survey_error(e: SurveyError) -> ApiError {
    match e {
        SurveyError::SlugTaken => ApiError::SlugTaken,
        SurveyError::ClientIdReused => ApiError::ClientIdReused,
        SurveyError::InvitationUsed => ApiError::InvitationUsed,
        SurveyError::UnknownInvitation => FieldErrors::single("invitation_code", FieldIssue::Invalid).into(),
        SurveyError::Db(e) => e.into(),
    }
}

/// One survey with its latest questions and what was done to it.
#[utoipa::path(get, path = "/api/v1/staff/surveys/{slug}", operation_id = "get_staff_survey", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")),
    responses((status = 200, body = SurveyDetail), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let survey = find(&state, &slug).await?;
    Ok(HttpResponse::Ok().json(detail(&state, &survey).await?))
}

/// Change the questions. A draft changes in place; a published or closed survey gets a new
/// version, and the answers already given stay with the version they answered.
#[utoipa::path(put, path = "/api/v1/staff/surveys/{slug}", operation_id = "edit_survey", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")), request_body = SurveyDefinition,
    responses((status = 200, body = SurveyDetail), (status = 401), (status = 403), (status = 404),
        (status = 422, description = "The definition breaks a rule, named by question (`questions[3].choices`)")))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn edit(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: JsonBody<SurveyDefinition>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_manage_surveys)?;
    let survey = find(&state, &slug).await?;
    body.0.check()?;
    surveys::edit(&state.db, &survey, &body.0, &user.actor(), Utc::now()).await?;
    let survey = find(&state, &slug).await?;
    Ok(HttpResponse::Ok().json(detail(&state, &survey).await?))
}

/// Publish for a period, close now, or duplicate as a new draft for the next round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[schema(example = json!({ "action": "publish", "closes_at": "2027-03-31T22:00:00Z" }))]
pub enum SurveyActionDto {
    /// Open it for answers from `opens_at` (default: now) to `closes_at`.
    Publish {
        opens_at: Option<DateTime<Utc>>,
        closes_at: DateTime<Utc>,
        access: Option<Access>,
    },
    Close {},
    /// A copy of the latest questions as a new draft at `slug`: the same codes, so the rounds compare.
    Duplicate {
        #[schema(pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")]
        slug: String,
    },
}

/// Act on a survey (coordinators, admins); every action is in its history.
#[utoipa::path(post, path = "/api/v1/staff/surveys/{slug}/actions", operation_id = "act_on_survey", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")), request_body = SurveyActionDto,
    responses((status = 200, body = SurveyDetail), (status = 201, description = "The duplicate", body = SurveyDetail),
        (status = 401), (status = 403), (status = 404), (status = 409, description = "The duplicate's address is taken"), (status = 422)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn act(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: JsonBody<SurveyActionDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_manage_surveys)?;
    let survey = find(&state, &slug).await?;
    let now = Utc::now();
    let (status, changed) = match body.0 {
        SurveyActionDto::Publish { opens_at, closes_at, access } => {
            let opens_at = opens_at.unwrap_or(now);
            check_period(opens_at, closes_at, now)?;
            let access = access.unwrap_or(survey_access(&survey));
            (
                StatusCode::OK,
                surveys::publish(&state.db, &survey, (opens_at, closes_at), access, &user.actor(), now).await?,
            )
        }
        SurveyActionDto::Close {} => (StatusCode::OK, surveys::close(&state.db, &survey, &user.actor(), now).await?),
        SurveyActionDto::Duplicate { slug } => {
            if !is_slug(&slug) {
                return Err(FieldErrors::single("slug", FieldIssue::Invalid).into());
            }
            let definition = surveys::definition_of(&surveys::latest_version(&state.db, survey.id).await?)?;
            let copy = surveys::create(&state.db, &slug, survey_access(&survey), &definition, &user.actor(), now)
                .await
                .map_err(survey_error)?;
            (StatusCode::CREATED, copy)
        }
    };
    Ok(HttpResponse::build(status).json(detail(&state, &changed).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "count": 200 }))]
pub struct InvitationRequest {
    #[schema(minimum = 1, maximum = 5000)]
    pub count: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationCodes {
    /// Shown this once; Trygg keeps only their digests.
    pub codes: Vec<String>,
    pub answer_url: String,
}

/// Make invitation codes for a sampled survey (coordinators, admins): each usable once.
#[utoipa::path(post, path = "/api/v1/staff/surveys/{slug}/invitations", operation_id = "invite_to_survey", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")), request_body = InvitationRequest,
    responses((status = 201, body = InvitationCodes), (status = 401), (status = 403), (status = 404), (status = 422)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn invite(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    body: JsonBody<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_manage_surveys)?;
    let survey = find(&state, &slug).await?;
    if !(1..=5000).contains(&body.0.count) {
        return Err(FieldErrors::single("count", FieldIssue::OutOfRange { min: 1.0, max: 5000.0 }).into());
    }
    let codes = surveys::invite(&state.db, &survey, body.0.count as usize, &user.actor(), Utc::now()).await?;
    Ok(HttpResponse::Created().json(InvitationCodes { codes, answer_url: answer_url(&state, &survey.slug) }))
}
