//! HTTP routes: one module per resource, one function per action. No SQL here.

pub mod action_items;
pub mod admin_open311;
pub mod admin_outbox;
pub mod areas;
pub mod auth;
pub mod calendar;
pub mod categories;
pub mod crime_statistics;
pub mod export;
pub mod history;
pub mod inrapporter;
pub mod lagesbild;
pub mod lagesbild_output;
pub mod mail_opt_out;
pub mod meta;
pub mod open311;
pub mod openapi;
pub mod photos;
pub mod public_map;
pub mod pwa;
pub mod queue;
pub mod reports;
pub mod survey_results;
pub mod survey_staff;
pub mod surveys;
pub mod triage;

use actix_web::http::{header, Method};
use actix_web::middleware::from_fn;
use actix_web::{guard, web, HttpResponse, Resource, Route};

use crate::error::ApiError;
use crate::http::rate_limit::{limit_reports, limit_survey_responses};

/// Every API route, in one place. Each path is one resource: GET also answers HEAD, and any
/// other method gets 405 with `Allow` in the JSON error shape.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/health", vec![get(meta::health)]))
        .service(resource("/ready", vec![get(meta::ready)]))
        .service(resource("/metrics", vec![get(meta::metrics)]))
        .service(resource("/api/openapi.json", vec![get(openapi::serve_document)]))
        .service(openapi::docs())
        .service(resource("/api/docs", vec![get(openapi::docs_redirect)]))
        .service(
            web::scope("/api/v1")
                .service(resource("/public-config", vec![get(meta::public_config)]))
                .service(resource("/categories", vec![get(categories::list)]))
                .service(resource("/areas", vec![get(areas::list)]))
                .service(resource("/areas/lookup", vec![get(areas::lookup)]))
                .service(resource("/places", vec![get(areas::places)]))
                .service(resource("/auth/login", vec![post(auth::login)]))
                .service(resource("/auth/logout", vec![post(auth::logout)]))
                .service(resource("/auth/me", vec![get(auth::me)]))
                .service(resource("/auth/password", vec![post(auth::change_password)]))
                .service(resource("/inrapporter", vec![post(inrapporter::create)]))
                .service(resource("/inrapporter/mine", vec![get(inrapporter::mine)]))
                .service(
                    resource("/reports", vec![get(queue::list), post(reports::create)]).wrap(from_fn(limit_reports)),
                )
                .service(resource("/reports/counts", vec![get(queue::counts)]))
                .service(resource("/reports/export.csv", vec![get(export::csv)]))
                .service(resource("/reports/export.geojson", vec![get(export::geojson)]))
                .service(resource("/reports/bulk", vec![post(triage::bulk)]))
                .service(resource("/reports/{id}", vec![get(triage::detail)]))
                .service(resource("/reports/{id}/actions", vec![post(triage::act)]))
                .service(resource("/reports/{id}/similar", vec![get(triage::similar)]))
                .service(resource("/track/{token}", vec![get(reports::track)]))
                .service(
                    resource("/track/{token}/photos", vec![post(photos::add_by_reporter)]).wrap(from_fn(limit_reports)),
                )
                .service(resource("/reports/{id}/photos", vec![post(photos::add_by_staff)]))
                .service(resource("/photos/{name}", vec![get(photos::get)]))
                .service(resource("/photos/{id}/actions", vec![post(photos::act)]))
                .service(resource("/public/reports", vec![get(public_map::map)]))
                .service(resource("/public/reports/nearby", vec![get(public_map::nearby)]))
                .service(
                    resource("/public/reports/{id}/plus-one", vec![post(public_map::plus_one)])
                        .wrap(from_fn(limit_reports)),
                )
                .service(resource("/surveys", vec![get(surveys::list_open)]))
                .service(resource("/surveys/{slug}", vec![get(surveys::show)]))
                .service(
                    resource("/surveys/{slug}/responses", vec![post(surveys::respond)])
                        .wrap(from_fn(limit_survey_responses)),
                )
                .service(resource("/surveys/{slug}/qr.svg", vec![get(surveys::qr_code)]))
                .service(resource("/staff/surveys", vec![get(survey_staff::list), post(survey_staff::create)]))
                .service(resource("/staff/surveys/{slug}", vec![get(survey_staff::show), put(survey_staff::edit)]))
                .service(resource("/staff/surveys/{slug}/actions", vec![post(survey_staff::act)]))
                .service(resource("/staff/surveys/{slug}/invitations", vec![post(survey_staff::invite)]))
                .service(resource("/staff/surveys/{slug}/results", vec![get(survey_results::show)]))
                .service(resource("/staff/surveys/{slug}/results.csv", vec![get(survey_results::results_csv)]))
                .service(resource("/staff/surveys/{slug}/responses.csv", vec![get(survey_results::responses_csv)]))
                .service(resource("/staff/surveys/{slug}/points", vec![get(survey_results::points)]))
                .service(resource("/staff/lagesbilder", vec![get(lagesbild::list), post(lagesbild::create)]))
                .service(resource("/staff/lagesbilder/{id}", vec![get(lagesbild::show), put(lagesbild::edit)]))
                .service(resource("/staff/lagesbilder/{id}/actions", vec![post(lagesbild::act)]))
                .service(resource("/staff/lagesbilder/{id}/action-items", vec![post(action_items::add)]))
                .service(resource("/staff/lagesbilder/{id}/charts/{name}", vec![get(lagesbild_output::chart)]))
                .service(resource("/staff/lagesbilder/{id}/map.svg", vec![get(lagesbild_output::map)]))
                .service(resource("/staff/lagesbilder/{id}/hotspots.geojson", vec![get(lagesbild_output::geojson)]))
                .service(resource("/staff/lagesbilder/{id}/tables/{name}", vec![get(lagesbild_output::table)]))
                .service(resource("/staff/action-items", vec![get(action_items::list)]))
                .service(resource("/staff/action-items/{id}", vec![put(action_items::edit)]))
                .service(resource("/staff/action-items/{id}/follow-ups", vec![post(action_items::follow_up)]))
                .service(resource(
                    "/staff/crime-statistics",
                    vec![get(crime_statistics::list), post(crime_statistics::import)],
                ))
                .service(resource("/staff/meetings", vec![get(calendar::list)]))
                .service(resource("/calendar/{group}.ics", vec![get(calendar::feed)]))
                .service(resource("/mail/opt-out/{token}", vec![get(mail_opt_out::ask), post(mail_opt_out::confirm)]))
                .service(resource("/admin/open311-clients", vec![get(admin_open311::list), post(admin_open311::add)]))
                .service(resource("/admin/open311-clients/{id}/revoke", vec![post(admin_open311::revoke)]))
                .service(resource("/admin/outbox", vec![get(admin_outbox::list)]))
                .service(resource("/admin/outbox/{id}/retry", vec![post(admin_outbox::retry)]))
                .default_service(web::to(not_found)),
        )
        .service(web::scope("/api").default_service(web::to(not_found)))
        // Open311 GeoReport v2: a standard of its own, with its own error lists.
        .service(
            web::scope("/open311/v2")
                .service(resource("/{resource}", vec![get(open311::resource), post(open311::create)]))
                .service(resource("/services/{code}", vec![get(open311::definition)]))
                .service(resource("/requests/{id}", vec![get(open311::request)]))
                .service(resource("/tokens/{token}", vec![get(open311::token)]))
                .default_service(web::to(not_found)),
        );
}

