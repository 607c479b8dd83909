//! A reporter's consent to hear about their report by email, and their way out of it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_subscription")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub report_id: i64,
    pub email: String,
    /// `sv` or `en`: the language the report was made in.
    pub language: String,
    /// The SHA-256 of the opt-out link's secret.
    pub opt_out_token_hash: String,
    /// The report's tracking token, for the links in the reporter's e-mails: kept only for
    /// reporters who asked for e-mail, and removed with their address.
    pub tracking_token: Option<String>,
    pub opted_out_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
