//! Health, readiness, configuration for the PWA, categories and the OpenAPI document.

use serde_json::Value;

use crate::helpers::{spawn_app, Backend};

async fn health_ready_and_public_config_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/health").await.status(), 200);
    assert_eq!(app.get("/ready").await.status(), 200);
    let config: Value = app.get("/api/v1/public-config").await.json().await.unwrap();
    assert_eq!(config["municipality"], "Herrljunga kommun");
    assert!(config["map"]["tile_url"].as_str().unwrap().contains("{z}"));
    let (south, north) = (config["bounds"]["south"].as_f64().unwrap(), config["bounds"]["north"].as_f64().unwrap());
    assert!(south < 58.0795 && 58.0795 < north);
}

async fn categories_come_with_subtypes_and_groups(backend: Backend) {
    let app = spawn_app(backend).await;
    let body: Value = app.get("/api/v1/categories").await.json().await.unwrap();
    let categories = body["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 17);
    let unsafe_place = &categories[0];
    assert_eq!(unsafe_place["slug"], "unsafe_place");
    assert_eq!(unsafe_place["name_sv"], "Otrygg plats");
    assert_eq!(unsafe_place["name_en"], "Unsafe place");
    assert_eq!(unsafe_place["default_group"], "est");
    assert_eq!(unsafe_place["subtypes"][0]["slug"], "lighting");
    let gathering = categories.iter().find(|c| c["slug"] == "gathering").unwrap();
    assert_eq!(gathering["subtypes"][0]["default_group"], "sspf");
    let staff = categories.iter().find(|c| c["slug"] == "staff_incident").unwrap();
    assert_eq!(staff["staff_only"], true);
}

async fn the_openapi_document_describes_the_api_and_has_a_viewer(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    for path in ["/api/v1/reports", "/api/v1/track/{token}", "/api/v1/categories", "/api/v1/areas/lookup", "/ready"] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
    assert!(doc["components"]["schemas"].get("NewReportDto").is_some());
    let viewer = app.get("/api/docs/").await;
    assert_eq!(viewer.status(), 200);
    assert!(viewer.text().await.unwrap().contains("swagger"));
}

crate::on_both_backends!(
    health_ready_and_public_config_answer,
    categories_come_with_subtypes_and_groups,
    the_openapi_document_describes_the_api_and_has_a_viewer,
);
