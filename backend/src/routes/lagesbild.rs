//! Lägesbilder for EST and the other groups: generate a draft for a period, read it (figures as
//! generated now, or as frozen when final), write its text, finalise it, correct a final one.
//! Coordinators write; EST members, coordinators and admins read.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::history::HistoryEntry;
use crate::domain::lagesbild::action::{is_overdue, ActionStatus, Prevention, Term};
use crate::domain::lagesbild::content::{Content, FollowUpItem, MonthCount, SurveySignal};
use crate::domain::lagesbild::crime::summarise;
use crate::domain::lagesbild::document::{LagesbildKind, LagesbildStatus, Publicity, Sections};
use crate::domain::lagesbild::figures::{figures, Count};
use crate::domain::lagesbild::hotspots::hotspots;
use crate::domain::lagesbild::outcome::{outcome, ActionFacts, EffectNote, Outcome};
use crate::domain::lagesbild::period::{last_full_year, months_ending, Period};
use crate::domain::survey::definition::{IndexKind, QuestionType};
use crate::domain::survey::state::Phase;
use crate::domain::user::Role;
use crate::domain::workflow::GROUPS;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::http::query::Query;
use crate::routes::survey_results::compute as survey_results;
use crate::routes::surveys::survey_phase;
use crate::state::AppState;
use crate::store::entity::{action_item, lagesbild};
use crate::store::lagesbild::{self as store, Frozen, Names};
use crate::store::surveys;
use crate::store::{action_items, crime_statistics};

/// A lägesbild older than this many months prompts a new in-depth one for the styrgrupp.
const IN_DEPTH_EVERY_MONTHS: i64 = 24;

fn kind_of(l: &lagesbild::Model) -> LagesbildKind {
    l.kind.parse().unwrap_or(LagesbildKind::Monthly)
}

fn period_of(l: &lagesbild::Model) -> Period {
    Period { from: l.period_from, to: l.period_to }
}

/// The figures, trend, crime statistics, survey signal and follow-up of `group` for `period`,
/// generated now, and for an annual summary the year's outcome. `before` is the lägesbild they
/// are for: actions decided before it are followed up.
pub async fn generate(
    state: &AppState,
    group: &str,
    kind: LagesbildKind,
    period: Period,
    before: i64,
) -> Result<Content, ApiError> {
    let names = Names { areas: &state.areas, catalog: &state.catalog, mail: &state.mail };
    let now = store::incidents(&state.db, &period, &names).await?;
    let previous = store::incidents(&state.db, &period.previous(), &names).await?;
    let year_ago = store::incidents(&state.db, &period.year_before(), &names).await?;
    let earlier = hotspots(&previous, &[]);
    let months = months_ending(period.to, 13);
    let counts = store::monthly_counts(&state.db, &months.iter().map(|(_, p)| *p).collect::<Vec<_>>()).await?;
    let trend = months
        .into_iter()
        .zip(counts)
        .map(|((month, _), (residents, staff))| MonthCount { month, count: Count { residents, staff } })
        .collect();
    let (from_day, to_day) = (
        period.from.with_timezone(&Stockholm).date_naive(),
        (period.to - Duration::seconds(1)).with_timezone(&Stockholm).date_naive(),
    );
    let crime = summarise(&crime_statistics::crime_for(&state.db, from_day, to_day).await?, from_day, to_day);
    Ok(Content {
        generated_at: Utc::now(),
        figures: figures(period, &now, &previous, &year_ago, &earlier),
        trend,
        crime,
        surveys: survey_signals(state, &period).await?,
        follow_up: follow_up(state, group, before).await?,
        outcome: match kind {
            LagesbildKind::Annual => Some(year_outcome(state, &period).await?),
            _ => None,
        },
    })
}

/// What the groups decided in `period`, what became of it and what it achieved.
async fn year_outcome(state: &AppState, period: &Period) -> Result<Outcome, ApiError> {
    let year = action_items::year_of_actions(&state.db, period).await?;
    let actions: Vec<ActionFacts> = year
        .actions
        .into_iter()
        .map(|(group, a)| ActionFacts {
            id: a.id,
            group,
            problem: a.problem,
            measure: a.measure,
            prevention: a.prevention.parse().unwrap_or(Prevention::Situational),
            term: a.term.parse().unwrap_or(Term::Short),
            status: a.status.parse().unwrap_or(ActionStatus::Planned),
            due_date: a.due_date,
            decided_at: a.created_at,
        })
        .collect();
    let effects: Vec<EffectNote> = year
        .effects
        .into_iter()
        .map(|e| EffectNote { action_id: e.action_item_id, note: e.note, at: e.created_at })
        .collect();
    let today = Utc::now().with_timezone(&Stockholm).date_naive();
    Ok(outcome(period, &year.finalised, &actions, &effects, today))
}

