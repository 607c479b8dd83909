//! What Trygg shows outside: reports the coordinator made public (for Open311 and the public
//! map), their public replies, and the systems allowed to file through Open311 with an API key.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use sea_orm::sea_query::Expr;
use sea_orm::TransactionTrait;

use super::entity::{open311_client, plus_one, report, report_event};
use crate::domain::report::ReportStatus;
use crate::domain::secret;
use crate::domain::workflow::EventKind;

/// Which public reports: by id, category (and subtype), received between two times, status.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    pub ids: Vec<i64>,
    /// (category, subtype); an empty list is every category.
    pub services: Vec<(i32, Option<i32>)>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub statuses: Vec<ReportStatus>,
}

/// Public reports matching `filter`, newest first, at most `limit`.
pub async fn reports(db: &DatabaseConnection, filter: &PublicFilter, limit: u64) -> Result<Vec<report::Model>, DbErr> {
    let mut query = report::Entity::find().filter(report::Column::PublicVisible.eq(true));
    if !filter.ids.is_empty() {
        query = query.filter(report::Column::Id.is_in(filter.ids.iter().copied()));
    }
    if !filter.services.is_empty() {
        let mut any = sea_orm::Condition::any();
        for (category, subtype) in &filter.services {
            let mut one = sea_orm::Condition::all().add(report::Column::CategoryId.eq(*category));
            if let Some(subtype) = subtype {
                one = one.add(report::Column::SubtypeId.eq(*subtype));
            }
            any = any.add(one);
        }
        query = query.filter(any);
    }
    if let Some(from) = filter.from {
        query = query.filter(report::Column::ReceivedAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(report::Column::ReceivedAt.lte(to));
    }
    if !filter.statuses.is_empty() {
        query = query.filter(report::Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
    }
    query.order_by_desc(report::Column::ReceivedAt).order_by_desc(report::Column::Id).limit(limit).all(db).await
}

/// The latest public reply of each of `ids`, by report id.
pub async fn latest_replies(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<(i64, String, DateTime<Utc>)>, DbErr> {
    let events = report_event::Entity::find()
        .filter(report_event::Column::ReportId.is_in(ids.iter().copied()))
        .filter(report_event::Column::Public.eq(true))
        .filter(report_event::Column::Kind.eq(EventKind::PublicReply.as_str()))
        .order_by_asc(report_event::Column::Id)
        .all(db)
        .await?;
    let mut latest: Vec<(i64, String, DateTime<Utc>)> = Vec::new();
    for e in events {
        let Some(body) = e.body else { continue };
        latest.retain(|(id, ..)| *id != e.report_id);
        latest.push((e.report_id, body, e.created_at));
    }
    Ok(latest)
}

/// A new Open311 client: its key, returned once; the database keeps the digest.
pub async fn add_client(
    db: &DatabaseConnection,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(open311_client::Model, String), DbErr> {
    let key = secret::random_token();
    let client = open311_client::ActiveModel {
        name: Set(name.to_owned()),
        key_digest: Set(secret::digest(&key)),
        created_at: Set(now),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((client, key))
}

pub async fn clients(db: &DatabaseConnection) -> Result<Vec<open311_client::Model>, DbErr> {
    open311_client::Entity::find().order_by_asc(open311_client::Column::Id).all(db).await
}

/// The active client holding `key`, if any.
pub async fn client_by_key(db: &DatabaseConnection, key: &str) -> Result<Option<open311_client::Model>, DbErr> {
    open311_client::Entity::find()
        .filter(open311_client::Column::KeyDigest.eq(secret::digest(key)))
        .filter(open311_client::Column::RevokedAt.is_null())
        .one(db)
        .await
}

/// Revokes a client's key at once (a revoked key stays revoked from when it first was); `None`
/// when there is no such client.
pub async fn revoke_client(
    db: &DatabaseConnection,
    id: i32,
    now: DateTime<Utc>,
) -> Result<Option<open311_client::Model>, DbErr> {
    let Some(client) = open311_client::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    if client.revoked_at.is_some() {
        return Ok(Some(client));
    }
    let mut revoked: open311_client::ActiveModel = client.into();
    revoked.revoked_at = Set(Some(now));
    Ok(Some(revoked.update(db).await?))
}

/// A resident's "+1" on a public report: counted once per client (`client_key`, a digest), on
/// the report's timeline for the coordinator. `false` when this client had already said so.
pub async fn plus_one(
    db: &DatabaseConnection,
    report_id: i64,
    client_key: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let noted = plus_one::ActiveModel {
        report_id: Set(report_id),
        client_key: Set(client_key.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match noted {
        Ok(_) => {}
        Err(e) if super::is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e),
    }
    report::Entity::update_many()
        .col_expr(report::Column::DuplicateCount, Expr::col(report::Column::DuplicateCount).add(1))
        .filter(report::Column::Id.eq(report_id))
        .exec(&txn)
        .await?;
    report_event::ActiveModel {
        report_id: Set(report_id),
        kind: Set(EventKind::PlusOne.as_str().to_owned()),
        status: Set(None),
        public: Set(false),
        actor: Set(Some("reporter".to_owned())),
        actor_user_id: Set(None),
        body: Set(None),
        data: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(true)
}
