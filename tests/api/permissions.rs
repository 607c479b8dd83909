//! The permission matrix: every endpoint in the OpenAPI document × every role → the expected
//! status, from one table. A new endpoint missing from the table fails the test.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{json, Value};
use trygg::domain::user::Role;

use crate::helpers::{spawn_app, spawn_app_with, valid_inrapport, valid_report, Backend, TestApp};

/// Columns: anonymous, staff, est_member, coordinator, admin.
type Row = (&'static str, &'static str, fn(&str) -> Option<Value>, [u16; 5]);

const PUBLIC_GET: [u16; 5] = [200; 5];
const READERS: [u16; 5] = [401, 403, 200, 200, 200];
const TRIAGERS: [u16; 5] = [401, 403, 403, 200, 200];
const FILERS: [u16; 5] = [401, 201, 403, 201, 201];
const LOGGED_IN: [u16; 5] = [401, 200, 200, 200, 200];

fn none(_: &str) -> Option<Value> {
    None
}

fn table() -> Vec<Row> {
    vec![
        ("GET", "/health", none, PUBLIC_GET),
        ("GET", "/ready", none, PUBLIC_GET),
        ("GET", "/api/v1/public-config", none, PUBLIC_GET),
        ("GET", "/api/v1/categories", none, PUBLIC_GET),
        ("GET", "/api/v1/areas", none, PUBLIC_GET),
        ("GET", "/api/v1/areas/lookup?lat=58.08&lon=13.02", none, PUBLIC_GET),
        ("POST", "/api/v1/reports", |_| Some(valid_report()), [201; 5]),
        ("GET", "/api/v1/track/{token}", none, PUBLIC_GET),
        (
            "POST",
            "/api/v1/auth/login",
            |_| Some(json!({"email": "nobody@herrljunga.se", "password": "wrong password"})),
            [401; 5],
        ),
        ("GET", "/api/v1/auth/me", none, LOGGED_IN),
        (
            "POST",
            "/api/v1/auth/password",
            |_| Some(json!({"current_password": "wrong", "new_password": "a new long password"})),
            [401, 422, 422, 422, 422],
        ),
        ("POST", "/api/v1/auth/logout", none, [401, 204, 204, 204, 204]),
        ("GET", "/api/v1/reports", none, READERS),
        ("GET", "/api/v1/reports/counts", none, READERS),
        ("GET", "/api/v1/reports/{id}", none, READERS),
        ("POST", "/api/v1/reports/{id}/actions", |_| Some(json!({"action": "note", "text": "Sett."})), TRIAGERS),
        (
            "POST",
            "/api/v1/reports/bulk",
            |id| Some(json!({"ids": [id], "action": {"action": "note", "text": "Sett."}})),
            TRIAGERS,
        ),
        ("POST", "/api/v1/inrapporter", |_| Some(valid_inrapport()), FILERS),
        ("GET", "/api/v1/inrapporter/mine", none, [401, 200, 403, 200, 200]),
        ("GET", "/api/v1/mail/opt-out/{token}", none, [404; 5]),
        ("POST", "/api/v1/mail/opt-out/{token}", none, [404; 5]),
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
    let mut failures = Vec::new();
    for (method, template, body, expected) in table() {
        // Real ids where the report's are meant; unknown ones for the opt-out and outbox rows.
        let (id, token) = match template {
            t if t.starts_with("/api/v1/mail/") => ("", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            t if t.starts_with("/api/v1/admin/") => ("987654", ""),
            _ => (id, token),
        };
        let path = template.replace("{id}", id).replace("{token}", token);
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
async fn call(app: &TestApp, role: Option<Role>, method: &str, path: &str, body: Option<Value>) -> u16 {
    let method: Method = method.parse().unwrap();
    let response = match role {
        Some(role) => app.staff(role).await.send(method, path, body.as_ref()).await,
        None => {
            let mut request =
                app.client.request(method, format!("{}{}", app.address, path)).header("Origin", app.origin());
            if let Some(body) = &body {
                request = request.json(body);
            }
            request.send().await.unwrap()
        }
    };
    response.status().as_u16()
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
    let tabled: BTreeSet<String> =
        table().iter().map(|(m, p, ..)| format!("{m} {}", p.split('?').next().unwrap())).collect();
    assert_eq!(documented, tabled, "every endpoint needs a row in the permission table");
}

crate::on_both_backends!(
    every_endpoint_answers_every_role_as_the_table_says,
    the_table_covers_every_documented_endpoint
);
