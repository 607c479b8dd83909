//! Several app instances on one PostgreSQL database, each with its own mail worker: together they
//! send every queued email exactly once; an instance killed mid-drain loses nothing and resends at
//! most what it held at the kill; an instance told to stop finishes its email and gives back the rest.

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait};
use trygg::startup::{load_areas, prepare_database, Application};
use trygg::store::outbox::{insert_email, NewEmail};

use crate::cli::trygg_binary;
use crate::helpers::{repo_path, test_settings, Backend, TestDatabase};
use crate::mail::{emails_in, eventually, message_id_counts, number, secs, stored_message_ids, through};
use crate::smtp_sink::SmtpSink;

/// Queues `count` emails in one transaction, as if composed by an earlier run.
async fn queue_emails(db: &DatabaseConnection, count: usize) {
    let txn = db.begin().await.unwrap();
    for n in 0..count {
        let email = NewEmail {
            recipient: format!("mottagare{n}@example.org"),
            subject: format!("Prov {n}: å ä ö"),
            text: format!("Meddelande nummer {n}."),
            html: format!("<p>Meddelande nummer {n}.</p>"),
            kind: "coordinator_alert",
            report_id: None,
            unsubscribe_url: None,
            message_id: trygg::mail::new_message_id("trygg.test"),
        };
        insert_email(&txn, email, Utc::now()).await.unwrap();
    }
    txn.commit().await.unwrap();
}

/// A database that has seen its first start (migrated, areas loaded: instances started together
/// on an empty database would race to import the areas), with `count` queued emails.
async fn queued(count: usize) -> (TestDatabase, DatabaseConnection) {
    let database = TestDatabase::create(Backend::Postgres).await;
    let settings = test_settings(&database);
    let db = prepare_database(&settings).await.unwrap();
    load_areas(&db, &settings).await.unwrap();
    queue_emails(&db, count).await;
    (database, db)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_send_a_thousand_queued_emails_each_exactly_once() {
    let sink = SmtpSink::start().await;
    let database = TestDatabase::create(Backend::Postgres).await;
    let mut settings = test_settings(&database);
    through(&mut settings, &sink);
    settings.mail.claim_batch = 10;
    for _ in 0..2 {
        let app = Application::build(settings.clone()).await.unwrap();
        tokio::spawn(app.run_until_stopped());
    }
    let db = trygg::store::connect(&settings).await.unwrap();
    let started = Instant::now();
    queue_emails(&db, 1000).await;

    eventually("1000 emails are sent", secs(60), || async { emails_in(&db, "sent").await == 1000 }).await;
    let counts = message_id_counts(&sink);
    assert_eq!(sink.received_count(), 1000, "none twice");
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), stored_message_ids(&db).await, "none lost");
    let senders = number(&db, "SELECT COUNT(DISTINCT claimed_by) FROM outbox_email").await;
    assert_eq!(senders, 2, "both instances sent a share");
    eprintln!("two instances sent 1000 emails in {:?}", started.elapsed());
}

/// `trygg serve` as a child process of its own.
struct Instance {
    child: Child,
}

impl Instance {
    fn start(database: &TestDatabase, sink: &SmtpSink) -> Instance {
        let port = sink.port().to_string();
        let child = Command::new(trygg_binary())
            .arg("serve")
            .current_dir(repo_path(""))
            .env("TRYGG_DATABASE_URL", &database.url)
            .env("TRYGG_DATA_DIR", &database.data_dir)
            .env("TRYGG_BIND", "127.0.0.1:0")
            .env("TRYGG_MAIL__TRANSPORT", "smtp")
            .env("TRYGG_MAIL__SMTP__HOST", "127.0.0.1")
            .env("TRYGG_MAIL__SMTP__PORT", &port)
            .env("TRYGG_MAIL__SMTP__SECURITY", "plain")
            .env("TRYGG_MAIL__POLL_INTERVAL_SECONDS", "0.02")
            .env("TRYGG_MAIL__SEND_TIMEOUT_SECONDS", "1")
            .env("TRYGG_MAIL__CLAIM_SECONDS", "2")
            .env("TRYGG_MAIL__CLAIM_BATCH", "5")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting trygg serve");
        Instance { child }
    }

    /// What this instance writes into `claimed_by`.
    fn claim_prefix(&self) -> String {
        format!("{}-", self.child.id())
    }

    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, as systemd or a container runtime stops a service.
    fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    async fn exit_within(&mut self, within: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "trygg did not stop within {within:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Message-IDs of the emails `instance` has claimed and not finished.
async fn held_by(db: &DatabaseConnection, instance: &Instance) -> BTreeSet<String> {
    let prefix = instance.claim_prefix();
    let sql = format!("SELECT message_id FROM outbox_email WHERE status = 'sending' AND claimed_by LIKE '{prefix}%'");
    let rows = db.query_all(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect()
}

async fn sent_by(db: &DatabaseConnection, instance: &Instance) -> i64 {
    let prefix = instance.claim_prefix();
    number(db, &format!("SELECT COUNT(*) FROM outbox_email WHERE status = 'sent' AND claimed_by LIKE '{prefix}%'"))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_mid_drain_loses_no_email_and_resends_at_most_what_it_held() {
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(5));
    let (database, db) = queued(300).await;
    let mut doomed = Instance::start(&database, &sink);
    let _survivor = Instance::start(&database, &sink);
    eventually("the doomed instance is sending", secs(30), || async {
        sink.received_count() >= 30 && sent_by(&db, &doomed).await > 0 && !held_by(&db, &doomed).await.is_empty()
    })
    .await;

    doomed.kill();
    let held = held_by(&db, &doomed).await;

    eventually("the survivor sends the rest", secs(30), || async { emails_in(&db, "sent").await == 300 }).await;
    let counts = message_id_counts(&sink);
    assert_eq!(counts.keys().cloned().collect::<BTreeSet<_>>(), stored_message_ids(&db).await, "nothing lost");
    let twice: BTreeSet<String> = counts.iter().filter(|(_, n)| **n > 1).map(|(id, _)| id.clone()).collect();
    assert!(twice.is_subset(&held), "only emails the killed instance held were sent twice: {twice:?} ⊄ {held:?}");
    assert!(twice.len() <= 1, "it sends one at a time, so at most one was in flight: {twice:?}");
    assert!(counts.values().all(|n| *n <= 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_told_to_stop_finishes_its_email_and_gives_back_the_rest() {
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(20));
    let (database, db) = queued(100).await;
    let mut instance = Instance::start(&database, &sink);
    sink.wait_for(5, secs(30)).await;

    instance.terminate();
    let status = instance.exit_within(secs(10)).await;
    assert!(status.success(), "{status}");
    assert_eq!(emails_in(&db, "sending").await, 0, "no claim is left behind");
    let sent = emails_in(&db, "sent").await;
    assert_eq!(sent + emails_in(&db, "queued").await, 100);
    assert!(sent < 100, "it stopped mid-drain");
    assert_eq!(sink.received_count() as i64, sent, "everything it sent is recorded, nothing twice");
    let attempts = "SELECT COALESCE(SUM(attempts), 0) FROM outbox_email WHERE status = 'queued'";
    assert_eq!(number(&db, attempts).await, 0, "what was given back was never attempted");
}
