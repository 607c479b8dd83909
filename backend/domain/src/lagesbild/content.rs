//! Everything a lägesbild shows besides EST's own text: the generated figures, the 13-month
//! trend, crime statistics, the survey signal and the follow-up of earlier actions. A draft
//! shows it as generated now; finalising stores it, and from then on it is read, never redone.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::action::ActionStatus;
use super::crime::CrimeLine;
use super::figures::{Count, Figures};
use super::outcome::Outcome;
use crate::survey::definition::Text;
use crate::survey::results::IndexValue;

/// One month of the trend: `2026-11`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MonthCount {
    pub month: String,
    pub count: Count,
}

/// What a survey round that closed in the period says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SurveySignal {
    pub slug: String,
    pub title: Text,
    pub closed_at: DateTime<Utc>,
    /// `null` when too few answered to show.
    pub responses: Option<u64>,
    pub trygghetsindex: Option<IndexValue>,
    /// The problem items with the highest index, highest first (at most five).
    pub problems: Vec<(String, IndexValue)>,
    /// Places marked as unsafe.
    pub points: usize,
}

/// An earlier action still open, as the next lägesbild follows it up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FollowUpItem {
    pub id: i64,
    pub lagesbild_id: i64,
    pub problem: String,
    pub measure: String,
    pub responsible_organisation: String,
    pub owner: String,
    pub due_date: NaiveDate,
    pub status: ActionStatus,
    pub overdue: bool,
    /// The latest follow-up note, if any.
    pub latest_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Content {
    pub generated_at: DateTime<Utc>,
    pub figures: Figures,
    /// The 13 months up to the period's end, oldest first.
    pub trend: Vec<MonthCount>,
    pub crime: Vec<CrimeLine>,
    pub surveys: Vec<SurveySignal>,
    pub follow_up: Vec<FollowUpItem>,
    /// An annual summary's decided, done and achieved; none for the other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}
