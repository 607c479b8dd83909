//! What the IT department watches and does: metrics, request ids, readiness with the mail
//! backlog, and backups that restore.

use std::process::Command;

use sea_orm::{ConnectionTrait, Statement};
use secrecy::SecretString;
use serde_json::Value;
use sqlx::{Connection, Executor, Row};
use trygg::domain::user::Role;

use crate::cli::trygg;
use crate::helpers::{spawn_app, spawn_app_with, valid_inrapport, Backend, TestDatabase};

async fn metrics_are_for_the_scraper_only_and_count_by_route(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.metrics.token = SecretString::from("skrapa-mig-garna-9f2c")).await;
    let receipt = app.report().await;
    let staff = app.staff(Role::Staff).await;
    assert_eq!(staff.post("/api/v1/inrapporter", &valid_inrapport()).await.status(), 201);
    app.get(&format!("/api/v1/track/{}", receipt["tracking_token"].as_str().unwrap())).await;
    let metrics = |token: Option<&str>| {
        let mut request = app.client.get(format!("{}/metrics", app.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(metrics(None).await.unwrap().status(), 401);
    assert_eq!(metrics(Some("fel")).await.unwrap().status(), 401);
    let text = metrics(Some("skrapa-mig-garna-9f2c")).await.unwrap().text().await.unwrap();
    for expected in [
        r#"trygg_http_requests_total{method="POST",route="/api/v1/reports",status="201"} 1"#,
        r#"trygg_reports_received_total{source="pwa"} 1"#,
        r#"trygg_reports_received_total{source="staff"} 1"#,
        r#"route="/api/v1/track/{token}""#,
        "trygg_http_request_duration_seconds_bucket",
        "trygg_outbox_emails{status=\"failed\"} 0",
        "trygg_outbox_oldest_due_seconds",
        "trygg_db_pool_connections{state=\"open\"}",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    assert!(!text.contains(receipt["tracking_token"].as_str().unwrap()), "no token becomes a label");
}

async fn without_configuration_metrics_are_not_served(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/metrics").await.status(), 404);
}

async fn metrics_can_have_an_address_of_their_own(backend: Backend) {
    // Port 0: the system picks a free port at bind time, so parallel tests never race for one.
    let app = spawn_app_with(backend, |s| s.metrics.bind = "127.0.0.1:0".into()).await;
    let port = app.metrics_port.expect("a metrics address");
    app.report().await;
    let text = reqwest::get(format!("http://127.0.0.1:{port}/metrics")).await.unwrap().text().await.unwrap();
    assert!(text.contains(r#"trygg_reports_received_total{source="pwa"} 1"#), "{text}");
    assert_eq!(app.get("/metrics").await.status(), 404, "and not on the public address");
}

async fn every_answer_carries_a_request_id_and_ready_tells_the_mail_backlog(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.get("/ready").await;
    let second = app.get("/api/v1/categories").await;
    let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id(&first).len(), 32);
    assert_ne!(id(&first), id(&second));
    let ready: Value = first.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["outbox"]["failed"], 0);
    assert!(ready["outbox"]["oldest_due_seconds"].is_number());
}

async fn report_count(db: &impl ConnectionTrait) -> i64 {
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM report"))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sqlite_backup_taken_while_serving_opens_and_migrates() {
    let app = spawn_app(Backend::Sqlite).await;
    for _ in 0..3 {
        app.report().await;
    }
    let file = app.database.data_dir.join("backup.db");
    let output = trygg(&app.database, &["backup", file.to_str().unwrap()], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let again = trygg(&app.database, &["backup", file.to_str().unwrap()], &[]);
    assert!(!again.status.success(), "a backup never overwrites");
    let restored = TestDatabase {
        backend: Backend::Sqlite,
        url: format!("sqlite://{}", file.display()),
        name: "backup".into(),
        data_dir: app.database.data_dir.join("restored"),
    };
    std::fs::create_dir_all(&restored.data_dir).unwrap();
    let output = trygg(&restored, &["migrate"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut reader = sqlx::SqliteConnection::connect(&restored.url).await.unwrap();
    let n: i64 = reader.fetch_one("SELECT COUNT(*) FROM report").await.unwrap().get(0);
    assert_eq!(n, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_dump_restores_into_a_working_trygg() {
    let app = spawn_app(Backend::Postgres).await;
    for _ in 0..3 {
        app.report().await;
    }
    let dump = app.database.data_dir.join("trygg.dump");
    let status = Command::new("pg_dump").args(["-Fc", "-f"]).arg(&dump).arg(&app.database.url).status().unwrap();
    assert!(status.success(), "pg_dump");
    let restored = TestDatabase::create(Backend::Postgres).await;
    let status = Command::new("pg_restore").args(["--no-owner", "-d", &restored.url]).arg(&dump).status().unwrap();
    assert!(status.success(), "pg_restore");
    let output = trygg(&restored, &["migrate"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let settings = crate::helpers::test_settings(&restored);
    let db = trygg::store::connect(&settings).await.unwrap();
    assert_eq!(report_count(&db).await, 3);
}

crate::on_both_backends!(
    metrics_are_for_the_scraper_only_and_count_by_route,
    without_configuration_metrics_are_not_served,
    metrics_can_have_an_address_of_their_own,
    every_answer_carries_a_request_id_and_ready_tells_the_mail_backlog,
);
