//! Open311 GeoReport v2: discovery, services and their definitions in JSON and XML; filing a
//! report anonymously (rate-limited) or with a client's API key; reading only what the
//! coordinator made public — the public text and a coarsened place — and never contact details,
//! internal notes or the exact place; errors as the spec's error lists.

use serde_json::{json, Value};
use trygg::domain::user::Role;

use crate::helpers::{spawn_app, spawn_app_with, Backend, TestApp};

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app.client.post(format!("{}{path}", app.address)).form(form).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

const FORM: &[(&str, &str)] = &[
    ("service_code", "unsafe_place__lighting"),
    ("lat", "58.0795"),
    ("long", "13.0240"),
    ("description", "Lampan i gångtunneln är trasig. Anna Andersson bor ovanför."),
    ("email", "anna@example.se"),
    ("first_name", "Anna"),
    ("last_name", "Andersson"),
    ("attribute[time_of_day]", "evening"),
    ("attribute[contact_consent]", "true"),
];

async fn discovery_and_services_speak_json_and_xml(backend: Backend) {
    let app = spawn_app(backend).await;
    let discovery: Value = app.get("/open311/v2/discovery.json").await.json().await.unwrap();
    assert!(discovery["endpoints"][0]["url"].as_str().unwrap().ends_with("/open311/v2"));
    let services: Value = app.get("/open311/v2/services.json").await.json().await.unwrap();
    let lighting = services.as_array().unwrap().iter().find(|s| s["service_code"] == "unsafe_place__lighting").unwrap();
    assert_eq!((lighting["metadata"].as_bool(), lighting["group"].as_str()), (Some(true), Some("Otrygg plats")));
    let xml = app.get("/open311/v2/services.xml").await;
    assert!(xml.headers()["content-type"].to_str().unwrap().starts_with("text/xml"));
    let xml = xml.text().await.unwrap();
    assert!(
        xml.starts_with("<?xml")
            && xml.contains("<services><service>")
            && xml.contains("<service_code>graffiti</service_code>")
    );
    let definition: Value = app.get("/open311/v2/services/graffiti.json").await.json().await.unwrap();
    assert_eq!(definition["attributes"][0]["code"], "time_of_day");
    let missing = app.get("/open311/v2/services/staff_incident.xml").await;
    assert_eq!(missing.status(), 404, "inrapport categories are not services");
    let body = missing.text().await.unwrap();
    assert!(body.contains("<errors><error><code>404</code>"), "{body}");
}

async fn a_filed_request_stays_private_until_made_public_and_then_shows_only_public_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = post_form(&app, "/open311/v2/requests.json", FORM).await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created[0]["service_request_id"].as_str().unwrap().to_owned();
    let token = created[0]["token"].as_str().unwrap().to_owned();
    let token_path = format!("/open311/v2/tokens/{token}.json");
    let by_token: Value = app.get(&token_path).await.json().await.unwrap();
    assert_eq!(by_token[0]["service_request_id"], id.as_str());
    assert_eq!(app.get(&format!("/open311/v2/requests/{id}.json")).await.status(), 404, "not public yet");
    let coordinator = app.staff(Role::Coordinator).await;
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{id}")).await.json().await.unwrap();
    assert_eq!(
        (detail["source"].as_str(), detail["contact"]["email"].as_str()),
        (Some("open311"), Some("anna@example.se"))
    );
    coordinator.act(&id, json!({"action": "note", "text": "Intern anteckning om grannen."})).await;
    let redact = json!({"action": "moderate", "public_visible": true, "public_description": "Lampan i gångtunneln är trasig.", "reason": "Namn borttaget."});
    assert_eq!(coordinator.act(&id, redact).await.0, 200);
    coordinator.act(&id, json!({"action": "public_reply", "text": "Vi byter lampan i veckan."})).await;
    let mut everything = String::new();
    for path in [
        format!("/open311/v2/requests/{id}.json"),
        "/open311/v2/requests.json".into(),
        format!("/open311/v2/requests/{id}.xml"),
        token_path,
    ] {
        everything += &app.get(&path).await.text().await.unwrap();
    }
    for private in ["anna@example.se", "Andersson", "Intern anteckning", "58.0795,", "13.024,", "\"lat\":58.0795"] {
        assert!(!everything.contains(private), "{private} left Trygg: {everything}");
    }
    let request: Value = app.get(&format!("/open311/v2/requests/{id}.json")).await.json().await.unwrap();
    let request = &request[0];
    assert_eq!(request["description"], "Lampan i gångtunneln är trasig.");
    assert_eq!(
        (request["status"].as_str(), request["status_notes"].as_str()),
        (Some("open"), Some("Vi byter lampan i veckan."))
    );
    let (lat, lon) = (request["lat"].as_f64().unwrap(), request["long"].as_f64().unwrap());
    let off = trygg::domain::area::distance_m(58.0795, 13.024, lat, lon);
    assert!(off > 1.0 && off < 180.0, "shown at its 250 m cell's centre: {off} m off");
    let exact = json!({"action": "moderate", "public_exact": true, "reason": "Platsen är en offentlig gångtunnel."});
    assert_eq!(coordinator.act(&id, exact).await.0, 200);
    let request: Value = app.get(&format!("/open311/v2/requests/{id}.json")).await.json().await.unwrap();
    assert_eq!((request[0]["lat"].as_f64(), request[0]["long"].as_f64()), (Some(58.0795), Some(13.024)));
    let closed: Value = app.get("/open311/v2/requests.json?status=closed").await.json().await.unwrap();
    assert_eq!(closed, json!([]));
    let open: Value = app
        .get("/open311/v2/requests.json?status=open&service_code=unsafe_place__lighting")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open.as_array().unwrap().len(), 1);
}

