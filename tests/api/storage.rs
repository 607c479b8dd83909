//! The schema: migrations on an empty database, the append-only timeline, SQLite's durability.

use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::{spawn_app, test_settings, valid_report, Backend, TestDatabase};

async fn migrations_apply_to_an_empty_database_and_again_as_a_no_op(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let settings = test_settings(&database);
    let db = trygg::startup::prepare_database(&settings).await.expect("first migration");
    trygg::startup::prepare_database(&settings).await.expect("second run changes nothing");
    for table in ["category", "category_subtype", "area", "report", "report_event"] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        db.query_one(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
    let categories = trygg::store::categories::load_catalog(&db).await.unwrap();
    assert_eq!(categories.categories.len(), 17, "seeded once, not twice");
}

async fn the_timeline_cannot_be_rewritten(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.post_report(&valid_report()).await.status(), 201);
    let backend = app.db.get_database_backend();
    for sql in ["UPDATE report_event SET kind = 'forged'", "DELETE FROM report_event"] {
        let result = app.db.execute(Statement::from_string(backend, sql)).await;
        assert!(result.is_err(), "{sql} must be refused");
    }
    assert_eq!(app.count("report_event").await, 1);
}

crate::on_both_backends!(migrations_apply_to_an_empty_database_and_again_as_a_no_op, the_timeline_cannot_be_rewritten);

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_full_sync() {
    let app = spawn_app(Backend::Sqlite).await;
    let backend = app.db.get_database_backend();
    let row = app.db.query_one(Statement::from_string(backend, "PRAGMA journal_mode")).await.unwrap().unwrap();
    assert_eq!(row.try_get::<String>("", "journal_mode").unwrap(), "wal");
    let row = app.db.query_one(Statement::from_string(backend, "PRAGMA synchronous")).await.unwrap().unwrap();
    assert_eq!(row.try_get::<i32>("", "synchronous").unwrap(), 2, "FULL");
    let row = app.db.query_one(Statement::from_string(backend, "PRAGMA foreign_keys")).await.unwrap().unwrap();
    assert_eq!(row.try_get::<i32>("", "foreign_keys").unwrap(), 1);
}
