//! Persistence behind one door: sea-orm on an SQLite file or PostgreSQL, the same code for both.

pub mod accounts;
pub mod areas;
pub mod categories;
pub mod entity;
pub mod inrapporter;
pub mod outbox;
pub mod reports;
pub mod triage;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, SqlxPostgresConnector, SqlxSqliteConnector};
use secrecy::ExposeSecret;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::Settings;

/// Opens the configured database. SQLite gets WAL with `synchronous=FULL` (a 201 survives a power
/// cut), a busy timeout and foreign keys, and one connection: SQLite writes one at a time anyway,
/// and a single connection queues writers in order instead of making them spin on the lock.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let url = settings.database_url.expose_secret();
    let acquire_timeout = Duration::from_secs(settings.database_pool.acquire_timeout_seconds);
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .context("database_url is not a valid SQLite URL")?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the database directory {}", dir.display()))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(acquire_timeout)
            .connect_with(options)
            .await
            .context("opening the SQLite database")?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let options = PgConnectOptions::from_str(url).context("database_url is not a valid PostgreSQL URL")?;
        let pool = PgPoolOptions::new()
            .max_connections(settings.database_pool.max_connections)
            .acquire_timeout(acquire_timeout)
            .connect_with(options)
            .await
            .context("connecting to PostgreSQL")?;
        Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A cheap round trip, for `/ready`.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}
