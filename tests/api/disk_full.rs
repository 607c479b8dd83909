//! A full disk under the database: every report and inrapport answered with 201 is committed,
//! no registration number is handed out twice, failures are 503 with `Retry-After`, and writing
//! resumes by itself once there is space again. The file systems are real: a small tmpfs the test
//! mounts (the tests run as root), under the SQLite file or under a PostgreSQL tablespace.

use std::collections::BTreeSet;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::{Connection, Executor, PgConnection, Row};
use trygg::config::mail::TransportKind;
use trygg::domain::user::Role;
use uuid::Uuid;

use crate::helpers::{
    postgres_admin_url, spawn_app_on, valid_inrapport, valid_report, Backend, Staff, TestApp, TestDatabase,
};

/// A tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn mount(path: &Path, megabytes: u32, owner: Option<(u32, u32)>) -> SmallDisk {
        std::fs::create_dir_all(path).unwrap();
        let mut options = format!("size={megabytes}m");
        if let Some((uid, gid)) = owner {
            options.push_str(&format!(",uid={uid},gid={gid},mode=0755"));
        }
        let status = Command::new("mount").args(["-t", "tmpfs", "-o", &options, "tmpfs"]).arg(path).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "mounting a {megabytes} MB tmpfs at {} failed: the disk-full tests must run as root",
            path.display()
        );
        SmallDisk { path: path.to_owned() }
    }

    /// Writes a file until the file system refuses more.
    fn fill(&self) {
        let mut filler = std::fs::File::create(self.path.join("filler")).unwrap();
        let block = vec![0u8; 64 * 1024];
        while filler.write_all(&block).is_ok() {}
        let small = [0u8; 512];
        while filler.write_all(&small).is_ok() {}
        let _ = filler.sync_all();
    }

    fn free(&self) {
        std::fs::remove_file(self.path.join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// What the server acknowledged: registration numbers with 201, and how many 503s it gave.
#[derive(Default)]
struct Acknowledged {
    ids: Vec<String>,
    unavailable: usize,
}

impl Acknowledged {
    fn take(&mut self, status: u16, retry_after: bool, body: &Value, what: &str) {
        match status {
            201 => match body["reports"].as_array() {
                Some(reports) => self.ids.extend(reports.iter().map(|r| r.as_str().unwrap().to_owned())),
                None => self.ids.push(body["id"].as_str().unwrap().to_owned()),
            },
            503 => {
                assert!(retry_after, "{what}: a 503 carries Retry-After");
                assert_eq!(body["error"]["code"], "unavailable", "{what}: {body}");
                self.unavailable += 1;
            }
            other => panic!("{what}: a full disk gives 201 or 503, not {other}: {body}"),
        }
    }
}

async fn send_report(app: &TestApp, acknowledged: &mut Acknowledged) -> u16 {
    let response = app.post_report(&valid_report()).await;
    let status = response.status().as_u16();
    let retry_after = response.headers().contains_key("retry-after");
    let body: Value = response.json().await.unwrap_or(Value::Null);
    acknowledged.take(status, retry_after, &body, "report");
    status
}

async fn send_inrapport(staff: &Staff<'_>, acknowledged: &mut Acknowledged) {
    let response = staff.post("/api/v1/inrapporter", &valid_inrapport()).await;
    let status = response.status().as_u16();
    let retry_after = response.headers().contains_key("retry-after");
    let body: Value = response.json().await.unwrap_or(Value::Null);
    acknowledged.take(status, retry_after, &body, "inrapport");
}

/// Reports and inrapporter before, during and after a full disk; returns what was acknowledged.
async fn write_through_a_full_disk(app: &TestApp, disk: &SmallDisk) -> Acknowledged {
    let staff = app.staff(Role::Staff).await;
    let mut acknowledged = Acknowledged::default();
    for _ in 0..5 {
        assert_eq!(send_report(app, &mut acknowledged).await, 201);
    }
    send_inrapport(&staff, &mut acknowledged).await;
    assert_eq!(acknowledged.ids.len(), 6, "all written before the disk filled");

    disk.fill();
    for n in 0..40 {
        send_report(app, &mut acknowledged).await;
        if n % 4 == 0 {
            send_inrapport(&staff, &mut acknowledged).await;
        }
    }
    assert!(acknowledged.unavailable > 0, "a full disk must refuse some writes");

    disk.free();
    let deadline = Instant::now() + Duration::from_secs(30);
    while send_report(app, &mut acknowledged).await != 201 {
        assert!(Instant::now() < deadline, "writing did not resume within 30 s of space coming back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for _ in 0..10 {
        assert_eq!(send_report(app, &mut acknowledged).await, 201, "after space is back, every write succeeds");
    }
    send_inrapport(&staff, &mut acknowledged).await;
    acknowledged
}

/// Every acknowledged registration number once, and each report with its timeline event and its
/// coordinators' notification, as a connection of its own reads the committed data.
fn assert_all_committed(acknowledged: &Acknowledged, committed: &BTreeSet<(i64, i64, i64)>) {
    let unique: BTreeSet<&String> = acknowledged.ids.iter().collect();
    assert_eq!(unique.len(), acknowledged.ids.len(), "a registration number was handed out twice");
    let stored: BTreeSet<i64> = committed.iter().map(|(id, _, _)| *id).collect();
    for id in &acknowledged.ids {
        let number: i64 = id.rsplit('-').next().unwrap().parse().unwrap();
        assert!(stored.contains(&number), "{id} was acknowledged with 201 but is not in the database");
    }
    for (id, events, notifications) in committed {
        assert!(*events >= 1, "report {id} has no `received` event");
        assert!(*notifications >= 1, "report {id} has no mail notification");
    }
}

const COMMITTED: &str = "SELECT r.id, \
     (SELECT COUNT(*) FROM report_event e WHERE e.report_id = r.id AND e.kind = 'received'), \
     (SELECT COUNT(*) FROM mail_notification n WHERE n.report_id = r.id) FROM report r";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_on_a_full_disk_acknowledges_only_what_it_committed() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let disk = SmallDisk::mount(&database.data_dir, 16, None);
    let app = spawn_app_on(database, |s| s.mail.transport = TransportKind::None).await;
    let acknowledged = write_through_a_full_disk(&app, &disk).await;

    let file = app.database.data_dir.join("trygg.db");
    let mut reader = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display())).await.unwrap();
    let rows = reader.fetch_all(COMMITTED).await.unwrap();
    let committed = rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
    assert_all_committed(&acknowledged, &committed);
    reader.execute("BEGIN IMMEDIATE; ROLLBACK;").await.expect("the server holds no write lock");
}

