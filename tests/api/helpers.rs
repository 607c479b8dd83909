//! Starts the real application on a random port with a fresh database — an SQLite file or a
//! uniquely named PostgreSQL database, dropped afterwards — and speaks HTTP to it.

use std::path::PathBuf;

use chrono::{Duration, Utc};
use reqwest::{Client, Response};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use secrecy::SecretString;
use serde_json::{json, Value};
use sqlx::{Connection, Executor, PgConnection};
use trygg::config::Settings;
use trygg::startup::Application;
use uuid::Uuid;

/// The server tests create their PostgreSQL databases on (trust auth).
pub fn postgres_admin_url() -> String {
    std::env::var("TRYGG_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(Backend)` as two tests, `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Backend::Sqlite).await })+
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Backend::Postgres).await })+
        }
    };
}

pub struct TestApp {
    pub address: String,
    /// Where `/metrics` is served when `metrics.bind` is set (port 0 picks a free one).
    pub metrics_port: Option<u16>,
    pub client: Client,
    pub settings: Settings,
    pub db: DatabaseConnection,
    pub database: TestDatabase,
}

/// A fresh database and data directory, removed when dropped.
pub struct TestDatabase {
    pub backend: Backend,
    pub url: String,
    pub name: String,
    pub data_dir: PathBuf,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
        let name = format!("trygg_test_{}", Uuid::new_v4().simple());
        let data_dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&data_dir).expect("creating the test data directory");
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}/trygg.db", data_dir.display()),
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let mut conn = PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL at {admin} is unreachable ({e}); the PostgreSQL tests need it (set TRYGG_TEST_POSTGRES)")
                });
                conn.execute(format!(r#"CREATE DATABASE "{name}""#).as_str()).await.expect("CREATE DATABASE");
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base).to_owned();
                format!("{base}/{name}")
            }
        };
        TestDatabase { backend, url, name, data_dir }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if self.backend == Backend::Postgres {
            let name = self.name.clone();
            // Drop runs inside the test's runtime; a thread with its own runtime may block.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async {
                    if let Ok(mut conn) = PgConnection::connect(&postgres_admin_url()).await {
                        let _ =
                            conn.execute(format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#).as_str()).await;
                    }
                });
            })
            .join();
        }
    }
}

/// Settings for a test app on `database`: random port, no PWA, a rate limit tests do not hit.
pub fn test_settings(database: &TestDatabase) -> Settings {
    let mut settings = Settings::load(None).expect("default settings load");
    settings.bind = "127.0.0.1:0".parse().unwrap();
    settings.database_url = SecretString::from(database.url.clone());
    settings.data_dir = database.data_dir.clone();
    settings.areas_file = repo_path("config/areas.geojson");
    settings.places_file = repo_path("config/places.geojson");
    settings.pwa_dir = database.data_dir.join("no-pwa");
    settings.rate_limit.reports_per_minute = 100_000;
    settings.rate_limit.reports_burst = 100_000;
    settings.rate_limit.survey_responses_per_minute = 100_000;
    settings.rate_limit.survey_responses_burst = 100_000;
    // Tests purge with a clock of their own; the daily run has a test of its own.
    settings.retention.daily = false;
    settings
}

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(relative)
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(TestDatabase::create(backend).await, adjust).await
}

/// The app on a database the test prepared itself (on a small file system, say).
pub async fn spawn_app_on(database: TestDatabase, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let mut settings = test_settings(&database);
    adjust(&mut settings);
    let app = Application::build(settings.clone()).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_port = app.metrics_port();
    tokio::spawn(app.run_until_stopped());
    let db = trygg::store::connect(&settings).await.expect("a second connection for assertions");
    TestApp { address, metrics_port, client: Client::new(), settings, db, database }
}

