//! A meeting whose "draft ready" e-mail has been sent.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_notice")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_slug: String,
    pub meeting_at: DateTimeUtc,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
