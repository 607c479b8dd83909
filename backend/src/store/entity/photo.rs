//! A stored photo of a report: the display JPEG `{hash}.jpg` and its thumbnail `{hash}-thumb.jpg`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "photo")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub hash: String,
    pub width: i32,
    pub height: i32,
    /// Hidden from the public by a coordinator.
    pub hidden: bool,
    /// `reporter` or `staff`.
    pub uploaded_by: String,
    pub user_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
