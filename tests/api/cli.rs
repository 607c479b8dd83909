//! The real `trygg` binary: configuration errors, migrate, import, demo.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

use crate::helpers::{repo_path, Backend, TestDatabase};

pub fn trygg_binary() -> PathBuf {
    let path = std::env::var_os("TRYGG_BIN").map_or_else(|| repo_path("target/debug/trygg"), PathBuf::from);
    assert!(path.is_file(), "{} is missing: build it first (scripts/test.sh does)", path.display());
    path
}

pub fn trygg(database: &TestDatabase, args: &[&str], env: &[(&str, &str)]) -> Output {
    trygg_with_stdin(database, args, env, "")
}

fn trygg_with_stdin(database: &TestDatabase, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut command = Command::new(trygg_binary());
    command
        .args(args)
        .current_dir(repo_path(""))
        .env("TRYGG_DATABASE_URL", &database.url)
        .env("TRYGG_DATA_DIR", &database.data_dir)
        .env("RUST_LOG", "error");
    for (key, value) in env {
        command.env(key, value);
    }
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("running trygg");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("writing stdin");
    child.wait_with_output().expect("trygg finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn a_bad_setting_stops_start_up_naming_the_key(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    for (key, value, named) in [
        ("TRYGG_BIND", "not-an-address", "bind"),
        ("TRYGG_PUBLIC_URL", "localhost", "public_url"),
        ("TRYGG_RATE_LIMIT__REPORTS_PER_MINUTE", "many", "reports_per_minute"),
    ] {
        let output = trygg(&database, &["serve"], &[(key, value)]);
        assert!(!output.status.success(), "{key}");
        assert!(stderr(&output).contains(named), "{key}: {}", stderr(&output));
    }
}

async fn migrate_then_import_areas_from_the_command_line(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let output = trygg(&database, &["migrate"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let areas = repo_path("config/areas.geojson");
    let output = trygg(&database, &["import", "areas", areas.to_str().unwrap()], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Imported 7 areas"), "{}", stdout(&output));

    let broken = database.data_dir.join("broken.geojson");
    std::fs::write(&broken, r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Ön","kind":"island"},"geometry":null}]}"#).unwrap();
    let output = trygg(&database, &["import", "areas", broken.to_str().unwrap()], &[]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("feature #1 (Ön)"), "{}", stderr(&output));
}

async fn demo_data_is_deterministic_and_never_duplicated(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let args = ["demo", "--reports", "40", "--until", "2026-10-31"];
    let first = trygg(&database, &args, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("40 new reports"), "{}", stdout(&first));
    let again = trygg(&database, &args, &[]);
    assert!(stdout(&again).contains("0 new reports"), "{}", stdout(&again));
}

async fn users_are_added_from_a_pipe_or_with_a_one_time_password_and_disabled(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let add = ["user", "add", "--email", "Sara@Herrljunga.se", "--name", "Sara Samordnare", "--role", "coordinator"];
    let output = trygg_with_stdin(&database, &add, &[], "en lång och hemlig lösenfras\n");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("sara@herrljunga.se"));
    let again = trygg_with_stdin(&database, &add, &[], "en lång och hemlig lösenfras\n");
    assert!(!again.status.success() && stderr(&again).contains("already exists"), "{}", stderr(&again));
    let short = trygg_with_stdin(
        &database,
        &["user", "add", "--email", "k@x.se", "--name", "K", "--role", "staff"],
        &[],
        "kort\n",
    );
    assert!(!short.status.success() && stderr(&short).contains("password"), "{}", stderr(&short));

    let one_time = ["user", "add", "--email", "kim@herrljunga.se", "--name", "Kim", "--role", "staff", "--one-time"];
    let output = trygg(&database, &one_time, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let password =
        stdout(&output).lines().find_map(|l| l.split(": ").nth(1).map(str::to_owned)).expect("a printed password");
    assert_eq!(password.len(), 24);

    let settings = crate::helpers::test_settings(&database);
    let db = trygg::store::connect(&settings).await.unwrap();
    let user = trygg::store::accounts::find_user_by_email(&db, "kim@herrljunga.se").await.unwrap().unwrap();
    assert!(user.must_change_password && trygg::auth::password::verify(&password, &user.password_hash));

    let output = trygg(&database, &["user", "disable", "--email", "kim@herrljunga.se"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let user = trygg::store::accounts::find_user_by_email(&db, "kim@herrljunga.se").await.unwrap().unwrap();
    assert!(!user.active);
    assert!(!trygg(&database, &["user", "disable", "--email", "ingen@herrljunga.se"], &[]).status.success());
}

/// The IT department registers a system for Open311, the key works once given, and revoking it
/// stops it at once; a second revoke keeps the first time.
async fn open311_keys_are_made_listed_and_revoked_from_the_command_line(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    assert!(!trygg(&database, &["open311", "add", "--name", "  "], &[]).status.success());
    let output = trygg(&database, &["open311", "add", "--name", "Kommunens felanmälan"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let key = stdout(&output).lines().find_map(|l| l.split(": ").nth(1).map(str::to_owned)).expect("a printed key");
    let settings = crate::helpers::test_settings(&database);
    let db = trygg::store::connect(&settings).await.unwrap();
    let client = trygg::store::public::client_by_key(&db, &key).await.unwrap().expect("the key works");
    assert_ne!(client.key_digest, key, "only the digest is kept");

    let listed = stdout(&trygg(&database, &["open311", "list"], &[]));
    assert!(listed.contains("Kommunens felanmälan") && listed.contains("active"), "{listed}");
    let id = client.id.to_string();
    assert!(trygg(&database, &["open311", "revoke", "--id", &id], &[]).status.success());
    assert!(trygg::store::public::client_by_key(&db, &key).await.unwrap().is_none(), "revoked at once");
    let first = stdout(&trygg(&database, &["open311", "list"], &[]));
    assert!(first.contains("revoked"), "{first}");
    assert!(trygg(&database, &["open311", "revoke", "--id", &id], &[]).status.success());
    assert_eq!(stdout(&trygg(&database, &["open311", "list"], &[])), first, "the first revocation's time stays");
    assert!(!trygg(&database, &["open311", "revoke", "--id", "999"], &[]).status.success());
}

crate::on_both_backends!(
    open311_keys_are_made_listed_and_revoked_from_the_command_line,
    users_are_added_from_a_pipe_or_with_a_one_time_password_and_disabled,
    a_bad_setting_stops_start_up_naming_the_key,
    migrate_then_import_areas_from_the_command_line,
    demo_data_is_deterministic_and_never_duplicated,
);
