//! One error shape everywhere, in Swedish or English; bad input never answers 500; a dead
//! database answers 503 and loses nothing already accepted.

use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use serde_json::Value;
use sqlx::{Connection, Executor, PgConnection};

use crate::helpers::{postgres_admin_url, spawn_app, spawn_app_with, valid_report, Backend, TestApp};

async fn send_raw(app: &TestApp, content_type: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}/api/v1/reports", app.address))
        .header(CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.expect("an error body is JSON"))
}

async fn malformed_oversized_and_non_json_bodies_get_clear_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send_raw(&app, "application/json", "{\"category\": ").await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("malformed_json")));

    let mut report = valid_report();
    report["priority"] = "high".into();
    let (status, body) = send_raw(&app, "application/json", report.to_string()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("unknown_field")));
    assert!(body["error"]["message"].as_str().unwrap().contains("priority"));

    let mut huge = valid_report();
    huge["description"] = "x".repeat(70 * 1024).into();
    let (status, body) = send_raw(&app, "application/json", huge.to_string()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (413, Some("payload_too_large")));

    let (status, body) = send_raw(&app, "text/plain", valid_report().to_string()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (415, Some("unsupported_media_type")));
    let (status, _) = send_raw(&app, "application/x-www-form-urlencoded", "a=b").await;
    assert_eq!(status, 415);

    let (status, body) = send_raw(&app, "application/json", "[1,2,3]").await;
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("validation")));
    let (status, _) = send_raw(&app, "application/json", vec![0xff, 0xfe, 0x00]).await;
    assert_eq!(status, 400);
    assert_eq!(app.count("report").await, 0);
}

async fn a_body_streamed_past_the_limit_without_length_is_refused(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.limits.json_body_bytes = 2048).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..10).map(|_| Ok(vec![b' '; 1024])).collect();
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let (status, body) = send_raw(&app, "application/json", body).await;
    assert_eq!((status, body["error"]["code"].as_str()), (413, Some("payload_too_large")));
}

async fn errors_are_in_english_when_the_client_prefers_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut report = valid_report();
    report["feeling"] = 9.into();
    let english: Value = app
        .client
        .post(format!("{}/api/v1/reports", app.address))
        .header(ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .json(&report)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(english["error"]["message"], "Some fields need correcting.");
    assert_eq!(english["error"]["fields"]["feeling"][0], "Must be between 1 and 5.");
    let swedish: Value = app.post_report(&report).await.json().await.unwrap();
    assert_eq!(swedish["error"]["message"], "Några uppgifter behöver rättas.");
    assert_eq!(swedish["error"]["fields"]["feeling"][0], "Måste vara mellan 1 och 5.");
}

async fn unknown_api_paths_are_json_404s(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/api/v1/nothing", "/api/v2/reports", "/api/v1/areas/lookup/extra"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
    let response = app.get("/api/v1/areas/lookup?lat=north&lon=13").await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "bad_query");
}

crate::on_both_backends!(
    malformed_oversized_and_non_json_bodies_get_clear_errors,
    a_body_streamed_past_the_limit_without_length_is_refused,
    errors_are_in_english_when_the_client_prefers_it,
    unknown_api_paths_are_json_404s,
);

/// PostgreSQL goes away under a running app: 503 with Retry-After, and once it is back the
/// report accepted before is still there and intake works again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_going_away_answers_503_and_loses_nothing() {
    let app = spawn_app_with(Backend::Postgres, |s| s.database_pool.acquire_timeout_seconds = 1).await;
    let accepted = valid_report();
    assert_eq!(app.post_report(&accepted).await.status(), 201);

    let mut admin = PgConnection::connect(&postgres_admin_url()).await.unwrap();
    let name = &app.database.name;
    admin.execute(format!(r#"ALTER DATABASE "{name}" ALLOW_CONNECTIONS false"#).as_str()).await.unwrap();
    admin
        .execute(format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'").as_str())
        .await
        .unwrap();

    let response = app.post_report(&valid_report()).await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "unavailable");
    assert_eq!(app.get("/ready").await.status(), 503);
    assert_eq!(app.get("/health").await.status(), 200, "the process is still up");

    admin.execute(format!(r#"ALTER DATABASE "{name}" ALLOW_CONNECTIONS true"#).as_str()).await.unwrap();
    assert_eq!(app.get("/ready").await.status(), 200);
    assert_eq!(app.post_report(&accepted).await.status(), 200, "the first report survived");
    assert_eq!(app.post_report(&valid_report()).await.status(), 201);
}
