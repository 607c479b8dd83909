//! What anyone may see of reports: only those the coordinator made public. The public map counts
//! them in squares (250 m by default) and shows none where a square has fewer than the minimum (3
//! by default: a single report could point someone out); a report is shown at its place only where the coordinator chose so. "Ni
//! sa, vi gjorde" lists resolved reports with the municipality's answer. While reporting, a
//! resident sees public open reports of the same kind nearby and can add a "+1" to one instead.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::area::distance_m;
use crate::domain::report::{PublicId, ReportStatus};
use crate::domain::secret;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::geo::sweref::cell_centre;
use crate::http::json::JsonBody;
use crate::http::query::Query;
use crate::routes::open311::public_position;
use crate::state::AppState;
use crate::store::entity::report;
use crate::store::public::{self, PublicFilter};

const NEARBY_M: f64 = 200.0;
const MAX_PUBLIC: u64 = 20_000;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PublicQuery {
    /// A category slug; all categories by default.
    #[param(max_length = 64)]
    pub category: Option<String>,
    /// Received on or after (RFC 3339); a year back by default.
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// A square of the public grid and how many public reports it holds, by category.
#[derive(Debug, Serialize, ToSchema)]
pub struct Cell {
    pub lat: f64,
    pub lon: f64,
    pub count: usize,
    pub categories: BTreeMap<String, usize>,
}

/// A public report shown at its place, or in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicReport {
    pub id: String,
    pub category: String,
    pub status: ReportStatus,
    pub area: Option<String>,
    pub received_at: DateTime<Utc>,
    pub lat: f64,
    pub lon: f64,
    /// The text the coordinator made public, if any.
    pub text: Option<String>,
    /// The municipality's latest public answer.
    pub reply: Option<String>,
    pub also_reported: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AreaCount {
    pub area: String,
    pub count: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicMap {
    pub cell_m: f64,
    pub min_count: usize,
    /// Squares with at least `min_count` reports.
    pub cells: Vec<Cell>,
    /// Reports the coordinator chose to show at their place.
    pub exact: Vec<PublicReport>,
    /// "Ni sa, vi gjorde": resolved reports with the municipality's answer, newest first.
    pub resolved: Vec<PublicReport>,
    /// The same by locality, for reading without the map (localities with fewer than `min_count`
    /// are left out).
    pub by_area: Vec<AreaCount>,
}

async fn public_reports(state: &AppState, found: &[report::Model]) -> Result<Vec<PublicReport>, ApiError> {
    let replies = public::latest_replies(&state.db, &found.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(found
        .iter()
        .map(|r| {
            let (lat, lon) = public_position(r, state.settings.map.public_cell_m);
            PublicReport {
                id: r.public_id().to_string(),
                category: state.catalog.by_id(r.category_id).map_or_else(|| "other".into(), |c| c.slug.clone()),
                status: r.status(),
                area: r.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.definition.slug.clone()),
                received_at: r.received_at,
                lat,
                lon,
                text: r.public_description.clone(),
                reply: replies.iter().find(|(id, ..)| *id == r.id).map(|(_, text, _)| text.clone()),
                also_reported: r.duplicate_count,
            }
        })
        .collect())
}

/// The public map: public reports in squares (`map.public_cell_m`, 250 m by default; none shown
/// under `map.public_min_count`, 3), those shown at their place, "ni sa, vi gjorde", and the same
/// by locality.
#[utoipa::path(get, path = "/api/v1/public/reports", operation_id = "public_reports", tag = "public",
    params(PublicQuery), responses((status = 200, body = PublicMap), (status = 422)))]
