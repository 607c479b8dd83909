//! What an inrapport event adds to a report.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct InrapportDetail {
    pub occurred_until: Option<DateTime<Utc>>,
    pub people_count: Option<i32>,
    /// `children`, `youth`, `adults`, `mixed`, `unknown`: never names.
    pub age_band: Option<String>,
    /// Unsafety assessed by staff, 1 (low) to 3 (high).
    pub assessment: i16,
    /// `observed` or `suspected`.
    pub observation: String,
    pub police_report_made: Option<bool>,
    /// Shown to coordinators only.
    pub police_report_number: Option<String>,
    pub rescue_case_number: Option<String>,
    pub action_taken: Option<String>,
    pub damage_cost_sek: Option<i64>,
    pub follow_up_by: Option<String>,
}
