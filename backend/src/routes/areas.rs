use actix_web::{web, HttpResponse};
use geojson::{Feature, FeatureCollection};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::domain::area::AreaRef;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::startup::AppState;

/// The areas as GeoJSON: the municipality outline and its localities, with a representative point
/// (`lat`, `lon`) in each feature's properties.
#[utoipa::path(get, path = "/api/v1/areas", tag = "areas",
    responses((status = 200, description = "GeoJSON FeatureCollection", content_type = "application/geo+json")))]
pub async fn list(state: web::Data<AppState>) -> HttpResponse {
    let features = state
        .areas
        .sorted()
        .into_iter()
        .map(|area| {
            let d = &area.definition;
            let properties = json!({ "slug": d.slug, "name": d.name, "kind": d.kind, "lat": d.lat, "lon": d.lon });
            Feature {
                geometry: Some(geojson::Geometry::from(&d.geometry)),
                properties: properties.as_object().cloned(),
                ..Default::default()
            }
        })
        .collect();
    let collection = FeatureCollection { features, bbox: None, foreign_members: None };
    HttpResponse::Ok().content_type("application/geo+json").json(collection)
}

#[derive(Deserialize, IntoParams)]
pub struct LookupQuery {
    /// Latitude, WGS84 degrees.
    pub lat: Option<f64>,
    /// Longitude, WGS84 degrees.
    pub lon: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct Lookup {
    pub inside_municipality: bool,
    /// The most specific area: a locality, or the municipality in the countryside.
    pub area: Option<AreaRef>,
}

/// Which area a point falls in.
#[utoipa::path(get, path = "/api/v1/areas/lookup", tag = "areas", params(LookupQuery),
    responses((status = 200, body = Lookup), (status = 422, description = "lat or lon missing")))]
pub async fn lookup(state: web::Data<AppState>, query: web::Query<LookupQuery>) -> Result<HttpResponse, ApiError> {
    let (Some(lat), Some(lon)) = (query.lat, query.lon) else {
        let mut errors = FieldErrors::default();
        for (name, value) in [("lat", query.lat), ("lon", query.lon)] {
            if value.is_none() {
                errors.add(name, FieldIssue::Required);
            }
        }
        return Err(errors.into());
    };
    let area = state.areas.locate(lat, lon).map(|a| a.reference());
    Ok(HttpResponse::Ok().json(Lookup { inside_municipality: area.is_some(), area }))
}
