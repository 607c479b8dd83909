//! The systems allowed to file reports through Open311 server to server (admins): each gets an API
//! key, shown once and kept as a digest, and can be revoked.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::state::AppState;
use crate::store::entity::open311_client;
use crate::store::public;

#[derive(Debug, Serialize, ToSchema)]
pub struct Open311ClientView {
    pub id: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<open311_client::Model> for Open311ClientView {
    fn from(c: open311_client::Model) -> Self {
        Open311ClientView { id: c.id, name: c.name, created_at: c.created_at, revoked_at: c.revoked_at }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Open311ClientList {
    pub clients: Vec<Open311ClientView>,
}

/// The Open311 clients (admins).
#[utoipa::path(get, path = "/api/v1/admin/open311-clients", operation_id = "list_open311_clients", security(("session" = [])), tag = "admin",
    responses((status = 200, body = Open311ClientList), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn list(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_administer)?;
    let clients = public::clients(&state.db).await?.into_iter().map(Open311ClientView::from).collect();
    Ok(HttpResponse::Ok().json(Open311ClientList { clients }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "name": "Kommunens felanmälan" }))]
pub struct NewOpen311Client {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Key {
    #[serde(flatten)]
    pub client: Open311ClientView,
    /// Shown this once: give it to the system as its `api_key`.
    pub api_key: String,
}

/// Register a system and make its API key (admins).
#[utoipa::path(post, path = "/api/v1/admin/open311-clients", operation_id = "add_open311_client", security(("session" = [])), tag = "admin",
    request_body = NewOpen311Client, responses((status = 201, body = Open311Key), (status = 401), (status = 403), (status = 422)))]
#[tracing::instrument(skip_all)]
pub async fn add(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<NewOpen311Client>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_administer)?;
    let name = body.0.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(FieldErrors::single("name", FieldIssue::Required).into());
    }
    let (client, api_key) = public::add_client(&state.db, name, Utc::now()).await?;
    Ok(HttpResponse::Created().json(Open311Key { client: client.into(), api_key }))
}

/// Revoke a system's key at once (admins).
#[utoipa::path(post, path = "/api/v1/admin/open311-clients/{id}/revoke", operation_id = "revoke_open311_client", security(("session" = [])), tag = "admin",
    params(("id" = i32, Path, minimum = 1)), responses((status = 200, body = Open311ClientView), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all, fields(client = %id))]
pub async fn revoke(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_administer)?;
    let client = public::revoke_client(&state.db, *id, Utc::now()).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(Open311ClientView::from(client)))
}