/// The survey rounds that closed in `period`, with their trygghetsindex and worst problems.
async fn survey_signals(state: &AppState, period: &Period) -> Result<Vec<SurveySignal>, ApiError> {
    let mut signals = Vec::new();
    for survey in surveys::list(&state.db).await? {
        let Some(closed_at) = survey.closes_at.filter(|at| period.contains(*at)) else { continue };
        if survey_phase(&survey, period.to.max(Utc::now())) != Phase::Closed {
            continue;
        }
        let (definition, mut groups) = survey_results(state, &survey, None).await?;
        let Some(total) = groups.pop() else { continue };
        let indexes = |kind: IndexKind| -> Vec<(String, _)> {
            total
                .questions
                .iter()
                .filter(|q| {
                    definition
                        .question(&q.code)
                        .is_some_and(|d| d.index == Some(kind) && d.kind != QuestionType::Number)
                })
                .filter_map(|q| q.index.clone().map(|i| (q.code.clone(), i)))
                .collect()
        };
        let trygghetsindex = indexes(IndexKind::Share).into_iter().next().map(|(_, i)| i);
        let mut problems = indexes(IndexKind::Mean);
        problems.sort_by(|a, b| b.1.value.total_cmp(&a.1.value));
        problems.truncate(5);
        signals.push(SurveySignal {
            slug: survey.slug.clone(),
            title: definition.title.clone(),
            closed_at,
            responses: total.responses,
            trygghetsindex,
            problems,
            points: surveys::points(&state.db, survey.id).await?.len(),
        });
    }
    Ok(signals)
}

