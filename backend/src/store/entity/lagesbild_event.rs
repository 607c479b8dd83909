//! What was done to a lägesbild, by whom: generated, edited (which sections), finalised, corrected.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lagesbild_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub lagesbild_id: i64,
    pub kind: String,
    pub actor_user_id: Option<i32>,
    pub actor: Option<String>,
    pub data: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
