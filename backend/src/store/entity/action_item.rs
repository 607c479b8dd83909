//! An action of an åtgärdsplan, decided in a lägesbild.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "action_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub lagesbild_id: i64,
    pub problem: String,
    pub cause: Option<String>,
    pub measure: String,
    pub prevention: String,
    pub term: String,
    pub goal: Option<String>,
    pub indicator: Option<String>,
    pub responsible_organisation: String,
    pub owner_user_id: Option<i32>,
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub partners: Option<String>,
    pub start_date: Option<Date>,
    pub due_date: Date,
    pub status: String,
    pub hotspot: Option<i32>,
    /// The due date the last overdue reminder was sent for: one reminder per due date.
    pub reminded_for: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
