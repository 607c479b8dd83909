//! A place a respondent marked on the survey's map, with why (comma-separated reason codes) and when.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_point")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub response_id: i64,
    pub survey_id: i64,
    pub question: String,
    pub lat: f64,
    pub lon: f64,
    pub area_id: i32,
    pub reasons: String,
    pub time_of_day: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
