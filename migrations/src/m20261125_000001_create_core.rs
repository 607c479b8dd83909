//! Categories, areas, reports and the append-only report timeline.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Category::Table)
                    .col(pk(Category::Id))
                    .col(ColumnDef::new(Category::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Category::NameSv).string_len(200).not_null())
                    .col(ColumnDef::new(Category::NameEn).string_len(200).not_null())
                    .col(ColumnDef::new(Category::DefaultGroup).string_len(32).not_null())
                    .col(ColumnDef::new(Category::StaffOnly).boolean().not_null().default(false))
                    .col(ColumnDef::new(Category::SortOrder).integer().not_null().default(0))
                    .col(ColumnDef::new(Category::Active).boolean().not_null().default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CategorySubtype::Table)
                    .col(pk(CategorySubtype::Id))
                    .col(ColumnDef::new(CategorySubtype::CategoryId).integer().not_null())
                    .col(ColumnDef::new(CategorySubtype::Slug).string_len(64).not_null())
                    .col(ColumnDef::new(CategorySubtype::NameSv).string_len(200).not_null())
                    .col(ColumnDef::new(CategorySubtype::NameEn).string_len(200).not_null())
                    .col(ColumnDef::new(CategorySubtype::DefaultGroup).string_len(32).null())
                    .col(ColumnDef::new(CategorySubtype::SortOrder).integer().not_null().default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CategorySubtype::Table, CategorySubtype::CategoryId)
                            .to(Category::Table, Category::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_category_subtype_slug")
                    .table(CategorySubtype::Table)
                    .col(CategorySubtype::CategoryId)
                    .col(CategorySubtype::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Area::Table)
                    .col(pk(Area::Id))
                    .col(ColumnDef::new(Area::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Area::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Area::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Area::Geometry).text().not_null())
                    .col(ColumnDef::new(Area::Lat).double().not_null())
                    .col(ColumnDef::new(Area::Lon).double().not_null())
                    .col(ColumnDef::new(Area::SortOrder).integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Report::Table)
                    .col(ColumnDef::new(Report::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Report::ClientId).uuid().not_null().unique_key())
                    .col(ColumnDef::new(Report::TrackingToken).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Report::Source).string_len(16).not_null())
                    .col(ColumnDef::new(Report::CategoryId).integer().not_null())
                    .col(ColumnDef::new(Report::SubtypeId).integer().null())
                    .col(ColumnDef::new(Report::Description).text().not_null())
                    .col(ColumnDef::new(Report::PlaceDescription).text().null())
                    .col(ColumnDef::new(Report::Lat).double().not_null())
                    .col(ColumnDef::new(Report::Lon).double().not_null())
                    .col(ColumnDef::new(Report::AccuracyM).double().null())
                    .col(ColumnDef::new(Report::AreaId).integer().null())
                    .col(ColumnDef::new(Report::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Report::TimeOfDay).string_len(16).null())
                    .col(ColumnDef::new(Report::Recurring).boolean().null())
                    .col(ColumnDef::new(Report::Feeling).small_integer().null())
                    .col(ColumnDef::new(Report::ContactName).string_len(200).null())
                    .col(ColumnDef::new(Report::ContactEmail).string_len(320).null())
                    .col(ColumnDef::new(Report::ContactPhone).string_len(40).null())
                    .col(ColumnDef::new(Report::ContactConsent).boolean().not_null().default(false))
                    .col(ColumnDef::new(Report::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Report::Priority).string_len(16).null())
                    .col(ColumnDef::new(Report::ReceivedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Report::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create().from(Report::Table, Report::CategoryId).to(Category::Table, Category::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Report::Table, Report::SubtypeId)
                            .to(CategorySubtype::Table, CategorySubtype::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Report::Table, Report::AreaId)
                            .to(Area::Table, Area::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("ix_report_status_received", vec![Report::Status, Report::ReceivedAt]),
            ("ix_report_area_received", vec![Report::AreaId, Report::ReceivedAt]),
            ("ix_report_category_received", vec![Report::CategoryId, Report::ReceivedAt]),
            ("ix_report_received", vec![Report::ReceivedAt]),
            ("ix_report_lat_lon", vec![Report::Lat, Report::Lon]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Report::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ReportEvent::Table)
                    .col(ColumnDef::new(ReportEvent::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ReportEvent::ReportId).big_integer().not_null())
                    .col(ColumnDef::new(ReportEvent::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(ReportEvent::Status).string_len(16).null())
                    .col(ColumnDef::new(ReportEvent::Public).boolean().not_null())
                    .col(ColumnDef::new(ReportEvent::Actor).string_len(200).null())
                    .col(ColumnDef::new(ReportEvent::Body).text().null())
                    .col(ColumnDef::new(ReportEvent::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ReportEvent::Table, ReportEvent::ReportId)
                            .to(Report::Table, Report::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_report_event_report")
                    .table(ReportEvent::Table)
                    .col(ReportEvent::ReportId)
                    .col(ReportEvent::Id)
                    .to_owned(),
            )
            .await?;
        forbid_report_event_changes(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS report_event_append_only() CASCADE")
                .await?;
        }
        for table in [
            ReportEvent::Table.into_iden(),
            Report::Table.into_iden(),
            Area::Table.into_iden(),
            CategorySubtype::Table.into_iden(),
            Category::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// The timeline is the audit log: the database itself refuses to rewrite or delete it.
async fn forbid_report_event_changes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let sql = match manager.get_database_backend() {
        DatabaseBackend::Postgres => {
            "CREATE FUNCTION report_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION 'report_event is append-only'; END $$;
             CREATE TRIGGER report_event_append_only BEFORE UPDATE OR DELETE ON report_event
             FOR EACH ROW EXECUTE FUNCTION report_event_append_only();"
        }
        _ => {
            "CREATE TRIGGER report_event_no_update BEFORE UPDATE ON report_event
             BEGIN SELECT RAISE(ABORT, 'report_event is append-only'); END;
             CREATE TRIGGER report_event_no_delete BEFORE DELETE ON report_event
             BEGIN SELECT RAISE(ABORT, 'report_event is append-only'); END;"
        }
    };
    manager.get_connection().execute_unprepared(sql).await?;
    Ok(())
}

fn pk<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().auto_increment().primary_key().to_owned()
}

#[derive(DeriveIden)]
enum Category {
    Table,
    Id,
    Slug,
    NameSv,
    NameEn,
    DefaultGroup,
    StaffOnly,
    SortOrder,
    Active,
}

#[derive(DeriveIden)]
enum CategorySubtype {
    Table,
    Id,
    CategoryId,
    Slug,
    NameSv,
    NameEn,
    DefaultGroup,
    SortOrder,
}

#[derive(DeriveIden)]
enum Area {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    Geometry,
    Lat,
    Lon,
    SortOrder,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
    ClientId,
    TrackingToken,
    Source,
    CategoryId,
    SubtypeId,
    Description,
    PlaceDescription,
    Lat,
    Lon,
    AccuracyM,
    AreaId,
    OccurredAt,
    TimeOfDay,
    Recurring,
    Feeling,
    ContactName,
    ContactEmail,
    ContactPhone,
    ContactConsent,
    Status,
    Priority,
    ReceivedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportEvent {
    Table,
    Id,
    ReportId,
    Kind,
    Status,
    Public,
    Actor,
    Body,
    CreatedAt,
}
