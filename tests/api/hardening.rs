//! What an attacker or a careless client tries: headers and methods, text a database cannot
//! store, idempotency keys that are not one's own, secrets at rest, guessing passwords in bursts,
//! and slow bodies that hold connections open.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use trygg::domain::user::Role;

use crate::helpers::{
    field_codes, spawn_app, spawn_app_with, valid_inrapport, valid_report, Backend, TestApp, PASSWORD,
};

/// An app that serves a (tiny) built PWA, as production does.
async fn app_with_pwa(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| {
        let dir = s.data_dir.join("pwa");
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html><title>Trygg</title>").unwrap();
        std::fs::write(dir.join("assets/app-1234.js"), "export {}").unwrap();
        s.pwa_dir = dir;
    })
    .await
}

async fn every_response_says_what_the_page_may_do(backend: Backend) {
    let app = app_with_pwa(backend).await;
    for path in ["/", "/rapportera", "/api/v1/categories", "/health", "/folj/abc"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("img-src 'self' data: blob: https://tile.openstreetmap.org"), "the tile host: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers["permissions-policy"].to_str().unwrap().contains("geolocation=(self)"), "{path}");
        let referrer = if path.starts_with("/folj/") { "no-referrer" } else { "same-origin" };
        assert_eq!(headers["referrer-policy"], referrer, "{path}");
        assert!(!headers.contains_key("strict-transport-security"), "plain http gets no HSTS");
    }
    let token = app.report().await["tracking_token"].as_str().unwrap().to_owned();
    let tracked = app.get(&format!("/api/v1/track/{token}")).await;
    assert_eq!(tracked.headers()["referrer-policy"], "no-referrer");
}

async fn an_https_instance_asks_for_https_only(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.public_url = "https://trygg.example".into()).await;
    let response = app.get("/health").await;
    assert!(response.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}

async fn head_answers_like_get_and_other_methods_get_405_with_allow(backend: Backend) {
    let app = app_with_pwa(backend).await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, item)| item.get("get").is_some() && !path.contains('{'))
        .map(|(path, _)| path.clone())
        .collect();
    assert!(paths.len() > 5, "{paths:?}");
    for path in paths {
        let url = format!("{}{}", app.address, path);
        let get = app.client.get(&url).send().await.unwrap();
        let head = app.client.head(&url).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        assert_eq!(head.headers().get("content-type"), get.headers().get("content-type"), "HEAD {path}");
    }
    for (method, path, allow) in [
        (Method::PUT, "/api/v1/reports", "GET, HEAD, POST"),
        (Method::DELETE, "/api/v1/categories", "GET, HEAD"),
        (Method::GET, "/api/v1/auth/login", "POST"),
        (Method::DELETE, "/", "GET, HEAD"),
        (Method::OPTIONS, "/rapportera", "GET, HEAD"),
    ] {
        let response = app.client.request(method.clone(), format!("{}{}", app.address, path)).send().await.unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(response.headers()["allow"], allow, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "method_not_allowed", "{method} {path}");
    }
}

async fn health_checks_and_missing_assets_never_fall_through_to_the_app(backend: Backend) {
    let app = app_with_pwa(backend).await;
    for path in ["/health", "/ready"] {
        let head = app.client.head(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(head.headers()["content-type"], "application/json", "HEAD {path}");
    }
    let missing = app.get("/assets/").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get("cache-control").is_none_or(|c| !c.to_str().unwrap().contains("immutable")));
    let asset = app.get("/assets/app-1234.js").await;
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let page = app.get("/personal").await;
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let odd = app.get("/..%2f..%2fetc%2fpasswd").await;
    assert!(odd.status().is_client_error());
    let body: Value = odd.json().await.expect("path errors are JSON too");
    assert!(body["error"]["code"].is_string());
}

