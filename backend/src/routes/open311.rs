//! Open311 GeoReport v2 under `/open311/v2`, in JSON (`.json`) and XML (`.xml`): discovery, the
//! services (a category or subtype each) and their definitions, filing a request (a Trygg report,
//! through the same parse and outbox as the app), reading public requests, and tokens. Only what
//! the coordinator made public leaves: the public text, the place coarsened to its 250 m cell
//! unless shown exactly, no contact details, no internal notes. Errors are the spec's error lists.

use actix_web::http::StatusCode;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::intake::{ContactInput, ReportInput, Reporter};
use crate::domain::lang::Lang;
use crate::domain::open311::{self, attributes, services, split_code, Attribute, Service};
use crate::domain::report::{NewReport, PublicId, Source, TimeOfDay, TrackingToken};
use crate::error::ApiError;
use crate::geo::sweref::cell_centre;
use crate::http::json::{body_limits, declared_length, read_body};
use crate::http::localize::request_lang;
use crate::state::AppState;
use crate::store::entity::report;
use crate::store::public::{self, PublicFilter};
use crate::store::reports::{self, Received};

/// Open311 limits a search to 90 days, and Trygg to this many requests.
const SPAN_DAYS: i64 = 90;
const MAX_REQUESTS: u64 = 1000;

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Xml,
}

/// `name.json` or `name.xml` → (name, format).
fn split_format(path: &str) -> Option<(&str, Format)> {
    let (name, ext) = path.rsplit_once('.')?;
    match ext {
        "json" => Some((name, Format::Json)),
        "xml" => Some((name, Format::Xml)),
        _ => None,
    }
}

/// One entry of the spec's error list, with the HTTP status as its code.
#[derive(Serialize)]
struct ErrorItem {
    code: u16,
    description: String,
}

/// Lists inside an XML document are a wrapper element of repeated items, as the spec writes them.
const XML_LISTS: &[(&str, &str)] =
    &[("attributes", "attribute"), ("values", "value"), ("endpoints", "endpoint"), ("formats", "format")];

fn wrap_xml_lists(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, v)| {
                    let v = wrap_xml_lists(v);
                    match (XML_LISTS.iter().find(|(list, _)| *list == key), v) {
                        (Some((_, item)), Value::Array(items)) => {
                            let mut wrapper = serde_json::Map::new();
                            wrapper.insert((*item).to_owned(), Value::Array(items));
                            (key, Value::Object(wrapper))
                        }
                        (_, v) => (key, v),
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(wrap_xml_lists).collect()),
        other => other,
    }
}

/// `value` as the document `root` in `format`.
fn document<T: Serialize>(format: Format, status: StatusCode, root: &str, value: &T) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    match format {
        Format::Json => response.json(value),
        Format::Xml => {
            let value = wrap_xml_lists(serde_json::to_value(value).unwrap_or_default());
            match quick_xml::se::to_string_with_root(root, &value) {
                Ok(xml) => response
                    .content_type("text/xml; charset=utf-8")
                    .body(format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{xml}")),
                Err(e) => {
                    tracing::error!(error = %e, "Open311 XML could not be written");
                    HttpResponse::InternalServerError().finish()
                }
            }
        }
    }
}

/// A list, as JSON's array or XML's `root` of repeated `item`s.
fn respond<T: Serialize>(format: Format, status: StatusCode, root: &str, item: &str, items: &[T]) -> HttpResponse {
    match format {
        Format::Json => HttpResponse::build(status).json(items),
        Format::Xml => {
            let mut wrapper = serde_json::Map::new();
            wrapper.insert(item.to_owned(), serde_json::to_value(items).unwrap_or_default());
            document(format, status, root, &wrapper)
        }
    }
}

fn error(format: Format, status: StatusCode, description: String) -> HttpResponse {
    respond(format, status, "errors", "error", &[ErrorItem { code: status.as_u16(), description }])
}

/// An `ApiError` as the spec's error list (its message in the client's language).
fn api_error(format: Format, e: ApiError, lang: Lang) -> HttpResponse {
    let status = actix_web::ResponseError::status_code(&e);
    let mut description = e.message(lang);
    if let ApiError::Validation(fields) = &e {
        let named: Vec<String> = fields
            .iter()
            .map(|(f, issues)| {
                format!(
                    "{}: {}",
                    open311_field(f),
                    issues.iter().map(|i| i.message(lang)).collect::<Vec<_>>().join(" ")
                )
            })
            .collect();
        description = format!("{description} {}", named.join("; "));
    }
    error(format, status, description)
}

/// Trygg's field names in Open311's words.
fn open311_field(field: &str) -> &str {
    match field {
        "lon" => "long",
        "category" | "subtype" => "service_code",
        other => other,
    }
}