/// A route for GET and HEAD (actix sends no body for HEAD).
fn get<F, Args>(handler: F) -> (Method, Route)
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    (Method::GET, web::route().guard(guard::Any(guard::Get()).or(guard::Head())).to(handler))
}

fn post<F, Args>(handler: F) -> (Method, Route)
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    (Method::POST, web::post().to(handler))
}

fn put<F, Args>(handler: F) -> (Method, Route)
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    (Method::PUT, web::put().to(handler))
}

/// One path with its methods; any other method is 405 with `Allow`.
fn resource(path: &str, routes: Vec<(Method, Route)>) -> Resource {
    let allow = allow_header(routes.iter().map(|(m, _)| m));
    let resource = routes.into_iter().fold(web::resource(path), |r, (_, route)| r.route(route));
    resource.default_service(web::to(move || {
        let allow = allow.clone();
        async move { method_not_allowed(&allow) }
    }))
}

/// `GET, HEAD, POST`: HEAD wherever GET is.
pub fn allow_header<'a>(methods: impl Iterator<Item = &'a Method>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for method in methods {
        names.push(method.as_str());
        if method == Method::GET {
            names.push("HEAD");
        }
    }
    names.join(", ")
}

pub fn method_not_allowed(allow: &str) -> HttpResponse {
    let mut response = actix_web::ResponseError::error_response(&ApiError::MethodNotAllowed);
    if let Ok(value) = header::HeaderValue::from_str(allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// JSON 404 for unknown API paths.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
