//! A survey's results for staff: distributions, the trygghetsindex and the problemindex, broken
//! down by a background question, compared with another round — every figure resting on fewer
//! than 5 answers hidden (see the domain's `survey::results`). Also the marked places as GeoJSON,
//! the aggregates as CSV, and the anonymous raw answers (without background) as CSV.

use actix_web::{web, HttpResponse};
use futures_util::stream;
use geojson::{Feature, FeatureCollection, Geometry, Value as GeoValue};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::domain::survey::definition::{QuestionType, SurveyDefinition};
use crate::domain::survey::results::{compare, is_tallied, results, GroupResult, IndexChange, MIN_CELL};
use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::csv::{self, CsvSeparator, BOM};
use crate::http::query::Query;
use crate::routes::survey_staff::find;
use crate::state::AppState;
use crate::store::entity::survey;
use crate::store::surveys::{self, CountRequest};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ResultsQuery {
    /// A background question to break down by, e.g. `bg_area` or `bg_age`.
    #[param(pattern = "^[a-z][a-z0-9_]{0,47}$")]
    pub by: Option<String>,
    /// Another survey (an earlier round) whose indexes to compare with.
    #[param(pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")]
    pub compare: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyResults {
    pub slug: String,
    /// The latest version's questions, for their texts.
    pub definition: SurveyDefinition,
    /// The fewest answers a shown figure rests on; hidden ones are `null`.
    pub min_cell: u64,
    /// Everyone.
    pub total: GroupResult,
    pub by: Option<String>,
    /// One per answer to `by` (and `null`: not answered), when broken down.
    pub groups: Vec<GroupResult>,
    pub compared_with: Option<String>,
    pub changes: Vec<IndexChange>,
    /// How many places were marked on the survey's maps.
    pub points: usize,
}

/// The results of `survey` without breakdown, or by the background question `by`.
pub async fn compute(
    state: &AppState,
    survey: &survey::Model,
    by: Option<&str>,
) -> Result<(SurveyDefinition, Vec<GroupResult>), ApiError> {
    let definition = surveys::definition_of(&surveys::latest_version(&state.db, survey.id).await?)?;
    if let Some(code) = by {
        let usable = definition.question(code).is_some_and(|q| {
            q.background && matches!(q.kind, QuestionType::SingleChoice | QuestionType::Area | QuestionType::YesNo)
        });
        if !usable {
            return Err(FieldErrors::single("by", FieldIssue::UnknownQuestion).into());
        }
    }
    let request = CountRequest {
        tallied: definition
            .questions
            .iter()
            .filter(|q| is_tallied(q) || q.kind == QuestionType::Number)
            .map(|q| q.code.as_str())
            .collect(),
        multiple: definition
            .questions
            .iter()
            .filter(|q| q.kind == QuestionType::MultipleChoice)
            .map(|q| q.code.as_str())
            .collect(),
        by,
    };
    let counts = surveys::counts(&state.db, survey.id, &request).await?;
    let groups = results(&definition, &counts);
    Ok((definition, groups))
}

/// The results of a survey (EST members, coordinators, admins).
#[utoipa::path(get, path = "/api/v1/staff/surveys/{slug}/results", operation_id = "survey_results", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$"), ResultsQuery),
    responses((status = 200, body = SurveyResults), (status = 401), (status = 403), (status = 404),
        (status = 422, description = "`by` is not a background question with one answer each")))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    query: Query<ResultsQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let survey = find(&state, &slug).await?;
    let (definition, mut totals) = compute(&state, &survey, None).await?;
    let total = totals.pop().unwrap_or(GroupResult { group: None, responses: Some(0), questions: Vec::new() });
    let groups = match query.by.as_deref() {
        Some(by) => compute(&state, &survey, Some(by)).await?.1,
        None => Vec::new(),
    };
    let changes = match query.compare.as_deref() {
        Some(other) => {
            let earlier = surveys::find(&state.db, other)
                .await?
                .ok_or_else(|| FieldErrors::single("compare", FieldIssue::UnknownQuestion))?;
            let (_, mut before) = compute(&state, &earlier, None).await?;
            before.pop().map(|b| compare(&total, &b)).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let points = surveys::points(&state.db, survey.id).await?.len();
    Ok(HttpResponse::Ok().json(SurveyResults {
        slug: survey.slug,
        definition,
        min_cell: MIN_CELL,
        total,
        by: query.by.clone(),
        groups,
        compared_with: query.compare.clone(),
        changes,
        points,
    }))
}

/// The places marked in a survey's answers, as GeoJSON points with why and when.
#[utoipa::path(get, path = "/api/v1/staff/surveys/{slug}/points", operation_id = "survey_points", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")),
    responses((status = 200, description = "A GeoJSON FeatureCollection", content_type = "application/geo+json"), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn points(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let survey = find(&state, &slug).await?;
    let features = surveys::points(&state.db, survey.id)
        .await?
        .into_iter()
        .map(|p| {
            let area = state.areas.by_id(p.area_id).map(|a| a.definition.slug.clone());
            let reasons: Vec<&str> = p.reasons.split(',').filter(|r| !r.is_empty()).collect();
            let properties =
                json!({ "question": p.question, "reasons": reasons, "time_of_day": p.time_of_day, "area": area });
            Feature {
                geometry: Some(Geometry::new(GeoValue::Point(vec![p.lon, p.lat]))),
                properties: properties.as_object().cloned(),
                ..Default::default()
            }
        })
        .collect();
    let collection = FeatureCollection { features, bbox: None, foreign_members: None };
    Ok(HttpResponse::Ok().content_type("application/geo+json").json(collection))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CsvQuery {
    /// A background question to break the aggregates down by.
    #[param(pattern = "^[a-z][a-z0-9_]{0,47}$")]
    pub by: Option<String>,
    /// `semicolon` (the default, as Swedish Excel expects) or `comma`.
    pub sep: Option<CsvSeparator>,
}

/// The results as CSV: a line per group, question and answer (count and share), and one per
/// index; hidden figures say "för få svar".
#[utoipa::path(get, path = "/api/v1/staff/surveys/{slug}/results.csv", operation_id = "survey_results_csv", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$"), CsvQuery),
    responses((status = 200, description = "CSV, UTF-8 with BOM", content_type = "text/csv"), (status = 401), (status = 403), (status = 404), (status = 422)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn results_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    query: Query<CsvQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let sep = query.sep.unwrap_or_default();
    let survey = find(&state, &slug).await?;
    let (_, groups) = compute(&state, &survey, query.by.as_deref()).await?;
    let hidden = "för få svar".to_owned();
    let shown = |v: Option<String>| v.unwrap_or_else(|| hidden.clone());
    let mut out = String::from(BOM);
    out += &csv::line(sep, ["grupp", "fråga", "svar", "antal", "andel", "index_lågt", "index_högt"]);
    for group in &groups {
        let name =
            group.group.clone().unwrap_or_else(|| if query.by.is_some() { "(ej angivet)" } else { "alla" }.into());
        out += &csv::line(
            sep,
            &[
                name.clone(),
                "(svar)".into(),
                String::new(),
                shown(group.responses.map(|n| n.to_string())),
                String::new(),
                String::new(),
                String::new(),
            ],
        );
        for q in &group.questions {
            for c in &q.choices {
                let share = c.share.map(|s| format!("{s:.4}"));
                out += &csv::line(
                    sep,
                    &[
                        name.clone(),
                        q.code.clone(),
                        c.code.clone(),
                        shown(c.count.map(|n| n.to_string())),
                        shown(share),
                        String::new(),
                        String::new(),
                    ],
                );
            }
            if let Some(index) = &q.index {
                let row = [
                    name.clone(),
                    q.code.clone(),
                    "(index)".into(),
                    index.n.to_string(),
                    format!("{:.4}", index.value),
                    format!("{:.4}", index.low),
                    format!("{:.4}", index.high),
                ];
                out += &csv::line(sep, &row);
            }
        }
    }
    Ok(csv::download(&format!("{}-resultat.csv", survey.slug)).body(out))
}

const RAW_PAGE: u64 = 500;

/// The anonymous raw answers as CSV, one line per response, background answers left out
/// (coordinators, admins). Streamed a page at a time.
#[utoipa::path(get, path = "/api/v1/staff/surveys/{slug}/responses.csv", operation_id = "survey_responses_csv", security(("session" = [])), tag = "surveys",
    params(("slug" = String, Path, pattern = "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$"), CsvQuery),
    responses((status = 200, description = "CSV, UTF-8 with BOM", content_type = "text/csv"), (status = 401), (status = 403), (status = 404), (status = 422)))]
#[tracing::instrument(skip_all, fields(survey = %slug))]
pub async fn responses_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    slug: web::Path<String>,
    query: Query<CsvQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_manage_surveys)?;
    if query.by.is_some() {
        return Err(FieldErrors::single("by", FieldIssue::Invalid).into());
    }
    let sep = query.sep.unwrap_or_default();
    let survey = find(&state, &slug).await?;
    let definition = surveys::definition_of(&surveys::latest_version(&state.db, survey.id).await?)?;
    let columns: Vec<String> = definition
        .questions
        .iter()
        .filter(|q| !q.background && q.kind != QuestionType::MapPoints)
        .map(|q| q.code.clone())
        .collect();
    let mut header = vec!["svar".to_owned(), "version".to_owned(), "språk".to_owned()];
    header.extend(columns.iter().cloned());
    let first = format!("{BOM}{}", csv::line(sep, &header));
    let versions: std::collections::HashMap<i64, i32> =
        surveys::versions(&state.db, survey.id).await?.into_iter().map(|v| (v.id, v.number)).collect();
    let (db, survey_id) = (state.db.clone(), survey.id);
    // (after this response id, the running response number, done)
    let pages = stream::unfold((0_i64, 0_u64, false), move |(after, number, done)| {
        let (db, columns, versions) = (db.clone(), columns.clone(), versions.clone());
        async move {
            if done {
                return None;
            }
            let page = match surveys::raw_page(&db, survey_id, after, RAW_PAGE).await {
                Ok(page) => page,
                Err(e) => return Some((Err(actix_web::error::ErrorInternalServerError(e)), (after, number, true))),
            };
            let last = page.last().map_or(after, |(r, _)| r.id);
            let mut text = String::new();
            for (i, (response, answers)) in page.iter().enumerate() {
                let mut line = vec![
                    (number + i as u64 + 1).to_string(),
                    versions.get(&response.version_id).map_or_else(String::new, i32::to_string),
                    response.language.clone(),
                ];
                line.extend(columns.iter().map(|code| {
                    answers
                        .iter()
                        .filter(|a| &a.question == code)
                        .map(|a| a.value.as_str())
                        .collect::<Vec<_>>()
                        .join("|")
                }));
                text += &csv::line(sep, &line);
            }
            let count = page.len() as u64;
            Some((Ok(web::Bytes::from(text)), (last, number + count, count < RAW_PAGE)))
        }
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(first)) });
    Ok(csv::download(&format!("{}-svar.csv", survey.slug)).streaming(futures_util::StreamExt::chain(body, pages)))
}
