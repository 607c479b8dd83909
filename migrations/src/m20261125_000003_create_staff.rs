//! Staff accounts and sessions, inrapporter, and the columns triage needs on reports and events.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(User::Table)
                    .col(ColumnDef::new(User::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(User::Email).string_len(320).not_null().unique_key())
                    .col(ColumnDef::new(User::Name).string_len(200).not_null())
                    .col(ColumnDef::new(User::Role).string_len(16).not_null())
                    .col(ColumnDef::new(User::Organisation).string_len(200).null())
                    .col(ColumnDef::new(User::PasswordHash).string_len(256).not_null())
                    .col(ColumnDef::new(User::MustChangePassword).boolean().not_null().default(false))
                    .col(ColumnDef::new(User::Active).boolean().not_null().default(true))
                    .col(ColumnDef::new(User::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(User::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(ColumnDef::new(Session::Id).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Session::UserId).integer().not_null())
                    .col(ColumnDef::new(Session::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Session::LastSeenAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Session::ExpiresAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Session::Table, Session::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_session_user", Session::Table, &[Session::UserId]).await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempt::Table)
                    .col(ColumnDef::new(LoginAttempt::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(LoginAttempt::Email).string_len(320).not_null())
                    .col(ColumnDef::new(LoginAttempt::Ip).string_len(64).not_null())
                    .col(ColumnDef::new(LoginAttempt::Succeeded).boolean().not_null())
                    .col(ColumnDef::new(LoginAttempt::At).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_login_attempt_email", LoginAttempt::Table, &[LoginAttempt::Email, LoginAttempt::At]).await?;
        index(manager, "ix_login_attempt_ip", LoginAttempt::Table, &[LoginAttempt::Ip, LoginAttempt::At]).await?;
        manager
            .create_table(
                Table::create()
                    .table(InrapportSubmission::Table)
                    .col(
                        ColumnDef::new(InrapportSubmission::Id).big_integer().not_null().auto_increment().primary_key(),
                    )
                    .col(ColumnDef::new(InrapportSubmission::ClientId).uuid().not_null().unique_key())
                    .col(ColumnDef::new(InrapportSubmission::UserId).integer().not_null())
                    .col(ColumnDef::new(InrapportSubmission::Organisation).string_len(200).null())
                    .col(ColumnDef::new(InrapportSubmission::PeriodFrom).date().null())
                    .col(ColumnDef::new(InrapportSubmission::PeriodTo).date().null())
                    .col(ColumnDef::new(InrapportSubmission::NothingToReport).boolean().not_null())
                    .col(ColumnDef::new(InrapportSubmission::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(InrapportSubmission::Table, InrapportSubmission::UserId)
                            .to(User::Table, User::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_inrapport_submission_user",
            InrapportSubmission::Table,
            &[InrapportSubmission::UserId, InrapportSubmission::CreatedAt],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(InrapportDetail::Table)
                    .col(ColumnDef::new(InrapportDetail::ReportId).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(InrapportDetail::OccurredUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(InrapportDetail::PeopleCount).integer().null())
                    .col(ColumnDef::new(InrapportDetail::AgeBand).string_len(16).null())
                    .col(ColumnDef::new(InrapportDetail::Assessment).small_integer().not_null())
                    .col(ColumnDef::new(InrapportDetail::Observation).string_len(16).not_null())
                    .col(ColumnDef::new(InrapportDetail::PoliceReportMade).boolean().null())
                    .col(ColumnDef::new(InrapportDetail::PoliceReportNumber).string_len(64).null())
                    .col(ColumnDef::new(InrapportDetail::RescueCaseNumber).string_len(64).null())
                    .col(ColumnDef::new(InrapportDetail::ActionTaken).text().null())
                    .col(ColumnDef::new(InrapportDetail::DamageCostSek).big_integer().null())
                    .col(ColumnDef::new(InrapportDetail::FollowUpBy).string_len(200).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(InrapportDetail::Table, InrapportDetail::ReportId)
                            .to(Report::Table, Report::Id),
                    )
                    .to_owned(),
            )
            .await?;

        // SQLite alters one column per statement.
        let report_columns = [
            ColumnDef::new(Report::SubmissionId).big_integer().null().to_owned(),
            ColumnDef::new(Report::CreatedByUserId).integer().null().to_owned(),
            ColumnDef::new(Report::Organisation).string_len(200).null().to_owned(),
            ColumnDef::new(Report::AssignedGroup).string_len(32).null().to_owned(),
            ColumnDef::new(Report::AssignedUserId).integer().null().to_owned(),
            ColumnDef::new(Report::DuplicateOfId).big_integer().null().to_owned(),
            ColumnDef::new(Report::DuplicateCount).integer().not_null().default(0).to_owned(),
            ColumnDef::new(Report::PublicVisible).boolean().not_null().default(false).to_owned(),
            ColumnDef::new(Report::PublicDescription).text().null().to_owned(),
            ColumnDef::new(Report::ScreeningFlags).string_len(128).null().to_owned(),
        ];
        for column in report_columns {
            manager.alter_table(Table::alter().table(Report::Table).add_column(column).to_owned()).await?;
        }
        for column in [
            ColumnDef::new(ReportEvent::ActorUserId).integer().null().to_owned(),
            ColumnDef::new(ReportEvent::Data).text().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(ReportEvent::Table).add_column(column).to_owned()).await?;
        }
        // Every filter the triage queue offers has an index ending in the sort key.
        index(manager, "ix_report_source_received", Report::Table, &[Report::Source, Report::ReceivedAt]).await?;
        index(manager, "ix_report_group_received", Report::Table, &[Report::AssignedGroup, Report::ReceivedAt]).await?;
        index(manager, "ix_report_priority_received", Report::Table, &[Report::Priority, Report::ReceivedAt]).await?;
        index(manager, "ix_report_assignee_received", Report::Table, &[Report::AssignedUserId, Report::ReceivedAt])
            .await?;
        index(manager, "ix_report_creator_received", Report::Table, &[Report::CreatedByUserId, Report::ReceivedAt])
            .await?;
        index(
            manager,
            "ix_report_status_area_received",
            Report::Table,
            &[Report::Status, Report::AreaId, Report::ReceivedAt, Report::Id],
        )
        .await?;
        index(manager, "ix_report_duplicate_of", Report::Table, &[Report::DuplicateOfId]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            InrapportDetail::Table.into_iden(),
            InrapportSubmission::Table.into_iden(),
            LoginAttempt::Table.into_iden(),
            Session::Table.into_iden(),
            User::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

async fn index<T: IntoIden + Clone + 'static, C: IntoIden + Clone + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column.clone());
    }
    manager.create_index(index.to_owned()).await
}

#[derive(DeriveIden, Clone)]
enum User {
    Table,
    Id,
    Email,
    Name,
    Role,
    Organisation,
    PasswordHash,
    MustChangePassword,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Session {
    Table,
    Id,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden, Clone)]
enum LoginAttempt {
    Table,
    Id,
    Email,
    Ip,
    Succeeded,
    At,
}

#[derive(DeriveIden, Clone)]
enum InrapportSubmission {
    Table,
    Id,
    ClientId,
    UserId,
    Organisation,
    PeriodFrom,
    PeriodTo,
    NothingToReport,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum InrapportDetail {
    Table,
    ReportId,
    OccurredUntil,
    PeopleCount,
    AgeBand,
    Assessment,
    Observation,
    PoliceReportMade,
    PoliceReportNumber,
    RescueCaseNumber,
    ActionTaken,
    DamageCostSek,
    FollowUpBy,
}

#[derive(DeriveIden, Clone)]
enum Report {
    Table,
    Id,
    Source,
    Status,
    AreaId,
    Priority,
    ReceivedAt,
    SubmissionId,
    CreatedByUserId,
    Organisation,
    AssignedGroup,
    AssignedUserId,
    DuplicateOfId,
    DuplicateCount,
    PublicVisible,
    PublicDescription,
    ScreeningFlags,
}

#[derive(DeriveIden, Clone)]
enum ReportEvent {
    Table,
    ActorUserId,
    Data,
}
