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
    assert_eq!(
        (config["max_photos_per_report"].as_u64(), config["max_photo_bytes"].as_u64()),
        (Some(3), Some(10 << 20))
    );
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

async fn the_document_is_exact_about_ids_errors_and_required_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_owned()), "operationId {id} twice");
            for (status, response) in operation["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    let schema = &response["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/ErrorBody", "{method} {path} {status}");
                }
            }
        }
    }
    let required = |name: &str| doc["components"]["schemas"][name]["required"].clone();
    assert_eq!(required("NewReportDto"), serde_json::json!(["client_id", "category", "description", "occurred_at"]));
    assert_eq!(required("LoginDto"), serde_json::json!(["email", "password"]));
    let report = &doc["components"]["schemas"]["NewReportDto"];
    assert_eq!(report["additionalProperties"], false, "unknown fields are refused, and the document says so");
    assert!(report["properties"]["description"]["pattern"].as_str().unwrap().contains("\\u0000"));
    let link = &doc["paths"]["/api/v1/reports"]["post"]["responses"]["201"]["links"]["TrackReport"];
    assert_eq!(link["operationId"], "track_report");
}

crate::on_both_backends!(
    the_document_is_exact_about_ids_errors_and_required_fields,
    health_ready_and_public_config_answer,
    categories_come_with_subtypes_and_groups,
    the_openapi_document_describes_the_api_and_has_a_viewer,
);
