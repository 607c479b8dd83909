//! What the HTTP layer shares between requests. Only `http/`, `routes/` and start-up see it; the
//! store, mail and CLI take what they need as arguments.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;

use crate::config::Settings;
use crate::domain::area::AreaIndex;
use crate::domain::category::Catalog;
use crate::domain::intake::Intake;
use crate::domain::mail_policy::MailPolicy;
use crate::domain::place::PlaceIndex;
use crate::domain::user::LoginThrottle;
use crate::http::rate_limit::RateLimiter;
use crate::http::security::SecurityHeaders;
use crate::media::store::PhotoStore;
use crate::media::PhotoWork;
use crate::metrics::Metrics;
use crate::store::reports::ReportWriter;

/// Everything a request handler may need, shared by all workers.
pub struct AppState {
    pub settings: Settings,
    pub db: DatabaseConnection,
    pub areas: AreaIndex,
    pub catalog: Catalog,
    pub places: PlaceIndex,
    pub report_limiter: RateLimiter,
    pub survey_limiter: RateLimiter,
    pub mail: MailPolicy,
    /// Where reports are received (on SQLite, through its group-commit writer).
    pub reports: ReportWriter,
    pub security: SecurityHeaders,
    pub login_throttle: LoginThrottle,
    /// Permits for argon2 work (one per CPU), shared by logins and password changes.
    pub password_work: Semaphore,
    pub metrics: Arc<Metrics>,
    pub photo_work: PhotoWork,
    pub photos: PhotoStore,
}

impl AppState {
    /// What reports are checked against at `now`.
    pub fn intake(&self, now: DateTime<Utc>) -> Intake<'_> {
        Intake { areas: &self.areas, catalog: &self.catalog, now }
    }
}
