use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use secrecy::ExposeSecret;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::domain::mail_policy::OutboxStatus;
use crate::domain::report::DESCRIPTION_MAX_CHARS;
use crate::error::{ApiError, ErrorBody};
use crate::metrics::Metrics;
use crate::state::AppState;
use crate::store;

/// The process is up.
#[utoipa::path(get, path = "/health", operation_id = "health", tag = "meta", responses((status = 200, description = "Up")))]
#[tracing::instrument(skip_all)]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// `ready`
    pub status: String,
    pub outbox: OutboxBacklog,
}

#[derive(Serialize, ToSchema)]
pub struct OutboxBacklog {
    pub queued: i64,
    pub failed: i64,
    /// How long the oldest due e-mail has waited; 0 when none waits.
    pub oldest_due_seconds: i64,
}

/// The database answers; with the mail outbox's backlog.
#[utoipa::path(get, path = "/ready", operation_id = "ready", tag = "meta",
    responses((status = 200, body = Readiness), (status = 503, description = "Database unreachable", body = ErrorBody)))]
#[tracing::instrument(skip_all)]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let backlog = store::outbox::backlog(&state.db, Utc::now()).await?;
    let count = |status| backlog.by_status.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
    Ok(HttpResponse::Ok().json(Readiness {
        status: "ready".into(),
        outbox: OutboxBacklog {
            queued: count(OutboxStatus::Queued),
            failed: count(OutboxStatus::Failed),
            oldest_due_seconds: backlog.oldest_due_seconds.unwrap_or(0),
        },
    }))
}

/// Prometheus metrics on the main address, for a scraper with the configured bearer token; 404
/// when no token is set (use `metrics.bind` for an internal address instead).
#[tracing::instrument(skip_all)]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let token = state.settings.metrics.token.expose_secret();
    if token.is_empty() {
        return Err(ApiError::NotFound);
    }
    let given =
        req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if given.is_none_or(|g| !crate::domain::secret::equal(g, token)) {
        return Err(ApiError::Unauthorized);
    }
    exposition(&state.metrics, &state.db).await
}

/// The text exposition, for either address.
pub async fn exposition(metrics: &Metrics, db: &sea_orm::DatabaseConnection) -> Result<HttpResponse, ApiError> {
    let text = metrics.render(db).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(text))
}

#[derive(Serialize, ToSchema)]
pub struct PublicConfig {
    pub municipality: String,
    pub map: MapConfig,
    pub bounds: Bounds,
    pub description_max_chars: usize,
    /// Photos a report may have, and the largest one the server takes (bytes).
    pub max_photos_per_report: u32,
    pub max_photo_bytes: usize,
}

#[derive(Serialize, ToSchema)]
pub struct MapConfig {
    pub tile_url: String,
    pub attribution: String,
    pub center: LatLon,
    pub zoom: u8,
    /// A Nominatim-compatible search URL for street addresses, when the municipality set one.
    pub geocoder_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Serialize, ToSchema)]
pub struct Bounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

/// What the PWA needs to know before it draws anything: name, map tiles, bounds.
#[utoipa::path(get, path = "/api/v1/public-config", operation_id = "public_config", tag = "meta", responses((status = 200, body = PublicConfig)))]
#[tracing::instrument(skip_all)]
pub async fn public_config(state: web::Data<AppState>) -> HttpResponse {
    let municipality = &state.areas.municipality().definition;
    let (south, west, north, east) = state.areas.bounds();
    HttpResponse::Ok().json(PublicConfig {
        municipality: state.settings.municipality.clone(),
        map: MapConfig {
            tile_url: state.settings.map.tile_url.clone(),
            attribution: state.settings.map.attribution.clone(),
            center: LatLon { lat: municipality.lat, lon: municipality.lon },
            zoom: state.settings.map.zoom,
            geocoder_url: Some(state.settings.map.geocoder_url.clone()).filter(|u| !u.is_empty()),
        },
        bounds: Bounds { south, west, north, east },
        description_max_chars: DESCRIPTION_MAX_CHARS,
        max_photos_per_report: state.photo_work.limits.max_per_report,
        max_photo_bytes: state.photo_work.limits.max_bytes,
    })
}