fn not_found(format: Format, lang: Lang) -> HttpResponse {
    error(format, StatusCode::NOT_FOUND, ApiError::NotFound.message(lang))
}

#[derive(Serialize)]
struct Endpoint {
    specification: &'static str,
    url: String,
    changeset: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    formats: Vec<&'static str>,
}

#[derive(Serialize)]
struct Discovery {
    changeset: &'static str,
    contact: String,
    key_service: String,
    endpoints: Vec<Endpoint>,
}

const CHANGESET: &str = "2026-12-07T00:00:00Z";

/// `GET /open311/v2/{discovery|services|requests}.{json|xml}`.
#[tracing::instrument(skip_all, fields(path = %path))]
pub async fn resource(state: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let lang = request_lang(&req);
    let Some((name, format)) = split_format(&path) else { return not_found(Format::Json, lang) };
    match name {
        "discovery" => {
            let base = state.settings.public_base();
            let discovery = Discovery {
                changeset: CHANGESET,
                contact: format!("{}, via {base}", state.settings.municipality),
                key_service: format!("{base}/personal (an administrator creates API keys)"),
                endpoints: vec![Endpoint {
                    specification: "http://wiki.open311.org/GeoReport_v2",
                    url: format!("{base}/open311/v2"),
                    changeset: CHANGESET,
                    kind: "production",
                    formats: vec!["application/json", "text/xml"],
                }],
            };
            document(format, StatusCode::OK, "discovery", &discovery)
        }
        "services" => respond(format, StatusCode::OK, "services", "service", &services(&state.catalog, lang)),
        "requests" => match list_requests(&state, &req, lang).await {
            Ok(items) => respond(format, StatusCode::OK, "service_requests", "request", &items),
            Err(e) => api_error(format, e, lang),
        },
        _ => not_found(format, lang),
    }
}

#[derive(Serialize)]
struct ServiceDefinition {
    service_code: String,
    attributes: Vec<Attribute>,
}

/// `GET /open311/v2/services/{code}.{format}`.
#[tracing::instrument(skip_all, fields(path = %path))]
pub async fn definition(state: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let lang = request_lang(&req);
    let Some((code, format)) = split_format(&path) else { return not_found(Format::Json, lang) };
    if !services(&state.catalog, lang).iter().any(|s: &Service| s.service_code == code) {
        return not_found(format, lang);
    }
    let definition = ServiceDefinition { service_code: code.to_owned(), attributes: attributes(lang) };
    document(format, StatusCode::OK, "service_definition", &definition)
}

/// A public request as Open311 shows it.
#[derive(Serialize)]
struct PublicRequest {
    service_request_id: String,
    status: &'static str,
    status_notes: Option<String>,
    service_name: String,
    service_code: String,
    description: Option<String>,
    agency_responsible: String,
    service_notice: Option<String>,
    requested_datetime: DateTime<Utc>,
    updated_datetime: DateTime<Utc>,
    expected_datetime: Option<DateTime<Utc>>,
    address: Option<String>,
    address_id: Option<String>,
    zipcode: Option<String>,
    lat: f64,
    long: f64,
    media_url: Option<String>,
}

/// Where the public may see a report: exactly if the coordinator chose so, else the centre of its
/// square of the public grid (`cell_m` a side).
pub fn public_position(r: &report::Model, cell_m: f64) -> (f64, f64) {
    if r.public_exact {
        (r.lat, r.lon)
    } else {
        cell_centre(r.lat, r.lon, cell_m).unwrap_or((r.lat, r.lon))
    }
}

