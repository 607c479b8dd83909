//! A lägesbild: its group, period, kind, text and, once final, its frozen figures.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lagesbild")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_slug: String,
    /// `monthly`, `in_depth` or `ad_hoc`.
    pub kind: String,
    /// `draft` or `final`.
    pub status: String,
    pub period_from: DateTimeUtc,
    pub period_to: DateTimeUtc,
    pub version: i32,
    /// The final lägesbild this version corrects.
    pub corrects_id: Option<i64>,
    pub correction_note: Option<String>,
    /// The domain's `Sections`, as JSON.
    pub sections: String,
    /// The domain's `Publicity`, as JSON.
    pub publicity: String,
    /// Everything generated, as JSON, frozen at finalisation; none while a draft.
    pub snapshot: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finalised_at: Option<DateTimeUtc>,
    pub finalised_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
