//! Retention runs: `trygg purge` now, and once a day inside `trygg serve`.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;
use tokio::task::JoinHandle;

use crate::domain::retention::RetentionPolicy;
use crate::metrics::Metrics;
use crate::store::retention::{self, Purged};

/// How often `trygg serve` looks whether a day has passed since the last purge.
const LOOK_EVERY: Duration = Duration::from_secs(3600);

/// Purges once a day: at start if the last run is more than a day old, then whenever a day has
/// passed. Several instances may both run a purge; a second one finds nothing left to remove.
pub fn spawn_daily(db: DatabaseConnection, policy: RetentionPolicy, metrics: Arc<Metrics>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_if_due(&db, &policy, &metrics).await {
                tracing::warn!(error = %e, "retention purge failed; trying again within the hour");
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    })
}

#[tracing::instrument(skip_all)]
async fn run_if_due(
    db: &DatabaseConnection,
    policy: &RetentionPolicy,
    metrics: &Metrics,
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    if retention::last_run(db).await?.is_some_and(|last| now - last < chrono::Duration::days(1)) {
        return Ok(());
    }
    for purged in retention::purge(db, policy, now, false, &|_, _| {}).await? {
        tracing::info!(rule = purged.rule.as_str(), rows = purged.rows, cutoff = %purged.cutoff, "retention purge");
        metrics.purged(purged.rule, purged.rows);
    }
    Ok(())
}

/// One line per rule, for the command line.
pub fn describe(purged: &[Purged], dry_run: bool) -> String {
    let verb = if dry_run { "would remove" } else { "removed" };
    purged
        .iter()
        .map(|p| {
            format!(
                "{:<16} {verb} {:>8} — {} (before {})",
                p.rule.as_str(),
                p.rows,
                p.rule.describe(),
                p.cutoff.format("%Y-%m-%d")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
