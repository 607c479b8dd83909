//! The permission matrix: every endpoint in the OpenAPI document × every role → the expected
//! status, from one table. A new endpoint missing from the table fails the test.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use trygg::domain::survey::template::standard;
use trygg::domain::user::Role;
use uuid::Uuid;

use crate::helpers::{spawn_app, spawn_app_with, valid_inrapport, valid_report, Backend, TestApp};

/// Columns: anonymous, staff, est_member, coordinator, admin.
type Row = (&'static str, &'static str, fn(&str) -> Option<Body>, [u16; 5]);

enum Body {
    Json(Value),
    /// A multipart upload of one small JPEG in the field `photo`.
    Photo,
}

const PUBLIC_GET: [u16; 5] = [200; 5];
const READERS: [u16; 5] = [401, 403, 200, 200, 200];
const TRIAGERS: [u16; 5] = [401, 403, 403, 200, 403];
const FILERS: [u16; 5] = [401, 201, 403, 201, 201];
const LOGGED_IN: [u16; 5] = [401, 200, 200, 200, 200];
const MANAGERS: [u16; 5] = [401, 403, 403, 200, 200];
const MANAGERS_CREATE: [u16; 5] = [401, 403, 403, 201, 201];
/// The published survey the survey rows use.
const SURVEY: &str = "tabellens-enkat";

fn fresh_slug() -> String {
    format!("enkat-{}", Uuid::new_v4().simple())
}

/// An action of an åtgärdsplan with everything it needs.
fn action_item() -> Value {
    json!({
        "problem": "Mörk gångtunnel.", "measure": "Byt armaturer.", "prevention": "situational", "term": "short",
        "responsible_organisation": "Samhällsbyggnad", "owner_name": "Olle", "owner_email": "olle@herrljunga.se",
        "due_date": "2027-01-31",
    })
}

/// The fewest answers the standard template takes, under a fresh client id.
fn survey_answer() -> Value {
    json!({"client_id": Uuid::new_v4(), "version": 1, "answers": {"unsafe_evening": "fairly_safe"}})
}

fn none(_: &str) -> Option<Body> {
    None
}

fn photo(_: &str) -> Option<Body> {
    Some(Body::Photo)
}