impl TestApp {
    pub async fn post_report(&self, body: &Value) -> Response {
        self.client.post(format!("{}/api/v1/reports", self.address)).json(body).send().await.expect("POST /reports")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{}", self.address, path)).send().await.expect("GET")
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db
            .query_one(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("a count")
    }
}

/// A report that passes every rule: at Herrljunga station, an hour ago.
pub fn valid_report() -> Value {
    json!({
        "client_id": Uuid::new_v4(),
        "category": "unsafe_place",
        "subtype": "lighting",
        "description": "Gångtunneln vid stationen är helt mörk på kvällarna.",
        "lat": 58.0795,
        "lon": 13.0240,
        "accuracy_m": 12.0,
        "occurred_at": (Utc::now() - Duration::hours(1)).to_rfc3339(),
        "time_of_day": "evening",
        "recurring": true,
        "feeling": 4
    })
}

/// Field errors of a 422 body: field → machine codes.
pub fn field_codes(body: &Value) -> &serde_json::Map<String, Value> {
    body["error"]["field_codes"].as_object().expect("field_codes in a validation error")
}

pub const PASSWORD: &str = "en lång och hemlig lösenfras";

/// A logged-in staff member's client: sends the session cookie and Trygg's own `Origin`.
pub struct Staff<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
    pub user_id: i32,
}

impl TestApp {
    /// Adds an active user with `role` (email `{role}@herrljunga.se` unless given).
    pub async fn add_user(&self, email: &str, role: trygg::domain::user::Role, must_change: bool) -> i32 {
        let hash = trygg::auth::password::hash(PASSWORD).unwrap();
        let new = trygg::store::accounts::NewUser {
            email,
            name: &format!("Test {role}"),
            role,
            organisation: Some("Räddningstjänsten"),
            password_hash: hash,
            must_change_password: must_change,
        };
        trygg::store::accounts::add_user(&self.db, new, Utc::now()).await.unwrap().id
    }

    pub fn origin(&self) -> String {
        self.settings.public_origin().to_owned()
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.client
            .post(format!("{}/api/v1/auth/login", self.address))
            .header("Origin", self.origin())
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// A fresh user with `role`, logged in.
    pub async fn staff(&self, role: trygg::domain::user::Role) -> Staff<'_> {
        let email = format!("{}-{}@herrljunga.se", role, Uuid::new_v4().simple());
        let user_id = self.add_user(&email, role, false).await;
        let response = self.login(&email, PASSWORD).await;
        assert_eq!(response.status(), 200, "login as {role}");
        Staff { app: self, cookie: session_cookie(&response), user_id }
    }

    /// Posts a valid resident report and returns its receipt.
    pub async fn report(&self) -> Value {
        let response = self.post_report(&valid_report()).await;
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }
}

/// `trygg_session=…` from a login response.
pub fn session_cookie(response: &Response) -> String {
    let header = response.headers().get("set-cookie").expect("a session cookie").to_str().unwrap();
    header.split(';').next().unwrap().to_owned()
}

impl Staff<'_> {
    pub async fn get(&self, path: &str) -> Response {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Response {
        let mut request = self
            .app
            .client
            .request(method, format!("{}{}", self.app.address, path))
            .header("Cookie", &self.cookie)
            .header("Origin", self.app.origin());
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    /// Runs a triage action and returns the status and body.
    pub async fn act(&self, id: &str, action: Value) -> (u16, Value) {
        let response = self.post(&format!("/api/v1/reports/{id}/actions"), &action).await;
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }
}

/// A valid inrapport with one event at the station.
pub fn valid_inrapport() -> Value {
    json!({
        "client_id": Uuid::new_v4(),
        "events": [{
            "occurred_at": (Utc::now() - Duration::hours(3)).to_rfc3339(),
            "lat": 58.0795, "lon": 13.0240,
            "category": "staff_incident",
            "description": "Personal på fritidsgården blev hotad av en grupp.",
            "people_count": 4, "age_band": "youth",
            "assessment": 3, "observation": "observed",
            "police_report_made": true, "police_report_number": "5000-K123456-26",
            "action_taken": "Vi ringde polisen.", "damage_cost_sek": 0, "follow_up_by": "SSPF"
        }]
    })
}

/// `$1`-style placeholders for PostgreSQL, `?` for SQLite.
pub fn sql(backend: Backend, text: &str) -> String {
    match backend {
        Backend::Postgres => text.to_owned(),
        Backend::Sqlite => (1..10).fold(text.to_owned(), |t, n| t.replace(&format!("${n}"), "?")),
    }
}
