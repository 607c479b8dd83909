//! Photos of reports: only re-encoded, metadata-free JPEGs, named by the hash of their display
//! version; a report holds one photo once.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Photo::Table)
                    .col(ColumnDef::new(Photo::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Photo::ReportId).big_integer().not_null())
                    .col(ColumnDef::new(Photo::Hash).string_len(64).not_null())
                    .col(ColumnDef::new(Photo::Width).integer().not_null())
                    .col(ColumnDef::new(Photo::Height).integer().not_null())
                    .col(ColumnDef::new(Photo::Hidden).boolean().not_null().default(false))
                    .col(ColumnDef::new(Photo::UploadedBy).string_len(16).not_null())
                    .col(ColumnDef::new(Photo::UserId).integer().null())
                    .col(ColumnDef::new(Photo::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Photo::Table, Photo::ReportId)
                            .to(Report::Table, Report::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_photo_report_hash")
                    .table(Photo::Table)
                    .col(Photo::ReportId)
                    .col(Photo::Hash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ix_photo_hash").table(Photo::Table).col(Photo::Hash).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Photo::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Photo {
    Table,
    Id,
    ReportId,
    Hash,
    Width,
    Height,
    Hidden,
    UploadedBy,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
}
