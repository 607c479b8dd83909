//! Persistence behind one door: sea-orm on an SQLite file or PostgreSQL, the same code for both.

pub mod accounts;
pub mod action_items;
pub mod areas;
pub mod categories;
pub mod crime_statistics;
pub mod entity;
pub mod inrapporter;
pub mod lagesbild;
pub mod outbox;
pub mod photos;
pub mod public;
pub mod queue;
pub mod reports;
pub mod retention;
pub mod surveys;
pub mod triage;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use futures_util::future::BoxFuture;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, RuntimeErr, SqlxPostgresConnector, SqlxSqliteConnector};
use secrecy::ExposeSecret;
use sqlx::error::DatabaseError;
use sqlx::pool::PoolConnectionMetadata;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteError, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection;

use crate::config::Settings;

/// Who did something, for a survey's or a lägesbild's log: a staff member, or (no user) Trygg
/// itself or the command line under `name`.
pub struct Actor<'a> {
    pub user_id: Option<i32>,
    pub name: &'a str,
}

/// Opens the configured database. SQLite gets WAL with `synchronous=FULL` (a 201 survives a power
/// cut), a busy timeout and foreign keys, and one connection: SQLite writes one at a time anyway,
/// and a single connection queues writers in order instead of making them spin on the lock. A
/// connection that comes back still inside a transaction is closed and replaced (see
/// [`sqlite_connection_is_clean`]).
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
            .after_release(sqlite_connection_is_clean)
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

/// Whether a connection returned to the pool may be handed out again: only if it is outside any
/// transaction, both as SQLite sees it and as sqlx counts it. After an error such as
/// `SQLITE_FULL`, SQLite may roll a transaction back on its own while sqlx still counts it open
/// (its `ROLLBACK` then fails, sqlx issue 3742); reused, such a connection turns every later
/// `BEGIN` into a savepoint of a transaction that never commits, so writes would be acknowledged
/// and lost. Closing it costs one reconnect.
fn sqlite_connection_is_clean(
    conn: &mut SqliteConnection,
    _: PoolConnectionMetadata,
) -> BoxFuture<'_, Result<bool, sqlx::Error>> {
    Box::pin(async move {
        let autocommit = {
            let mut handle = conn.lock_handle().await?;
            // SAFETY: the locked handle is a live `sqlite3*` that no other thread uses meanwhile;
            // `sqlite3_get_autocommit` only reads its state.
            unsafe { libsqlite3_sys::sqlite3_get_autocommit(handle.as_raw_handle().as_ptr()) != 0 }
        };
        let clean = autocommit && !conn.is_in_transaction();
        if !clean {
            tracing::warn!(autocommit, "closing an SQLite connection left inside a transaction");
        }
        Ok(clean)
    })
}

/// Whether a write failed because a unique key already holds its value: a retry, a second
/// click, a race that someone else won.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Whether a database error means "cannot write or reach the database right now", which the
/// client may retry (503), rather than a bug (500).
pub fn is_unavailable(err: &DbErr) -> bool {
    let sqlx_err = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match sqlx_err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => match db.try_downcast_ref::<SqliteError>() {
            Some(sqlite) => sqlite_code_is_unavailable(sqlite.code().as_deref()),
            None => db.code().is_some_and(|code| postgres_code_is_unavailable(&code)),
        },
        _ => false,
    }
}

/// SQLite's primary result codes (the low byte of the extended code sqlx reports): busy or
/// locked beyond the busy timeout, an I/O error, a full disk, a file that cannot be opened.
fn sqlite_code_is_unavailable(code: Option<&str>) -> bool {
    const BUSY: i32 = 5;
    const LOCKED: i32 = 6;
    const IOERR: i32 = 10;
    const FULL: i32 = 13;
    const CANTOPEN: i32 = 14;
    code.and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, BUSY | LOCKED | IOERR | FULL | CANTOPEN))
}

/// PostgreSQL's SQLSTATE: connection exceptions (08…), insufficient resources such as a full
/// disk or too many connections (53…), shutdown (57P…), a dropped database (3D000).
fn postgres_code_is_unavailable(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") || code == "3D000"
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Connections the pool holds open, and how many of them are idle.
pub fn pool_use(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    }
}

/// A cheap round trip, for `/ready`.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_full_disk_io_errors_and_busy_are_unavailable_in_their_extended_forms() {
        for code in ["13", "10", "266", "3338", "5", "517", "6", "14"] {
            assert!(sqlite_code_is_unavailable(Some(code)), "{code}");
        }
        for code in ["19", "2067", "1", "11"] {
            assert!(!sqlite_code_is_unavailable(Some(code)), "{code} is a bug or a constraint, not an outage");
        }
    }

    #[test]
    fn postgres_outages_and_full_disks_are_unavailable_but_constraints_are_not() {
        for code in ["08006", "53100", "53300", "57P01", "3D000"] {
            assert!(postgres_code_is_unavailable(code), "{code}");
        }
        for code in ["23505", "22P02", "42P01"] {
            assert!(!postgres_code_is_unavailable(code), "{code}");
        }
    }
}
