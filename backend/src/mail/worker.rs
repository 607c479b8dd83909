//! The background task `trygg serve` runs: compose due notifications, claim due emails, deliver
//! them one at a time, record each outcome. Several instances can run on one PostgreSQL database;
//! each claims its own rows for `mail.claim_seconds`, and a crashed instance's rows come back to
//! the others when that runs out. Stopping finishes the email being sent and gives back the rest.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use sea_orm::DbErr;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::compose::compose_due;
use super::transport::{self, SendError, Transport};
use super::{message_host, MailContext};
use crate::domain::mail_policy::retry_delay;
use crate::store::entity::outbox_email;
use crate::store::outbox;

/// The running worker; `stop` it to shut down cleanly.
pub struct MailWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    grace: Duration,
}

impl MailWorker {
    pub fn spawn(ctx: Arc<MailContext>, transport: Transport) -> Self {
        let (stop, stopped) = watch::channel(false);
        let grace = ctx.settings.mail.send_timeout + Duration::from_secs(5);
        let worker = Worker { name: worker_name(), host: message_host(&ctx.settings.public_url), ctx, transport };
        MailWorker { stop, task: tokio::spawn(worker.run(stopped)), grace }
    }

    /// Lets the email being sent finish, gives back the rest of the claim, and waits for the worker.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(self.grace, &mut task).await.is_err() {
            tracing::warn!("the mail worker did not stop in time; its claims come back when they run out");
            task.abort();
        }
    }
}

/// Names this process in `claimed_by`: its pid (so an operator can find it) and a random part.
fn worker_name() -> String {
    format!("{}-{:08x}", std::process::id(), rand::random::<u32>())
}

struct Worker {
    name: String,
    host: String,
    ctx: Arc<MailContext>,
    transport: Transport,
}

impl Worker {
    async fn run(self, mut stopped: watch::Receiver<bool>) {
        tracing::info!(worker = %self.name, transport = self.transport.name(), "mail worker started");
        while !*stopped.borrow() {
            let more = self.round(&stopped).await.unwrap_or_else(|e| {
                tracing::warn!(error = format!("{e:#}"), "mail worker round failed; trying again");
                false
            });
            if !more {
                tokio::select! {
                    changed = stopped.changed() => if changed.is_err() { break },
                    () = tokio::time::sleep(self.ctx.settings.mail.poll_interval) => {}
                }
            }
        }
        tracing::info!(worker = %self.name, "mail worker stopped");
    }

    /// Composes what is due, then claims and delivers one batch. `true` when more may be waiting.
    async fn round(&self, stopped: &watch::Receiver<bool>) -> anyhow::Result<bool> {
        let settings = &self.ctx.settings.mail;
        let db = &self.ctx.db;
        let composed = compose_due(&self.ctx, &self.host, Utc::now()).await?;
        if composed > 0 {
            tracing::debug!(composed, "emails composed");
        }
        let now = Utc::now();
        let until = now + chrono::Duration::from_std(settings.claim)?;
        let claimed = outbox::claim_due(db, &self.name, now, until, u64::from(settings.claim_batch)).await?;
        let full = claimed.len() == settings.claim_batch as usize;
        let send_timeout = chrono::Duration::from_std(settings.send_timeout)?;
        let mut emails = claimed.into_iter();
        while let Some(email) = emails.next() {
            // Never send on a claim that may run out mid-send: another worker could take the row.
            if *stopped.borrow() || Utc::now() + send_timeout >= until {
                let rest: Vec<i64> = std::iter::once(email.id).chain(emails.map(|e| e.id)).collect();
                outbox::release(db, &rest, &self.name).await?;
                return Ok(!*stopped.borrow());
            }
            self.deliver(email).await?;
        }
        Ok(full)
    }

    #[tracing::instrument(skip_all, fields(id = email.id, message_id = %email.message_id, attempt = email.attempts))]
    async fn deliver(&self, email: outbox_email::Model) -> Result<(), DbErr> {
        let settings = &self.ctx.settings.mail;
        let db = &self.ctx.db;
        let outcome = match transport::message(&email, &settings.from) {
            Ok(message) => tokio::time::timeout(settings.send_timeout, self.transport.send(message))
                .await
                .unwrap_or_else(|_| Err(SendError::Transient(format!("no answer in {:?}", settings.send_timeout)))),
            Err(e) => Err(e),
        };
        let recorded = match outcome {
            Ok(()) => {
                tracing::info!("email sent");
                outbox::mark_sent(db, email.id, &self.name, Utc::now()).await?
            }
            Err(SendError::Permanent(error)) => {
                tracing::warn!(%error, "email refused for good");
                outbox::mark_failed(db, email.id, &self.name, &truncate(&error)).await?
            }
            Err(SendError::Transient(error)) if email.attempts >= settings.max_attempts as i32 => {
                tracing::warn!(%error, "email failed: out of attempts");
                let error = format!("{error} (after {} attempts)", email.attempts);
                outbox::mark_failed(db, email.id, &self.name, &truncate(&error)).await?
            }
            Err(SendError::Transient(error)) => {
                let attempts = u32::try_from(email.attempts).unwrap_or(1);
                let delay = retry_delay(attempts, settings.retry_initial, settings.retry_max, rand::thread_rng().gen());
                tracing::info!(%error, retry_in = ?delay, "email not delivered; will retry");
                let next = Utc::now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::zero());
                outbox::mark_retry(db, email.id, &self.name, &truncate(&error), next).await?
            }
        };
        if !recorded {
            tracing::warn!("the claim ran out before the outcome was recorded; another worker has the email");
        }
        Ok(())
    }
}

/// Server answers can be long; the admin list needs the gist.
fn truncate(error: &str) -> String {
    error.chars().take(2000).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_use_the_public_host() {
        assert_eq!(message_host("https://trygg.herrljunga.se/"), "trygg.herrljunga.se");
        assert_eq!(message_host("http://localhost:8080"), "localhost");
    }
}
