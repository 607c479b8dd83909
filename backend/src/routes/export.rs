//! The queue as files for staff: the current filters as CSV (UTF-8 with BOM so Excel reads å, ä
//! and ö; `;` for Swedish Excel or `,`) and as GeoJSON (WGS84, or SWEREF 99 TM for Swedish GIS),
//! streamed a page at a time so a million rows never sit in memory. Contact details and police
//! report numbers only for the coordinator, as in the API.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::stream;
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::geo::sweref::to_sweref99tm;
use crate::http::auth::CurrentUser;
use crate::http::csv::{self, CsvSeparator, BOM};
use crate::http::query;
use crate::routes::queue::{parse_query, QueueQuery};
use crate::state::AppState;
use crate::store::entity::report;
use crate::store::queue::{self, Cursor, ReportFilter};

/// Rows fetched at a time.
const PAGE: u64 = 1000;

/// The GeoJSON's coordinates: WGS84 (RFC 7946) or SWEREF 99 TM for Swedish GIS.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
pub enum Crs {
    #[default]
    #[serde(rename = "EPSG:4326")]
    Wgs84,
    #[serde(rename = "EPSG:3006")]
    Sweref99Tm,
}

/// How the file is written, beside the queue's own filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportOptions {
    /// CSV: `semicolon` (default, for Swedish Excel) or `comma`.
    pub sep: Option<CsvSeparator>,
    /// GeoJSON: `EPSG:4326` (WGS84, default) or `EPSG:3006` (SWEREF 99 TM).
    pub crs: Option<Crs>,
}

/// The queue's filters and the export's options from one query string.
fn split_query(req: &HttpRequest, state: &AppState) -> Result<(ReportFilter, ExportOptions), ApiError> {
    let (own, rest): (Vec<_>, Vec<_>) =
        url::form_urlencoded::parse(req.query_string().as_bytes()).partition(|(k, _)| k == "sep" || k == "crs");
    let encode = |pairs: Vec<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)>| {
        url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
    };
    let options: ExportOptions = query::parse(&encode(own))?;
    let queue: QueueQuery = query::parse(&encode(rest))?;
    if queue.cursor.is_some() || queue.limit.is_some() {
        return Err(FieldErrors::single("cursor", FieldIssue::Invalid).into());
    }
    let (filter, ..) = parse_query(&queue, state)?;
    Ok((filter, options))
}

/// Pages of the filtered queue, oldest first, each mapped to text by `write`.
fn pages(
    state: web::Data<AppState>,
    filter: ReportFilter,
    write: impl Fn(&AppState, &[report::Model], &HashMap<i64, String>) -> String + Clone + 'static,
) -> impl futures_util::Stream<Item = Result<web::Bytes, actix_web::Error>> {
    stream::unfold((None::<Cursor>, false), move |(cursor, done)| {
        let (state, filter, write) = (state.clone(), filter.clone(), write.clone());
        async move {
            if done {
                return None;
            }
            let page = queue::list(&state.db, &filter, cursor, true, PAGE).await;
            let (rows, next) = match page {
                Ok(page) => page,
                Err(e) => return Some((Err(actix_web::error::ErrorInternalServerError(e)), (None, true))),
            };
            let ids: Vec<i64> = rows.iter().filter(|r| r.submission_id.is_some()).map(|r| r.id).collect();
            let police = match queue::police_numbers(&state.db, &ids).await {
                Ok(numbers) => numbers,
                Err(e) => return Some((Err(actix_web::error::ErrorInternalServerError(e)), (None, true))),
            };
            let done = next.is_none();
            Some((Ok(web::Bytes::from(write(&state, &rows, &police))), (next, done)))
        }
    })
}

fn names(state: &AppState, r: &report::Model) -> (String, String, String) {
    let category = state.catalog.by_id(r.category_id);
    let subtype = category.zip(r.subtype_id).and_then(|(c, id)| c.subtype_by_id(id)).map(|s| s.slug.clone());
    let area = r.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.definition.slug.clone());
    (category.map_or_else(|| "other".into(), |c| c.slug.clone()), subtype.unwrap_or_default(), area.unwrap_or_default())
}

const CSV_COLUMNS: &[&str] = &[
    "id",
    "status",
    "priority",
    "category",
    "subtype",
    "area",
    "source",
    "received_at",
    "occurred_at",
    "time_of_day",
    "lat",
    "lon",
    "feeling",
    "recurring",
    "group",
    "also_reported",
    "description",
];
const RESTRICTED_COLUMNS: &[&str] = &["contact_name", "contact_email", "contact_phone", "police_report_number"];

