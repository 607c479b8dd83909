//! Trygghetsenkäter: surveys and their versions, anonymous responses with their answers (the
//! background answers in a table of their own, so a raw export can leave them out), marked
//! places, invitation codes kept as digests, and what staff did to a survey.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn belongs_to<F: IntoIden + Copy + 'static, T: IntoIden + 'static>(
    from: (F, F),
    to: (T, T),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

async fn index<T: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: &[T],
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create().name(name).table(table).to_owned();
    for col in cols {
        index.col(*col);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Survey::Table)
                    .col(id(Survey::Id))
                    .col(ColumnDef::new(Survey::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Survey::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Survey::Access).string_len(16).not_null())
                    .col(ColumnDef::new(Survey::OpensAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Survey::ClosesAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Survey::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Survey::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SurveyVersion::Table)
                    .col(id(SurveyVersion::Id))
                    .col(ColumnDef::new(SurveyVersion::SurveyId).big_integer().not_null())
                    .col(ColumnDef::new(SurveyVersion::Number).integer().not_null())
                    .col(ColumnDef::new(SurveyVersion::Definition).text().not_null())
                    .col(ColumnDef::new(SurveyVersion::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(SurveyVersion::PublishedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut belongs_to(
                        (SurveyVersion::Table, SurveyVersion::SurveyId),
                        (Survey::Table, Survey::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_survey_version",
            SurveyVersion::Table,
            &[SurveyVersion::SurveyId, SurveyVersion::Number],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SurveyInvitation::Table)
                    .col(id(SurveyInvitation::Id))
                    .col(ColumnDef::new(SurveyInvitation::SurveyId).big_integer().not_null())
                    .col(ColumnDef::new(SurveyInvitation::CodeDigest).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(SurveyInvitation::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(SurveyInvitation::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut belongs_to(
                        (SurveyInvitation::Table, SurveyInvitation::SurveyId),
                        (Survey::Table, Survey::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SurveyResponse::Table)
                    .col(id(SurveyResponse::Id))
                    .col(ColumnDef::new(SurveyResponse::SurveyId).big_integer().not_null())
                    .col(ColumnDef::new(SurveyResponse::VersionId).big_integer().not_null())
                    .col(ColumnDef::new(SurveyResponse::ClientKey).string_len(64).not_null())
                    .col(ColumnDef::new(SurveyResponse::BodyHash).string_len(64).not_null())
                    .col(ColumnDef::new(SurveyResponse::Language).string_len(2).not_null())
                    .col(ColumnDef::new(SurveyResponse::InvitationId).big_integer().null())
                    .col(ColumnDef::new(SurveyResponse::SubmittedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut belongs_to(
                        (SurveyResponse::Table, SurveyResponse::SurveyId),
                        (Survey::Table, Survey::Id),
                    ))
                    .foreign_key(&mut belongs_to(
                        (SurveyResponse::Table, SurveyResponse::VersionId),
                        (SurveyVersion::Table, SurveyVersion::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ux_survey_response_client",
            SurveyResponse::Table,
            &[SurveyResponse::SurveyId, SurveyResponse::ClientKey],
            true,
        )
        .await?;
        for (table, name, by_question) in [
            (SurveyAnswer::Table, "survey_answer", "ix_survey_answer_question"),
            (SurveyAnswer::BackgroundTable, "survey_background", "ix_survey_background_question"),
        ] {
            manager
                .create_table(
                    Table::create()
                        .table(table)
                        .col(id(SurveyAnswer::Id))
                        .col(ColumnDef::new(SurveyAnswer::ResponseId).big_integer().not_null())
                        .col(ColumnDef::new(SurveyAnswer::SurveyId).big_integer().not_null())
                        .col(ColumnDef::new(SurveyAnswer::Question).string_len(48).not_null())
                        .col(ColumnDef::new(SurveyAnswer::Value).text().not_null())
                        .col(ColumnDef::new(SurveyAnswer::Number).double().null())
                        .foreign_key(&mut belongs_to(
                            (table, SurveyAnswer::ResponseId),
                            (SurveyResponse::Table, SurveyResponse::Id),
                        ))
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                by_question,
                table,
                &[SurveyAnswer::SurveyId, SurveyAnswer::Question, SurveyAnswer::Value],
                false,
            )
            .await?;
            index(
                manager,
                &format!("ix_{name}_response"),
                table,
                &[SurveyAnswer::ResponseId, SurveyAnswer::Question],
                false,
            )
            .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SurveyPoint::Table)
                    .col(id(SurveyPoint::Id))
                    .col(ColumnDef::new(SurveyPoint::ResponseId).big_integer().not_null())
                    .col(ColumnDef::new(SurveyPoint::SurveyId).big_integer().not_null())
                    .col(ColumnDef::new(SurveyPoint::Question).string_len(48).not_null())
                    .col(ColumnDef::new(SurveyPoint::Lat).double().not_null())
                    .col(ColumnDef::new(SurveyPoint::Lon).double().not_null())
                    .col(ColumnDef::new(SurveyPoint::AreaId).integer().not_null())
                    .col(ColumnDef::new(SurveyPoint::Reasons).string_len(1000).not_null())
                    .col(ColumnDef::new(SurveyPoint::TimeOfDay).string_len(16).null())
                    .foreign_key(&mut belongs_to(
                        (SurveyPoint::Table, SurveyPoint::ResponseId),
                        (SurveyResponse::Table, SurveyResponse::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_survey_point_survey", SurveyPoint::Table, &[SurveyPoint::SurveyId], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(SurveyEvent::Table)
                    .col(id(SurveyEvent::Id))
                    .col(ColumnDef::new(SurveyEvent::SurveyId).big_integer().not_null())
                    .col(ColumnDef::new(SurveyEvent::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(SurveyEvent::ActorUserId).integer().null())
                    .col(ColumnDef::new(SurveyEvent::Actor).string_len(200).null())
                    .col(ColumnDef::new(SurveyEvent::Data).text().null())
                    .col(ColumnDef::new(SurveyEvent::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut belongs_to(
                        (SurveyEvent::Table, SurveyEvent::SurveyId),
                        (Survey::Table, Survey::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_survey_event_survey", SurveyEvent::Table, &[SurveyEvent::SurveyId], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SurveyEvent::Table.into_iden(),
            SurveyPoint::Table.into_iden(),
            SurveyAnswer::BackgroundTable.into_iden(),
            SurveyAnswer::Table.into_iden(),
            SurveyResponse::Table.into_iden(),
            SurveyInvitation::Table.into_iden(),
            SurveyVersion::Table.into_iden(),
            Survey::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Survey {
    Table,
    Id,
    Slug,
    Status,
    Access,
    OpensAt,
    ClosesAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SurveyVersion {
    Table,
    Id,
    SurveyId,
    Number,
    Definition,
    CreatedAt,
    PublishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SurveyInvitation {
    Table,
    Id,
    SurveyId,
    CodeDigest,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SurveyResponse {
    Table,
    Id,
    SurveyId,
    VersionId,
    ClientKey,
    BodyHash,
    Language,
    InvitationId,
    SubmittedAt,
}

/// The columns of `survey_answer` and of `survey_background`, which has the same shape.
#[derive(DeriveIden, Clone, Copy)]
enum SurveyAnswer {
    Table,
    #[sea_orm(iden = "survey_background")]
    BackgroundTable,
    Id,
    ResponseId,
    SurveyId,
    Question,
    Value,
    Number,
}

#[derive(DeriveIden, Clone, Copy)]
enum SurveyPoint {
    Table,
    Id,
    ResponseId,
    SurveyId,
    Question,
    Lat,
    Lon,
    AreaId,
    Reasons,
    TimeOfDay,
}

#[derive(DeriveIden, Clone, Copy)]
enum SurveyEvent {
    Table,
    Id,
    SurveyId,
    Kind,
    ActorUserId,
    Actor,
    Data,
    CreatedAt,
}
