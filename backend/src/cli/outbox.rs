//! `trygg outbox retry --all-failed | ID`: queue failed emails again (after fixing the relay, say).

use anyhow::bail;
use chrono::Utc;

use crate::config::Settings;
use crate::startup::prepare_database;
use crate::store::outbox::{self, Requeue};

#[derive(clap::Subcommand)]
pub enum OutboxCommand {
    /// Queue a failed email again (or every failed one), with fresh attempts and the same Message-ID.
    Retry {
        /// The email's id (as in GET /api/v1/admin/outbox).
        #[arg(required_unless_present = "all_failed", conflicts_with = "all_failed")]
        id: Option<i64>,
        /// Every failed email.
        #[arg(long)]
        all_failed: bool,
    },
}

pub async fn run(settings: &Settings, command: OutboxCommand) -> anyhow::Result<()> {
    let db = prepare_database(settings).await?;
    // clap requires exactly one of ID and --all-failed.
    let OutboxCommand::Retry { id, .. } = command;
    match id {
        Some(id) => match outbox::requeue_failed(&db, id, Utc::now()).await? {
            Requeue::Requeued(_) => println!("Queued email {id} again."),
            Requeue::NotFailed(email) => bail!("email {id} is {}, not failed", email.status),
            Requeue::Missing => bail!("there is no email {id}"),
        },
        None => {
            let count = outbox::requeue_all_failed(&db, Utc::now()).await?;
            println!("Queued {count} failed emails again.");
        }
    }
    Ok(())
}
