//! `trygg backup FILE`: a consistent copy of the SQLite database, made while `trygg serve` keeps
//! running (SQLite's `VACUUM INTO`). PostgreSQL has its own tools: pg_dump and pg_restore (see
//! docs/operations.md).

use std::path::Path;

use anyhow::{bail, Context};
use sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::config::Settings;
use crate::store;

pub async fn run(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} exists already: a backup never overwrites a file", file.display());
    }
    let db = store::connect(settings).await?;
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        bail!("database_url is PostgreSQL: back it up with `pg_dump -Fc -f FILE DATABASE_URL` (docs/operations.md)");
    }
    let path = file.to_str().context("the backup file's name must be UTF-8")?;
    db.execute_unprepared(&format!("VACUUM INTO '{}'", path.replace('\'', "''")))
        .await
        .with_context(|| format!("writing the backup to {}", file.display()))?;
    println!("Backed up to {} (open it as sqlite://{}).", file.display(), file.display());
    Ok(())
}
