//! A lägesbild in the forms it leaves Trygg: SVG charts and the SVG map for the printed page,
//! its hotspots and report places as GeoJSON (for QGIS), and every table as CSV (for Excel).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use geojson::{Feature, FeatureCollection, Geometry, Value as GeoValue};
use serde_json::json;

use crate::charts;
use crate::domain::lagesbild::content::Content;
use crate::domain::lang::Lang;
use crate::domain::user::Role;
use crate::error::ApiError;
use crate::http::auth::CurrentUser;
use crate::http::csv::{self, CsvSeparator, BOM};
use crate::http::localize::request_lang;
use crate::routes::lagesbild::{content_of, find};
use crate::state::AppState;

async fn content(state: &AppState, user: &CurrentUser, id: i64) -> Result<Content, ApiError> {
    user.require(Role::can_read_reports)?;
    let l = find(state, id).await?;
    content_of(state, &l).await
}

fn svg(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .body(body)
}

fn category_name(state: &AppState, slug: &str, lang: Lang) -> String {
    state.catalog.by_slug(slug).map_or_else(|| slug.to_owned(), |c| lang.choose(&c.name_sv, &c.name_en).clone())
}

fn area_name(state: &AppState, slug: &str) -> String {
    state.areas.by_slug(slug).map_or_else(|| slug.to_owned(), |a| a.definition.name.clone())
}

/// A chart of the lägesbild: `categories`, `time-grid` or `trend`.
#[utoipa::path(get, path = "/api/v1/staff/lagesbilder/{id}/charts/{name}", operation_id = "lagesbild_chart", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1), ("name" = String, Path, pattern = "^(categories|time-grid|trend)\\.svg$")),
    responses((status = 200, description = "SVG", content_type = "image/svg+xml"), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all)]
pub async fn chart(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: actix_web::HttpRequest,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, name) = path.into_inner();
    let content = content(&state, &user, id).await?;
    let lang = request_lang(&req);
    let drawn = match name.as_str() {
        "categories.svg" => charts::categories(&content.figures, |slug| category_name(&state, slug, lang), lang),
        "time-grid.svg" => charts::time_grid(&content.figures, lang),
        "trend.svg" => charts::trend(&content.trend),
        _ => return Err(ApiError::NotFound),
    };
    Ok(svg(drawn?))
}

/// The map of the lägesbild: the municipality in SWEREF 99 TM with report places and hotspots.
#[utoipa::path(get, path = "/api/v1/staff/lagesbilder/{id}/map.svg", operation_id = "lagesbild_map", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, description = "SVG", content_type = "image/svg+xml"), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all)]
pub async fn map(state: web::Data<AppState>, user: CurrentUser, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let content = content(&state, &user, *id).await?;
    Ok(svg(charts::map(&state.areas, &content.figures)?))
}

/// The hotspots (polygons would claim more than they know: points with a radius) and the report
/// places, as GeoJSON in WGS84.
#[utoipa::path(get, path = "/api/v1/staff/lagesbilder/{id}/hotspots.geojson", operation_id = "lagesbild_geojson", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, description = "GeoJSON", content_type = "application/geo+json"), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all)]
pub async fn geojson(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let content = content(&state, &user, *id).await?;
    let point = |lat: f64, lon: f64, properties: serde_json::Value| Feature {
        geometry: Some(Geometry::new(GeoValue::Point(vec![lon, lat]))),
        properties: properties.as_object().cloned(),
        ..Default::default()
    };
    let hotspots = content.figures.hotspots.iter().map(|h| {
        let categories: Vec<&str> = h.categories.iter().map(|(c, _)| c.as_str()).collect();
        point(
            h.lat,
            h.lon,
            json!({
                "kind": "hotspot", "rank": h.rank, "radius_m": h.radius_m.round(), "residents": h.count.residents,
                "staff": h.count.staff, "area": h.area, "categories": categories, "time_of_day": h.time_of_day,
                "weekday": h.weekday, "recurring": h.recurring,
            }),
        )
    });
    let places = content.figures.places.iter().map(|p| {
        point(p.lat, p.lon, json!({ "kind": "reports", "residents": p.count.residents, "staff": p.count.staff }))
    });
    let collection =
        FeatureCollection { features: hotspots.chain(places).collect(), bbox: None, foreign_members: None };
    Ok(HttpResponse::Ok().content_type("application/geo+json").json(collection))
}

