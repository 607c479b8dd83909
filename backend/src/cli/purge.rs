//! `trygg purge [--dry-run]`: apply the retention rules now, printing what each removed.

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Settings;
use crate::startup::prepare_database;
use crate::store::retention::purge;

#[derive(clap::Args)]
pub struct PurgeArgs {
    /// Count what would be removed, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(settings: &Settings, args: PurgeArgs) -> anyhow::Result<()> {
    let db = prepare_database(settings).await?;
    let policy = settings.retention.policy();
    // A spinner with the running count (on a terminal only), for runs over many rows.
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg}")?);
    let progress = |rule: crate::domain::retention::Rule, done: u64| {
        bar.set_message(format!("{}: {done} rows", rule.as_str()));
        bar.tick();
    };
    let purged = purge(&db, &policy, Utc::now(), args.dry_run, &progress).await?;
    bar.finish_and_clear();
    println!("{}", crate::retention::describe(&purged, args.dry_run));
    if !args.dry_run {
        println!("Recorded in purge_log.");
    }
    Ok(())
}