async fn public_requests(
    state: &AppState,
    found: Vec<report::Model>,
    lang: Lang,
) -> Result<Vec<PublicRequest>, ApiError> {
    let replies = public::latest_replies(&state.db, &found.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(found
        .into_iter()
        .map(|r| {
            let category = state.catalog.by_id(r.category_id);
            let subtype = category.zip(r.subtype_id).and_then(|(c, id)| c.subtype_by_id(id));
            let (lat, long) = public_position(&r, state.settings.map.public_cell_m);
            let service = category.map(|c| (open311::code(c, subtype), lang.pick(&c.name_sv, &c.name_en)));
            let (service_code, service_name) = service.unwrap_or_else(|| ("other".into(), lang.pick("Annat", "Other")));
            PublicRequest {
                service_request_id: r.public_id().to_string(),
                status: open311::status(r.status()),
                status_notes: replies.iter().find(|(id, ..)| *id == r.id).map(|(_, text, _)| text.clone()),
                service_name,
                service_code,
                description: r.public_description.clone(),
                agency_responsible: state.settings.municipality.clone(),
                service_notice: None,
                requested_datetime: r.received_at,
                updated_datetime: r.updated_at,
                expected_datetime: None,
                address: r.area_id.and_then(|id| state.areas.by_id(id)).map(|a| a.definition.name.clone()),
                address_id: None,
                zipcode: None,
                lat,
                long,
                media_url: None,
            }
        })
        .collect())
}

/// `GET requests`: `service_request_id` (comma-separated; overrides the rest), `service_code`
/// (comma-separated), `start_date`/`end_date` (at most 90 days apart; the last 90 by default),
/// `status` (`open`, `closed`).
async fn list_requests(state: &AppState, req: &HttpRequest, lang: Lang) -> Result<Vec<PublicRequest>, ApiError> {
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).map_err(|e| ApiError::BadQuery(e.to_string()))?;
    let get = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    for (key, _) in &query {
        if !["service_request_id", "service_code", "start_date", "end_date", "status", "jurisdiction_id"]
            .contains(&key.as_str())
        {
            return Err(ApiError::BadQuery(format!("unknown parameter {key}")));
        }
    }
    let mut filter = PublicFilter::default();
    if let Some(ids) = get("service_request_id") {
        filter.ids = ids.split(',').filter_map(|id| id.trim().parse::<PublicId>().ok().map(|p| p.id)).collect();
        if filter.ids.is_empty() {
            return Ok(Vec::new());
        }
    } else {
        let date = |key| {
            get(key)
                .map(|v| DateTime::parse_from_rfc3339(v).map(|d| d.with_timezone(&Utc)))
                .transpose()
                .map_err(|_| ApiError::BadQuery(format!("{key} is not a w3c date-time")))
        };
        let (from, to) = (date("start_date")?, date("end_date")?);
        let to = to.unwrap_or_else(Utc::now);
        let from = from.unwrap_or(to - Duration::days(SPAN_DAYS));
        if to - from > Duration::days(SPAN_DAYS) || to < from {
            return Err(ApiError::BadQuery("start_date and end_date may be at most 90 days apart".into()));
        }
        (filter.from, filter.to) = (Some(from), Some(to));
        if let Some(codes) = get("service_code") {
            filter.services = codes.split(',').filter_map(|code| service_ids(state, code.trim())).collect();
            if filter.services.is_empty() {
                return Ok(Vec::new());
            }
        }
        if let Some(status) = get("status") {
            for s in status.split(',') {
                filter.statuses.extend(
                    open311::statuses(s.trim()).ok_or_else(|| ApiError::BadQuery("status is open or closed".into()))?,
                );
            }
        }
    }
    let found = public::reports(&state.db, &filter, MAX_REQUESTS).await?;
    public_requests(state, found, lang).await
}

/// The (category, subtype) ids of a service code, if it names a resident category.
fn service_ids(state: &AppState, code: &str) -> Option<(i32, Option<i32>)> {
    let (category, subtype) = split_code(code);
    let category = state.catalog.by_slug(category).filter(|c| !c.staff_only)?;
    match subtype {
        Some(slug) => Some((category.id, Some(category.subtype(slug)?.id))),
        None => Some((category.id, None)),
    }
}

/// `GET /open311/v2/requests/{id}.{format}`: one public request (a list of one, as the spec says).
#[tracing::instrument(skip_all, fields(path = %path))]
pub async fn request(state: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let lang = request_lang(&req);
    let Some((id, format)) = split_format(&path) else { return not_found(Format::Json, lang) };
    let Ok(public_id) = id.parse::<PublicId>() else { return not_found(format, lang) };
    let filter = PublicFilter { ids: vec![public_id.id], ..PublicFilter::default() };
    let found = match public::reports(&state.db, &filter, 1).await {
        Ok(found) => found.into_iter().filter(|r| r.public_id() == public_id).collect::<Vec<_>>(),
        Err(e) => return api_error(format, e.into(), lang),
    };
    if found.is_empty() {
        return not_found(format, lang);
    }
    match public_requests(&state, found, lang).await {
        Ok(items) => respond(format, StatusCode::OK, "service_requests", "request", &items),
        Err(e) => api_error(format, e, lang),
    }
}

#[derive(Serialize)]
struct TokenItem {
    service_request_id: String,
    token: String,
}

/// `GET /open311/v2/tokens/{token}.{format}`: the request a token (the tracking token given when
/// it was filed) stands for.
#[tracing::instrument(skip_all)]
pub async fn token(state: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let lang = request_lang(&req);
    let Some((token, format)) = split_format(&path) else { return not_found(Format::Json, lang) };
    let Some(parsed) = TrackingToken::parse(token) else { return not_found(format, lang) };
    match reports::find_by_token(&state.db, &parsed).await {
        Ok(Some(r)) => {
            let items = [TokenItem { service_request_id: r.public_id().to_string(), token: token.to_owned() }];
            respond(format, StatusCode::OK, "service_requests", "request", &items)
        }
        Ok(None) => not_found(format, lang),
        Err(e) => api_error(format, e.into(), lang),
    }
}