/// Open actions the group decided before lägesbild `before`.
async fn follow_up(state: &AppState, group: &str, before: i64) -> Result<Vec<FollowUpItem>, ApiError> {
    let open = action_items::open_actions(&state.db, group, before).await?;
    let notes = action_items::follow_ups(&state.db, &open.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    let today = Utc::now().with_timezone(&Stockholm).date_naive();
    Ok(open
        .into_iter()
        .map(|a| {
            let status = a.status.parse().unwrap_or(ActionStatus::Planned);
            FollowUpItem {
                latest_note: notes.iter().rev().find(|n| n.action_item_id == a.id).map(|n| n.note.clone()),
                overdue: is_overdue(status, a.due_date, today),
                owner: owner_of(&a),
                id: a.id,
                lagesbild_id: a.lagesbild_id,
                problem: a.problem,
                measure: a.measure,
                responsible_organisation: a.responsible_organisation,
                due_date: a.due_date,
                status,
            }
        })
        .collect())
}

/// Who answers for an action, in words.
pub fn owner_of(a: &action_item::Model) -> String {
    a.owner_name.clone().unwrap_or_else(|| a.owner_user_id.map(|id| format!("#{id}")).unwrap_or_default())
}

/// A lägesbild's content: frozen when final, generated now when a draft.
pub async fn content_of(state: &AppState, l: &lagesbild::Model) -> Result<Content, ApiError> {
    match &l.snapshot {
        Some(frozen) => serde_json::from_str(frozen)
            .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("lägesbild {} has a broken snapshot: {e}", l.id))),
        None => generate(state, &l.group_slug, kind_of(l), period_of(l), l.id).await,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LagesbildSummary {
    pub id: i64,
    pub group: String,
    pub kind: LagesbildKind,
    pub status: LagesbildStatus,
    pub period: Period,
    pub version: i32,
    /// The final lägesbild this version corrects.
    pub corrects: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
}

impl From<&lagesbild::Model> for LagesbildSummary {
    fn from(l: &lagesbild::Model) -> Self {
        LagesbildSummary {
            id: l.id,
            group: l.group_slug.clone(),
            kind: kind_of(l),
            status: l.status.parse().unwrap_or(LagesbildStatus::Draft),
            period: period_of(l),
            version: l.version,
            corrects: l.corrects_id,
            created_at: l.created_at,
            finalised_at: l.finalised_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LagesbildList {
    pub lagesbilder: Vec<LagesbildSummary>,
    /// No final in-depth lägesbild in the last 24 months: the styrgrupp should get one.
    pub in_depth_due: bool,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GroupQuery {
    /// `est`, `sspf`, `steering`, `rights_network` or `violence_free`.
    #[param(pattern = "^(est|sspf|steering|rights_network|violence_free)$")]
    pub group: Option<String>,
}

pub(crate) fn check_group(group: &str) -> Result<(), ApiError> {
    if GROUPS.contains(&group) {
        Ok(())
    } else {
        Err(FieldErrors::single("group", FieldIssue::UnknownGroup).into())
    }
}

/// The lägesbilder, the latest period first.
#[utoipa::path(get, path = "/api/v1/staff/lagesbilder", operation_id = "list_lagesbilder", security(("session" = [])), tag = "lagesbild",
    params(GroupQuery), responses((status = 200, body = LagesbildList), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: Query<GroupQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    if let Some(group) = &query.group {
        check_group(group)?;
    }
    let all = store::list(&state.db, query.group.as_deref()).await?;
    let last_in_depth = store::latest(&state.db, "steering", LagesbildKind::InDepth, true).await?;
    let in_depth_due =
        last_in_depth.is_none_or(|l| l.period_to < Utc::now() - Duration::days(IN_DEPTH_EVERY_MONTHS * 30));
    Ok(HttpResponse::Ok()
        .json(LagesbildList { lagesbilder: all.iter().map(LagesbildSummary::from).collect(), in_depth_due }))
}

/// A new lägesbild: by default EST's monthly one, from the end of its last one (or a month ago)
/// to now; an in-depth one over the last two years; an annual summary over the last full
/// calendar year.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "group": "est", "kind": "monthly" }))]
pub struct NewLagesbildDto {
    #[schema(pattern = "^(est|sspf|steering|rights_network|violence_free)$")]
    pub group: Option<String>,
    pub kind: Option<LagesbildKind>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Generate a draft lägesbild (coordinators).
#[utoipa::path(post, path = "/api/v1/staff/lagesbilder", operation_id = "create_lagesbild", security(("session" = [])), tag = "lagesbild",
    request_body = NewLagesbildDto,
    responses((status = 201, body = LagesbildDetail), (status = 401), (status = 403), (status = 422)))]
#[tracing::instrument(skip_all)]
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<NewLagesbildDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let dto = body.0;
    let group = dto.group.unwrap_or_else(|| "est".to_owned());
    check_group(&group)?;
    let kind = dto.kind.unwrap_or(LagesbildKind::Monthly);
    let now = Utc::now();
    let last_year = last_full_year(now);
    let to = dto.to.unwrap_or(if kind == LagesbildKind::Annual && dto.from.is_none() { last_year.to } else { now });
    let from = match dto.from {
        Some(from) => from,
        None if kind == LagesbildKind::InDepth => to - Duration::days(730),
        None if kind == LagesbildKind::Annual => last_year.from,
        None => store::latest(&state.db, &group, kind, false).await?.map_or(to - Duration::days(30), |l| l.period_to),
    };
    let period = Period::new(from, to)?;
    let created = store::create(&state.db, &group, kind, &period, &user.actor(), now).await?;
    Ok(HttpResponse::Created().json(detail(&state, &created).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemView {
    pub id: i64,
    pub lagesbild_id: i64,
    pub problem: String,
    pub cause: Option<String>,
    pub measure: String,
    pub prevention: String,
    pub term: String,
    pub goal: Option<String>,
    pub indicator: Option<String>,
    pub responsible_organisation: String,
    pub owner_user_id: Option<i32>,
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub partners: Option<String>,
    pub start_date: Option<chrono::NaiveDate>,
    pub due_date: chrono::NaiveDate,
    pub status: ActionStatus,
    pub hotspot: Option<i32>,
    pub overdue: bool,
    pub follow_ups: Vec<FollowUpView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpView {
    pub kind: String,
    pub note: String,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
}

/// Actions with their follow-ups, as staff read them.
pub async fn action_views(state: &AppState, actions: Vec<action_item::Model>) -> Result<Vec<ActionItemView>, ApiError> {
    let notes = action_items::follow_ups(&state.db, &actions.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    let today = Utc::now().with_timezone(&Stockholm).date_naive();
    Ok(actions
        .into_iter()
        .map(|a| {
            let status = a.status.parse().unwrap_or(ActionStatus::Planned);
            ActionItemView {
                follow_ups: notes
                    .iter()
                    .filter(|n| n.action_item_id == a.id)
                    .map(|n| FollowUpView {
                        kind: n.kind.clone(),
                        note: n.note.clone(),
                        actor: n.actor.clone(),
                        at: n.created_at,
                    })
                    .collect(),
                overdue: is_overdue(status, a.due_date, today),
                id: a.id,
                lagesbild_id: a.lagesbild_id,
                problem: a.problem,
                cause: a.cause,
                measure: a.measure,
                prevention: a.prevention,
                term: a.term,
                goal: a.goal,
                indicator: a.indicator,
                responsible_organisation: a.responsible_organisation,
                owner_user_id: a.owner_user_id,
                owner_name: a.owner_name,
                owner_email: a.owner_email,
                partners: a.partners,
                start_date: a.start_date,
                due_date: a.due_date,
                status,
                hotspot: a.hotspot,
            }
        })
        .collect())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LagesbildDetail {
    #[serde(flatten)]
    pub summary: LagesbildSummary,
    pub correction_note: Option<String>,
    pub sections: Sections,
    pub publicity: Publicity,
    pub content: Content,
    /// The åtgärdsplan decided in this lägesbild.
    pub actions: Vec<ActionItemView>,
    pub history: Vec<HistoryEntry>,
}

pub async fn detail(state: &AppState, l: &lagesbild::Model) -> Result<LagesbildDetail, ApiError> {
    let history = store::history(&state.db, l.id).await?.into_iter().map(HistoryEntry::from).collect();
    Ok(LagesbildDetail {
        summary: LagesbildSummary::from(l),
        correction_note: l.correction_note.clone(),
        sections: serde_json::from_str(&l.sections).unwrap_or_default(),
        publicity: serde_json::from_str(&l.publicity).unwrap_or_default(),
        content: content_of(state, l).await?,
        actions: action_views(state, action_items::actions_of(&state.db, &[l.id]).await?).await?,
        history,
    })
}

pub async fn find(state: &AppState, id: i64) -> Result<lagesbild::Model, ApiError> {
    store::find(&state.db, id).await?.ok_or(ApiError::NotFound)
}

/// One lägesbild with its figures, text, åtgärdsplan and history.
#[utoipa::path(get, path = "/api/v1/staff/lagesbilder/{id}", operation_id = "get_lagesbild", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)), responses((status = 200, body = LagesbildDetail), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all, fields(lagesbild = %id))]
pub async fn show(state: web::Data<AppState>, user: CurrentUser, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let l = find(&state, *id).await?;
    Ok(HttpResponse::Ok().json(detail(&state, &l).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "sections": { "summary": "Lugnare än i oktober; klotter vid stationen." }, "publicity": { "summary": true } }))]
pub struct LagesbildTextDto {
    pub sections: Sections,
    pub publicity: Option<Publicity>,
}

fn frozen(e: Frozen) -> ApiError {
    match e {
        Frozen::Final => ApiError::LagesbildFinal,
        Frozen::Db(e) => e.into(),
    }
}

/// Write a draft's text and choose what is public (coordinators); every edit is in its history.
#[utoipa::path(put, path = "/api/v1/staff/lagesbilder/{id}", operation_id = "edit_lagesbild", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)), request_body = LagesbildTextDto,
    responses((status = 200, body = LagesbildDetail), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "The lägesbild is final: correct it instead")))]
#[tracing::instrument(skip_all, fields(lagesbild = %id))]
pub async fn edit(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: JsonBody<LagesbildTextDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let current = find(&state, *id).await?;
    body.0.sections.check()?;
    let publicity = body.0.publicity.unwrap_or_else(|| serde_json::from_str(&current.publicity).unwrap_or_default());
    let updated = store::edit(&state.db, current.id, &body.0.sections, &publicity, &user.actor(), Utc::now())
        .await
        .map_err(frozen)?;
    Ok(HttpResponse::Ok().json(detail(&state, &updated).await?))
}

/// Finalise (the figures freeze) or correct a final one (a new draft version saying what changes).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[schema(example = json!({ "action": "finalise" }))]
pub enum LagesbildActionDto {
    Finalise {},
    Correct {
        #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
        note: String,
    },
}

/// Finalise or correct a lägesbild (coordinators).
#[utoipa::path(post, path = "/api/v1/staff/lagesbilder/{id}/actions", operation_id = "act_on_lagesbild", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)), request_body = LagesbildActionDto,
    responses((status = 200, body = LagesbildDetail), (status = 201, description = "The correction, a new draft version", body = LagesbildDetail),
        (status = 401), (status = 403), (status = 404), (status = 409, description = "Final already, or a draft cannot be corrected"), (status = 422)))]
#[tracing::instrument(skip_all, fields(lagesbild = %id))]
pub async fn act(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: JsonBody<LagesbildActionDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let current = find(&state, *id).await?;
    let now = Utc::now();
    match body.0 {
        LagesbildActionDto::Finalise {} => {
            let content = content_of(&state, &current).await?;
            let snapshot = serde_json::to_string(&content).map_err(|e| ApiError::Unexpected(e.into()))?;
            let done = store::finalise(&state.db, current.id, snapshot, &user.actor(), now).await.map_err(frozen)?;
            Ok(HttpResponse::Ok().json(detail(&state, &done).await?))
        }
        LagesbildActionDto::Correct { note } => {
            if current.status != LagesbildStatus::Final.as_str() {
                return Err(ApiError::LagesbildDraft);
            }
            if note.trim().is_empty() || note.chars().count() > 2000 {
                return Err(FieldErrors::single("note", FieldIssue::Required).into());
            }
            let correction = store::correct(&state.db, &current, note.trim(), &user.actor(), now).await?;
            Ok(HttpResponse::build(StatusCode::CREATED).json(detail(&state, &correction).await?))
        }
    }
}
