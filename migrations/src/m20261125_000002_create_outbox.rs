//! The mail outbox: what should be told (`mail_notification`, written in the same transaction as
//! the event), the emails made from it (`outbox_email`, delivered by the worker), and a reporter's
//! consent to email about their report (`mail_subscription`, with the opt-out token).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxEmail::Table)
                    .col(ColumnDef::new(OutboxEmail::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(OutboxEmail::Recipient).string_len(320).not_null())
                    .col(ColumnDef::new(OutboxEmail::Subject).text().not_null())
                    .col(ColumnDef::new(OutboxEmail::BodyText).text().not_null())
                    .col(ColumnDef::new(OutboxEmail::BodyHtml).text().not_null())
                    .col(ColumnDef::new(OutboxEmail::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(OutboxEmail::ReportId).big_integer().null())
                    .col(ColumnDef::new(OutboxEmail::UnsubscribeUrl).text().null())
                    .col(ColumnDef::new(OutboxEmail::Status).string_len(16).not_null())
                    .col(ColumnDef::new(OutboxEmail::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(OutboxEmail::NextAttemptAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(OutboxEmail::LastError).text().null())
                    .col(ColumnDef::new(OutboxEmail::MessageId).string_len(255).not_null().unique_key())
                    .col(ColumnDef::new(OutboxEmail::ClaimedBy).string_len(64).null())
                    .col(ColumnDef::new(OutboxEmail::ClaimedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(OutboxEmail::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(OutboxEmail::SentAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxEmail::Table, OutboxEmail::ReportId)
                            .to(Report::Table, Report::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The worker's two questions: what is queued and due, and whose claim has run out.
        // The admin list filters by status and pages by id.
        for (name, first, second) in [
            ("ix_outbox_email_due", OutboxEmail::Status, OutboxEmail::NextAttemptAt),
            ("ix_outbox_email_claim_expiry", OutboxEmail::Status, OutboxEmail::ClaimedUntil),
            ("ix_outbox_email_status_id", OutboxEmail::Status, OutboxEmail::Id),
        ] {
            manager.create_index(index(name, OutboxEmail::Table, first, second)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(MailNotification::Table)
                    .col(ColumnDef::new(MailNotification::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(MailNotification::Audience).string_len(16).not_null())
                    .col(ColumnDef::new(MailNotification::Recipient).string_len(320).not_null())
                    .col(ColumnDef::new(MailNotification::Language).string_len(8).not_null())
                    .col(ColumnDef::new(MailNotification::ReportId).big_integer().not_null())
                    .col(ColumnDef::new(MailNotification::ReportEventId).big_integer().not_null())
                    .col(ColumnDef::new(MailNotification::Urgent).boolean().not_null())
                    .col(ColumnDef::new(MailNotification::Batch).string_len(16).not_null())
                    .col(ColumnDef::new(MailNotification::DueAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(MailNotification::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(MailNotification::OutboxEmailId).big_integer().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailNotification::Table, MailNotification::ReportId)
                            .to(Report::Table, Report::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailNotification::Table, MailNotification::ReportEventId)
                            .to(ReportEvent::Table, ReportEvent::Id),
                    )
                    // Deleting an email deletes what it told; SET NULL would make it pending again.
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailNotification::Table, MailNotification::OutboxEmailId)
                            .to(OutboxEmail::Table, OutboxEmail::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The composer's question (pending and due), the batch lookup (a recipient's pending
        // batch) and the opt-out (a report's pending reporter mail).
        for (name, first, second) in [
            ("ix_mail_notification_pending_due", MailNotification::OutboxEmailId, MailNotification::DueAt),
            ("ix_mail_notification_recipient", MailNotification::Recipient, MailNotification::OutboxEmailId),
            ("ix_mail_notification_report", MailNotification::ReportId, MailNotification::OutboxEmailId),
        ] {
            manager.create_index(index(name, MailNotification::Table, first, second)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(MailSubscription::Table)
                    .col(ColumnDef::new(MailSubscription::ReportId).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(MailSubscription::Email).string_len(320).not_null())
                    .col(ColumnDef::new(MailSubscription::Language).string_len(8).not_null())
                    .col(ColumnDef::new(MailSubscription::OptOutToken).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(MailSubscription::OptedOutAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(MailSubscription::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailSubscription::Table, MailSubscription::ReportId)
                            .to(Report::Table, Report::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in
            [MailSubscription::Table.into_iden(), MailNotification::Table.into_iden(), OutboxEmail::Table.into_iden()]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    first: impl IntoIden,
    second: impl IntoIden,
) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(first).col(second).to_owned()
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    Id,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    Kind,
    ReportId,
    UnsubscribeUrl,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    MessageId,
    ClaimedBy,
    ClaimedUntil,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum MailNotification {
    Table,
    Id,
    Audience,
    Recipient,
    Language,
    ReportId,
    ReportEventId,
    Urgent,
    Batch,
    DueAt,
    CreatedAt,
    OutboxEmailId,
}

#[derive(DeriveIden)]
enum MailSubscription {
    Table,
    ReportId,
    Email,
    Language,
    OptOutToken,
    OptedOutAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReportEvent {
    Table,
    Id,
}