#[derive(Serialize)]
struct Created {
    service_request_id: String,
    token: String,
    service_notice: String,
    account_id: Option<String>,
}

/// `POST /open311/v2/requests.{format}` (form-encoded): files a report. With `api_key` a
/// registered system files it; without, it is anonymous and shares the app's rate limit.
#[tracing::instrument(skip_all, fields(path = %path))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    mut payload: web::Payload,
) -> HttpResponse {
    let lang = request_lang(&req);
    let Some(("requests", format)) = split_format(&path) else { return not_found(Format::Json, lang) };
    match file_request(&state, &req, &mut payload, lang).await {
        Ok(created) => respond(format, StatusCode::CREATED, "service_requests", "request", &[created]),
        Err(e) => api_error(format, e, lang),
    }
}

async fn file_request(
    state: &AppState,
    req: &HttpRequest,
    payload: &mut web::Payload,
    lang: Lang,
) -> Result<Created, ApiError> {
    let is_form = req.content_type() == "application/x-www-form-urlencoded";
    if !is_form {
        return Err(ApiError::UnsupportedMediaType);
    }
    let (limit, deadline) = body_limits(req);
    let body = read_body(payload, declared_length(req), limit, deadline).await?;
    let form: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&body).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    let get = |key: &str| form.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    if let Some(key) = get("api_key") {
        public::client_by_key(&state.db, key).await?.ok_or(ApiError::Forbidden)?;
    } else if let Some(ip) = crate::http::client_ip::client_ip(req, &state.settings.rate_limit.trusted_proxies) {
        state
            .report_limiter
            .check(crate::http::client_ip::rate_key(ip), std::time::Instant::now())
            .map_err(|retry_after_seconds| ApiError::RateLimited { retry_after_seconds })?;
    }
    let code = get("service_code").unwrap_or_default();
    let (category, subtype) = split_code(code);
    let number = |key: &str| get(key).map(|v| v.parse::<f64>().map_err(|_| key.to_owned())).transpose();
    let (lat, lon) = match (number("lat"), number("long")) {
        (Ok(lat), Ok(lon)) => (lat, lon),
        (Err(field), _) | (_, Err(field)) => {
            return Err(crate::error::FieldErrors::single(
                if field == "long" { "lon" } else { "lat" },
                crate::error::FieldIssue::WrongType,
            )
            .into())
        }
    };
    let attribute = |name: &str| get(&format!("attribute[{name}]"));
    let input = ReportInput {
        category: (!category.is_empty()).then(|| category.to_owned()),
        subtype: subtype.map(str::to_owned),
        description: get("description").map(str::to_owned),
        lat,
        lon,
        place_description: get("address_string").map(str::to_owned),
        occurred_at: Some(Utc::now()),
        time_of_day: attribute("time_of_day").and_then(|t| t.parse::<TimeOfDay>().ok()),
        recurring: attribute("recurring").map(|r| r == "true"),
        feeling: attribute("feeling").and_then(|f| f.parse().ok()),
        ..ReportInput::default()
    };
    let name = [get("first_name"), get("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    // Contact details are kept only with the reporter's consent (the `contact_consent` attribute);
    // without it the report is anonymous, and the notice says so.
    let consent = attribute("contact_consent") == Some("true");
    let contact = consent.then(|| ContactInput {
        name: Some(name).filter(|n| !n.is_empty()),
        email: get("email").map(str::to_owned),
        phone: get("phone").map(str::to_owned),
        consent,
        language: lang,
    });
    let left_contact = !consent && (get("email").is_some() || get("phone").is_some());
    let client_id = Uuid::new_v4();
    let reporter = Reporter::Resident { source: Source::Open311, client_id: Some(client_id), contact };
    let now = Utc::now();
    let new = NewReport::parse(input, reporter, &state.intake(now))?;
    // A fresh client id each time: Open311 has no way to say "the same request again".
    let body_hash = crate::domain::secret::digest(&client_id.to_string());
    let (report, token) = match state.reports.insert_idempotent(new, body_hash, now).await? {
        Received::New(report, token) => (report, token),
        Received::Again(..) | Received::OtherBody => return Err(ApiError::ClientIdReused),
    };
    state.metrics.report_received(Source::Open311.as_str());
    Ok(Created {
        service_request_id: report.public_id().to_string(),
        token: token.as_str().to_owned(),
        service_notice: lang.pick(
            "Tack! Rapporten har tagits emot. Följ den med token. Ring 112 om det pågår ett brott eller någon är i fara.",
            "Thank you! The report has been received. Follow it with the token. Call 112 if a crime is happening or someone is in danger.",
        ) + &if left_contact {
            lang.pick(
                " Kontaktuppgifterna sparades inte: det krävs samtycke (contact_consent).",
                " The contact details were not kept: that needs consent (contact_consent).",
            )
        } else {
            String::new()
        },
        account_id: None,
    })
}
