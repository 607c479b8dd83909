//! The åtgärdsplan: actions decided in a lägesbild, changed as they go, followed up by what was
//! done (process) and what it achieved (effect). Coordinators write; readers read.

use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::lagesbild::action::{Action, ActionInput, ActionStatus, FollowUpKind, Prevention, Term};
use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::http::query::Query;
use crate::routes::lagesbild::{action_views, check_group, find as find_lagesbild, ActionItemView};
use crate::state::AppState;
use crate::store::accounts;
use crate::store::action_items;
use crate::store::lagesbild as store;

/// An action: what the problem is, what is done about it, who answers for it and by when.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "problem": "Mörk gångtunnel vid stationen; 14 rapporter kvällstid.", "measure": "Byt armaturer och klipp buskage.",
    "prevention": "situational", "term": "short", "responsible_organisation": "Samhällsbyggnad",
    "owner_name": "Olle Ägare", "owner_email": "olle@herrljunga.se", "due_date": "2027-01-31"
}))]
pub struct ActionItemDto {
    #[schema(required = true, nullable = false, min_length = 1, max_length = 4000, pattern = r"\S")]
    pub problem: Option<String>,
    #[schema(max_length = 4000)]
    pub cause: Option<String>,
    #[schema(required = true, nullable = false, min_length = 1, max_length = 4000, pattern = r"\S")]
    pub measure: Option<String>,
    #[schema(required = true, nullable = false)]
    pub prevention: Option<Prevention>,
    #[schema(required = true, nullable = false)]
    pub term: Option<Term>,
    #[schema(max_length = 4000)]
    pub goal: Option<String>,
    #[schema(max_length = 4000)]
    pub indicator: Option<String>,
    #[schema(required = true, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub responsible_organisation: Option<String>,
    /// A Trygg user who owns the action; or give `owner_name` and `owner_email`.
    pub owner_user_id: Option<i32>,
    #[schema(max_length = 200)]
    pub owner_name: Option<String>,
    #[schema(max_length = 320)]
    pub owner_email: Option<String>,
    #[schema(max_length = 4000)]
    pub partners: Option<String>,
    pub start_date: Option<NaiveDate>,
    #[schema(required = true, nullable = false)]
    pub due_date: Option<NaiveDate>,
    pub status: Option<ActionStatus>,
    /// The hotspot (its rank in the lägesbild) the action answers.
    #[schema(minimum = 1, maximum = 1000)]
    pub hotspot: Option<i32>,
}

impl ActionItemDto {
    fn into_input(self) -> ActionInput {
        ActionInput {
            problem: self.problem,
            cause: self.cause,
            measure: self.measure,
            prevention: self.prevention,
            term: self.term,
            goal: self.goal,
            indicator: self.indicator,
            responsible_organisation: self.responsible_organisation,
            owner_user_id: self.owner_user_id,
            owner_name: self.owner_name,
            owner_email: self.owner_email,
            partners: self.partners,
            start_date: self.start_date,
            due_date: self.due_date,
            status: self.status,
            hotspot: self.hotspot,
        }
    }
}

/// The action, checked, with its owner (when a user) known and active.
async fn parse(state: &AppState, dto: ActionItemDto) -> Result<Action, ApiError> {
    let action = Action::parse(dto.into_input())?;
    if let Some(id) = action.owner_user_id {
        if !accounts::find_users(&state.db, vec![id]).await?.iter().any(|u| u.active) {
            return Err(FieldErrors::single("owner_user_id", FieldIssue::UnknownUser).into());
        }
    }
    Ok(action)
}

/// Decide an action in a lägesbild (coordinators); a final lägesbild takes actions too, as its
/// plan is followed up.
#[utoipa::path(post, path = "/api/v1/staff/lagesbilder/{id}/action-items", operation_id = "add_action_item", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)), request_body = ActionItemDto,
    responses((status = 201, body = ActionItemView), (status = 401), (status = 403), (status = 404), (status = 422)))]
#[tracing::instrument(skip_all, fields(lagesbild = %id))]
pub async fn add(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: JsonBody<ActionItemDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let lagesbild = find_lagesbild(&state, *id).await?;
    let action = parse(&state, body.0).await?;
    let stored = action_items::add_action(&state.db, lagesbild.id, &action, &user.actor(), Utc::now()).await?;
    let view = action_views(&state, vec![stored]).await?.pop().ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(view))
}

/// Change an action: its status, due date, owner, anything (coordinators).
#[utoipa::path(put, path = "/api/v1/staff/action-items/{id}", operation_id = "edit_action_item", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)), request_body = ActionItemDto,
    responses((status = 200, body = ActionItemView), (status = 401), (status = 403), (status = 404), (status = 422)))]
#[tracing::instrument(skip_all, fields(action = %id))]
pub async fn edit(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: JsonBody<ActionItemDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let action = parse(&state, body.0).await?;
    let updated = action_items::update_action(&state.db, *id, &action, &user.actor(), Utc::now())
        .await?
        .ok_or(ApiError::NotFound)?;
    let view = action_views(&state, vec![updated]).await?.pop().ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "kind": "effect", "note": "Inga nya rapporter om mörker sedan armaturerna byttes." }))]
pub struct FollowUpDto {
    pub kind: FollowUpKind,
    #[schema(min_length = 1, max_length = 4000, pattern = r"\S")]
    pub note: String,
}

/// Follow an action up: what was done, or what it achieved (coordinators).
#[utoipa::path(post, path = "/api/v1/staff/action-items/{id}/follow-ups", operation_id = "follow_up_action_item", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)), request_body = FollowUpDto,
    responses((status = 201, body = ActionItemView), (status = 401), (status = 403), (status = 404), (status = 422)))]
#[tracing::instrument(skip_all, fields(action = %id))]
pub async fn follow_up(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: JsonBody<FollowUpDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let note = body.0.note.trim();
    if note.is_empty() || note.chars().count() > 4000 {
        return Err(FieldErrors::single("note", FieldIssue::Required).into());
    }
    let action = action_items::find_action(&state.db, *id).await?.ok_or(ApiError::NotFound)?;
    action_items::follow_up(&state.db, &action, body.0.kind, note, &user.actor(), Utc::now()).await?;
    let view = action_views(&state, vec![action]).await?.pop().ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActionQuery {
    /// A group's actions only.
    #[param(pattern = "^(est|sspf|steering|rights_network|violence_free)$")]
    pub group: Option<String>,
    /// Open ones only (planned or ongoing).
    pub open: Option<bool>,
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct ActionList {
    pub actions: Vec<ActionItemView>,
}

/// The åtgärdsplan across lägesbilder: every action, or a group's, or the open ones.
#[utoipa::path(get, path = "/api/v1/staff/action-items", operation_id = "list_action_items", security(("session" = [])), tag = "lagesbild",
    params(ActionQuery), responses((status = 200, body = ActionList), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: Query<ActionQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    if let Some(group) = &query.group {
        check_group(group)?;
    }
    let ids: Vec<i64> = store::list(&state.db, query.group.as_deref()).await?.iter().map(|l| l.id).collect();
    let mut actions = action_items::actions_of(&state.db, &ids).await?;
    if query.open == Some(true) {
        actions.retain(|a| a.status.parse().is_ok_and(ActionStatus::is_open));
    }
    Ok(HttpResponse::Ok().json(ActionList { actions: action_views(&state, actions).await? }))
}
