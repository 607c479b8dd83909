//! The OpenAPI document, generated from the handlers and DTOs, and its viewer.

use std::sync::LazyLock;

use actix_web::{http::header, HttpResponse};
use serde_json::Value;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::{Config, SwaggerUi};

use super::{
    action_items, admin_open311, admin_outbox, areas, auth, calendar, categories, crime_statistics, export,
    inrapporter, lagesbild, lagesbild_output, mail_opt_out, meta, photos, public_map, queue, reports, survey_results,
    survey_staff, surveys, triage,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Trygg API", description = "Reports of unsafe places and the municipality's safety work."),
    paths(
        reports::create, reports::track, categories::list, areas::list, areas::lookup, areas::places,
        meta::public_config, meta::health, meta::ready,
        auth::login, auth::logout, auth::me, auth::change_password,
        inrapporter::create, inrapporter::mine,
        queue::list, queue::counts, export::csv, export::geojson, triage::detail, triage::similar, triage::act, triage::bulk,
        mail_opt_out::ask, mail_opt_out::confirm, photos::add_by_reporter, photos::add_by_staff, photos::get, photos::act,
        public_map::map, public_map::nearby, public_map::plus_one,
        surveys::list_open, surveys::show, surveys::respond, surveys::qr_code,
        survey_staff::list, survey_staff::create, survey_staff::show, survey_staff::edit, survey_staff::act, survey_staff::invite,
        survey_results::show, survey_results::points, survey_results::results_csv, survey_results::responses_csv,
        lagesbild::list, lagesbild::create, lagesbild::show, lagesbild::edit, lagesbild::act,
        lagesbild_output::chart, lagesbild_output::map, lagesbild_output::geojson, lagesbild_output::table,
        action_items::add, action_items::edit, action_items::follow_up, action_items::list,
        crime_statistics::import, crime_statistics::list, calendar::list, calendar::feed,
        admin_open311::list, admin_open311::add, admin_open311::revoke, admin_outbox::list, admin_outbox::retry,
    ),
    // Referenced only through query parameters or error responses, which utoipa does not collect.
    components(schemas(
        crate::domain::mail_policy::OutboxStatus, crate::error::ErrorBody, crate::error::ErrorCode, crate::http::csv::CsvSeparator,
        export::Crs,
    )),
    modifiers(&Contract),
    tags(
        (name = "reports", description = "Residents' reports and tracking"),
        (name = "areas", description = "The municipality and its localities"),
        (name = "meta", description = "Configuration and health"),
        (name = "auth", description = "Staff login and sessions"),
        (name = "inrapporter", description = "Incident reports from staff and partners"),
        (name = "triage", description = "The coordinator's queue and actions"),
        (name = "mail", description = "Reporters' email: opting out"),
        (name = "photos", description = "Photos of reports: clean JPEGs, moderated for the public"),
        (name = "public", description = "What anyone may see: the public map, nearby reports, +1"),
        (name = "surveys", description = "Trygghetsenkäter: answering, building, publishing, results"),
        (name = "lagesbild", description = "Lägesbild and åtgärdsplan: figures, text, actions, crime statistics, meetings"),
        (name = "admin", description = "Administration: the mail outbox"),
    )
)]
pub struct ApiDoc;

/// What every operation can answer besides its success, written into the document once instead of
/// on every path: the error body for each status the server really returns, the session cookie's
/// security scheme.
struct Contract;

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let cookie = ApiKey::Cookie(ApiKeyValue::with_description(
            "trygg_session",
            "The session cookie set by POST /api/v1/auth/login; writes must also send Origin.",
        ));
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("session", SecurityScheme::ApiKey(cookie));
        for item in openapi.paths.paths.values_mut() {
            for operation in [&mut item.get, &mut item.post, &mut item.put].into_iter().flatten() {
                document_errors(operation);
            }
        }
    }
}

/// Operations answered from memory, which never wait for the database.
const IN_MEMORY: &[&str] =
    &["health", "public_config", "list_areas", "list_categories", "search_places", "lookup_area"];

/// The error statuses an operation can answer, by what it takes: a body (400 malformed, 408
/// slow, 413 too large, 415 not JSON, 422 invalid), query parameters (400 unknown, 422 invalid),
/// path parameters (404), a session (401, 403), and, if it reads the database, 503 (it cannot be
/// reached or is full). Statuses an operation declares itself (409, 429) keep their
/// descriptions and get the error body.
fn document_errors(operation: &mut Operation) {
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has = |place: ParameterIn| parameters.iter().any(|p| p.parameter_in == place);
    let mut statuses: Vec<(u16, &str)> = Vec::new();
    if operation.request_body.is_some() {
        statuses.extend([
            (400, "Malformed JSON or an unknown field"),
            (408, "The body did not arrive within the time limit"),
            (413, "The body is over the size limit"),
            (415, "The body is not JSON"),
            (422, "Invalid fields, each named in `fields` and `field_codes`"),
        ]);
    }
    if has(ParameterIn::Query) {
        statuses.extend([(400, "An unknown or ill-typed query parameter"), (422, "An invalid parameter value, named")]);
    }
    if has(ParameterIn::Path) {
        statuses.push((404, "No such resource"));
    }
    if operation.security.is_some() {
        statuses.extend([(401, "Not logged in"), (403, "The role may not do this, or the request is cross-site")]);
    }
    if !IN_MEMORY.contains(&operation.operation_id.as_deref().unwrap_or_default()) {
        statuses.push((503, "The database cannot be reached or is full; try again after Retry-After"));
    }
    let declared: Vec<u16> = operation.responses.responses.keys().filter_map(|s| s.parse().ok()).collect();
    statuses.extend(declared.into_iter().filter(|s| *s >= 400).map(|s| (s, "")));
    for (status, description) in statuses {
        let key = status.to_string();
        let description = match operation.responses.responses.get(&key) {
            Some(RefOr::Ref(_)) => continue,
            Some(RefOr::T(response)) if response.content.contains_key("application/json") => continue,
            Some(RefOr::T(response)) if !response.description.is_empty() => response.description.clone(),
            _ => description.to_owned(),
        };
        let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
        let response = ResponseBuilder::new().description(description).content("application/json", body).build();
        operation.responses.responses.insert(key, RefOr::T(response));
    }
}

