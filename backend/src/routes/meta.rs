use actix_web::{web, HttpResponse};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::domain::report::DESCRIPTION_MAX_CHARS;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store;

/// The process is up.
#[utoipa::path(get, path = "/health", tag = "meta", responses((status = 200, description = "Up")))]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// The database answers.
#[utoipa::path(get, path = "/ready", tag = "meta",
    responses((status = 200, description = "Ready"), (status = 503, description = "Database unreachable")))]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    store::ping(&state.db).await?;
    Ok(HttpResponse::Ok().json(json!({ "status": "ready" })))
}

#[derive(Serialize, ToSchema)]
pub struct PublicConfig {
    pub municipality: String,
    pub map: MapConfig,
    pub bounds: Bounds,
    pub description_max_chars: usize,
}

#[derive(Serialize, ToSchema)]
pub struct MapConfig {
    pub tile_url: String,
    pub attribution: String,
    pub center: LatLon,
    pub zoom: u8,
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
#[utoipa::path(get, path = "/api/v1/public-config", tag = "meta", responses((status = 200, body = PublicConfig)))]
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
        },
        bounds: Bounds { south, west, north, east },
        description_max_chars: DESCRIPTION_MAX_CHARS,
    })
}
