use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::area::AreaRef;
use crate::domain::place::Place;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::geo;
use crate::http::query::Query;
use crate::state::AppState;

/// The areas as GeoJSON: the municipality outline and its localities, with a representative point
/// (`lat`, `lon`) in each feature's properties.
#[utoipa::path(get, path = "/api/v1/areas", operation_id = "list_areas", tag = "areas",
    responses((status = 200, description = "GeoJSON FeatureCollection", content_type = "application/geo+json")))]
#[tracing::instrument(skip_all)]
pub async fn list(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/geo+json").json(geo::geojson_out::areas(&state.areas))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// Latitude, WGS84 degrees.
    #[param(required = true, nullable = false, minimum = -90.0, maximum = 90.0)]
    pub lat: Option<f64>,
    /// Longitude, WGS84 degrees.
    #[param(required = true, nullable = false, minimum = -180.0, maximum = 180.0)]
    pub lon: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct Lookup {
    pub inside_municipality: bool,
    /// The most specific area: a locality, or the municipality in the countryside.
    pub area: Option<AreaRef>,
}

/// Which area a point falls in.
#[utoipa::path(get, path = "/api/v1/areas/lookup", operation_id = "lookup_area", tag = "areas", params(LookupQuery),
    responses((status = 200, body = Lookup)))]
#[tracing::instrument(skip_all)]
pub async fn lookup(state: web::Data<AppState>, query: Query<LookupQuery>) -> Result<HttpResponse, ApiError> {
    let (Some(lat), Some(lon)) = (query.lat, query.lon) else {
        let mut errors = FieldErrors::default();
        for (name, value) in [("lat", query.lat), ("lon", query.lon)] {
            if value.is_none() {
                errors.add(name, FieldIssue::Required);
            }
        }
        return Err(errors.into());
    };
    let mut errors = FieldErrors::default();
    for (name, value, limit) in [("lat", lat, 90.0), ("lon", lon, 180.0)] {
        if !value.is_finite() || value.abs() > limit {
            errors.add(name, FieldIssue::OutOfRange { min: -limit, max: limit });
        }
    }
    errors.into_result(())?;
    let area = state.areas.locate(lat, lon).map(|a| a.reference());
    Ok(HttpResponse::Ok().json(Lookup { inside_municipality: area.is_some(), area }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PlaceQuery {
    /// Words of a place's name, e.g. `station` or `kunskapens`.
    #[param(max_length = 200)]
    pub q: String,
}

#[derive(Serialize, ToSchema)]
pub struct PlaceList {
    /// At most 10, names beginning with the query first.
    pub places: Vec<Place>,
}

/// Named places — localities, stations, schools, parks — for residents who search instead of panning.
#[utoipa::path(get, path = "/api/v1/places", operation_id = "search_places", tag = "areas", params(PlaceQuery),
    responses((status = 200, body = PlaceList)))]
#[tracing::instrument(skip_all)]
pub async fn places(state: web::Data<AppState>, query: Query<PlaceQuery>) -> Result<HttpResponse, ApiError> {
    if query.q.chars().count() > 200 {
        return Err(FieldErrors::single("q", FieldIssue::TooLong { max: 200 }).into());
    }
    let found = state.places.search(&query.q, 10).into_iter().cloned().collect();
    Ok(HttpResponse::Ok().json(PlaceList { places: found }))
}