async fn bad_requests_get_the_specs_error_lists(backend: Backend) {
    let app = spawn_app(backend).await;
    let outside = [("service_code", "graffiti"), ("lat", "59.33"), ("long", "18.07"), ("description", "Klotter.")];
    let (status, body) = post_form(&app, "/open311/v2/requests.json", &outside).await;
    let errors: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, errors[0]["code"].as_u64()), (422, Some(422)), "{body}");
    assert!(errors[0]["description"].as_str().unwrap().contains("lat:"), "{body}");
    let (status, body) = post_form(
        &app,
        "/open311/v2/requests.xml",
        &[("service_code", "nothing"), ("lat", "58.0795"), ("long", "13.024")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("<errors><error><code>422</code>") && body.contains("service_code:"), "{body}");
    let (status, _) =
        post_form(&app, "/open311/v2/requests.json", &[("api_key", "not-a-key"), ("service_code", "graffiti")]).await;
    assert_eq!(status, 403);
    let wide: Value = app
        .get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")
        .await
        .json()
        .await
        .unwrap();
    assert!(wide[0]["description"].as_str().unwrap().contains("90"), "{wide}");
    assert_eq!(app.get("/open311/v2/requests.csv").await.status(), 404);
}

async fn a_registered_system_files_past_the_rate_limit_and_a_revoked_key_is_refused(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.rate_limit.reports_burst = 1;
        s.rate_limit.reports_per_minute = 1;
    })
    .await;
    assert_eq!(post_form(&app, "/open311/v2/requests.json", FORM).await.0, 201);
    assert_eq!(post_form(&app, "/open311/v2/requests.json", FORM).await.0, 429, "anonymous: the app's rate limit");
    let admin = app.staff(Role::Admin).await;
    let client: Value =
        admin.post("/api/v1/admin/open311-clients", &json!({"name": "Felanmälan"})).await.json().await.unwrap();
    let key = client["api_key"].as_str().unwrap().to_owned();
    let mut with_key = FORM.to_vec();
    with_key.push(("api_key", &key));
    assert_eq!(post_form(&app, "/open311/v2/requests.json", &with_key).await.0, 201);
    assert_eq!(post_form(&app, "/open311/v2/requests.json", &with_key).await.0, 201, "no limit with a key");
    let listed: Value = admin.get("/api/v1/admin/open311-clients").await.json().await.unwrap();
    assert!(!listed.to_string().contains(&key), "the key is shown once and kept as a digest");
    admin.post(&format!("/api/v1/admin/open311-clients/{}/revoke", client["id"]), &json!({})).await;
    assert_eq!(post_form(&app, "/open311/v2/requests.json", &with_key).await.0, 403);
}

async fn contact_details_without_consent_are_not_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let form: Vec<(&str, &str)> = FORM.iter().copied().filter(|(k, _)| *k != "attribute[contact_consent]").collect();
    let (status, body) = post_form(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(status, 201, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    assert!(created[0]["service_notice"].as_str().unwrap().contains("samtycke"), "{body}");
    let coordinator = app.staff(Role::Coordinator).await;
    let detail: Value = coordinator
        .get(&format!("/api/v1/reports/{}", created[0]["service_request_id"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["contact"], Value::Null);
}

crate::on_both_backends!(
    contact_details_without_consent_are_not_kept,
    discovery_and_services_speak_json_and_xml,
    a_filed_request_stays_private_until_made_public_and_then_shows_only_public_data,
    bad_requests_get_the_specs_error_lists,
    a_registered_system_files_past_the_rate_limit_and_a_revoked_key_is_refused,
);
