//! One email to one recipient, delivered by the mail worker.

use sea_orm::entity::prelude::*;

use super::stored;
use crate::domain::mail_policy::{EmailKind, OutboxStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_email")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// `coordinator_alert`, `coordinator_digest`, `reporter_update`.
    pub kind: String,
    /// Set when the email is about one report.
    pub report_id: Option<i64>,
    /// For `List-Unsubscribe` (reporter emails).
    pub unsubscribe_url: Option<String>,
    /// `queued`, `sending` (claimed by a worker until `claimed_until`), `sent`, `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub last_error: Option<String>,
    /// Stable across retries, so a message sent twice after a crash is recognisable.
    pub message_id: String,
    /// The worker holding the row, or the one that sent it.
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn kind(&self) -> EmailKind {
        stored(self.id, "kind", &self.kind).unwrap_or(EmailKind::CoordinatorAlert)
    }

    pub fn status(&self) -> OutboxStatus {
        stored(self.id, "status", &self.status).unwrap_or(OutboxStatus::Failed)
    }
}
