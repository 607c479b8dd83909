//! The report timeline and audit log: append-only (the database refuses UPDATE and DELETE).

use sea_orm::entity::prelude::*;

use super::stored;
use crate::domain::report::ReportStatus;
use crate::domain::workflow::EventKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    /// `received`, later `status_changed`, `public_reply`, `note`, …
    pub kind: String,
    /// The report's status after this event, when it changed or was set.
    pub status: Option<String>,
    /// Shown on the reporter's tracking page.
    pub public: bool,
    /// Who did it: `reporter`, `system`, `demo`, or the user's name at the time.
    pub actor: Option<String>,
    pub body: Option<String>,
    pub created_at: DateTimeUtc,
    pub actor_user_id: Option<i32>,
    /// Details of the change as JSON, e.g. `{"from":"new","to":"triaged"}`.
    pub data: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// `None` (and logged) for a kind this version does not know.
    pub fn kind(&self) -> Option<EventKind> {
        stored(self.id, "kind", &self.kind)
    }

    pub fn status(&self) -> Option<ReportStatus> {
        self.status.as_deref().and_then(|s| stored(self.id, "status", s))
    }
}
