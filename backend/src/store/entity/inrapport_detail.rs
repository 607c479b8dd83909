//! What an inrapport adds to a report. `police_report_number` is shown to coordinators only.

use sea_orm::entity::prelude::*;

use super::stored;
use crate::domain::inrapport::{InrapportDetail, Observation};

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

impl Model {
    pub fn of(report_id: i64, d: InrapportDetail) -> Self {
        Model {
            report_id,
            occurred_until: d.occurred_until,
            people_count: d.people_count,
            age_band: d.age_band.map(|a| a.as_str().to_owned()),
            assessment: d.assessment,
            observation: d.observation.as_str().to_owned(),
            police_report_made: d.police_report_made,
            police_report_number: d.police_report_number,
            rescue_case_number: d.rescue_case_number,
            action_taken: d.action_taken,
            damage_cost_sek: d.damage_cost_sek,
            follow_up_by: d.follow_up_by,
        }
    }
}

impl From<Model> for InrapportDetail {
    fn from(m: Model) -> Self {
        InrapportDetail {
            occurred_until: m.occurred_until,
            people_count: m.people_count,
            age_band: m.age_band.as_deref().and_then(|a| stored(m.report_id, "age_band", a)),
            assessment: m.assessment,
            observation: stored(m.report_id, "observation", &m.observation).unwrap_or(Observation::Suspected),
            police_report_made: m.police_report_made,
            police_report_number: m.police_report_number,
            rescue_case_number: m.rescue_case_number,
            action_taken: m.action_taken,
            damage_cost_sek: m.damage_cost_sek,
            follow_up_by: m.follow_up_by,
        }
    }
}
