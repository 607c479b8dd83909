//! Secrets at rest become hashes. Reports keep the SHA-256 of their tracking token (renamed
//! `tracking_token_hash`) and a hashed client id; new reports derive their token from the
//! client id and a salt (`tracking_salt`), and keep a hash of the request (`body_hash`) so that
//! a retry with another body is refused. Mail subscriptions keep the SHA-256 of their opt-out
//! token and, for the e-mails' links, the tracking token of the one report they are about.
//! Inrapport submissions keep a client id scoped to the user who sent it.
//!
//! What existing rows lose: a retry of a report made before this migration gets its receipt
//! without the tracking link (the token was random and cannot be derived again); opt-out links
//! in e-mails sent before it stop working (new e-mails carry working ones). Cannot be undone.
//!
//! The hash functions are frozen copies of the domain's (`trygg_domain::secret`) at this version.

use base64::Engine;
use hmac::{Hmac, Mac};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, QueryResult, StatementBuilder};
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let rename =
            |table: DynIden, from: DynIden, to: DynIden| Table::alter().table(table).rename_column(from, to).to_owned();
        manager
            .alter_table(rename(
                Report::Table.into_iden(),
                Report::TrackingToken.into_iden(),
                Report::TrackingTokenHash.into_iden(),
            ))
            .await?;
        for column in [Report::TrackingSalt, Report::BodyHash] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Report::Table)
                        .add_column(ColumnDef::new(column).string_len(64).null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(rename(
                MailSubscription::Table.into_iden(),
                MailSubscription::OptOutToken.into_iden(),
                MailSubscription::OptOutTokenHash.into_iden(),
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(MailSubscription::Table)
                    .add_column(ColumnDef::new(MailSubscription::TrackingToken).string_len(64).null())
                    .to_owned(),
            )
            .await?;
        hash_reports(manager).await?;
        hash_submissions(manager).await
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("hashed secrets cannot be turned back into the secrets".into()))
    }
}

async fn rows(manager: &SchemaManager<'_>, select: SelectStatement) -> Result<Vec<QueryResult>, DbErr> {
    let db = manager.get_connection();
    db.query_all(StatementBuilder::build(&select, &db.get_database_backend())).await
}

async fn run(manager: &SchemaManager<'_>, update: UpdateStatement) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute(StatementBuilder::build(&update, &db.get_database_backend())).await.map(drop)
}

/// Each subscription first takes its report's token (still in plain text), then every report
/// keeps only hashes.
async fn hash_reports(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let select = Query::select()
        .columns([Report::Id, Report::ClientId, Report::TrackingTokenHash])
        .from(Report::Table)
        .to_owned();
    for row in rows(manager, select).await? {
        let id: i64 = row.try_get("", "id")?;
        let client_id: Uuid = row.try_get("", "client_id")?;
        let token: String = row.try_get("", "tracking_token_hash")?;
        run(
            manager,
            Query::update()
                .table(MailSubscription::Table)
                .value(MailSubscription::TrackingToken, token.clone())
                .value(MailSubscription::OptOutTokenHash, digest(&opt_out_token(&token)))
                .and_where(Expr::col(MailSubscription::ReportId).eq(id))
                .to_owned(),
        )
        .await?;
        run(
            manager,
            Query::update()
                .table(Report::Table)
                .value(Report::ClientId, stored_client_id(client_id))
                .value(Report::TrackingTokenHash, digest(&token))
                .and_where(Expr::col(Report::Id).eq(id))
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

async fn hash_submissions(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let select = Query::select()
        .columns([InrapportSubmission::Id, InrapportSubmission::UserId, InrapportSubmission::ClientId])
        .from(InrapportSubmission::Table)
        .to_owned();
    for row in rows(manager, select).await? {
        let id: i64 = row.try_get("", "id")?;
        let user_id: i32 = row.try_get("", "user_id")?;
        let client_id: Uuid = row.try_get("", "client_id")?;
        run(
            manager,
            Query::update()
                .table(InrapportSubmission::Table)
                .value(InrapportSubmission::ClientId, stored_submission_id(user_id, client_id))
                .and_where(Expr::col(InrapportSubmission::Id).eq(id))
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn opt_out_token(tracking_token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(tracking_token.as_bytes()).expect("any key length");
    mac.update(b"trygg opt-out");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

fn stored_client_id(client_id: Uuid) -> Uuid {
    uuid_of(&[b"trygg report client id".as_slice(), client_id.as_bytes()])
}

fn stored_submission_id(user_id: i32, client_id: Uuid) -> Uuid {
    uuid_of(&[b"trygg inrapport client id".as_slice(), &user_id.to_be_bytes(), client_id.as_bytes()])
}

fn uuid_of(parts: &[&[u8]]) -> Uuid {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hasher.finalize()[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
    ClientId,
    TrackingToken,
    TrackingTokenHash,
    TrackingSalt,
    BodyHash,
}

#[derive(DeriveIden)]
enum MailSubscription {
    Table,
    ReportId,
    OptOutToken,
    OptOutTokenHash,
    TrackingToken,
}

#[derive(DeriveIden)]
enum InrapportSubmission {
    Table,
    Id,
    UserId,
    ClientId,
}