fn table() -> Vec<Row> {
    vec![
        ("GET", "/health", none, PUBLIC_GET),
        ("GET", "/ready", none, PUBLIC_GET),
        ("GET", "/api/v1/public-config", none, PUBLIC_GET),
        ("GET", "/api/v1/categories", none, PUBLIC_GET),
        ("GET", "/api/v1/areas", none, PUBLIC_GET),
        ("GET", "/api/v1/areas/lookup?lat=58.08&lon=13.02", none, PUBLIC_GET),
        ("GET", "/api/v1/places?q=station", none, PUBLIC_GET),
        ("POST", "/api/v1/reports", |_| Some(Body::Json(valid_report())), [201; 5]),
        ("GET", "/api/v1/track/{token}", none, PUBLIC_GET),
        // The same photo each time: stored once, and answered 200 after the first.
        ("POST", "/api/v1/track/{token}/photos", photo, [201, 200, 200, 200, 200]),
        ("POST", "/api/v1/reports/{id}/photos", photo, [401, 403, 403, 200, 403]),
        // Not public yet: readers only.
        ("GET", "/api/v1/photos/{name}", none, [404, 404, 200, 200, 200]),
        ("POST", "/api/v1/photos/{photo}/actions", |_| Some(Body::Json(json!({"action": "hide"}))), TRIAGERS),
        (
            "POST",
            "/api/v1/auth/login",
            |_| Some(Body::Json(json!({"email": "nobody@herrljunga.se", "password": "wrong password"}))),
            [401; 5],
        ),
        ("GET", "/api/v1/auth/me", none, LOGGED_IN),
        (
            "POST",
            "/api/v1/auth/password",
            |_| Some(Body::Json(json!({"current_password": "wrong", "new_password": "a new long password"}))),
            [401, 422, 422, 422, 422],
        ),
        ("POST", "/api/v1/auth/logout", none, [401, 204, 204, 204, 204]),
        ("GET", "/api/v1/reports", none, READERS),
        ("GET", "/api/v1/reports/counts", none, READERS),
        ("GET", "/api/v1/reports/export.csv", none, READERS),
        ("GET", "/api/v1/reports/export.geojson", none, READERS),
        ("GET", "/api/v1/public/reports", none, PUBLIC_GET),
        ("GET", "/api/v1/public/reports/nearby?lat=58.08&lon=13.02&category=graffiti", none, PUBLIC_GET),
        // The table's report is not public.
        (
            "POST",
            "/api/v1/public/reports/{id}/plus-one",
            |_| Some(Body::Json(json!({"client_id": Uuid::new_v4()}))),
            [404; 5],
        ),
        ("GET", "/api/v1/reports/{id}", none, READERS),
        ("GET", "/api/v1/reports/{id}/similar", none, READERS),
        (
            "POST",
            "/api/v1/reports/{id}/actions",
            |_| Some(Body::Json(json!({"action": "note", "text": "Sett."}))),
            TRIAGERS,
        ),
        (
            "POST",
            "/api/v1/reports/bulk",
            |id| Some(Body::Json(json!({"ids": [id], "action": {"action": "note", "text": "Sett."}}))),
            TRIAGERS,
        ),
        ("POST", "/api/v1/inrapporter", |_| Some(Body::Json(valid_inrapport())), FILERS),
        ("GET", "/api/v1/inrapporter/mine", none, [401, 200, 403, 200, 200]),
        ("GET", "/api/v1/mail/opt-out/{token}", none, [404; 5]),
        ("POST", "/api/v1/mail/opt-out/{token}", none, [404; 5]),
        ("GET", "/api/v1/surveys", none, PUBLIC_GET),
        ("GET", "/api/v1/surveys/{slug}", none, PUBLIC_GET),
        ("POST", "/api/v1/surveys/{slug}/responses", |_| Some(Body::Json(survey_answer())), [201; 5]),
        ("GET", "/api/v1/surveys/{slug}/qr.svg", none, PUBLIC_GET),
        ("GET", "/api/v1/staff/surveys", none, READERS),
        ("POST", "/api/v1/staff/surveys", |_| Some(Body::Json(json!({"slug": fresh_slug()}))), MANAGERS_CREATE),
        ("GET", "/api/v1/staff/surveys/{slug}", none, READERS),
        ("PUT", "/api/v1/staff/surveys/{slug}", |_| Some(Body::Json(json!(standard()))), MANAGERS),
        (
            "POST",
            "/api/v1/staff/surveys/{slug}/actions",
            |_| Some(Body::Json(json!({"action": "publish", "closes_at": Utc::now() + Duration::days(30)}))),
            MANAGERS,
        ),
        (
            "POST",
            "/api/v1/staff/surveys/{slug}/invitations",
            |_| Some(Body::Json(json!({"count": 2}))),
            MANAGERS_CREATE,
        ),
        ("GET", "/api/v1/staff/surveys/{slug}/results?by=bg_area", none, READERS),
        ("GET", "/api/v1/staff/surveys/{slug}/results.csv", none, READERS),
        ("GET", "/api/v1/staff/surveys/{slug}/responses.csv", none, MANAGERS),
        ("GET", "/api/v1/staff/surveys/{slug}/points", none, READERS),
        ("GET", "/api/v1/staff/lagesbilder", none, READERS),
        ("POST", "/api/v1/staff/lagesbilder", |_| Some(Body::Json(json!({}))), [401, 403, 403, 201, 403]),
        ("GET", "/api/v1/staff/lagesbilder/{lagesbild}", none, READERS),
        ("PUT", "/api/v1/staff/lagesbilder/{lagesbild}", |_| Some(Body::Json(json!({"sections": {}}))), TRIAGERS),
        ("GET", "/api/v1/staff/lagesbilder/{lagesbild}/charts/{chart}", none, READERS),
        ("GET", "/api/v1/staff/lagesbilder/{lagesbild}/map.svg", none, READERS),
        ("GET", "/api/v1/staff/lagesbilder/{lagesbild}/hotspots.geojson", none, READERS),
        ("GET", "/api/v1/staff/lagesbilder/{lagesbild}/tables/{table}", none, READERS),
        (
            "POST",
            "/api/v1/staff/lagesbilder/{lagesbild}/actions",
            |_| Some(Body::Json(json!({"action": "finalise"}))),
            TRIAGERS,
        ),
        (
            "POST",
            "/api/v1/staff/lagesbilder/{lagesbild}/action-items",
            |_| Some(Body::Json(action_item())),
            [401, 403, 403, 201, 403],
        ),
        ("GET", "/api/v1/staff/action-items", none, READERS),
        ("PUT", "/api/v1/staff/action-items/{action}", |_| Some(Body::Json(action_item())), TRIAGERS),
        (
            "POST",
            "/api/v1/staff/action-items/{action}/follow-ups",
            |_| Some(Body::Json(json!({"kind": "process", "note": "Beställt."}))),
            [401, 403, 403, 201, 403],
        ),
        ("GET", "/api/v1/staff/crime-statistics", none, READERS),
        (
            "POST",
            "/api/v1/staff/crime-statistics",
            |_| {
                Some(Body::Json(
                    json!({"csv": "period_start;period_end;area;offence_group;count;source\n2026-10-01;2026-10-31;;Stöld;3;Polisen\n"}),
                ))
            },
            MANAGERS,
        ),
        ("GET", "/api/v1/staff/meetings", none, READERS),
        ("GET", "/api/v1/calendar/{group}.ics", none, PUBLIC_GET),
        ("GET", "/api/v1/admin/open311-clients", none, [401, 403, 403, 403, 200]),
        (
            "POST",
            "/api/v1/admin/open311-clients",
            |_| Some(Body::Json(json!({"name": "Felanmälan"}))),
            [401, 403, 403, 403, 201],
        ),
        ("POST", "/api/v1/admin/open311-clients/{id}/revoke", none, [401, 403, 403, 403, 404]),
        ("GET", "/api/v1/admin/outbox?status=failed", none, [401, 403, 403, 403, 200]),
        ("POST", "/api/v1/admin/outbox/{id}/retry", none, [401, 403, 403, 403, 404]),
    ]
}