/// The filtered queue as CSV (readers; contact details and police numbers for coordinators).
#[utoipa::path(get, path = "/api/v1/reports/export.csv", operation_id = "export_reports_csv", security(("session" = [])), tag = "triage",
    params(QueueQuery, ExportOptions),
    responses((status = 200, description = "CSV, UTF-8 with BOM", content_type = "text/csv"), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn csv(state: web::Data<AppState>, req: HttpRequest, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let (filter, options) = split_query(&req, &state)?;
    let sep = options.sep.unwrap_or_default();
    let restricted = user.role.can_see_restricted();
    let mut columns: Vec<&str> = CSV_COLUMNS.to_vec();
    if restricted {
        columns.extend(RESTRICTED_COLUMNS);
    }
    let header = format!("{BOM}{}", csv::line(sep, &columns));
    let write = move |state: &AppState, rows: &[report::Model], police: &HashMap<i64, String>| {
        let records = rows.iter().map(|r| {
            let (category, subtype, area) = names(state, r);
            let mut fields = vec![
                r.public_id().to_string(),
                r.status.clone(),
                r.priority.clone().unwrap_or_default(),
                category,
                subtype,
                area,
                r.source.clone(),
                r.received_at.to_rfc3339(),
                r.occurred_at.to_rfc3339(),
                r.time_of_day.clone().unwrap_or_default(),
                format!("{:.6}", r.lat),
                format!("{:.6}", r.lon),
                r.feeling.map(|f| f.to_string()).unwrap_or_default(),
                r.recurring.map(|b| b.to_string()).unwrap_or_default(),
                r.assigned_group.clone().unwrap_or_default(),
                r.duplicate_count.to_string(),
                r.description.clone(),
            ];
            if restricted {
                fields.extend([
                    r.contact_name.clone().unwrap_or_default(),
                    r.contact_email.clone().unwrap_or_default(),
                    r.contact_phone.clone().unwrap_or_default(),
                    police.get(&r.id).cloned().unwrap_or_default(),
                ]);
            }
            fields
        });
        csv::lines(sep, records)
    };
    let body = stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(header)) });
    Ok(csv::download("trygg-rapporter.csv")
        .streaming(futures_util::StreamExt::chain(body, pages(state, filter, write))))
}

/// The filtered queue as GeoJSON points, in WGS84 or SWEREF 99 TM (readers; contact details for
/// coordinators).
#[utoipa::path(get, path = "/api/v1/reports/export.geojson", operation_id = "export_reports_geojson", security(("session" = [])), tag = "triage",
    params(QueueQuery, ExportOptions),
    responses((status = 200, description = "GeoJSON", content_type = "application/geo+json"), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn geojson(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let (filter, options) = split_query(&req, &state)?;
    let sweref = options.crs.unwrap_or_default() == Crs::Sweref99Tm;
    let restricted = user.role.can_see_restricted();
    // RFC 7946 GeoJSON is WGS84; a projected file names its CRS the way GDAL and QGIS read it.
    let crs = if sweref { r#""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},"# } else { "" };
    let head = format!(r#"{{"type":"FeatureCollection",{crs}"features":["#);
    let first = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let write = move |state: &AppState, rows: &[report::Model], police: &HashMap<i64, String>| {
        let mut out = String::new();
        for r in rows {
            let (x, y) = if sweref { to_sweref99tm(r.lat, r.lon).unwrap_or((r.lon, r.lat)) } else { (r.lon, r.lat) };
            let (category, subtype, area) = names(state, r);
            let mut properties = json!({
                "id": r.public_id().to_string(), "status": r.status, "priority": r.priority, "category": category,
                "subtype": subtype, "area": area, "source": r.source, "received_at": r.received_at,
                "occurred_at": r.occurred_at, "time_of_day": r.time_of_day, "feeling": r.feeling,
                "also_reported": r.duplicate_count, "description": r.description,
            });
            if restricted {
                properties["contact_email"] = json!(r.contact_email);
                properties["police_report_number"] = json!(police.get(&r.id));
            }
            let feature = json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": properties});
            if !first.swap(false, std::sync::atomic::Ordering::Relaxed) {
                out.push(',');
            }
            out += &feature.to_string();
        }
        out
    };
    let start = stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(head)) });
    let end = stream::once(async { Ok::<_, actix_web::Error>(web::Bytes::from_static(b"]}")) });
    use futures_util::StreamExt;
    Ok(HttpResponse::Ok()
        .content_type("application/geo+json")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"trygg-rapporter.geojson\""))
        .streaming(start.chain(pages(state, filter, write)).chain(end)))
}
