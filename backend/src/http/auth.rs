//! The logged-in staff member behind a request, from the session cookie. Writes made with the
//! cookie must come from Trygg's own origin (CSRF defence by `Origin`/`Referer`).

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::{Duration, Utc};
use futures_util::future::LocalBoxFuture;

use crate::domain::user::Role;
use crate::error::ApiError;
use crate::http::session::{token_id, COOKIE};
use crate::state::AppState;
use crate::store::entity::user;
use crate::store::{accounts, Actor};

/// Paths a user who must change their password may still use.
const ALLOWED_BEFORE_PASSWORD_CHANGE: &[&str] = &["/api/v1/auth/me", "/api/v1/auth/password", "/api/v1/auth/logout"];

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub must_change_password: bool,
    pub session_id: String,
}

impl CurrentUser {
    /// This user as the one who did something, for a survey's or a lägesbild's log.
    pub fn actor(&self) -> Actor<'_> {
        Actor { user_id: Some(self.id), name: &self.name }
    }

    /// The user behind session `session_id`.
    pub fn new(user: user::Model, session_id: String) -> Result<Self, ApiError> {
        let role = user.role.parse().map_err(|e: String| ApiError::Unexpected(anyhow::anyhow!(e)))?;
        Ok(CurrentUser {
            id: user.id,
            email: user.email,
            name: user.name,
            role,
            organisation: user.organisation,
            must_change_password: user.must_change_password,
            session_id,
        })
    }

    /// `Err(Forbidden)` unless the user's role passes `allowed`.
    pub fn require(&self, allowed: fn(Role) -> bool) -> Result<(), ApiError> {
        if allowed(self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req.app_data::<web::Data<AppState>>().expect("AppState is registered").clone();
            let token = req.cookie(COOKIE).ok_or(ApiError::Unauthorized)?;
            check_same_origin(&req, &state)?;
            let now = Utc::now();
            let idle = Duration::minutes(i64::from(state.settings.auth.idle_timeout_minutes));
            let id = token_id(token.value());
            let (session, user) =
                accounts::find_session(&state.db, &id, now, idle).await?.ok_or(ApiError::Unauthorized)?;
            if now - session.last_seen_at > Duration::minutes(1) {
                accounts::touch_session(&state.db, &id, now).await?;
            }
            if user.must_change_password && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(&req.path()) {
                return Err(ApiError::PasswordChangeRequired);
            }
            CurrentUser::new(user, id)
        })
    }
}

/// State-changing requests must name Trygg's own origin — the configured public URL, whatever
/// `Host` or `X-Forwarded-Host` say — in `Origin` (or, failing that, `Referer`).
pub fn check_same_origin(req: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let own = state.settings.public_origin();
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let same = match (header("origin"), header("referer")) {
        (Some(origin), _) => origin == own,
        (None, Some(referer)) => referer == own || referer.starts_with(&format!("{own}/")),
        (None, None) => false,
    };
    if same {
        Ok(())
    } else {
        Err(ApiError::CrossSite)
    }
}
