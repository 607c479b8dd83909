//! What an inrapport adds to a report. `police_report_number` is shown to coordinators only.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inrapport_detail")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub report_id: i64,
    pub occurred_until: Option<DateTimeUtc>,
    pub people_count: Option<i32>,
    pub age_band: Option<String>,
    /// Unsafety assessed by staff, 1 (low) to 3 (high).
    pub assessment: i16,
    /// `observed` or `suspected`.
    pub observation: String,
    pub police_report_made: Option<bool>,
    pub police_report_number: Option<String>,
    pub rescue_case_number: Option<String>,
    pub action_taken: Option<String>,
    pub damage_cost_sek: Option<i64>,
    pub follow_up_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
