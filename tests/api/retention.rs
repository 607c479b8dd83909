//! Retention (gallring) with a clock moved forward: personal data goes when the rules say, the
//! reports stay, every real run is audited, and a dry run changes nothing.

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use serde_json::{json, Value};
use trygg::domain::retention::{RetentionPolicy, Rule};
use trygg::domain::user::Role;
use trygg::store::entity::{outbox_email, report};
use trygg::store::retention::purge;

use crate::cli::trygg;
use crate::helpers::{spawn_app_with, valid_report, Backend, Staff, TestApp};

async fn number(app: &TestApp, sql: &str) -> i64 {
    let row = app.db.query_one(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// A report with an e-mail address, taken along the workflow to closed.
async fn closed_report_with_contact(app: &TestApp, coordinator: &Staff<'_>) -> Value {
    let mut body = valid_report();
    body["contact"] = json!({ "name": "Åsa", "email": "asa@example.se", "consent": true });
    let receipt: Value = app.post_report(&body).await.json().await.unwrap();
    let id = receipt["id"].as_str().unwrap();
    for status in ["triaged", "in_progress", "resolved", "closed"] {
        let (code, _) = coordinator.act(id, json!({"action": "status", "status": status})).await;
        assert_eq!(code, 200, "{status}");
    }
    receipt
}

fn rows(purged: &[trygg::store::retention::Purged], rule: Rule) -> u64 {
    purged.iter().find(|p| p.rule == rule).map_or(0, |p| p.rows)
}

async fn contact_details_go_a_year_after_closing_and_the_report_stays(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.mail.batch_window = std::time::Duration::ZERO).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let closed = closed_report_with_contact(&app, &coordinator).await;
    let mut open = valid_report();
    open["contact"] = json!({ "email": "bo@example.se", "consent": true });
    assert_eq!(app.post_report(&open).await.status(), 201);
    let policy = RetentionPolicy::default();
    let nothing = |_, _| {};

    let in_eleven_months = Utc::now() + Duration::days(335);
    let purged = purge(&app.db, &policy, in_eleven_months, false, &nothing).await.unwrap();
    assert_eq!(rows(&purged, Rule::ContactDetails), 0, "not yet a year");

    let in_thirteen_months = Utc::now() + Duration::days(396);
    let dry = purge(&app.db, &policy, in_thirteen_months, true, &nothing).await.unwrap();
    assert_eq!(rows(&dry, Rule::ContactDetails), 1);
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM report WHERE contact_email IS NOT NULL").await,
        2,
        "a dry run changes nothing"
    );
    let audited = number(&app, "SELECT COUNT(*) FROM purge_log").await;

    let purged = purge(&app.db, &policy, in_thirteen_months, false, &nothing).await.unwrap();
    assert_eq!(rows(&purged, Rule::ContactDetails), 1);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM report").await, 2, "reports are public records and stay");
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM report WHERE contact_email IS NOT NULL").await,
        1,
        "the open one keeps its"
    );
    assert_eq!(number(&app, "SELECT COUNT(*) FROM report WHERE contact_name IS NOT NULL").await, 0);
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM mail_subscription").await,
        1,
        "the closed one's subscription went too"
    );
    let logged = number(&app, "SELECT COUNT(*) FROM purge_log").await;
    assert_eq!(logged - audited, policy.cutoffs(in_thirteen_months).len() as i64, "one audit row per rule per run");
    let audit = "SELECT COUNT(*) FROM purge_log WHERE rule = 'contact_details' AND removed = 1";
    assert_eq!(number(&app, audit).await, 1);
    let id = closed["id"].as_str().unwrap();
    let coordinator = app.staff(Role::Coordinator).await; // the old session went with the old sessions
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{id}")).await.json().await.unwrap();
    assert_eq!((&detail["contact"], &detail["status"]), (&Value::Null, &json!("closed")), "{detail}");
}

async fn opting_out_removes_the_contact_details_at_once(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.mail.batch_window = std::time::Duration::ZERO).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let mut body = valid_report();
    body["contact"] = json!({ "email": "asa@example.se", "phone": "070-123 45 67", "consent": true });
    let receipt: Value = app.post_report(&body).await.json().await.unwrap();
    let (code, _) =
        coordinator.act(receipt["id"].as_str().unwrap(), json!({"action": "status", "status": "triaged"})).await;
    assert_eq!(code, 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let email = loop {
        let emails = outbox_email::Entity::find().all(&app.db).await.unwrap();
        if let Some(e) = emails.into_iter().find(|e| e.kind == "reporter_update") {
            break e;
        }
        assert!(std::time::Instant::now() < deadline, "no reporter e-mail");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let opt_out = email.unsubscribe_url.unwrap().replace(&app.settings.public_base().to_owned(), &app.address);
    assert_eq!(app.client.post(&opt_out).send().await.unwrap().status(), 200);
    let stored = report::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.contact_email, stored.contact_phone), (None, None));
    assert_eq!(app.client.get(&opt_out).send().await.unwrap().status(), 200, "the link still says it is done");
}