async fn text_with_a_nul_is_refused_in_every_field_and_stores_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    for (field, value) in [
        ("description", json!("a\u{0}b")),
        ("place_description", json!("vid\u{7}kiosken")),
        ("contact", json!({ "name": "Å\u{0}sa", "consent": true })),
    ] {
        let mut report = valid_report();
        report[field] = value;
        let response = app.post_report(&report).await;
        assert_eq!(response.status(), 422, "{field}");
        let body: Value = response.json().await.unwrap();
        let name = if field == "contact" { "contact.name" } else { field };
        assert_eq!(field_codes(&body)[name], json!(["control_character"]), "{field}: {body}");
    }
    let mut fine = valid_report();
    fine["description"] = json!("Rad ett\nrad två\tmed tabb");
    assert_eq!(app.post_report(&fine).await.status(), 201, "newlines and tabs are text");
    assert_eq!(app.count("report").await, 1);

    let login = app.login("coord\u{0}@herrljunga.se", PASSWORD).await;
    assert_eq!(login.status(), 422);
    let coordinator = app.staff(Role::Coordinator).await;
    let search = coordinator.get("/api/v1/reports?q=a%00b").await;
    assert_eq!(search.status(), 422);
    let body: Value = search.json().await.unwrap();
    assert_eq!(field_codes(&body)["q"], json!(["control_character"]));
}

async fn unknown_query_parameters_are_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    for path in
        ["/api/v1/reports?colour=red", "/api/v1/reports/counts?limit=5&x=1", "/api/v1/areas/lookup?lat=58&lon=13&z=1"]
    {
        let response = coordinator.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "bad_query", "{path}");
    }
}

async fn search_folds_swedish_letters_and_far_future_dates_compare(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut report = valid_report();
    report["description"] = json!("Mörkt på Åsa torget, ingen ÖVERBLICK");
    assert_eq!(app.post_report(&report).await.status(), 201);
    let coordinator = app.staff(Role::Coordinator).await;
    for q in ["ÅSA%20TORGET", "åsa%20torget", "överblick", "ÖVERBLICK"] {
        let page: Value = coordinator.get(&format!("/api/v1/reports?q={q}")).await.json().await.unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 1, "q={q}");
    }
    let page: Value = coordinator.get("/api/v1/reports?to=9999-12-31").await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1, "year 9999 is after now");
    let page: Value = coordinator.get("/api/v1/reports?from=9999-12-31").await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
}

async fn a_client_id_belongs_to_its_sender(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = valid_report();
    let first: Value = app.post_report(&report).await.json().await.unwrap();
    let again = app.post_report(&report).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), first, "the same body: the same receipt and link");
    let mut other = report.clone();
    other["description"] = json!("Någon annans text med samma id.");
    let reused = app.post_report(&other).await;
    assert_eq!(reused.status(), 409);
    let body: Value = reused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "client_id_reused");
    assert!(body.to_string().find(first["tracking_token"].as_str().unwrap()).is_none(), "no link for another body");

    let (one, two) = (app.staff(Role::Staff).await, app.staff(Role::Staff).await);
    let inrapport = valid_inrapport();
    let mine = one.post("/api/v1/inrapporter", &inrapport).await;
    assert_eq!(mine.status(), 201);
    let theirs = two.post("/api/v1/inrapporter", &inrapport).await;
    assert_eq!(theirs.status(), 201, "another user's id is not this user's submission");
    let listed: Value = two.get("/api/v1/inrapporter/mine").await.json().await.unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

async fn a_copy_of_the_database_opens_no_tracking_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut report = valid_report();
    report["contact"] = json!({ "email": "asa@example.se", "consent": true });
    let receipt: Value = app.post_report(&report).await.json().await.unwrap();
    let token = receipt["tracking_token"].as_str().unwrap();
    let client_id = report["client_id"].as_str().unwrap();
    let backend = app.db.get_database_backend();
    let rows = app.db.query_all(Statement::from_string(backend, "SELECT * FROM report")).await.unwrap();
    for row in rows {
        let dump = format!("{row:?}");
        assert!(!dump.contains(token) && !dump.contains(client_id), "the report row holds neither secret: {dump}");
    }
    assert_eq!(app.get(&format!("/api/v1/track/{token}")).await.status(), 200, "the link still works");
}

