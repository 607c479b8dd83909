use sea_orm::entity::prelude::*;

use super::stored;
use crate::domain::report::{PublicId, ReportStatus, Source, TimeOfDay};
use crate::domain::workflow::{Priority, ReportState};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub client_id: Uuid,
    /// The SHA-256 of the tracking token; the token itself is derived, never stored.
    pub tracking_token_hash: String,
    /// With the client's id, what the tracking token is derived from (`None` before 2026-12).
    pub tracking_salt: Option<String>,
    /// The SHA-256 of the request that made the report: a retry must send the same.
    pub body_hash: Option<String>,
    /// The description lower-cased, for the queue's word search.
    pub search_text: String,
    /// When it reached a closed status (`closed`, `rejected`, `duplicate`); cleared if reopened.
    pub closed_at: Option<DateTimeUtc>,
    /// When retention made its coordinates coarse.
    pub coarsened_at: Option<DateTimeUtc>,
    pub source: String,
    pub category_id: i32,
    pub subtype_id: Option<i32>,
    pub description: String,
    pub place_description: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: Option<f64>,
    pub area_id: Option<i32>,
    pub occurred_at: DateTimeUtc,
    pub time_of_day: Option<String>,
    pub recurring: Option<bool>,
    pub feeling: Option<i16>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_consent: bool,
    pub status: String,
    pub priority: Option<String>,
    pub received_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The inrapport submission this came in with (source `staff`).
    pub submission_id: Option<i64>,
    pub created_by_user_id: Option<i32>,
    pub organisation: Option<String>,
    pub assigned_group: Option<String>,
    pub assigned_user_id: Option<i32>,
    pub duplicate_of_id: Option<i64>,
    /// How many reports were marked duplicates of this one ("+1").
    pub duplicate_count: i32,
    pub public_visible: bool,
    /// Public at its exact place (the coordinator's choice), not only in the public map's grid.
    pub public_exact: bool,
    /// The text shown publicly instead of the description, after redaction.
    pub public_description: Option<String>,
    /// Comma-separated screening hits in the free text, for the coordinator.
    pub screening_flags: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The number residents and staff quote: `TRY-2026-000123`.
    pub fn public_id(&self) -> PublicId {
        PublicId::new(self.id, self.received_at)
    }

    pub fn status(&self) -> ReportStatus {
        stored(self.id, "status", &self.status).unwrap_or(ReportStatus::New)
    }

    pub fn priority(&self) -> Option<Priority> {
        self.priority.as_deref().and_then(|p| stored(self.id, "priority", p))
    }

    pub fn source(&self) -> Source {
        stored(self.id, "source", &self.source).unwrap_or(Source::Pwa)
    }

    pub fn time_of_day(&self) -> Option<TimeOfDay> {
        self.time_of_day.as_deref().and_then(|t| stored(self.id, "time_of_day", t))
    }

    /// What the workflow needs to know of this report.
    pub fn state(&self) -> Result<ReportState, DbErr> {
        let corrupt = |e: String| DbErr::Custom(format!("report {}: {e}", self.id));
        Ok(ReportState {
            id: self.id,
            public_id: self.public_id(),
            status: self.status.parse().map_err(corrupt)?,
            priority: self.priority.as_deref().map(str::parse).transpose().map_err(corrupt)?,
            category_id: self.category_id,
            subtype_id: self.subtype_id,
            public_visible: self.public_visible,
            public_description: self.public_description.clone(),
            flagged: self.screening_flags.as_deref().is_some_and(|f| !f.is_empty()),
            duplicate_of: self.duplicate_of_id,
        })
    }
}