async fn old_mail_bodies_sessions_and_login_attempts_go(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.mail.batch_window = std::time::Duration::ZERO).await;
    let coordinator = app.staff(Role::Coordinator).await;
    closed_report_with_contact(&app, &coordinator).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while number(&app, "SELECT COUNT(*) FROM outbox_email WHERE status = 'sent' AND kind = 'reporter_update'").await
        == 0
    {
        assert!(std::time::Instant::now() < deadline, "the reporter's e-mail was not sent");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(app.login("nobody@herrljunga.se", "fel lösenord här").await.status(), 401);
    let in_a_quarter = Utc::now() + Duration::days(91);
    let purged = purge(&app.db, &RetentionPolicy::default(), in_a_quarter, false, &|_, _| {}).await.unwrap();
    assert!(rows(&purged, Rule::EmailBodies) >= 1);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM outbox_email WHERE body_text <> ''").await, 0);
    let masked = "SELECT COUNT(*) FROM outbox_email WHERE kind = 'reporter_update' AND recipient = 'a***@example.se'";
    assert!(number(&app, masked).await >= 1, "a reporter's address on old mail is masked");
    assert!(number(&app, "SELECT COUNT(*) FROM outbox_email").await >= 1, "the record of sending stays");
    assert_eq!(number(&app, "SELECT COUNT(*) FROM login_attempt").await, 0);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM session").await, 0);
    assert!(rows(&purged, Rule::Sessions) >= 1 && rows(&purged, Rule::LoginAttempts) >= 2);
}

async fn coordinates_are_coarsened_only_when_decided_and_only_for_closed_reports(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let coordinator = app.staff(Role::Coordinator).await;
    closed_report_with_contact(&app, &coordinator).await;
    assert_eq!(app.post_report(&valid_report()).await.status(), 201);
    let later = Utc::now() + Duration::days(200);
    let kept = purge(&app.db, &RetentionPolicy::default(), later, false, &|_, _| {}).await.unwrap();
    assert!(kept.iter().all(|p| p.rule != Rule::Coordinates), "not a rule unless decided");
    let decided = RetentionPolicy { coarsen_months_after_closed: Some(6), ..RetentionPolicy::default() };
    let purged = purge(&app.db, &decided, later, false, &|_, _| {}).await.unwrap();
    assert_eq!(rows(&purged, Rule::Coordinates), 1);
    let exact = "SELECT COUNT(*) FROM report WHERE lat = 58.0795 AND lon = 13.024";
    assert_eq!(number(&app, exact).await, 1, "the open report keeps its position");
    let again = purge(&app.db, &decided, later, false, &|_, _| {}).await.unwrap();
    assert_eq!(rows(&again, Rule::Coordinates), 0, "coarsened once");
}

async fn reopening_a_report_makes_it_open_again_for_retention(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let id = receipt["id"].as_str().unwrap();
    let reject = json!({"action": "status", "status": "rejected", "public_reply": "Inte kommunens ansvar."});
    assert_eq!(coordinator.act(id, reject).await.0, 200);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM report WHERE closed_at IS NOT NULL").await, 1);
    assert_eq!(coordinator.act(id, json!({"action": "status", "status": "triaged"})).await.0, 200);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM report WHERE closed_at IS NOT NULL").await, 0);
}

async fn the_purge_command_says_what_it_would_remove(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let before = number(&app, "SELECT COUNT(*) FROM purge_log").await;
    let output = trygg(&app.database, &["purge", "--dry-run"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    for rule in ["contact_details", "email_bodies", "sessions", "login_attempts"] {
        assert!(text.contains(&format!("{rule:<16} would remove")), "{text}");
    }
    assert_eq!(number(&app, "SELECT COUNT(*) FROM purge_log").await, before, "a dry run is not recorded");
    let output = trygg(&app.database, &["purge"], &[]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("Recorded in purge_log."));
}

async fn serve_purges_by_itself_once_a_day(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.retention.daily = true).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while number(&app, "SELECT COUNT(*) FROM purge_log").await == 0 {
        assert!(std::time::Instant::now() < deadline, "no purge ran at start");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

crate::on_both_backends!(
    serve_purges_by_itself_once_a_day,
    contact_details_go_a_year_after_closing_and_the_report_stays,
    opting_out_removes_the_contact_details_at_once,
    old_mail_bodies_sessions_and_login_attempts_go,
    coordinates_are_coarsened_only_when_decided_and_only_for_closed_reports,
    reopening_a_report_makes_it_open_again_for_retention,
    the_purge_command_says_what_it_would_remove,
);
