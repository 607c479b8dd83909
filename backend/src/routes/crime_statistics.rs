//! Crime statistics from the police or Brå: imported as the documented CSV (also from the command
//! line, `trygg import crime-stats FILE`), listed for a period. Coordinators and admins import.

use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::crime_file;
use crate::domain::field::{FieldErrors, FieldIssue};
use crate::domain::lagesbild::crime::CrimeStatistic;
use crate::domain::user::Role;
use crate::error::ApiError;
use crate::http::auth::CurrentUser;
use crate::http::json::JsonBody;
use crate::http::query::Query;
use crate::state::AppState;
use crate::store::crime_statistics::{self as store, Imported};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "csv": "period_start;period_end;area;offence_group;count;source\n2026-11-01;2026-11-30;;Skadegörelse;9;Polisen\n" }))]
pub struct CrimeImportDto {
    /// The file's text: `period_start;period_end;area;offence_group;count;source`, a line each.
    #[schema(min_length = 1, max_length = 60000)]
    pub csv: String,
}

/// Import crime statistics (coordinators, admins): by period, area, offence group and source, so
/// the same file twice changes nothing and a corrected figure replaces the old one. A file with a
/// bad line imports nothing; every bad line is named (`line[3].count`).
#[utoipa::path(post, path = "/api/v1/staff/crime-statistics", operation_id = "import_crime_statistics", security(("session" = [])), tag = "lagesbild",
    request_body = CrimeImportDto,
    responses((status = 200, body = Imported), (status = 401), (status = 403), (status = 422, description = "Bad lines, each named with its number and column")))]
#[tracing::instrument(skip_all)]
pub async fn import(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody<CrimeImportDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_manage_surveys)?;
    let rows = crime_file::parse(&body.0.csv, &state.areas).map_err(|errors| {
        let mut fields = FieldErrors::default();
        for e in errors {
            fields.add(format!("line[{}].{}", e.line, e.column), e.issue);
        }
        ApiError::Validation(fields)
    })?;
    Ok(HttpResponse::Ok().json(store::import_crime(&state.db, &rows, Utc::now()).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CrimeQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CrimeList {
    pub statistics: Vec<CrimeStatistic>,
}

/// The statistics whose periods overlap `from..=to` (default: the last 13 months) or the same
/// dates a year before.
#[utoipa::path(get, path = "/api/v1/staff/crime-statistics", operation_id = "list_crime_statistics", security(("session" = [])), tag = "lagesbild",
    params(CrimeQuery), responses((status = 200, body = CrimeList), (status = 401), (status = 403), (status = 422)))]
#[tracing::instrument(skip_all)]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: Query<CrimeQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let to = query.to.unwrap_or_else(|| Utc::now().date_naive());
    let from = query.from.unwrap_or_else(|| to.checked_sub_months(chrono::Months::new(13)).unwrap_or(to));
    if to < from {
        return Err(FieldErrors::single("to", FieldIssue::Invalid).into());
    }
    Ok(HttpResponse::Ok().json(CrimeList { statistics: store::crime_for(&state.db, from, to).await? }))
}
