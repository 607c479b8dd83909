//! Lägesbilder and their åtgärdsplaner: the lägesbild (its text, and at finalisation a frozen
//! snapshot of its figures), what was done to it, its actions with their follow-ups, imported
//! crime statistics, and the meetings the "draft ready" e-mail has been sent for.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn text<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column).text().null().to_owned()
}

fn at<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column).timestamp_with_time_zone().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Lagesbild::Table)
                    .col(id(Lagesbild::Id))
                    .col(ColumnDef::new(Lagesbild::GroupSlug).string_len(32).not_null())
                    .col(ColumnDef::new(Lagesbild::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Lagesbild::Status).string_len(16).not_null())
                    .col(at(Lagesbild::PeriodFrom))
                    .col(at(Lagesbild::PeriodTo))
                    .col(ColumnDef::new(Lagesbild::Version).integer().not_null())
                    .col(ColumnDef::new(Lagesbild::CorrectsId).big_integer().null())
                    .col(text(Lagesbild::CorrectionNote))
                    .col(ColumnDef::new(Lagesbild::Sections).text().not_null())
                    .col(ColumnDef::new(Lagesbild::Publicity).text().not_null())
                    .col(text(Lagesbild::Snapshot))
                    .col(at(Lagesbild::CreatedAt))
                    .col(at(Lagesbild::UpdatedAt))
                    .col(ColumnDef::new(Lagesbild::FinalisedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Lagesbild::FinalisedBy).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lagesbild_group_period")
                    .table(Lagesbild::Table)
                    .col(Lagesbild::GroupSlug)
                    .col(Lagesbild::PeriodTo)
                    .to_owned(),
            )
            .await?;
        // A lägesbild counts what happened in its period.
        manager
            .create_index(
                Index::create().name("ix_report_occurred").table(Report::Table).col(Report::OccurredAt).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LagesbildEvent::Table)
                    .col(id(LagesbildEvent::Id))
                    .col(ColumnDef::new(LagesbildEvent::LagesbildId).big_integer().not_null())
                    .col(ColumnDef::new(LagesbildEvent::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(LagesbildEvent::ActorUserId).integer().null())
                    .col(ColumnDef::new(LagesbildEvent::Actor).string_len(200).null())
                    .col(text(LagesbildEvent::Data))
                    .col(at(LagesbildEvent::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LagesbildEvent::Table, LagesbildEvent::LagesbildId)
                            .to(Lagesbild::Table, Lagesbild::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionItem::Table)
                    .col(id(ActionItem::Id))
                    .col(ColumnDef::new(ActionItem::LagesbildId).big_integer().not_null())
                    .col(ColumnDef::new(ActionItem::Problem).text().not_null())
                    .col(text(ActionItem::Cause))
                    .col(ColumnDef::new(ActionItem::Measure).text().not_null())
                    .col(ColumnDef::new(ActionItem::Prevention).string_len(16).not_null())
                    .col(ColumnDef::new(ActionItem::Term).string_len(16).not_null())
                    .col(text(ActionItem::Goal))
                    .col(text(ActionItem::Indicator))
                    .col(ColumnDef::new(ActionItem::ResponsibleOrganisation).string_len(200).not_null())
                    .col(ColumnDef::new(ActionItem::OwnerUserId).integer().null())
                    .col(ColumnDef::new(ActionItem::OwnerName).string_len(200).null())
                    .col(ColumnDef::new(ActionItem::OwnerEmail).string_len(320).null())
                    .col(text(ActionItem::Partners))
                    .col(ColumnDef::new(ActionItem::StartDate).date().null())
                    .col(ColumnDef::new(ActionItem::DueDate).date().not_null())
                    .col(ColumnDef::new(ActionItem::Status).string_len(16).not_null())
                    .col(ColumnDef::new(ActionItem::Hotspot).integer().null())
                    .col(ColumnDef::new(ActionItem::RemindedFor).date().null())
                    .col(at(ActionItem::CreatedAt))
                    .col(at(ActionItem::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionItem::Table, ActionItem::LagesbildId)
                            .to(Lagesbild::Table, Lagesbild::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_action_item_due")
                    .table(ActionItem::Table)
                    .col(ActionItem::Status)
                    .col(ActionItem::DueDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionFollowUp::Table)
                    .col(id(ActionFollowUp::Id))
                    .col(ColumnDef::new(ActionFollowUp::ActionItemId).big_integer().not_null())
                    .col(ColumnDef::new(ActionFollowUp::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(ActionFollowUp::Note).text().not_null())
                    .col(ColumnDef::new(ActionFollowUp::ActorUserId).integer().null())
                    .col(ColumnDef::new(ActionFollowUp::Actor).string_len(200).null())
                    .col(at(ActionFollowUp::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionFollowUp::Table, ActionFollowUp::ActionItemId)
                            .to(ActionItem::Table, ActionItem::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CrimeStatistic::Table)
                    .col(id(CrimeStatistic::Id))
                    .col(ColumnDef::new(CrimeStatistic::PeriodStart).date().not_null())
                    .col(ColumnDef::new(CrimeStatistic::PeriodEnd).date().not_null())
                    // "" for the whole municipality, so the natural key below is unique on both databases.
                    .col(ColumnDef::new(CrimeStatistic::AreaSlug).string_len(64).not_null())
                    .col(ColumnDef::new(CrimeStatistic::OffenceGroup).string_len(200).not_null())
                    .col(ColumnDef::new(CrimeStatistic::Count).big_integer().not_null())
                    .col(ColumnDef::new(CrimeStatistic::Source).string_len(200).not_null())
                    .col(at(CrimeStatistic::ImportedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_crime_statistic")
                    .table(CrimeStatistic::Table)
                    .col(CrimeStatistic::PeriodStart)
                    .col(CrimeStatistic::PeriodEnd)
                    .col(CrimeStatistic::AreaSlug)
                    .col(CrimeStatistic::OffenceGroup)
                    .col(CrimeStatistic::Source)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingNotice::Table)
                    .col(id(MeetingNotice::Id))
                    .col(ColumnDef::new(MeetingNotice::GroupSlug).string_len(32).not_null())
                    .col(at(MeetingNotice::MeetingAt))
                    .col(at(MeetingNotice::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_meeting_notice")
                    .table(MeetingNotice::Table)
                    .col(MeetingNotice::GroupSlug)
                    .col(MeetingNotice::MeetingAt)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MeetingNotice::Table.into_iden(),
            CrimeStatistic::Table.into_iden(),
            ActionFollowUp::Table.into_iden(),
            ActionItem::Table.into_iden(),
            LagesbildEvent::Table.into_iden(),
            Lagesbild::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("ix_report_occurred").table(Report::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Lagesbild {
    Table,
    Id,
    GroupSlug,
    Kind,
    Status,
    PeriodFrom,
    PeriodTo,
    Version,
    CorrectsId,
    CorrectionNote,
    Sections,
    Publicity,
    Snapshot,
    CreatedAt,
    UpdatedAt,
    FinalisedAt,
    FinalisedBy,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    OccurredAt,
}

#[derive(DeriveIden)]
enum LagesbildEvent {
    Table,
    Id,
    LagesbildId,
    Kind,
    ActorUserId,
    Actor,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ActionItem {
    Table,
    Id,
    LagesbildId,
    Problem,
    Cause,
    Measure,
    Prevention,
    Term,
    Goal,
    Indicator,
    ResponsibleOrganisation,
    OwnerUserId,
    OwnerName,
    OwnerEmail,
    Partners,
    StartDate,
    DueDate,
    Status,
    Hotspot,
    RemindedFor,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActionFollowUp {
    Table,
    Id,
    ActionItemId,
    Kind,
    Note,
    ActorUserId,
    Actor,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CrimeStatistic {
    Table,
    Id,
    PeriodStart,
    PeriodEnd,
    AreaSlug,
    OffenceGroup,
    Count,
    Source,
    ImportedAt,
}

#[derive(DeriveIden)]
enum MeetingNotice {
    Table,
    Id,
    GroupSlug,
    MeetingAt,
    SentAt,
}
