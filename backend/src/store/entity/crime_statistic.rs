//! An imported crime figure: period, area ("" for the whole municipality), offence group, count, source.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "crime_statistic")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub area_slug: String,
    pub offence_group: String,
    pub count: i64,
    pub source: String,
    pub imported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