/// A table of the lägesbild as CSV (UTF-8 with BOM, `;`): `categories`, `subtypes`, `areas`,
/// `time-grid`, `hotspots`, `trend`, `crime`.
#[utoipa::path(get, path = "/api/v1/staff/lagesbilder/{id}/tables/{name}", operation_id = "lagesbild_table", security(("session" = [])), tag = "lagesbild",
    params(("id" = i64, Path, minimum = 1), ("name" = String, Path, pattern = "^(categories|subtypes|areas|time-grid|hotspots|trend|crime)\\.csv$")),
    responses((status = 200, description = "CSV", content_type = "text/csv"), (status = 401), (status = 403), (status = 404)))]
#[tracing::instrument(skip_all)]
pub async fn table(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, name) = path.into_inner();
    let c = content(&state, &user, id).await?;
    let f = &c.figures;
    let s = |v: &dyn ToString| v.to_string();
    let opt = |p: Option<f64>| p.map_or_else(String::new, |p| format!("{p:.1}"));
    let rows: Vec<Vec<String>> = match name.trim_end_matches(".csv") {
        "categories" | "subtypes" | "areas" => {
            let lines = match name.as_str() {
                "categories.csv" => &f.by_category,
                "subtypes.csv" => &f.by_subtype,
                _ => &f.by_area,
            };
            let head = [
                "nyckel",
                "invånare",
                "personal",
                "totalt",
                "förra_perioden",
                "förändring_%",
                "få",
                "året_innan",
                "förändring_år_%",
            ];
            std::iter::once(head.map(String::from).to_vec())
                .chain(lines.iter().map(|l| {
                    vec![
                        l.key.clone(),
                        s(&l.count.residents),
                        s(&l.count.staff),
                        s(&l.count.total()),
                        s(&l.vs_previous.before),
                        opt(l.vs_previous.percent),
                        s(&l.vs_previous.few),
                        s(&l.vs_year_ago.before),
                        opt(l.vs_year_ago.percent),
                    ]
                }))
                .collect()
        }
        "time-grid" => {
            let parts = ["morgon", "dag", "kväll", "natt"];
            let mut out =
                vec![["del_av_dygnet", "mån", "tis", "ons", "tor", "fre", "lör", "sön"].map(String::from).to_vec()];
            out.extend(f.time_grid.iter().zip(parts).map(|(row, part)| {
                std::iter::once(part.to_owned()).chain(row.iter().map(|c| s(&c.total()))).collect()
            }));
            out
        }
        "hotspots" => {
            let head = [
                "rang",
                "lat",
                "lon",
                "radie_m",
                "invånare",
                "personal",
                "område",
                "kategorier",
                "del_av_dygnet",
                "återkommande",
                "rapporter",
            ];
            std::iter::once(head.map(String::from).to_vec())
                .chain(f.hotspots.iter().map(|h| {
                    let categories: Vec<String> = h.categories.iter().map(|(c, n)| format!("{c} ({n})")).collect();
                    vec![
                        s(&h.rank),
                        format!("{:.5}", h.lat),
                        format!("{:.5}", h.lon),
                        format!("{:.0}", h.radius_m),
                        s(&h.count.residents),
                        s(&h.count.staff),
                        h.area.clone(),
                        categories.join(", "),
                        h.time_of_day.as_str().to_owned(),
                        s(&h.recurring),
                        h.reports.join(" "),
                    ]
                }))
                .collect()
        }
        "trend" => std::iter::once(["månad", "invånare", "personal"].map(String::from).to_vec())
            .chain(c.trend.iter().map(|m| vec![m.month.clone(), s(&m.count.residents), s(&m.count.staff)]))
            .collect(),
        "crime" => {
            std::iter::once(["brottskategori", "område", "antal", "året_innan", "källa"].map(String::from).to_vec())
                .chain(c.crime.iter().map(|l| {
                    let area = l.area.as_deref().map_or_else(|| "hela kommunen".to_owned(), |a| area_name(&state, a));
                    vec![l.offence_group.clone(), area, s(&l.count), s(&l.year_ago), l.sources.join(", ")]
                }))
                .collect()
        }
        _ => return Err(ApiError::NotFound),
    };
    Ok(csv::download(&format!("lagesbild-{id}-{name}"))
        .body(format!("{BOM}{}", csv::lines(CsvSeparator::Semicolon, &rows))))
}
