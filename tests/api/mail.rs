//! Email over a real SMTP server on loopback (`smtp_sink`): what coordinators and reporters get,
//! the digest and the batching, the opt-out, and what happens when the server is down, says
//! "later" or says "never". Backoff and polling are configured small, so nothing here sleeps
//! for long: every wait polls with a deadline.

use std::collections::BTreeSet;
use std::future::Future;
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use chrono_tz::Europe::Stockholm;
use mail_parser::{Message, MimeHeaders};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::{json, Value};
use trygg::config::mail::{ClockTime, Security, TransportKind};
use trygg::config::Settings;
use trygg::domain::mail_policy::MailPolicy;
use trygg::domain::report::{PublicId, ReportStatus};
use trygg::store::entity::mail_notification;

use crate::cli::trygg;
use crate::helpers::{spawn_app_with, valid_report, Backend, TestApp, TestDatabase};
use crate::smtp_sink::{Mode, SmtpSink};

const COORDINATOR: &str = "samordnare@example.org";

pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// Mail settings for tests: delivered at once, retried within milliseconds.
pub fn fast_mail(settings: &mut Settings) {
    settings.mail.batch_window = Duration::ZERO;
    settings.mail.poll_interval = Duration::from_millis(20);
    settings.mail.retry_initial = Duration::from_millis(40);
    settings.mail.retry_max = Duration::from_millis(200);
    settings.mail.send_timeout = secs(2);
    settings.mail.claim = secs(5);
}

/// Deliver through `sink`.
pub fn through(settings: &mut Settings, sink: &SmtpSink) {
    fast_mail(settings);
    settings.mail.transport = TransportKind::Smtp;
    settings.mail.smtp.host = "127.0.0.1".into();
    settings.mail.smtp.port = sink.port();
    settings.mail.smtp.security = Security::Plain;
}

/// An app whose public URL is its real address, so links in emails can be followed.
async fn spawn_mail_app(backend: Backend, sink: &SmtpSink, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    spawn_app_with(backend, |settings| {
        settings.bind = format!("127.0.0.1:{port}").parse().unwrap();
        settings.public_url = format!("http://127.0.0.1:{port}");
        through(settings, sink);
        adjust(settings);
    })
    .await
}

/// Moves report `id` along the workflow to `to`, one step at a time, as a coordinator would.
async fn move_along(app: &TestApp, id: i64, to: ReportStatus, at: DateTime<Utc>, policy: &MailPolicy) {
    use ReportStatus::*;
    let path: &[ReportStatus] = match to {
        Triaged => &[Triaged],
        Resolved => &[Triaged, InProgress, Resolved],
        Closed => &[Closed],
        other => panic!("no test path to {other}"),
    };
    let actor = trygg::store::triage::Actor::system("samordnare");
    for step in path {
        let action = trygg::domain::workflow::Action::Status { to: *step, comment: None, reply: None };
        trygg::store::triage::apply(&app.db, id, action, &actor, at, policy).await.unwrap();
    }
}

