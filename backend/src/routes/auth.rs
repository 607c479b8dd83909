//! Staff login, logout, who am I, and changing one's password.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::password;
use crate::domain::user::{check_new_password, normalize_email, Role};
use crate::error::ApiError;
use crate::http::auth::{check_same_origin, CurrentUser};
use crate::http::client_ip::{client_ip, rate_key};
use crate::http::json::JsonBody;
use crate::http::session;
use crate::http::validation::{shape_errors, validate};
use crate::state::AppState;
use crate::store::accounts;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "email": "sara@herrljunga.se", "password": "en lång och hemlig lösenfras" }))]
pub struct LoginDto {
    #[validate(required, length(max = 320))]
    #[schema(required = true, nullable = false, max_length = 320)]
    pub email: Option<String>,
    #[validate(required, length(max = 256))]
    #[schema(required = true, nullable = false, max_length = 256)]
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation: Option<String>,
    /// A one-time password must be changed before anything else.
    pub must_change_password: bool,
}

impl From<&CurrentUser> for Me {
    fn from(user: &CurrentUser) -> Self {
        Me {
            id: user.id,
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role,
            organisation: user.organisation.clone(),
            must_change_password: user.must_change_password,
        }
    }
}

/// Log in; sets an HttpOnly, SameSite=Strict session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", operation_id = "log_in", tag = "auth", request_body = LoginDto,
    responses((status = 200, body = Me), (status = 401, description = "Wrong e-mail or password"),
              (status = 403, description = "The request did not come from Trygg's own origin"),
              (status = 429, description = "Too many failed logins for the account from this address, or from the address")))]
#[tracing::instrument(skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<LoginDto>,
) -> Result<HttpResponse, ApiError> {
    check_same_origin(&req, &state)?;
    let dto = body.0;
    validate(&dto)?;
    let (email, given) = (dto.email.unwrap_or_default(), dto.password.unwrap_or_default());
    let email = normalize_email(&email).unwrap_or(email);
    let ip = address_of(&req, &state);
    let now = Utc::now();
    let attempt = reserve_attempt(&state, &email, &ip, now).await?;
    let user = accounts::find_user_by_email(&state.db, &email).await?;
    let stored_hash = user.as_ref().map_or_else(|| password::dummy_hash().to_owned(), |u| u.password_hash.clone());
    let matches = check_password(&state, given, stored_hash).await?;
    let user = user.filter(|u| matches && u.active);
    if user.is_some() {
        accounts::mark_login_succeeded(&state.db, attempt).await?;
    }
    let user = user.ok_or(ApiError::BadCredentials)?;
    let (token, id) = session::new_token();
    let lifetime = Duration::hours(i64::from(state.settings.auth.absolute_timeout_hours));
    accounts::create_session(&state.db, id.clone(), user.id, now, lifetime).await?;
    tracing::info!(user_id = user.id, "logged in");
    let me = Me::from(&CurrentUser::new(user, id)?);
    Ok(HttpResponse::Ok().cookie(session::cookie(&token, state.settings.is_https())).json(me))
}

/// Log out: the session ends on the server at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", operation_id = "log_out", security(("session" = [])), tag = "auth",
    responses((status = 204, description = "Logged out"), (status = 401, description = "Not logged in")))]
#[tracing::instrument(skip_all)]
pub async fn logout(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    accounts::delete_session(&state.db, &user.session_id).await?;
    Ok(HttpResponse::NoContent().cookie(session::removal_cookie(state.settings.is_https())).finish())
}

/// The logged-in user.
#[utoipa::path(get, path = "/api/v1/auth/me", operation_id = "who_am_i", security(("session" = [])), tag = "auth",
    responses((status = 200, body = Me), (status = 401, description = "Not logged in")))]
#[tracing::instrument(skip_all)]
pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(Me::from(&user))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "current_password": "det gamla lösenordet", "new_password": "en ny lång och hemlig lösenfras" }))]
pub struct PasswordChangeDto {
    #[validate(required, length(max = 256))]
    #[schema(required = true, nullable = false, max_length = 256)]
    pub current_password: Option<String>,
    /// At least 12 characters and not easy to guess.
    #[validate(required)]
    #[schema(required = true, nullable = false, min_length = 12, max_length = 256)]
    pub new_password: Option<String>,
}

/// Change one's password (required first after a one-time password). Other sessions end.
#[utoipa::path(post, path = "/api/v1/auth/password", operation_id = "change_password", security(("session" = [])), tag = "auth", request_body = PasswordChangeDto,
    responses((status = 204, description = "Changed"),
              (status = 422, description = "Wrong current password, or the new one too short or easy to guess"),
              (status = 429, description = "Too many wrong current passwords from this address")))]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: JsonBody<PasswordChangeDto>,
) -> Result<HttpResponse, ApiError> {
    let dto = body.0;
    let mut errors = shape_errors(&dto);
    let (current, new) = (dto.current_password.unwrap_or_default(), dto.new_password.unwrap_or_default());
    if let Err(issue) = check_new_password(&new, &[&user.email, &user.name]) {
        errors.add("new_password", issue);
    }
    let attempt = reserve_attempt(&state, &user.email, &address_of(&req, &state), Utc::now()).await?;
    let stored = accounts::find_user_by_email(&state.db, &user.email).await?.ok_or(ApiError::Unauthorized)?;
    let checked = check_password(&state, current, stored.password_hash).await?;
    if checked {
        accounts::mark_login_succeeded(&state.db, attempt).await?;
    } else {
        errors.add("current_password", crate::error::FieldIssue::Invalid);
    }
    errors.into_result(())?;
    let hashed = hash_password(&state, new).await?;
    accounts::set_password(&state.db, user.id, hashed, &user.session_id, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The address failed logins are counted for: the client's, an IPv6 client's /64.
fn address_of(req: &HttpRequest, state: &AppState) -> String {
    client_ip(req, &state.settings.rate_limit.trusted_proxies).map_or_else(String::new, |ip| rate_key(ip).to_string())
}

/// Counts this try as a failure first, then asks the throttle: of concurrent tries for one
/// account, no more than the limit get their password checked. `Ok` holds the attempt's id.
async fn reserve_attempt(state: &AppState, email: &str, ip: &str, now: DateTime<Utc>) -> Result<i64, ApiError> {
    let attempt = accounts::reserve_login_attempt(&state.db, email, ip, now).await?;
    let failures = accounts::recent_failures(&state.db, email, ip, attempt, now, &state.login_throttle).await?;
    state.login_throttle.check(&failures, now).map_err(|retry_after_seconds| {
        tracing::warn!(retry_after_seconds, "login throttled");
        ApiError::RateLimited { retry_after_seconds }
    })?;
    Ok(attempt)
}

/// argon2 off the async executor, a bounded number at once, so a burst of logins never starves
/// the database pool or report intake.
async fn check_password(state: &AppState, given: String, hash: String) -> Result<bool, ApiError> {
    let _permit = state.password_work.acquire().await.map_err(|e| ApiError::Unexpected(e.into()))?;
    web::block(move || password::verify(&given, &hash))
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("password check: {e}")))
}

async fn hash_password(state: &AppState, new: String) -> Result<String, ApiError> {
    let _permit = state.password_work.acquire().await.map_err(|e| ApiError::Unexpected(e.into()))?;
    web::block(move || password::hash(&new))
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("password hashing: {e}")))?
        .map_err(ApiError::Unexpected)
}