async fn admins_see_no_reporters_addresses_in_the_outbox(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.mail.batch_window = Duration::ZERO).await;
    let mut report = valid_report();
    report["contact"] = json!({ "email": "anna@example.se", "consent": true });
    let receipt: Value = app.post_report(&report).await.json().await.unwrap();
    let coordinator = app.staff(Role::Coordinator).await;
    let (status, _) =
        coordinator.act(receipt["id"].as_str().unwrap(), json!({"action": "status", "status": "triaged"})).await;
    assert_eq!(status, 200);
    let admin = app.staff(Role::Admin).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let item = loop {
        let page: Value = admin.get("/api/v1/admin/outbox").await.json().await.unwrap();
        if let Some(item) = page["items"].as_array().unwrap().iter().find(|i| i["kind"] == "reporter_update") {
            break item.clone();
        }
        assert!(Instant::now() < deadline, "the reporter's email was not composed: {page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(item["recipient"], "a***@example.se");
}

/// A client whose connections come from another loopback address.
fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder().local_address(address.parse::<std::net::IpAddr>().unwrap()).build().unwrap()
}

async fn login(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> u16 {
    let response = client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("Origin", app.origin())
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

async fn a_burst_of_guesses_counts_every_guess_and_locks_out_only_the_guesser(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("samordnare@herrljunga.se", Role::Coordinator, false).await;
    let guesser = client_from("127.0.0.7");
    let guesses = (0..50).map(|n| {
        let guesser = guesser.clone();
        let app = &app;
        async move { login(app, &guesser, "samordnare@herrljunga.se", &format!("gissning nummer {n}")).await }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let mut counted: BTreeMap<u16, usize> = BTreeMap::new();
    for status in statuses {
        *counted.entry(status).or_default() += 1;
    }
    let checked = counted.get(&401).copied().unwrap_or(0);
    assert!((1..=5).contains(&checked), "at most five guesses were checked: {counted:?}");
    assert_eq!(checked + counted.get(&429).copied().unwrap_or(0), 50, "{counted:?}");
    let failures = "SELECT COUNT(*) AS n FROM login_attempt WHERE succeeded = false";
    let backend = app.db.get_database_backend();
    let row = app.db.query_one(Statement::from_string(backend, failures)).await.unwrap().unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 50, "every guess counts");
    assert_eq!(login(&app, &guesser, "samordnare@herrljunga.se", PASSWORD).await, 429, "the guesser waits");
    let coordinator = client_from("127.0.0.3");
    assert_eq!(
        login(&app, &coordinator, "samordnare@herrljunga.se", PASSWORD).await,
        200,
        "the owner is not locked out"
    );
}

async fn changing_a_password_is_throttled_and_weak_ones_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.staff(Role::Staff).await;
    let weak = staff
        .post("/api/v1/auth/password", &json!({"current_password": PASSWORD, "new_password": "aaaaaaaaaaaaaa"}))
        .await;
    assert_eq!(weak.status(), 422);
    assert_eq!(field_codes(&weak.json::<Value>().await.unwrap())["new_password"], json!(["weak_password"]));
    let mut statuses = Vec::new();
    for n in 0..7 {
        let body =
            json!({"current_password": format!("gissning {n}"), "new_password": "en ny lång och hemlig lösenfras"});
        statuses.push(staff.post("/api/v1/auth/password", &body).await.status().as_u16());
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429, 429]);
}

async fn rate_limits_count_an_ipv6_network_as_one_sender(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.rate_limit.reports_burst = 2;
        s.rate_limit.reports_per_minute = 1;
        s.rate_limit.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let send = |from: &'static str| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(format!("{}/api/v1/reports", app.address))
                .header("X-Forwarded-For", from)
                .json(&valid_report())
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        }
    };
    assert_eq!(send("2001:db8:1:2::1").await, 201);
    assert_eq!(send("2001:db8:1:2:ffff::9").await, 201);
    assert_eq!(send("2001:db8:1:2:abcd::1").await, 429, "the same /64");
    assert_eq!(send("2001:db8:1:3::1").await, 201, "another network");
}