/// The uid and gid the PostgreSQL server runs as: the owner of its data directory.
async fn postgres_server_owner(admin: &mut PgConnection) -> (u32, u32) {
    let dir: String = admin.fetch_one("SHOW data_directory").await.unwrap().get(0);
    let meta = std::fs::metadata(&dir)
        .unwrap_or_else(|e| panic!("the PostgreSQL data directory {dir} must be on this machine ({e})"));
    (meta.uid(), meta.gid())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_on_a_full_disk_acknowledges_only_what_it_committed() {
    let mut admin = PgConnection::connect(&postgres_admin_url()).await.expect("PostgreSQL for the tests");
    let owner = postgres_server_owner(&mut admin).await;
    let root = std::env::temp_dir().join(format!("trygg_full_{}", Uuid::new_v4().simple()));
    let disk = SmallDisk::mount(&root, 24, Some(owner));
    let location = root.join("tablespace");
    std::fs::create_dir(&location).unwrap();
    std::os::unix::fs::chown(&location, Some(owner.0), Some(owner.1)).unwrap();
    let tablespace = format!("trygg_full_{}", Uuid::new_v4().simple());
    admin.execute(format!("CREATE TABLESPACE {tablespace} LOCATION '{}'", location.display()).as_str()).await.unwrap();

    let database = TestDatabase::create(Backend::Postgres).await;
    admin.execute(format!(r#"ALTER DATABASE "{}" SET TABLESPACE {tablespace}"#, database.name).as_str()).await.unwrap();
    let app = spawn_app_on(database, |s| s.mail.transport = TransportKind::None).await;
    let acknowledged = write_through_a_full_disk(&app, &disk).await;

    let mut reader = PgConnection::connect(&app.database.url).await.unwrap();
    let rows = reader.fetch_all(COMMITTED).await.unwrap();
    let committed = rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
    assert_all_committed(&acknowledged, &committed);
    drop(reader);
    drop(app);
    admin.execute(format!("DROP TABLESPACE IF EXISTS {tablespace}").as_str()).await.unwrap();
}