/// Polls `check` until it holds; panics with `what` at the deadline.
pub async fn eventually<F, Fut>(what: &str, within: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + within;
    while !check().await {
        assert!(Instant::now() < deadline, "not within {within:?}: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One number from SQL.
pub async fn number(db: &impl ConnectionTrait, sql: &str) -> i64 {
    let row = db.query_one(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

pub async fn emails_in(db: &impl ConnectionTrait, status: &str) -> i64 {
    number(db, &format!("SELECT COUNT(*) FROM outbox_email WHERE status = '{status}'")).await
}

fn urgent_report() -> Value {
    let mut report = valid_report();
    report["category"] = json!("threat_violence");
    report.as_object_mut().unwrap().remove("subtype");
    report
}

fn with_contact(mut report: Value, email: &str) -> Value {
    report["contact"] = json!({ "email": email, "consent": true });
    report
}

async fn post(app: &TestApp, report: &Value, language: &str) -> Value {
    let response = app
        .client
        .post(format!("{}/api/v1/reports", app.address))
        .header("Accept-Language", language)
        .json(report)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

fn report_id(receipt: &Value) -> i64 {
    PublicId::from_str(receipt["id"].as_str().unwrap()).unwrap().id
}

/// Content types of the message and its parts, outermost first.
fn mime_structure(message: &Message) -> Vec<String> {
    message
        .parts
        .iter()
        .filter_map(|p| p.content_type())
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()))
        .collect()
}

/// The first link in `text` that starts with `prefix`.
fn link<'t>(text: &'t str, prefix: &str) -> &'t str {
    let start = text.find(prefix).unwrap_or_else(|| panic!("no link {prefix}… in\n{text}"));
    text[start..].split_whitespace().next().unwrap()
}

async fn policy(app: &TestApp) -> MailPolicy {
    let catalog = trygg::store::categories::load_catalog(&app.db).await.unwrap();
    app.settings.mail.policy(&catalog).unwrap()
}

async fn an_urgent_report_is_emailed_to_the_coordinators_with_a_summary_and_no_personal_details(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_mail_app(backend, &sink, |_| {}).await;
    let report = with_contact(urgent_report(), "vittne@example.org");
    let receipt = post(&app, &report, "sv").await;
    let id = receipt["id"].as_str().unwrap();

    let received = sink.wait_for(1, secs(10)).await;
    let message = &received[0];
    assert_eq!(message.rcpt_to, [COORDINATOR]);
    assert_eq!(message.mail_from, "trygg@example.org");
    assert!(message.data.is_ascii(), "headers and bodies are transfer-encoded");
    assert!(message.raw_headers().contains("Subject: =?utf-8?"), "RFC 2047 subject: {}", message.raw_headers());
    let parsed = message.parsed();
    assert_eq!(parsed.subject().unwrap(), format!("Brådskande rapport {id}: Hot eller våld, Herrljunga"));
    assert_eq!(mime_structure(&parsed), ["multipart/alternative", "text/plain", "text/html"]);
    for part in &parsed.parts[1..] {
        assert_eq!(part.content_type().unwrap().attribute("charset"), Some("utf-8"));
    }
    let (text, html) = (parsed.body_text(0).unwrap(), parsed.body_html(0).unwrap());
    for expected in [id, "Hot eller våld (brådskande)", "Område:    Herrljunga", "Prioritet: inte satt"] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    assert!(html.contains("<strong>(brådskande)</strong>"), "{html}");
    let description = report["description"].as_str().unwrap();
    for private in [description, "vittne@example.org"] {
        assert!(!text.contains(private) && !html.contains(private), "{private} must not leave Trygg by email");
    }
    let url = link(&text, &app.settings.public_url);
    assert_eq!(url, format!("{}/personal/rapport/{id}", app.settings.public_url));
    assert!(html.contains(&format!(r#"href="{url}""#)));

    eventually("the email is marked sent", secs(5), || async { emails_in(&app.db, "sent").await == 1 }).await;
    let sql = "SELECT message_id FROM outbox_email";
    let row = app.db.query_one(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap().unwrap();
    let stored: String = row.try_get_by_index(0).unwrap();
    assert_eq!(stored, format!("<{}>", message.message_id()));
    assert!(stored.ends_with("@127.0.0.1>"), "the public URL's host: {stored}");
}

async fn several_urgent_reports_in_a_short_while_become_one_email(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_mail_app(backend, &sink, |s| s.mail.batch_window = Duration::from_millis(1500)).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(post(&app, &urgent_report(), "sv").await["id"].as_str().unwrap().to_owned());
    }
    let received = sink.wait_for(1, secs(10)).await;
    let pending = "SELECT COUNT(*) FROM mail_notification WHERE outbox_email_id IS NULL";
    eventually("all three are in an email", secs(5), || async { number(&app.db, pending).await == 0 }).await;
    assert_eq!(number(&app.db, "SELECT COUNT(*) FROM outbox_email").await, 1, "one email, not three");
    let parsed = received[0].parsed();
    assert_eq!(parsed.subject().unwrap(), "Trygg: 3 nya rapporter, 3 brådskande");
    let text = parsed.body_text(0).unwrap();
    assert!(ids.iter().all(|id| text.contains(id.as_str())), "{text}");
}

async fn other_reports_wait_for_the_daily_digest_at_its_stockholm_time(backend: Backend) {
    let sink = SmtpSink::start().await;
    // Half a day away or more, so it cannot fall due while the test looks; not in the night
    // hour that spring's clock change skips.
    let later = (Utc::now() + chrono::Duration::hours(12)).with_timezone(&Stockholm);
    let digest_at = NaiveTime::from_hms_opt(later.hour().max(3), later.minute(), 0).unwrap();
    let app = spawn_mail_app(backend, &sink, |s| s.mail.digest_time = ClockTime(digest_at)).await;
    let first = post(&app, &valid_report(), "sv").await;
    let second = post(&app, &valid_report(), "sv").await;

    let sql = "SELECT due_at FROM mail_notification WHERE batch = 'digest'";
    let rows = app.db.query_all(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        let due: chrono::DateTime<Utc> = row.try_get_by_index(0).unwrap();
        let local = due.with_timezone(&Stockholm);
        assert!(due > Utc::now() && due < Utc::now() + chrono::Duration::hours(25), "{due}");
        assert_eq!(local.time(), digest_at, "{local}");
    }
    assert_eq!(number(&app.db, "SELECT COUNT(*) FROM outbox_email").await, 0, "nothing before the digest");

    // Tomorrow morning comes early.
    mail_notification::Entity::update_many()
        .col_expr(mail_notification::Column::DueAt, Expr::value(Utc::now() - chrono::Duration::minutes(1)))
        .filter(mail_notification::Column::Batch.eq("digest"))
        .exec(&app.db)
        .await
        .unwrap();
    let received = sink.wait_for(1, secs(10)).await;
    let parsed = received[0].parsed();
    assert_eq!(parsed.subject().unwrap(), "Trygg: daglig sammanfattning, 2 nya rapporter");
    let text = parsed.body_text(0).unwrap();
    assert!(text.starts_with("Daglig sammanfattning från Trygg, Herrljunga kommun: 2 nya rapporter"), "{text}");
    for receipt in [&first, &second] {
        assert!(text.contains(receipt["id"].as_str().unwrap()), "{text}");
    }
    assert!(text.contains("Otrygg plats: dålig belysning"), "{text}");
    let kind = "SELECT COUNT(*) FROM outbox_email WHERE kind = 'coordinator_digest'";
    assert_eq!(number(&app.db, kind).await, 1);
}

async fn a_reporter_who_left_an_address_hears_of_changes_in_their_language_and_can_opt_out(backend: Backend) {
    let sink = SmtpSink::start().await;
    // A batch window, so the steps to "resolved" reach each reporter as one email.
    let app = spawn_mail_app(backend, &sink, |s| s.mail.batch_window = secs(1)).await;
    let policy = policy(&app).await;
    let swedish = post(&app, &with_contact(valid_report(), "asa@example.org"), "sv-SE,sv;q=0.9").await;
    let english = post(&app, &with_contact(valid_report(), "sam@example.org"), "en-GB,en;q=0.9").await;
    for receipt in [&swedish, &english] {
        let at = Utc::now();
        move_along(&app, report_id(receipt), ReportStatus::Resolved, at, &policy).await;
    }

    let received = sink.wait_for(2, secs(10)).await;
    let to = |address: &str| received.iter().find(|m| m.rcpt_to == [address]).unwrap().clone();
    let (to_asa, to_sam) = (to("asa@example.org"), to("sam@example.org"));
    let english_mail = to_sam.parsed();
    assert_eq!(
        english_mail.subject().unwrap(),
        format!("Your report {} to Herrljunga kommun has been updated", english["id"].as_str().unwrap())
    );
    assert!(english_mail.body_text(0).unwrap().contains(": status resolved"));

    let parsed = to_asa.parsed();
    let id = swedish["id"].as_str().unwrap();
    assert_eq!(parsed.subject().unwrap(), format!("Din rapport {id} till Herrljunga kommun har uppdaterats"));
    assert_eq!(mime_structure(&parsed), ["multipart/alternative", "text/plain", "text/html"]);
    let text = parsed.body_text(0).unwrap();
    assert!(text.contains(": status åtgärdad"), "{text}");

    // The tracking link opens the report.
    let tracking = link(&text, &format!("{}/folj/", app.settings.public_url));
    let token = tracking.rsplit('/').next().unwrap();
    let tracked: Value = app.get(&format!("/api/v1/track/{token}")).await.json().await.unwrap();
    assert_eq!(tracked["id"], id);

    // The opt-out link, also offered as one-click unsubscribe, asks first, then stops the mail.
    let opt_out = link(&text, &format!("{}/api/v1/mail/opt-out/", app.settings.public_url)).to_owned();
    assert_eq!(parsed.header_raw("List-Unsubscribe").map(str::trim), Some(format!("<{opt_out}>").as_str()));
    assert_eq!(parsed.header_raw("List-Unsubscribe-Post").map(str::trim), Some("List-Unsubscribe=One-Click"));
    let page = app.client.get(&opt_out).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("Avsluta e-post om rapport {id}")) && page.contains(r#"<form method="post">"#));
    let opted_out = "SELECT COUNT(*) FROM mail_subscription WHERE opted_out_at IS NOT NULL";
    assert_eq!(number(&app.db, opted_out).await, 0, "opening the link changes nothing");
    let done = app.client.post(&opt_out).body("List-Unsubscribe=One-Click").send().await.unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("Du får inga fler e-postmeddelanden"));
    assert_eq!(number(&app.db, opted_out).await, 1);

    let to_reporters = "SELECT COUNT(*) FROM mail_notification WHERE audience = 'reporter'";
    let before = number(&app.db, to_reporters).await;
    move_along(&app, report_id(&swedish), ReportStatus::Closed, Utc::now(), &policy).await;
    assert_eq!(number(&app.db, to_reporters).await, before, "no further mail is queued for Åsa");

    let unknown = format!("{}/api/v1/mail/opt-out/{}", app.address, "A".repeat(43));
    assert_eq!(app.client.post(&unknown).send().await.unwrap().status(), 404);
}

async fn retries_anonymous_reports_and_demo_history_queue_no_mail_of_their_own(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_mail_app(backend, &sink, |_| {}).await;
    let report = urgent_report();
    let receipt = post(&app, &report, "sv").await;
    let again = app.post_report(&report).await;
    assert_eq!(again.status(), 200);
    let notifications = "SELECT COUNT(*) FROM mail_notification";
    assert_eq!(number(&app.db, notifications).await, 1, "one coordinator, told once");
    let policy = policy(&app).await;
    move_along(&app, report_id(&receipt), ReportStatus::Triaged, Utc::now(), &policy).await;
    assert_eq!(number(&app.db, notifications).await, 1, "an anonymous reporter gets nothing");

    let args = trygg::cli::demo::DemoArgs { reports: 30, seed: 7, until: None };
    trygg::cli::demo::run(&app.settings, args).await.unwrap();
    assert!(number(&app.db, "SELECT COUNT(*) FROM report").await > 30);
    assert_eq!(number(&app.db, notifications).await, 1, "demo history tells no one");
}

async fn a_report_made_while_smtp_is_down_is_accepted_and_its_email_delivered_when_it_is_back(backend: Backend) {
    let sink = SmtpSink::start_down().await;
    let app = spawn_mail_app(backend, &sink, |s| s.mail.max_attempts = 100).await;
    let receipt = post(&app, &urgent_report(), "sv").await;
    let tried =
        "SELECT COUNT(*) FROM outbox_email WHERE status = 'queued' AND last_error IS NOT NULL AND attempts >= 2";
    eventually("delivery was tried and failed twice", secs(10), || async { number(&app.db, tried).await == 1 }).await;

    sink.up();
    let received = sink.wait_for(1, secs(10)).await;
    assert!(received[0].parsed().subject().unwrap().contains(receipt["id"].as_str().unwrap()));
    eventually("the email is marked sent", secs(5), || async { emails_in(&app.db, "sent").await == 1 }).await;
    assert_eq!(sink.received_count(), 1);
}

async fn a_temporary_refusal_is_retried_until_the_email_is_delivered(backend: Backend) {
    let sink = SmtpSink::start().await;
    sink.set_mode(Mode::TemporaryFailures(2));
    let app = spawn_mail_app(backend, &sink, |_| {}).await;
    post(&app, &urgent_report(), "sv").await;
    sink.wait_for(1, secs(10)).await;
    eventually("the email is marked sent", secs(5), || async { emails_in(&app.db, "sent").await == 1 }).await;
    assert_eq!(sink.refused(), 2);
    assert_eq!(number(&app.db, "SELECT CAST(attempts AS BIGINT) FROM outbox_email").await, 3);
    assert_eq!(sink.received_count(), 1);
}

async fn a_permanent_refusal_fails_the_email_which_an_admin_sees_and_queues_again(backend: Backend) {
    let sink = SmtpSink::start().await;
    sink.set_mode(Mode::Refuse);
    let app = spawn_mail_app(backend, &sink, |_| {}).await;
    let admin = app.staff(trygg::domain::user::Role::Admin).await;
    post(&app, &urgent_report(), "sv").await;
    eventually("the email has failed", secs(10), || async { emails_in(&app.db, "failed").await == 1 }).await;

    let page: Value = admin.get("/api/v1/admin/outbox?status=failed").await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    let failed = &items[0];
    assert_eq!(failed["attempts"], 1, "a 5xx is not retried");
    assert!(failed["last_error"].as_str().unwrap().contains("550"), "{failed}");
    assert_eq!(failed["recipient"], COORDINATOR);

    sink.set_mode(Mode::Accept);
    let retry = format!("/api/v1/admin/outbox/{}/retry", failed["id"]);
    let requeued = admin.send(reqwest::Method::POST, &retry, None).await;
    assert_eq!(requeued.status(), 200);
    let requeued: Value = requeued.json().await.unwrap();
    assert_eq!((requeued["status"].as_str(), requeued["attempts"].as_i64()), (Some("queued"), Some(0)));
    let received = sink.wait_for(1, secs(10)).await;
    assert_eq!(format!("<{}>", received[0].message_id()), failed["message_id"].as_str().unwrap(), "the same message");
    eventually("the email is marked sent", secs(5), || async { emails_in(&app.db, "sent").await == 1 }).await;

    let again = admin.send(reqwest::Method::POST, &retry, None).await;
    assert_eq!(again.status(), 409);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["error"]["code"], "not_retryable");
    let page: Value = admin.get("/api/v1/admin/outbox?status=failed").await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    assert_eq!(admin.get("/api/v1/admin/outbox?status=lost").await.status(), 400);
    let missing = "/api/v1/admin/outbox/987654/retry";
    assert_eq!(admin.send(reqwest::Method::POST, missing, None).await.status(), 404);
}

async fn an_email_that_keeps_failing_is_failed_after_its_attempts_and_the_cli_queues_it_again(backend: Backend) {
    let sink = SmtpSink::start_down().await;
    let app = spawn_mail_app(backend, &sink, |s| s.mail.max_attempts = 3).await;
    let admin = app.staff(trygg::domain::user::Role::Admin).await;
    post(&app, &urgent_report(), "sv").await;
    eventually("the email has failed", secs(10), || async { emails_in(&app.db, "failed").await == 1 }).await;
    let page: Value = admin.get("/api/v1/admin/outbox?status=failed").await.json().await.unwrap();
    let failed = &page["items"][0];
    assert_eq!(failed["attempts"], 3);
    assert!(failed["last_error"].as_str().unwrap().ends_with("(after 3 attempts)"), "{failed}");

    sink.up();
    let missing = trygg(&app.database, &["outbox", "retry", "987654"], &[]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no email 987654"));
    let output = trygg(&app.database, &["outbox", "retry", "--all-failed"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "Queued 1 failed emails again.");
    sink.wait_for(1, secs(10)).await;
    eventually("the email is marked sent", secs(5), || async { emails_in(&app.db, "sent").await == 1 }).await;
}

async fn without_a_mail_server_each_email_is_an_eml_file_in_the_data_directory(backend: Backend) {
    let app = spawn_app_with(backend, fast_mail).await;
    let receipt = post(&app, &urgent_report(), "sv").await;
    let dir = app.database.data_dir.join("mail");
    let eml = || {
        std::fs::read_dir(&dir)
            .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "eml")))
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
    };
    eventually("an .eml file is written", secs(10), || async { eml().len() == 1 }).await;
    let raw = std::fs::read(&eml()[0]).unwrap();
    let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert!(parsed.subject().unwrap().contains(receipt["id"].as_str().unwrap()));
    assert_eq!(parsed.to().unwrap().first().unwrap().address(), Some(COORDINATOR));
}

async fn coordinators_hear_of_inrapporter_and_reporters_of_public_replies(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_mail_app(backend, &sink, |_| {}).await;
    let coordinator = app.staff(trygg::domain::user::Role::Coordinator).await;
    let me: Value = coordinator.get("/api/v1/auth/me").await.json().await.unwrap();
    let coordinator_email = me["email"].as_str().unwrap().to_owned();
    let staff = app.staff(trygg::domain::user::Role::Staff).await;
    let filed = staff.post("/api/v1/inrapporter", &crate::helpers::valid_inrapport()).await;
    assert_eq!(filed.status(), 201);
    let filed: Value = filed.json().await.unwrap();
    let inrapport_id = filed["reports"][0].as_str().unwrap();

    let received = sink.wait_for(2, secs(10)).await;
    let mut recipients: Vec<&str> = received.iter().flat_map(|m| m.rcpt_to.iter().map(String::as_str)).collect();
    recipients.sort();
    let mut expected = vec![COORDINATOR, coordinator_email.as_str()];
    expected.sort();
    assert_eq!(recipients, expected, "the configured address and the coordinator user");
    let text = received[0].parsed().body_text(0).unwrap().into_owned();
    assert!(text.contains(inrapport_id), "{text}");
    assert!(!text.contains("5000-K123456-26") && !text.contains("hotad"), "no police number, no free text: {text}");

    let receipt = post(&app, &with_contact(valid_report(), "asa@example.org"), "sv").await;
    let (status, _) = coordinator
        .act(receipt["id"].as_str().unwrap(), json!({"action": "public_reply", "text": "Vi lagar lampan på måndag."}))
        .await;
    assert_eq!(status, 200);
    let (status, _) =
        coordinator.act(receipt["id"].as_str().unwrap(), json!({"action": "note", "text": "Internt."})).await;
    assert_eq!(status, 200);
    let received = sink.wait_for(3, secs(10)).await;
    let to_reporter: Vec<_> = received.iter().filter(|m| m.rcpt_to == ["asa@example.org"]).collect();
    assert_eq!(to_reporter.len(), 1, "the reply, and nothing for the internal note");
    let text = to_reporter[0].parsed().body_text(0).unwrap().into_owned();
    assert!(text.contains("Vi lagar lampan på måndag."), "{text}");
    assert!(!text.contains("Internt"));
}

crate::on_both_backends!(
    coordinators_hear_of_inrapporter_and_reporters_of_public_replies,
    an_urgent_report_is_emailed_to_the_coordinators_with_a_summary_and_no_personal_details,
    several_urgent_reports_in_a_short_while_become_one_email,
    other_reports_wait_for_the_daily_digest_at_its_stockholm_time,
    a_reporter_who_left_an_address_hears_of_changes_in_their_language_and_can_opt_out,
    retries_anonymous_reports_and_demo_history_queue_no_mail_of_their_own,
    a_report_made_while_smtp_is_down_is_accepted_and_its_email_delivered_when_it_is_back,
    a_temporary_refusal_is_retried_until_the_email_is_delivered,
    a_permanent_refusal_fails_the_email_which_an_admin_sees_and_queues_again,
    an_email_that_keeps_failing_is_failed_after_its_attempts_and_the_cli_queues_it_again,
    without_a_mail_server_each_email_is_an_eml_file_in_the_data_directory,
);

#[tokio::test]
async fn mail_settings_that_cannot_work_stop_start_up_naming_the_key() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let cases: [(&str, &str, &[&str]); 9] = [
        ("TRYGG_MAIL__TRANSPORT", "pigeon", &["mail.transport"]),
        ("TRYGG_PUBLIC_URL", "https://trygg.example", &["mail.transport", "allow_file_in_production"]),
        ("TRYGG_MAIL__FROM", "not an address", &["mail.from"]),
        ("TRYGG_MAIL__COORDINATOR_EMAILS", "a@example.org,nobody", &["mail.coordinator_emails"]),
        ("TRYGG_MAIL__DIGEST_TIME", "25:00", &["mail.digest_time", "HH:MM"]),
        ("TRYGG_MAIL__LANGUAGE", "de", &["mail.language"]),
        ("TRYGG_MAIL__CLAIM_SECONDS", "10", &["mail.claim_seconds"]),
        ("TRYGG_MAIL__SMTP__SECURITY", "ssl", &["mail.smtp.security"]),
        ("TRYGG_MAIL__URGENT_CATEGORIES", "fire,aliens", &["mail.urgent_categories", "aliens"]),
    ];
    for (key, value, named) in cases {
        let output = trygg(&database, &["serve"], &[("TRYGG_BIND", "127.0.0.1:0"), (key, value)]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{key}={value} must stop start-up");
        for name in named {
            assert!(stderr.contains(name), "{key}={value}: {name} in {stderr}");
        }
    }
}

/// The Message-IDs the sink got, and how often each.
pub fn message_id_counts(sink: &SmtpSink) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for message in sink.received() {
        *counts.entry(format!("<{}>", message.message_id())).or_default() += 1;
    }
    counts
}

/// Every Message-ID in the outbox.
pub async fn stored_message_ids(db: &impl ConnectionTrait) -> BTreeSet<String> {
    let sql = "SELECT message_id FROM outbox_email";
    let rows = db.query_all(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect()
}
