//! Staff login, logout, who am I, and changing one's password.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::{password, session};
use crate::domain::user::{check_new_password, normalize_email, Role};
use crate::error::{ApiError, FieldErrors};
use crate::http::auth::{check_same_origin, CurrentUser};
use crate::http::client_ip::client_ip;
use crate::http::json::JsonBody;
use crate::startup::AppState;
use crate::store::accounts;

const THROTTLE_WINDOW_MINUTES: i64 = 15;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginDto {
    #[validate(required, length(max = 320))]
    pub email: Option<String>,
    #[validate(required, length(max = 256))]
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
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginDto,
    responses((status = 200, body = Me), (status = 401, description = "Wrong e-mail or password"),
              (status = 429, description = "Too many failed logins for the account or address")))]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<LoginDto>,
) -> Result<HttpResponse, ApiError> {
    check_same_origin(&req, &state)?;
    let dto = body.0;
    dto.validate().map_err(FieldErrors::from)?;
    let (email, given) = (dto.email.unwrap_or_default(), dto.password.unwrap_or_default());
    let email = normalize_email(&email).unwrap_or(email);
    let ip = client_ip(&req, &state.settings.rate_limit.trusted_proxies).map_or_else(String::new, |ip| ip.to_string());
    let now = Utc::now();
    let window = Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let (by_email, by_ip) = accounts::failed_logins_since(&state.db, &email, &ip, now - window).await?;
    let max = u64::from(state.settings.auth.max_failed_logins);
    if by_email >= max || by_ip >= max {
        let newest = accounts::newest_failure(&state.db, &email, &ip).await?.unwrap_or(now);
        let retry_after_seconds = (newest + window - now).num_seconds().max(1) as u64;
        return Err(ApiError::RateLimited { retry_after_seconds });
    }
    let user = accounts::find_user_by_email(&state.db, &email).await?;
    let stored_hash = user.as_ref().map_or_else(|| password::dummy_hash().to_owned(), |u| u.password_hash.clone());
    let matches = web::block(move || password::verify(&given, &stored_hash))
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("password check: {e}")))?;
    let user = user.filter(|u| matches && u.active);
    accounts::record_login_attempt(&state.db, &email, &ip, user.is_some(), now).await?;
    let user = user.ok_or(ApiError::BadCredentials)?;
    let (token, id) = session::new_token();
    let lifetime = Duration::hours(i64::from(state.settings.auth.absolute_timeout_hours));
    accounts::create_session(&state.db, id.clone(), user.id, now, lifetime).await?;
    tracing::info!(user_id = user.id, "logged in");
    let me = Me::from(&CurrentUser::new(user, id)?);
    Ok(HttpResponse::Ok().cookie(session::cookie(&token, state.settings.is_https())).json(me))
}

/// Log out: the session ends on the server at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Logged out"), (status = 401, description = "Not logged in")))]
pub async fn logout(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    accounts::delete_session(&state.db, &user.session_id).await?;
    Ok(HttpResponse::NoContent().cookie(session::removal_cookie(state.settings.is_https())).finish())
}

/// The logged-in user.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, description = "Not logged in")))]
pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(Me::from(&user))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeDto {
    #[validate(required, length(max = 256))]
    pub current_password: Option<String>,
    #[validate(required)]
    pub new_password: Option<String>,
}

/// Change one's password (required first after a one-time password). Other sessions end.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordChangeDto,
    responses((status = 204, description = "Changed"), (status = 422, description = "Wrong current password or too short")))]
pub async fn change_password(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<PasswordChangeDto>,
) -> Result<HttpResponse, ApiError> {
    let dto = body.0;
    let mut errors = dto.validate().err().map(FieldErrors::from).unwrap_or_default();
    let (current, new) = (dto.current_password.unwrap_or_default(), dto.new_password.unwrap_or_default());
    if let Err(issue) = check_new_password(&new) {
        errors.add("new_password", issue);
    }
    let stored = accounts::find_user_by_email(&state.db, &user.email).await?.ok_or(ApiError::Unauthorized)?;
    let (checked, hashed) =
        web::block(move || (password::verify(&current, &stored.password_hash), password::hash(&new)))
            .await
            .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("password hashing: {e}")))?;
    if !checked {
        errors.add("current_password", crate::error::FieldIssue::Invalid);
    }
    let hashed = errors.into_result(hashed)??;
    accounts::set_password(&state.db, user.id, hashed, &user.session_id, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
