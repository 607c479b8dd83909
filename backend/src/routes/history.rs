//! What was done to a survey or a lägesbild, by whom: their logs read the same.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::entity::{lagesbild_event, survey_event};

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub kind: String,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

impl HistoryEntry {
    fn new(kind: String, actor: Option<String>, at: DateTime<Utc>, data: Option<String>) -> Self {
        let data = data.and_then(|d| serde_json::from_str(&d).ok()).unwrap_or_default();
        HistoryEntry { kind, actor, at, data }
    }
}

impl From<lagesbild_event::Model> for HistoryEntry {
    fn from(e: lagesbild_event::Model) -> Self {
        HistoryEntry::new(e.kind, e.actor, e.created_at, e.data)
    }
}

impl From<survey_event::Model> for HistoryEntry {
    fn from(e: survey_event::Model) -> Self {
        HistoryEntry::new(e.kind, e.actor, e.created_at, e.data)
    }
}
