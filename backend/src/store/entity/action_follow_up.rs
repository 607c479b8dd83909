//! A follow-up note on an action: of the process (was it done) or of the effect (what it achieved).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "action_follow_up")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub action_item_id: i64,
    pub kind: String,
    pub note: String,
    pub actor_user_id: Option<i32>,
    pub actor: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