#[tracing::instrument(skip_all)]
pub async fn map(state: web::Data<AppState>, query: Query<PublicQuery>) -> Result<HttpResponse, ApiError> {
    let to = query.to.unwrap_or_else(Utc::now);
    let from = query.from.unwrap_or(to - Duration::days(365));
    let mut filter = PublicFilter { from: Some(from), to: Some(to), ..PublicFilter::default() };
    if let Some(slug) = &query.category {
        let category =
            state.catalog.by_slug(slug).ok_or_else(|| FieldErrors::single("category", FieldIssue::UnknownCategory))?;
        filter.services.push((category.id, None));
    }
    let found = public::reports(&state.db, &filter, MAX_PUBLIC).await?;
    let (exact, gridded): (Vec<_>, Vec<_>) = found.iter().cloned().partition(|r| r.public_exact);
    let (cell_m, min_count) = (state.settings.map.public_cell_m, state.settings.map.public_min_count);
    let mut cells: BTreeMap<(i64, i64), Cell> = BTreeMap::new();
    let mut areas: BTreeMap<String, usize> = BTreeMap::new();
    for r in &gridded {
        let Some((lat, lon)) = cell_centre(r.lat, r.lon, cell_m) else { continue };
        let key = ((lat * 1e6) as i64, (lon * 1e6) as i64);
        let cell = cells.entry(key).or_insert_with(|| Cell { lat, lon, count: 0, categories: BTreeMap::new() });
        cell.count += 1;
        let category = state.catalog.by_id(r.category_id).map_or("other", |c| c.slug.as_str());
        *cell.categories.entry(category.to_owned()).or_default() += 1;
    }
    for r in &found {
        if let Some(area) = r.area_id.and_then(|id| state.areas.by_id(id)) {
            *areas.entry(area.definition.slug.clone()).or_default() += 1;
        }
    }
    let resolved: Vec<report::Model> = found
        .iter()
        .filter(|r| matches!(r.status(), ReportStatus::Resolved | ReportStatus::Closed))
        .take(50)
        .cloned()
        .collect();
    let mut resolved = public_reports(&state, &resolved).await?;
    resolved.retain(|r| r.reply.is_some());
    Ok(HttpResponse::Ok().json(PublicMap {
        cell_m,
        min_count,
        cells: cells.into_values().filter(|c| c.count >= min_count).collect(),
        exact: public_reports(&state, &exact).await?,
        resolved,
        by_area: areas
            .into_iter()
            .filter(|(_, n)| *n >= min_count)
            .map(|(area, count)| AreaCount { area, count })
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NearbyQuery {
    #[param(minimum = -90.0, maximum = 90.0)]
    pub lat: f64,
    #[param(minimum = -180.0, maximum = 180.0)]
    pub lon: f64,
    #[param(max_length = 64)]
    pub category: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Nearby {
    pub reports: Vec<PublicReport>,
}

/// Public open reports of `category` within about 200 m of a point: "is this the same thing?".
#[utoipa::path(get, path = "/api/v1/public/reports/nearby", operation_id = "public_reports_nearby", tag = "public",
    params(NearbyQuery), responses((status = 200, body = Nearby), (status = 400), (status = 422)))]
#[tracing::instrument(skip_all)]
pub async fn nearby(state: web::Data<AppState>, query: Query<NearbyQuery>) -> Result<HttpResponse, ApiError> {
    let category = state
        .catalog
        .by_slug(&query.category)
        .ok_or_else(|| FieldErrors::single("category", FieldIssue::UnknownCategory))?;
    if !(query.lat.is_finite() && query.lon.is_finite()) {
        return Err(FieldErrors::single("lat", FieldIssue::Invalid).into());
    }
    let filter = PublicFilter {
        services: vec![(category.id, None)],
        statuses: ReportStatus::ALL.iter().copied().filter(|s| crate::domain::open311::status(*s) == "open").collect(),
        from: Some(Utc::now() - Duration::days(365)),
        ..PublicFilter::default()
    };
    let found: Vec<report::Model> = public::reports(&state.db, &filter, MAX_PUBLIC)
        .await?
        .into_iter()
        .filter(|r| distance_m(query.lat, query.lon, r.lat, r.lon) <= NEARBY_M)
        .take(5)
        .collect();
    Ok(HttpResponse::Ok().json(Nearby { reports: public_reports(&state, &found).await? }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "client_id": "5b0d4e7c-2a1f-4a7e-9b1c-7f0e2d3c4b5a" }))]
pub struct PlusOneDto {
    /// Made by the client: the same phone's "+1" counts once.
    pub client_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlusOneReceipt {
    pub id: String,
    pub also_reported: i32,
}

/// "The same thing here": a +1 on a public open report, counted once per client, which the
/// coordinator sees on its timeline and in the queue.
#[utoipa::path(post, path = "/api/v1/public/reports/{id}/plus-one", operation_id = "plus_one", tag = "public",
    params(("id" = String, Path, pattern = r"^TRY-[0-9]{4}-[0-9]{6,}$")), request_body = PlusOneDto,
    responses((status = 201, body = PlusOneReceipt), (status = 200, description = "Already counted for this client", body = PlusOneReceipt),
        (status = 404, description = "No such public report"), (status = 429)))]
#[tracing::instrument(skip_all, fields(report = %id))]
pub async fn plus_one(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: JsonBody<PlusOneDto>,
) -> Result<HttpResponse, ApiError> {
    let public_id: PublicId = id.parse().map_err(|()| ApiError::NotFound)?;
    let filter = PublicFilter { ids: vec![public_id.id], ..PublicFilter::default() };
    let report = public::reports(&state.db, &filter, 1)
        .await?
        .into_iter()
        .find(|r| r.public_id() == public_id)
        .ok_or(ApiError::NotFound)?;
    let key = secret::digest(&format!("trygg plus one {} {}", report.id, body.0.client_id));
    let counted = public::plus_one(&state.db, report.id, &key, Utc::now()).await?;
    let status = if counted { StatusCode::CREATED } else { StatusCode::OK };
    let also_reported = report.duplicate_count + i32::from(counted);
    Ok(HttpResponse::build(status).json(PlusOneReceipt { id: public_id.to_string(), also_reported }))
}
