//! Inrapporter from staff: events or "nothing to report", idempotent, restricted details.

use serde_json::{json, Value};
use trygg::domain::user::Role;

use crate::helpers::{spawn_app, valid_inrapport, Backend};

async fn staff_file_an_inrapport_that_becomes_staff_reports(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.staff(Role::Staff).await;
    let mut inrapport = valid_inrapport();
    let mut second = inrapport["events"][0].clone();
    second.as_object_mut().unwrap().remove("lat");
    second.as_object_mut().unwrap().remove("lon");
    second["locality"] = json!("ljung");
    second["place_description"] = json!("Vid skolans cykelställ");
    second["category"] = json!("vandalism");
    second["observation"] = json!("suspected");
    inrapport["events"].as_array_mut().unwrap().push(second);
    let response = staff.post("/api/v1/inrapporter", &inrapport).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap();
    assert_eq!(receipt["reports"].as_array().unwrap().len(), 2);
    let again = staff.post("/api/v1/inrapporter", &inrapport).await;
    assert_eq!(again.status(), 200, "an offline retry files nothing twice");
    assert_eq!(again.json::<Value>().await.unwrap(), receipt);
    assert_eq!(app.count("report").await, 2);

    let mine: Value = staff.get("/api/v1/inrapporter/mine").await.json().await.unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 2);
    assert!(mine["items"].as_array().unwrap().iter().all(|i| i["source"] == "staff"));
    let other = app.staff(Role::Staff).await;
    let theirs: Value = other.get("/api/v1/inrapporter/mine").await.json().await.unwrap();
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0, "each sees their own");

    let coordinator = app.staff(Role::Coordinator).await;
    let est = app.staff(Role::EstMember).await;
    let first = receipt["reports"][0].as_str().unwrap();
    let full: Value = coordinator.get(&format!("/api/v1/reports/{first}")).await.json().await.unwrap();
    assert_eq!(full["source"], "staff");
    assert_eq!(full["category"], "staff_incident");
    assert_eq!(full["organisation"], "Räddningstjänsten");
    assert_eq!(full["inrapport"]["police_report_number"], "5000-K123456-26");
    assert_eq!(full["inrapport"]["people_count"], 4);
    let limited: Value = est.get(&format!("/api/v1/reports/{first}")).await.json().await.unwrap();
    assert_eq!(limited["inrapport"]["police_report_number"], Value::Null, "coordinators only");
    assert_eq!(limited["inrapport"]["police_report_made"], true);
    let staff_only: Value = coordinator.get("/api/v1/reports?source=staff").await.json().await.unwrap();
    assert_eq!(staff_only["items"].as_array().unwrap().len(), 2);
}

async fn nothing_to_report_is_a_submission_without_events(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.staff(Role::Staff).await;
    let body = json!({"client_id": uuid::Uuid::new_v4(), "nothing_to_report": true,
                      "period_from": "2026-10-01", "period_to": "2026-10-31"});
    let response = staff.post("/api/v1/inrapporter", &body).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap();
    assert_eq!((receipt["nothing_to_report"].as_bool(), receipt["reports"].as_array().unwrap().len()), (Some(true), 0));
    assert_eq!(app.count("report").await, 0);
    assert_eq!(app.count("inrapport_submission").await, 1);
}

async fn bad_inrapport_events_are_named_by_index(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.staff(Role::Staff).await;
    let mut inrapport = valid_inrapport();
    inrapport["events"][0]["assessment"] = json!(5);
    inrapport["events"][0]["lat"] = json!(59.33);
    inrapport["events"][0]["lon"] = json!(18.07);
    inrapport["events"][0].as_object_mut().unwrap().remove("observation");
    let response = staff.post("/api/v1/inrapporter", &inrapport).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let codes = &body["error"]["field_codes"];
    assert_eq!(codes["events[0].assessment"], json!(["out_of_range"]), "{body}");
    assert_eq!(codes["events[0].observation"], json!(["required"]));
    assert_eq!(codes["events[0].lat"], json!(["outside_municipality"]));
    let empty = staff.post("/api/v1/inrapporter", &json!({"client_id": uuid::Uuid::new_v4()})).await;
    assert_eq!(empty.status(), 422, "events, or nothing_to_report");
    assert_eq!(app.count("inrapport_submission").await, 0);
}

crate::on_both_backends!(
    staff_file_an_inrapport_that_becomes_staff_reports,
    nothing_to_report_is_a_submission_without_events,
    bad_inrapport_events_are_named_by_index,
);
