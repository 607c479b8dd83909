//! Areas: reports are placed in the locality they fall in, on the server.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, valid_report, Backend};

/// A point inside each shipped locality, and one in the countryside.
const PLACES: &[(&str, f64, f64)] = &[
    ("herrljunga", 58.0795, 13.0240),
    ("ljung", 58.0040, 13.0540),
    ("annelund", 57.9640, 13.0740),
    ("faglavik", 58.0700, 13.2300),
    ("hudene", 58.0350, 13.1750),
    ("eggvena", 58.0950, 12.9650),
    ("herrljunga-kommun", 58.0600, 13.1200),
];

async fn each_report_is_placed_in_the_area_it_falls_in(backend: Backend) {
    let app = spawn_app(backend).await;
    for (slug, lat, lon) in PLACES {
        let mut report = valid_report();
        report["lat"] = json!(lat);
        report["lon"] = json!(lon);
        let response = app.post_report(&report).await;
        assert_eq!(response.status(), 201, "{slug}");
        let receipt: Value = response.json().await.unwrap();
        assert_eq!(receipt["area"]["slug"], *slug);

        let lookup: Value = app.get(&format!("/api/v1/areas/lookup?lat={lat}&lon={lon}")).await.json().await.unwrap();
        assert_eq!(lookup["inside_municipality"], true);
        assert_eq!(lookup["area"]["slug"], *slug);
    }
    let outside: Value = app.get("/api/v1/areas/lookup?lat=59.33&lon=18.07").await.json().await.unwrap();
    assert_eq!(outside, json!({"inside_municipality": false, "area": null}));
}

async fn areas_are_served_as_geojson_with_representative_points(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/api/v1/areas").await;
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let collection: Value = response.json().await.unwrap();
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().unwrap();
    assert_eq!(features.len(), 7);
    assert_eq!(features[0]["properties"]["kind"], "municipality");
    for feature in features {
        assert!(feature["properties"]["lat"].is_f64() && feature["properties"]["lon"].is_f64());
        assert!(matches!(feature["geometry"]["type"].as_str(), Some("MultiPolygon")));
    }
}

async fn importing_areas_replaces_them_and_replaces_reports(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut in_ljung = valid_report();
    in_ljung["lat"] = json!(58.004);
    in_ljung["lon"] = json!(13.054);
    assert_eq!(app.post_report(&in_ljung).await.status(), 201);

    let text = std::fs::read_to_string(crate::helpers::repo_path("config/areas.geojson")).unwrap();
    let mut definitions = trygg::geo::areas_file::parse_areas_file(&text).unwrap();
    definitions.retain(|d| d.slug != "ljung");
    let summary = trygg::store::areas::replace_all(&app.db, &definitions).await.unwrap();
    assert_eq!((summary.areas, summary.removed, summary.reports_reassigned), (6, 1, 1));
    let index = trygg::store::areas::load_index(&app.db).await.unwrap().unwrap();
    let stored =
        trygg::store::reports::find_by_client_id(&app.db, in_ljung["client_id"].as_str().unwrap().parse().unwrap())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(index.by_id(stored.area_id.unwrap()).unwrap().definition.slug, "herrljunga-kommun");
}

crate::on_both_backends!(
    each_report_is_placed_in_the_area_it_falls_in,
    areas_are_served_as_geojson_with_representative_points,
    importing_areas_replaces_them_and_replaces_reports,
);
