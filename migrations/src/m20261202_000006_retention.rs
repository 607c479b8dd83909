//! Retention (gallring): when a report was closed (contact details and, if so decided, exact
//! coordinates are removed a set time after), when its coordinates were coarsened, and the audit
//! of every purge run (when, which rule, how many rows; never the values removed).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, StatementBuilder};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Report::ClosedAt, Report::CoarsenedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Report::Table)
                        .add_column(ColumnDef::new(column).timestamp_with_time_zone().null())
                        .to_owned(),
                )
                .await?;
        }
        // Reports closed before this migration count as closed at their last change.
        let db = manager.get_connection();
        let backfill = Query::update()
            .table(Report::Table)
            .value(Report::ClosedAt, Expr::col(Report::UpdatedAt))
            .and_where(Expr::col(Report::Status).is_in(["closed", "rejected", "duplicate"]))
            .to_owned();
        db.execute(StatementBuilder::build(&backfill, &db.get_database_backend())).await?;
        manager
            .create_index(
                Index::create().name("ix_report_closed_at").table(Report::Table).col(Report::ClosedAt).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PurgeLog::Table)
                    .col(ColumnDef::new(PurgeLog::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(PurgeLog::RanAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(PurgeLog::Rule).string_len(32).not_null())
                    .col(ColumnDef::new(PurgeLog::Cutoff).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(PurgeLog::Removed).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_purge_log_ran_at").table(PurgeLog::Table).col(PurgeLog::RanAt).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PurgeLog::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("ix_report_closed_at").table(Report::Table).to_owned()).await?;
        for column in [Report::ClosedAt, Report::CoarsenedAt] {
            manager.alter_table(Table::alter().table(Report::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Status,
    UpdatedAt,
    ClosedAt,
    CoarsenedAt,
}

#[derive(DeriveIden)]
enum PurgeLog {
    Table,
    Id,
    RanAt,
    Rule,
    Cutoff,
    Removed,
}