/// The request bodies, whose objects take no other fields than they name (`deny_unknown_fields`).
const REQUEST_SCHEMAS: &[&str] = &[
    "NewReportDto",
    "ContactDto",
    "LoginDto",
    "PasswordChangeDto",
    "InrapportDto",
    "InrapportEventDto",
    "ActionDto",
    "BulkActionDto",
    "PhotoActionDto",
    "BlurRect",
    "PhotoUpload",
    "SurveyResponseDto",
    "NewSurveyDto",
    "SurveyDefinition",
    "Text",
    "Question",
    "Choice",
    "Condition",
    "SurveyActionDto",
    "InvitationRequest",
    "NewLagesbildDto",
    "LagesbildTextDto",
    "Sections",
    "Publicity",
    "LagesbildActionDto",
    "ActionItemDto",
    "FollowUpDto",
    "CrimeImportDto",
    "NewOpen311Client",
    "PlusOneDto",
];

/// Text the server takes: no control characters but newline, carriage return and tab.
const TEXT: &str = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$";
/// Text with at least one visible character (what trims to something).
const VISIBLE_TEXT: &str = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*[^\s\u0000-\u001f\u007f][^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$";

/// The document, as served at `/api/openapi.json` and as `trygg openapi` prints it: what utoipa
/// derives from the code, tightened where JSON Schema can say what the code also refuses.
pub fn document() -> &'static Value {
    static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
        let mut document = serde_json::to_value(ApiDoc::openapi()).expect("the document serialises");
        tighten(&mut document);
        document
    });
    &DOCUMENT
}

/// Request objects take no unknown fields, and request strings no control characters (a `\S`
/// pattern in the code means "not blank" and becomes the visible-text pattern). Response links
/// get the field names OpenAPI gives them (utoipa writes `operation_id`).
fn tighten(document: &mut Value) {
    if let Some(schemas) = document.pointer_mut("/components/schemas") {
        for name in REQUEST_SCHEMAS {
            if let Some(schema) = schemas.get_mut(*name) {
                tighten_request(schema);
            }
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for operation in paths.values_mut().flat_map(operations) {
            for parameter in parameters(operation) {
                if let Some(schema) = parameter.get_mut("schema") {
                    tighten_request(schema);
                }
            }
            let responses = operation.get_mut("responses").and_then(Value::as_object_mut);
            for response in responses.into_iter().flat_map(|r| r.values_mut()) {
                let links = response.get_mut("links").and_then(Value::as_object_mut);
                for link in links.into_iter().flat_map(|l| l.values_mut()).filter_map(Value::as_object_mut) {
                    for (from, to) in [
                        ("operation_id", "operationId"),
                        ("operation_ref", "operationRef"),
                        ("request_body", "requestBody"),
                    ] {
                        if let Some(value) = link.remove(from) {
                            link.insert(to.into(), value);
                        }
                    }
                }
            }
        }
    }
}

fn operations(item: &mut Value) -> Vec<&mut Value> {
    item.as_object_mut().map(|m| m.values_mut().collect()).unwrap_or_default()
}

fn parameters(operation: &mut Value) -> Vec<&mut Value> {
    operation.get_mut("parameters").and_then(Value::as_array_mut).map(|a| a.iter_mut().collect()).unwrap_or_default()
}

fn tighten_request(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else { return };
    let is_string = match object.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    if is_string && !object.contains_key("format") && !object.contains_key("enum") {
        let pattern = match object.get("pattern").and_then(Value::as_str) {
            None => Some(TEXT),
            Some(r"\S") => Some(VISIBLE_TEXT),
            Some(_) => None,
        };
        if let Some(pattern) = pattern {
            object.insert("pattern".into(), Value::from(pattern));
        }
    }
    if object.get("type").is_some_and(|t| t == "object") && object.contains_key("properties") {
        object.insert("additionalProperties".into(), Value::Bool(false));
    }
    for key in ["properties"] {
        if let Some(properties) = object.get_mut(key).and_then(Value::as_object_mut) {
            properties.values_mut().for_each(tighten_request);
        }
    }
    for key in ["items"] {
        if let Some(items) = object.get_mut(key) {
            tighten_request(items);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(variants) = object.get_mut(key).and_then(Value::as_array_mut) {
            variants.iter_mut().for_each(tighten_request);
        }
    }
}

/// `/api/openapi.json`.
pub async fn serve_document() -> HttpResponse {
    HttpResponse::Ok().json(document())
}

/// The viewer at `/api/docs/` reading `/api/openapi.json`.
pub fn docs() -> SwaggerUi {
    SwaggerUi::new("/api/docs/{_:.*}").config(Config::from("/api/openapi.json"))
}

pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/api/docs/"))
        .content_type("text/plain; charset=utf-8")
        .body("The API viewer is at /api/docs/ and the document at /api/openapi.json.\n")
}
