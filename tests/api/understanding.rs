//! What lets the coordinator and the resident understand each other: a rejection with a reason,
//! a duplicate explained, the reports nearby, places found by name, and a first load that is
//! small on a slow phone.

use serde_json::{json, Value};
use trygg::domain::user::Role;

use crate::helpers::{field_codes, spawn_app, spawn_app_with, valid_report, Backend};

fn id(receipt: &Value) -> String {
    receipt["id"].as_str().unwrap().to_owned()
}

async fn track(app: &crate::helpers::TestApp, receipt: &Value) -> Value {
    app.get(&format!("/api/v1/track/{}", receipt["tracking_token"].as_str().unwrap())).await.json().await.unwrap()
}

async fn a_rejection_needs_a_reason_the_resident_reads(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let (status, body) = coordinator.act(&id(&receipt), json!({"action": "status", "status": "rejected"})).await;
    assert_eq!(status, 422);
    assert_eq!(field_codes(&body)["public_reply"], json!(["required"]));
    let reason = "Det här är inte kommunens ansvar. Kontakta Trafikverket på 0771-921 921.";
    let reject = json!({"action": "status", "status": "rejected", "public_reply": reason});
    let (status, _) = coordinator.act(&id(&receipt), reject).await;
    assert_eq!(status, 200);
    let tracked = track(&app, &receipt).await;
    assert_eq!(tracked["status"], "rejected");
    let reply = tracked["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "public_reply").unwrap();
    assert_eq!(reply["text"], reason);
}

async fn a_duplicate_shows_the_resident_the_original_and_its_replies(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let (original, duplicate) = (app.report().await, app.report().await);
    let answer = "Vi byter lamporna i gångtunneln den här veckan.";
    let (status, _) = coordinator.act(&id(&original), json!({"action": "public_reply", "text": answer})).await;
    assert_eq!(status, 200);
    let (status, _) = coordinator.act(&id(&duplicate), json!({"action": "duplicate", "of": id(&original)})).await;
    assert_eq!(status, 200);
    let tracked = track(&app, &duplicate).await;
    assert_eq!(tracked["duplicate_of"]["id"], id(&original).as_str());
    assert_eq!(tracked["duplicate_of"]["status"], "new");
    assert_eq!(tracked["duplicate_of"]["replies"][0]["text"], answer);
    assert_eq!(track(&app, &original).await["also_reported"], 1);
}

async fn nearby_reports_are_offered_as_duplicates_same_category_first(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let here = app.report().await;
    let mut graffiti = valid_report();
    graffiti["category"] = json!("graffiti");
    graffiti.as_object_mut().unwrap().remove("subtype");
    graffiti["lat"] = json!(58.0796);
    let graffiti: Value = app.post_report(&graffiti).await.json().await.unwrap();
    let mut same = valid_report();
    same["lat"] = json!(58.0799);
    let same: Value = app.post_report(&same).await.json().await.unwrap();
    let mut far = valid_report();
    far["lat"] = json!(58.0850);
    assert_eq!(app.post_report(&far).await.status(), 201);

    let page: Value = coordinator.get(&format!("/api/v1/reports/{}/similar", id(&here))).await.json().await.unwrap();
    let found: Vec<(&str, bool)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["same_category"].as_bool().unwrap()))
        .collect();
    assert_eq!(found, [(id(&same).as_str(), true), (id(&graffiti).as_str(), false)], "the far one is over 200 m away");
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{}", id(&here))).await.json().await.unwrap();
    assert_eq!(detail["can_mark_duplicate"], true);
    assert_eq!(detail["notifies_reporter"], false);
}

async fn places_are_found_by_name(backend: Backend) {
    let app = spawn_app(backend).await;
    let found: Value = app.get("/api/v1/places?q=STATION").await.json().await.unwrap();
    assert_eq!(found["places"][0]["name"], "Herrljunga station");
    let found: Value = app.get("/api/v1/places?q=annelund").await.json().await.unwrap();
    let names: Vec<&str> = found["places"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Annelund", "Annelunds centrum"]);
    assert_eq!(app.get("/api/v1/places").await.status(), 400);
}

async fn responses_are_compressed_for_clients_that_accept_it(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let client = reqwest::Client::new();
    for encoding in ["br", "gzip"] {
        let response = client
            .get(format!("{}/api/v1/areas", app.address))
            .header("Accept-Encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert!(response.headers()["vary"].to_str().unwrap().to_lowercase().contains("accept-encoding"));
    }
}

crate::on_both_backends!(
    a_rejection_needs_a_reason_the_resident_reads,
    a_duplicate_shows_the_resident_the_original_and_its_replies,
    nearby_reports_are_offered_as_duplicates_same_category_first,
    places_are_found_by_name,
    responses_are_compressed_for_clients_that_accept_it,
);
