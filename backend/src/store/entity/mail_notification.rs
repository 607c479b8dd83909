//! Something a recipient should hear about, written in the transaction of the event itself and
//! later gathered, with whatever else is due for that recipient, into one `outbox_email`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `coordinator` or `reporter`.
    pub audience: String,
    pub recipient: String,
    /// `sv` or `en`.
    pub language: String,
    pub report_id: i64,
    /// The timeline event told about.
    pub report_event_id: i64,
    pub urgent: bool,
    /// `immediate` (sent when its batch window closes) or `digest` (the daily summary).
    pub batch: String,
    pub due_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    /// The email it went into; `None` while pending.
    pub outbox_email_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
