//! One rule of one purge run: when, which rule, its cutoff, how many rows. Never the values.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "purge_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub ran_at: DateTimeUtc,
    pub rule: String,
    pub cutoff: DateTimeUtc,
    pub removed: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
