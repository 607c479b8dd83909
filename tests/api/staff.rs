//! Staff accounts and sessions: login, throttling, logout, disabling, one-time passwords, expiry,
//! and the defence against cross-site writes.

use serde_json::{json, Value};
use trygg::domain::user::Role;

use crate::helpers::{session_cookie, spawn_app, Backend, PASSWORD};

async fn a_user_logs_in_with_a_strict_http_only_cookie_and_out_again(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("sara@herrljunga.se", Role::Coordinator, false).await;
    let response = app.login("  Sara@Herrljunga.SE ", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain http in tests");
    let me: Value = response.json().await.unwrap();
    assert_eq!((me["email"].as_str(), me["role"].as_str()), (Some("sara@herrljunga.se"), Some("coordinator")));

    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let get_me = || app.client.get(format!("{}/api/v1/auth/me", app.address)).header("Cookie", &cookie).send();
    assert_eq!(get_me().await.unwrap().status(), 200);
    let logout = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.address))
        .header("Cookie", &cookie)
        .header("Origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    assert_eq!(get_me().await.unwrap().status(), 401, "the session ended on the server");
}

async fn wrong_passwords_are_refused_then_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("kim@herrljunga.se", Role::Staff, false).await;
    for _ in 0..5 {
        let response = app.login("kim@herrljunga.se", "fel lösenord igen").await;
        assert_eq!(response.status(), 401);
        assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "bad_credentials");
    }
    let throttled = app.login("kim@herrljunga.se", PASSWORD).await;
    assert_eq!(throttled.status(), 429, "even the right password waits");
    assert!(throttled.headers().contains_key("retry-after"));
    let unknown = app.login("ingen@herrljunga.se", PASSWORD).await;
    assert_eq!(unknown.status(), 429, "the address is throttled too");
}

async fn disabling_a_user_ends_their_session_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.staff(Role::Staff).await;
    assert_eq!(staff.get("/api/v1/auth/me").await.status(), 200);
    let me: Value = staff.get("/api/v1/auth/me").await.json().await.unwrap();
    trygg::store::accounts::disable_user(&app.db, me["email"].as_str().unwrap(), chrono::Utc::now()).await.unwrap();
    assert_eq!(staff.get("/api/v1/auth/me").await.status(), 401);
    assert_eq!(app.login(me["email"].as_str().unwrap(), PASSWORD).await.status(), 401);
}

async fn a_one_time_password_must_be_changed_first(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_user("ny@herrljunga.se", Role::Coordinator, true).await;
    let login = app.login("ny@herrljunga.se", PASSWORD).await;
    assert_eq!(login.json::<Value>().await.unwrap()["must_change_password"], true);
    let login = app.login("ny@herrljunga.se", PASSWORD).await;
    let staff = crate::helpers::Staff { app: &app, cookie: session_cookie(&login), user_id: 0 };
    let blocked = staff.get("/api/v1/reports").await;
    assert_eq!(blocked.status(), 403);
    assert_eq!(blocked.json::<Value>().await.unwrap()["error"]["code"], "password_change_required");

    let too_short =
        staff.post("/api/v1/auth/password", &json!({"current_password": PASSWORD, "new_password": "kort"})).await;
    assert_eq!(too_short.status(), 422);
    let wrong = staff
        .post("/api/v1/auth/password", &json!({"current_password": "fel", "new_password": "ett nytt långt lösenord"}))
        .await;
    assert_eq!(wrong.status(), 422);
    let changed = staff
        .post(
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "ett nytt långt lösenord"}),
        )
        .await;
    assert_eq!(changed.status(), 204);
    assert_eq!(staff.get("/api/v1/reports").await.status(), 200);
    assert_eq!(app.login("ny@herrljunga.se", "ett nytt långt lösenord").await.status(), 200);
}

async fn an_idle_or_expired_session_is_over(backend: Backend) {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app(backend).await;
    let idle = app.staff(Role::Coordinator).await;
    let expired = app.staff(Role::Coordinator).await;
    let long_ago = (chrono::Utc::now() - chrono::Duration::hours(3)).to_rfc3339();
    let hash = |cookie: &str| trygg::http::session::token_id(cookie.trim_start_matches("trygg_session="));
    let db = app.db.get_database_backend();
    let stale = Statement::from_sql_and_values(
        db,
        crate::helpers::sql(backend, "UPDATE session SET last_seen_at = $1 WHERE id = $2"),
        [chrono::DateTime::parse_from_rfc3339(&long_ago).unwrap().to_utc().into(), hash(&idle.cookie).into()],
    );
    app.db.execute(stale).await.unwrap();
    let over = Statement::from_sql_and_values(
        db,
        crate::helpers::sql(backend, "UPDATE session SET expires_at = $1 WHERE id = $2"),
        [chrono::Utc::now().into(), hash(&expired.cookie).into()],
    );
    app.db.execute(over).await.unwrap();
    assert_eq!(idle.get("/api/v1/auth/me").await.status(), 401, "idle past 120 minutes");
    assert_eq!(expired.get("/api/v1/auth/me").await.status(), 401, "past the absolute expiry");
}

async fn cookie_writes_from_another_origin_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let path = format!("{}/api/v1/reports/{}/actions", app.address, receipt["id"].as_str().unwrap());
    let note = json!({"action": "note", "text": "Kollat."});
    for origin in [Some("https://evil.example"), None] {
        let mut request = app.client.post(&path).header("Cookie", &staff.cookie).json(&note);
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403, "{origin:?}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "cross_site");
    }
    assert_eq!(
        staff.post(&format!("/api/v1/reports/{}/actions", receipt["id"].as_str().unwrap()), &note).await.status(),
        200
    );
}

crate::on_both_backends!(
    a_user_logs_in_with_a_strict_http_only_cookie_and_out_again,
    wrong_passwords_are_refused_then_throttled,
    disabling_a_user_ends_their_session_at_once,
    a_one_time_password_must_be_changed_first,
    an_idle_or_expired_session_is_over,
    cookie_writes_from_another_origin_are_refused,
);
