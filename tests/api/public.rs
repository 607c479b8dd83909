//! What the public and other systems see: the public map in 250 m squares (none under 3), reports
//! shown at their place only by choice, "ni sa, vi gjorde"; nearby reports and a "+1" before
//! sending; and the staff's exports of the queue as CSV and GeoJSON (read by GDAL's ogrinfo).

use std::process::Command;

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use trygg::domain::user::Role;
use uuid::Uuid;

use crate::helpers::{spawn_app, spawn_app_with, valid_report, Backend, Staff, TestApp};

/// A resident's report `dy` degrees north of the station, made public by the coordinator.
async fn public_report(app: &TestApp, coordinator: &Staff<'_>, category: &str, dy: f64, text: &str) -> String {
    let mut body = valid_report();
    body["category"] = json!(category);
    body.as_object_mut().unwrap().remove("subtype");
    body["lat"] = json!(58.0795 + dy);
    body["contact"] = json!({"email": "privat@example.se", "consent": true});
    let receipt: Value = app.post_report(&body).await.json().await.unwrap();
    let id = receipt["id"].as_str().unwrap().to_owned();
    let publish = json!({"action": "moderate", "public_visible": true, "public_description": text, "reason": "Inga personuppgifter."});
    assert_eq!(coordinator.act(&id, publish).await.0, 200);
    id
}

async fn the_public_map_shows_squares_of_three_or_more_and_only_chosen_places(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    for _ in 0..3 {
        public_report(&app, &coordinator, "graffiti", 0.0, "Klotter på tunneln.").await;
    }
    // Two in a square of their own, 2 km north: too few to show.
    for _ in 0..2 {
        public_report(&app, &coordinator, "graffiti", 0.018, "Klotter.").await;
    }
    let exact = public_report(&app, &coordinator, "littering", 0.009, "Skräp vid dammen.").await;
    coordinator.act(&exact, json!({"action": "moderate", "public_exact": true, "reason": "Offentlig plats."})).await;
    coordinator.act(&exact, json!({"action": "status", "status": "triaged"})).await;
    coordinator.act(&exact, json!({"action": "status", "status": "in_progress"})).await;
    coordinator
        .act(
            &exact,
            json!({"action": "status", "status": "resolved", "public_reply": "Städat och en papperskorg till."}),
        )
        .await;
    let private = app.post_report(&valid_report()).await;
    assert_eq!(private.status(), 201);
    let response = app.get("/api/v1/public/reports").await;
    let text = response.text().await.unwrap();
    assert!(!text.contains("privat@example.se") && !text.contains("Gångtunneln vid stationen"), "{text}");
    let map: Value = serde_json::from_str(&text).unwrap();
    let cells = map["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 1, "the square of 2 is not shown: {cells:?}");
    assert_eq!((cells[0]["count"].as_u64(), cells[0]["categories"]["graffiti"].as_u64()), (Some(3), Some(3)));
    assert_eq!(map["exact"][0]["id"], exact.as_str());
    assert_eq!(map["exact"][0]["lat"].as_f64(), Some(58.0885));
    assert_eq!(map["resolved"][0]["reply"], "Städat och en papperskorg till.");
    assert_eq!(map["by_area"][0]["count"].as_u64(), Some(6));
}

async fn the_grid_and_its_minimum_are_the_municipality_s_to_set(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.map.public_cell_m = 1000.0;
        s.map.public_min_count = 2;
    })
    .await;
    let coordinator = app.staff(Role::Coordinator).await;
    for _ in 0..2 {
        public_report(&app, &coordinator, "graffiti", 0.0, "Klotter.").await;
    }
    let map: Value = app.get("/api/v1/public/reports").await.json().await.unwrap();
    assert_eq!((map["cell_m"].as_f64(), map["min_count"].as_u64()), (Some(1000.0), Some(2)));
    assert_eq!(map["cells"][0]["count"], 2, "two are enough here: {map}");
}

