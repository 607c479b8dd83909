//! Reports and their timeline.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, SqlErr, TransactionTrait,
};

use super::entity::{report, report_event};
use super::outbox;
use crate::domain::report::{NewReport, ReportStatus, TrackingToken};
use crate::domain::screening::screen;
use crate::mail::policy::MailPolicy;

/// Stores `new` with a fresh tracking token, its first timeline event and the emails it causes
/// (`mail`), in one transaction. A report with the same `client_id` already stored is returned
/// instead (`false`), and nothing is sent again: an offline queue that retries never creates a
/// duplicate.
pub async fn insert_idempotent(
    db: &DatabaseConnection,
    new: NewReport,
    received_at: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<(report::Model, bool), DbErr> {
    let client_id = new.client_id;
    let txn = db.begin().await?;
    match insert(&txn, new, None, received_at, mail).await {
        Ok(model) => {
            txn.commit().await?;
            Ok((model, true))
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            let existing = find_by_client_id(db, client_id).await?;
            existing.map(|m| (m, false)).ok_or(e)
        }
        Err(e) => Err(e),
    }
}

/// Inserts a report (screening its free text) and its `received` event on `txn`.
pub(super) async fn insert(
    txn: &impl ConnectionTrait,
    new: NewReport,
    submission_id: Option<i64>,
    received_at: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<report::Model, DbErr> {
    let contact = new.contact.unwrap_or_default();
    let reporter_language = contact.language;
    let consent = contact.name.is_some() || contact.email.is_some() || contact.phone.is_some();
    let description = new.description.into_inner();
    let mut hits = screen(&description);
    hits.extend(new.place_description.as_deref().map(screen).unwrap_or_default());
    hits.sort();
    hits.dedup();
    let screening_flags = (!hits.is_empty()).then(|| hits.iter().map(|h| h.as_str()).collect::<Vec<_>>().join(","));
    let (created_by, organisation) = new.staff.map_or((None, None), |s| (Some(s.user_id), s.organisation));
    let model = report::ActiveModel {
        client_id: Set(new.client_id),
        tracking_token: Set(TrackingToken::generate().as_str().to_owned()),
        source: Set(new.source.as_str().to_owned()),
        category_id: Set(new.category_id),
        subtype_id: Set(new.subtype_id),
        description: Set(description),
        place_description: Set(new.place_description),
        lat: Set(new.position.lat),
        lon: Set(new.position.lon),
        accuracy_m: Set(new.accuracy_m),
        area_id: Set(Some(new.position.area_id)),
        occurred_at: Set(new.occurred_at),
        time_of_day: Set(new.time_of_day.map(|t| t.as_str().to_owned())),
        recurring: Set(new.recurring),
        feeling: Set(new.feeling),
        contact_name: Set(contact.name),
        contact_email: Set(contact.email),
        contact_phone: Set(contact.phone),
        contact_consent: Set(consent),
        status: Set(ReportStatus::New.as_str().to_owned()),
        priority: Set(None),
        received_at: Set(received_at),
        updated_at: Set(received_at),
        submission_id: Set(submission_id),
        created_by_user_id: Set(created_by),
        organisation: Set(organisation),
        screening_flags: Set(screening_flags),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let event = report_event::ActiveModel {
        report_id: Set(model.id),
        kind: Set("received".to_owned()),
        status: Set(Some(ReportStatus::New.as_str().to_owned())),
        public: Set(true),
        actor: Set(Some("reporter".to_owned())),
        body: Set(None),
        created_at: Set(received_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    if let Some(email) = &model.contact_email {
        outbox::subscribe_reporter(txn, model.id, email, reporter_language, received_at).await?;
    }
    outbox::queue_new_report(txn, mail, &model, event.id, received_at).await?;
    Ok(model)
}

pub async fn find_by_client_id(db: &DatabaseConnection, client_id: uuid::Uuid) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find().filter(report::Column::ClientId.eq(client_id)).one(db).await
}

pub async fn find(db: &DatabaseConnection, id: i64) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find_by_id(id).one(db).await
}

pub async fn find_by_token(db: &DatabaseConnection, token: &TrackingToken) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find().filter(report::Column::TrackingToken.eq(token.as_str())).one(db).await
}

/// The part of a report's timeline its reporter may see, oldest first.
pub async fn public_timeline(db: &DatabaseConnection, report_id: i64) -> Result<Vec<report_event::Model>, DbErr> {
    report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(report_id))
        .filter(report_event::Column::Public.eq(true))
        .order_by_asc(report_event::Column::Id)
        .all(db)
        .await
}

/// Moves a report to `status`, appends the change to its public timeline and tells a consenting
/// reporter (`mail`), in one transaction.
pub async fn record_status(
    db: &DatabaseConnection,
    report_id: i64,
    status: ReportStatus,
    actor: &str,
    at: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    report::ActiveModel {
        id: Set(report_id),
        status: Set(status.as_str().to_owned()),
        updated_at: Set(at),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let event = report_event::ActiveModel {
        report_id: Set(report_id),
        kind: Set("status_changed".to_owned()),
        status: Set(Some(status.as_str().to_owned())),
        public: Set(true),
        actor: Set(Some(actor.to_owned())),
        body: Set(None),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    outbox::queue_reporter_update(&txn, mail, report_id, event.id, at).await?;
    txn.commit().await
}