async fn only_the_public_origin_counts_as_our_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.staff(Role::Staff).await;
    for (name, value) in
        [("Host", "evil.example"), ("X-Forwarded-Host", "evil.example"), ("Forwarded", "host=evil.example")]
    {
        let response = app
            .client
            .post(format!("{}/api/v1/inrapporter", app.address))
            .header("Cookie", &staff.cookie)
            .header("Origin", "http://evil.example")
            .header(name, value)
            .json(&valid_inrapport())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{name}");
    }
}

crate::on_both_backends!(
    text_with_a_nul_is_refused_in_every_field_and_stores_nothing,
    unknown_query_parameters_are_400,
    search_folds_swedish_letters_and_far_future_dates_compare,
    a_client_id_belongs_to_its_sender,
    a_copy_of_the_database_opens_no_tracking_page,
    admins_see_no_reporters_addresses_in_the_outbox,
    a_burst_of_guesses_counts_every_guess_and_locks_out_only_the_guesser,
    changing_a_password_is_throttled_and_weak_ones_are_refused,
);

mod sqlite_only {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_response_says_what_the_page_may_do() {
        super::every_response_says_what_the_page_may_do(Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_https_instance_asks_for_https_only() {
        super::an_https_instance_asks_for_https_only(Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn head_answers_like_get_and_other_methods_get_405_with_allow() {
        super::head_answers_like_get_and_other_methods_get_405_with_allow(Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn health_checks_and_missing_assets_never_fall_through_to_the_app() {
        super::health_checks_and_missing_assets_never_fall_through_to_the_app(Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn rate_limits_count_an_ipv6_network_as_one_sender() {
        super::rate_limits_count_an_ipv6_network_as_one_sender(Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn only_the_public_origin_counts_as_our_own() {
        super::only_the_public_origin_counts_as_our_own(Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn slow_bodies_time_out_and_never_take_the_health_check_down() {
        super::slow_bodies_time_out_and_never_take_the_health_check_down().await
    }
}

/// 300 connections trickle report bodies from one address: those past its burst are refused
/// before their body is read, the rest time out, and `/health` answers quickly throughout.
async fn slow_bodies_time_out_and_never_take_the_health_check_down() {
    let app = spawn_app_with(Backend::Sqlite, |s| {
        s.limits.body_timeout_seconds = 2;
        s.rate_limit.reports_burst = 5;
        s.rate_limit.reports_per_minute = 1;
    })
    .await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut slow = Vec::new();
    for _ in 0..300 {
        let mut stream = TcpStream::connect(&host).await.unwrap();
        let head = format!(
            "POST /api/v1/reports HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{{\"client_id\":\""
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        slow.push(stream);
    }
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    while started.elapsed() < Duration::from_secs(4) {
        for stream in &mut slow {
            let _ = stream.write_all(b"a").await;
        }
        let asked = Instant::now();
        let health = app.get("/health").await;
        assert_eq!(health.status(), 200);
        slowest = slowest.max(asked.elapsed());
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(slowest < Duration::from_secs(2), "/health took {slowest:?}");
    let mut answers: BTreeMap<u16, usize> = BTreeMap::new();
    for mut stream in slow {
        let mut reply = Vec::new();
        let read =
            tokio::time::timeout(Duration::from_secs(5), tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut reply))
                .await;
        assert!(read.is_ok(), "every slow connection was answered and closed");
        let text = String::from_utf8_lossy(&reply);
        let status: u16 = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        *answers.entry(status).or_default() += 1;
    }
    assert_eq!(answers.get(&408), Some(&5), "the burst waited out its deadline: {answers:?}");
    assert_eq!(answers.get(&429), Some(&295), "the rest were refused before their body: {answers:?}");
}
