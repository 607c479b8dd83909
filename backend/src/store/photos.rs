//! Photos of reports, and the timeline entries that say who added, hid or blurred them.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde_json::json;

use super::entity::{photo, report, report_event};
use crate::domain::workflow::EventKind;

pub struct NewPhoto {
    pub report_id: i64,
    pub hash: String,
    pub width: u32,
    pub height: u32,
    /// `reporter` or `staff`.
    pub uploaded_by: &'static str,
    pub user_id: Option<i32>,
    /// Who, for the timeline.
    pub actor: String,
}

/// A photo stored now (`true`), or the same photo already on the report (`false`).
pub async fn add(db: &DatabaseConnection, new: NewPhoto, now: DateTime<Utc>) -> Result<(photo::Model, bool), DbErr> {
    let txn = db.begin().await?;
    let inserted = photo::ActiveModel {
        report_id: Set(new.report_id),
        hash: Set(new.hash.clone()),
        width: Set(new.width as i32),
        height: Set(new.height as i32),
        hidden: Set(false),
        uploaded_by: Set(new.uploaded_by.to_owned()),
        user_id: Set(new.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(stored) => {
            event(&txn, &stored, EventKind::PhotoAdded, &new.actor, new.user_id, now).await?;
            txn.commit().await?;
            Ok((stored, true))
        }
        Err(e) if super::is_unique_violation(&e) => {
            drop(txn);
            let existing = photo::Entity::find()
                .filter(photo::Column::ReportId.eq(new.report_id))
                .filter(photo::Column::Hash.eq(&new.hash))
                .one(db)
                .await?;
            existing.map(|p| (p, false)).ok_or(e)
        }
        Err(e) => Err(e),
    }
}

/// The photo with `hash` on a report, if it has one.
pub async fn on_report(db: &DatabaseConnection, report_id: i64, hash: &str) -> Result<Option<photo::Model>, DbErr> {
    photo::Entity::find()
        .filter(photo::Column::ReportId.eq(report_id))
        .filter(photo::Column::Hash.eq(hash))
        .one(db)
        .await
}

pub async fn count(db: &DatabaseConnection, report_id: i64) -> Result<u64, DbErr> {
    photo::Entity::find().filter(photo::Column::ReportId.eq(report_id)).count(db).await
}

/// A report's photos, oldest first.
pub async fn of_report(db: &DatabaseConnection, report_id: i64) -> Result<Vec<photo::Model>, DbErr> {
    photo::Entity::find().filter(photo::Column::ReportId.eq(report_id)).order_by_asc(photo::Column::Id).all(db).await
}

/// The photos stored under `hash`, each with whether its report is public.
pub async fn with_hash(db: &DatabaseConnection, hash: &str) -> Result<Vec<(photo::Model, bool)>, DbErr> {
    let photos = photo::Entity::find().filter(photo::Column::Hash.eq(hash)).all(db).await?;
    let ids: Vec<i64> = photos.iter().map(|p| p.report_id).collect();
    let reports = report::Entity::find().filter(report::Column::Id.is_in(ids)).all(db).await?;
    Ok(photos
        .into_iter()
        .map(|p| {
            let public = reports.iter().any(|r| r.id == p.report_id && r.public_visible);
            (p, public)
        })
        .collect())
}

pub async fn find(db: &DatabaseConnection, id: i64) -> Result<Option<photo::Model>, DbErr> {
    photo::Entity::find_by_id(id).one(db).await
}

/// Hides a photo from the public, or shows it again.
pub async fn set_hidden(
    db: &DatabaseConnection,
    id: i64,
    hidden: bool,
    actor: &str,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<photo::Model>, DbErr> {
    let txn = db.begin().await?;
    let Some(current) = photo::Entity::find_by_id(id).one(&txn).await? else { return Ok(None) };
    let updated = photo::ActiveModel { id: Set(id), hidden: Set(hidden), ..Default::default() }.update(&txn).await?;
    let kind = if hidden { EventKind::PhotoHidden } else { EventKind::PhotoShown };
    event(&txn, &current, kind, actor, Some(user_id), now).await?;
    txn.commit().await?;
    Ok(Some(updated))
}

/// Points a photo at its blurred version; the old hash is returned so its files can go.
pub async fn replace(
    db: &DatabaseConnection,
    id: i64,
    hash: &str,
    actor: &str,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<(photo::Model, String)>, DbErr> {
    let txn = db.begin().await?;
    let Some(current) = photo::Entity::find_by_id(id).one(&txn).await? else { return Ok(None) };
    let updated =
        photo::ActiveModel { id: Set(id), hash: Set(hash.to_owned()), ..Default::default() }.update(&txn).await?;
    event(&txn, &updated, EventKind::PhotoRedacted, actor, Some(user_id), now).await?;
    txn.commit().await?;
    Ok(Some((updated, current.hash)))
}

/// Whether any photo still uses `hash` (its files must stay).
pub async fn hash_in_use(db: &DatabaseConnection, hash: &str) -> Result<bool, DbErr> {
    Ok(photo::Entity::find().filter(photo::Column::Hash.eq(hash)).count(db).await? > 0)
}

async fn event(
    txn: &impl ConnectionTrait,
    photo: &photo::Model,
    kind: EventKind,
    actor: &str,
    user_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    report_event::ActiveModel {
        report_id: Set(photo.report_id),
        kind: Set(kind.as_str().to_owned()),
        status: Set(None),
        public: Set(false),
        actor: Set(Some(actor.to_owned())),
        actor_user_id: Set(user_id),
        body: Set(None),
        data: Set(Some(json!({ "photo": photo.id, "hash": photo.hash }).to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map(drop)
}