const ROLES: [Option<Role>; 5] =
    [None, Some(Role::Staff), Some(Role::EstMember), Some(Role::Coordinator), Some(Role::Admin)];

async fn every_endpoint_answers_every_role_as_the_table_says(backend: Backend) {
    // The table's failed logins must not throttle the sessions the other cells log in with.
    let app = spawn_app_with(backend, |s| s.auth.max_failed_logins = 1000).await;
    let receipt = app.report().await;
    let (id, token) = (receipt["id"].as_str().unwrap(), receipt["tracking_token"].as_str().unwrap());
    let coordinator = app.staff(Role::Coordinator).await;
    assert_eq!(coordinator.post("/api/v1/staff/surveys", &json!({"slug": SURVEY})).await.status(), 201);
    let publish = json!({"action": "publish", "closes_at": Utc::now() + Duration::days(30)});
    assert_eq!(coordinator.post(&format!("/api/v1/staff/surveys/{SURVEY}/actions"), &publish).await.status(), 200);
    let lagesbild: Value = coordinator.post("/api/v1/staff/lagesbilder", &json!({})).await.json().await.unwrap();
    let lagesbild = lagesbild["id"].to_string();
    let added = coordinator.post(&format!("/api/v1/staff/lagesbilder/{lagesbild}/action-items"), &action_item()).await;
    let action = added.json::<Value>().await.unwrap()["id"].to_string();
    let mut failures = Vec::new();
    for (method, template, body, expected) in table() {
        // Real ids where the report's are meant; unknown ones for the opt-out and outbox rows.
        let (id, token) = match template {
            t if t.starts_with("/api/v1/mail/") => ("", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            t if t.starts_with("/api/v1/admin/") => ("987654", ""),
            _ => (id, token),
        };
        // The photo rows come after the upload row, so the photo exists by then.
        let stored: Vec<Value> = if template.contains("{photo}") || template.contains("{name}") {
            let detail: Value =
                app.staff(Role::Coordinator).await.get(&format!("/api/v1/reports/{id}")).await.json().await.unwrap();
            detail["photos"].as_array().unwrap().clone()
        } else {
            Vec::new()
        };
        let path = match stored.first() {
            Some(photo) => template
                .replace("{photo}", &photo["id"].to_string())
                .replace("/api/v1/photos/{name}", photo["url"].as_str().unwrap()),
            None => template
                .replace("{id}", id)
                .replace("{token}", token)
                .replace("{slug}", SURVEY)
                .replace("{lagesbild}", &lagesbild)
                .replace("{action}", &action)
                .replace("{chart}", "categories.svg")
                .replace("{table}", "categories.csv")
                .replace("{group}", "est"),
        };
        for (role, want) in ROLES.iter().zip(expected) {
            let got = call(&app, *role, method, &path, body(id)).await;
            if got != want {
                failures.push(format!("{method} {template} as {role:?}: {got}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each cell gets a fresh session, so a logout in one cannot affect another.
async fn call(app: &TestApp, role: Option<Role>, method: &str, path: &str, body: Option<Body>) -> u16 {
    let method: Method = method.parse().unwrap();
    let mut request = app.client.request(method, format!("{}{}", app.address, path)).header("Origin", app.origin());
    if let Some(role) = role {
        request = request.header("Cookie", app.staff(role).await.cookie);
    }
    request = match body {
        Some(Body::Json(body)) => request.json(&body),
        Some(Body::Photo) => {
            request.multipart(Form::new().part("photo", Part::bytes(small_jpeg()).file_name("photo.jpg")))
        }
        None => request,
    };
    request.send().await.unwrap().status().as_u16()
}

fn small_jpeg() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]))
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

async fn the_table_covers_every_documented_endpoint(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| format!("{} {path}", m.to_uppercase())))
        .collect();
    let tabled: BTreeSet<String> = table()
        .iter()
        .map(|(m, p, ..)| {
            let path = p.split('?').next().unwrap();
            let path = path.replace("{photo}", "{id}").replace("{lagesbild}", "{id}").replace("{action}", "{id}");
            format!("{m} {}", path.replace("{chart}", "{name}").replace("{table}", "{name}"))
        })
        .collect();
    assert_eq!(documented, tabled, "every endpoint needs a row in the permission table");
}

crate::on_both_backends!(
    every_endpoint_answers_every_role_as_the_table_says,
    the_table_covers_every_documented_endpoint
);