async fn a_resident_sees_the_same_thing_nearby_and_adds_a_plus_one_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let id = public_report(&app, &coordinator, "graffiti", 0.0, "Klotter på tunneln.").await;
    let nearby: Value =
        app.get("/api/v1/public/reports/nearby?lat=58.0796&lon=13.0241&category=graffiti").await.json().await.unwrap();
    assert_eq!(nearby["reports"][0]["id"], id.as_str());
    let other: Value =
        app.get("/api/v1/public/reports/nearby?lat=58.0796&lon=13.0241&category=fire").await.json().await.unwrap();
    assert_eq!(other["reports"], json!([]), "another category is another thing");
    let phone = json!({"client_id": Uuid::new_v4()});
    let path = format!("/api/v1/public/reports/{id}/plus-one");
    let first = app.client.post(format!("{}{path}", app.address)).json(&phone).send().await.unwrap();
    assert_eq!(first.status(), 201);
    assert_eq!(first.json::<Value>().await.unwrap()["also_reported"], 1);
    let again = app.client.post(format!("{}{path}", app.address)).json(&phone).send().await.unwrap();
    assert_eq!(
        (again.status().as_u16(), again.json::<Value>().await.unwrap()["also_reported"].as_i64()),
        (200, Some(1))
    );
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{id}")).await.json().await.unwrap();
    assert!(detail["timeline"].as_array().unwrap().iter().any(|e| e["kind"] == "plus_one"));
    let hidden =
        app.post_report(&valid_report()).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let refused = app
        .client
        .post(format!("{}/api/v1/public/reports/{hidden}/plus-one", app.address))
        .json(&phone)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 404, "not public");
}

async fn staff_export_the_queue_as_csv_and_geojson_that_gdal_reads(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let mut report = valid_report();
    report["description"] = json!("Mörkt; \"helt\" svart i tunneln.");
    report["contact"] = json!({"email": "anna@example.se", "consent": true});
    app.post_report(&report).await;
    app.post_report(&valid_report()).await;
    let csv = coordinator.get("/api/v1/reports/export.csv?status=new").await.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.lines().count() == 3, "{csv}");
    assert!(csv.contains("\"Mörkt; \"\"helt\"\" svart i tunneln.\"") && csv.contains("anna@example.se"), "{csv}");
    let est = app.staff(Role::EstMember).await;
    let for_est = est.get("/api/v1/reports/export.csv?sep=comma").await.text().await.unwrap();
    assert!(!for_est.contains("anna@example.se") && for_est.lines().next().unwrap().contains(",status,"), "{for_est}");
    for wrong in ["sep=tab", "crs=EPSG:3857", "limit=10"] {
        let status = est.get(&format!("/api/v1/reports/export.csv?{wrong}")).await.status().as_u16();
        assert!(status == 400 || status == 422, "{wrong}: {status}");
    }
    let from = (Utc::now() - Duration::days(1)).format("%Y-%m-%d");
    for crs in ["EPSG:4326", "EPSG:3006"] {
        let body = coordinator
            .get(&format!("/api/v1/reports/export.geojson?crs={crs}&from={from}"))
            .await
            .text()
            .await
            .unwrap();
        let file = app.database.data_dir.join(format!("export-{}.geojson", &crs[5..]));
        std::fs::write(&file, &body).unwrap();
        let out = Command::new("ogrinfo")
            .args(["-ro", "-al", "-so"])
            .arg(&file)
            .output()
            .expect("ogrinfo (Debian gdal-bin; scripts/test.sh installs it)");
        let summary = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && summary.contains("Feature Count: 2"),
            "{summary}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let projected = summary.contains("SWEREF99 TM") || summary.contains("3006");
        assert_eq!(projected, crs == "EPSG:3006", "{summary}");
    }
    assert_eq!(coordinator.get("/api/v1/reports/export.csv?cursor=abc").await.status(), 422);
    let staff = app.staff(Role::Staff).await;
    assert_eq!(staff.get("/api/v1/reports/export.csv").await.status(), 403);
}

crate::on_both_backends!(
    the_public_map_shows_squares_of_three_or_more_and_only_chosen_places,
    the_grid_and_its_minimum_are_the_municipality_s_to_set,
    a_resident_sees_the_same_thing_nearby_and_adds_a_plus_one_once,
    staff_export_the_queue_as_csv_and_geojson_that_gdal_reads,
);
