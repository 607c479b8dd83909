//! Open to other systems and the public: Open311 clients (server-to-server, each with its API key
//! kept as a digest), the coordinator's choice to show a public report at its exact place rather
//! than in the public map's grid, and residents' "+1" on a public report (once per phone).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Open311Client::Table)
                    .col(ColumnDef::new(Open311Client::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Open311Client::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Open311Client::KeyDigest).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Open311Client::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Open311Client::RevokedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlusOne::Table)
                    .col(ColumnDef::new(PlusOne::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(PlusOne::ReportId).big_integer().not_null())
                    .col(ColumnDef::new(PlusOne::ClientKey).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(PlusOne::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Report::Table)
                    .add_column(ColumnDef::new(Report::PublicExact).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Report::Table).drop_column(Report::PublicExact).to_owned()).await?;
        manager.drop_table(Table::drop().table(PlusOne::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Open311Client::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Open311Client {
    Table,
    Id,
    Name,
    KeyDigest,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum PlusOne {
    Table,
    Id,
    ReportId,
    ClientKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    PublicExact,
}
