//! The mail outbox: notifications written with their event, emails composed from them, the
//! workers' claims and the admin's re-queue. The one place where PostgreSQL and SQLite differ is
//! `lock_skipping_claimed_rows`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Cond, Expr, LockBehavior, LockType, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, Value,
};

use super::accounts;
use super::entity::{mail_notification, mail_subscription, outbox_email, report, report_event};
use crate::domain::mail_policy::OutboxStatus;
use crate::domain::mail_policy::{Audience, Batch, MailPolicy};
use crate::domain::report::TrackingToken;
use crate::domain::user::Role;
use crate::error::Lang;

// ---------------------------------------------------------------------------------------------
// Written in the transaction of the event itself.

/// Records a reporter's consent to hear about their report at `email`, written in `lang`, with
/// the report's tracking token for the links in those e-mails.
pub async fn subscribe_reporter(
    txn: &impl ConnectionTrait,
    report_id: i64,
    email: &str,
    lang: Lang,
    tracking: &TrackingToken,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    mail_subscription::ActiveModel {
        report_id: Set(report_id),
        email: Set(email.to_owned()),
        language: Set(lang.to_string()),
        opt_out_token_hash: Set(tracking.opt_out().digest()),
        tracking_token: Set(Some(tracking.as_str().to_owned())),
        opted_out_at: Set(None),
        created_at: Set(now),
    }
    .insert(txn)
    .await
    .map(|_| ())
}

/// Tells the coordinators about a report just received (its timeline event `event_id`): urgent
/// categories in the next batch, the rest in the daily digest.
pub async fn queue_new_report(
    txn: &impl ConnectionTrait,
    policy: &MailPolicy,
    report: &report::Model,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if !policy.tells_coordinators() {
        return Ok(());
    }
    let urgent = policy.is_urgent(report.category_id);
    let batch = if urgent { Batch::Immediate } else { Batch::Digest };
    let coordinators = accounts::active_emails_with_role(txn, Role::Coordinator).await?;
    for recipient in policy.coordinator_recipients(coordinators) {
        let language = policy.coordinator_language();
        let pending =
            Pending { audience: Audience::Coordinator, recipient, language, report_id: report.id, urgent, batch };
        queue(txn, policy, pending, event_id, now).await?;
    }
    Ok(())
}

/// Tells a reporter who left an email address (and has not opted out) about a public event on
/// their report: a status change or a public reply.
pub async fn queue_reporter_update(
    txn: &impl ConnectionTrait,
    policy: &MailPolicy,
    report_id: i64,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if !policy.sends_reporter_updates() {
        return Ok(());
    }
    let Some(subscription) = mail_subscription::Entity::find_by_id(report_id).one(txn).await? else {
        return Ok(());
    };
    if subscription.opted_out_at.is_some() {
        return Ok(());
    }
    let language = Lang::from_code(&subscription.language);
    let pending = Pending {
        audience: Audience::Reporter,
        recipient: subscription.email,
        language,
        report_id,
        urgent: false,
        batch: Batch::Immediate,
    };
    queue(txn, policy, pending, event_id, now).await
}

struct Pending {
    audience: Audience,
    recipient: String,
    language: Lang,
    report_id: i64,
    urgent: bool,
    batch: Batch,
}

async fn queue(
    txn: &impl ConnectionTrait,
    policy: &MailPolicy,
    pending: Pending,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let open_batch = match pending.batch {
        Batch::Immediate => open_batch_due(txn, &pending).await?,
        Batch::Digest => None,
    };
    // Nothing is read back: no RETURNING on the intake path.
    mail_notification::Entity::insert(mail_notification::ActiveModel {
        audience: Set(pending.audience.as_str().to_owned()),
        recipient: Set(pending.recipient),
        language: Set(pending.language.to_string()),
        report_id: Set(pending.report_id),
        report_event_id: Set(event_id),
        urgent: Set(pending.urgent),
        batch: Set(pending.batch.as_str().to_owned()),
        due_at: Set(policy.due_at(pending.batch, now, open_batch)),
        created_at: Set(now),
        outbox_email_id: Set(None),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await
    .map(|_| ())
}

/// When the recipient's open batch goes out, if one is open: a coordinator's across reports, a
/// reporter's about this report.
async fn open_batch_due(txn: &impl ConnectionTrait, pending: &Pending) -> Result<Option<DateTime<Utc>>, DbErr> {
    use mail_notification::Column;
    let mut query = mail_notification::Entity::find()
        .filter(Column::Recipient.eq(&pending.recipient))
        .filter(Column::OutboxEmailId.is_null())
        .filter(Column::Audience.eq(pending.audience.as_str()))
        .filter(Column::Batch.eq(Batch::Immediate.as_str()));
    if pending.audience == Audience::Reporter {
        query = query.filter(Column::ReportId.eq(pending.report_id));
    }
    Ok(query.order_by_asc(Column::DueAt).one(txn).await?.map(|n| n.due_at))
}

// ---------------------------------------------------------------------------------------------
// Opting out.

pub async fn find_subscription_by_token(
    db: &impl ConnectionTrait,
    token: &TrackingToken,
) -> Result<Option<mail_subscription::Model>, DbErr> {
    let digest = token.digest();
    mail_subscription::Entity::find().filter(mail_subscription::Column::OptOutTokenHash.eq(digest)).one(db).await
}

/// Stops email to the reporter about the subscription's report, drops what is still pending for
/// them and removes their contact details from the report (retention: at once on opting out),
/// in one transaction. `None` for an unknown token.
pub async fn opt_out(
    db: &DatabaseConnection,
    token: &TrackingToken,
    now: DateTime<Utc>,
) -> Result<Option<mail_subscription::Model>, DbErr> {
    let txn = db.begin().await?;
    let Some(subscription) = find_subscription_by_token(&txn, token).await? else {
        return Ok(None);
    };
    let subscription = match subscription.opted_out_at {
        Some(_) => subscription,
        None => {
            let mut active: mail_subscription::ActiveModel = subscription.into();
            active.opted_out_at = Set(Some(now));
            active.email = Set(String::new());
            active.tracking_token = Set(None);
            let subscription = active.update(&txn).await?;
            super::retention::forget_contact(&txn, &[subscription.report_id]).await?;
            subscription
        }
    };
    mail_notification::Entity::delete_many()
        .filter(mail_notification::Column::ReportId.eq(subscription.report_id))
        .filter(mail_notification::Column::Audience.eq(Audience::Reporter.as_str()))
        .filter(mail_notification::Column::OutboxEmailId.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Some(subscription))
}

// ---------------------------------------------------------------------------------------------
// Composing: due notifications become emails.

/// The outbox as operators watch it: e-mails per status, and how long the oldest due one has
/// waited.
#[derive(Debug, Clone, Default)]
pub struct Backlog {
    pub by_status: Vec<(OutboxStatus, i64)>,
    pub oldest_due_seconds: Option<i64>,
}

pub async fn backlog(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Backlog, DbErr> {
    use outbox_email::Column as C;
    let counts: Vec<(String, i64)> = outbox_email::Entity::find()
        .select_only()
        .column(C::Status)
        .column_as(C::Id.count(), "n")
        .group_by(C::Status)
        .into_tuple()
        .all(db)
        .await?;
    let oldest = outbox_email::Entity::find()
        .filter(C::Status.eq(OutboxStatus::Queued.as_str()))
        .filter(C::NextAttemptAt.lte(now))
        .order_by_asc(C::NextAttemptAt)
        .one(db)
        .await?;
    Ok(Backlog {
        by_status: OutboxStatus::ALL
            .iter()
            .map(|s| (*s, counts.iter().find(|(name, _)| name == s.as_str()).map_or(0, |(_, n)| *n)))
            .collect(),
        oldest_due_seconds: oldest.map(|e| (now - e.next_attempt_at).num_seconds().max(0)),
    })
}

/// Pending notifications whose time has come, oldest first.
pub async fn due_notifications(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<mail_notification::Model>, DbErr> {
    mail_notification::Entity::find()
        .filter(mail_notification::Column::OutboxEmailId.is_null())
        .filter(mail_notification::Column::DueAt.lte(now))
        .order_by_asc(mail_notification::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

pub async fn reports_by_id(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<report::Model>, DbErr> {
    report::Entity::find().filter(report::Column::Id.is_in(ids.iter().copied())).all(db).await
}

pub async fn events_by_id(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<report_event::Model>, DbErr> {
    report_event::Entity::find()
        .filter(report_event::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(report_event::Column::Id)
        .all(db)
        .await
}

pub async fn subscription(db: &DatabaseConnection, report_id: i64) -> Result<Option<mail_subscription::Model>, DbErr> {
    mail_subscription::Entity::find_by_id(report_id).one(db).await
}

/// Forgets notifications that will never be sent (their reporter opted out meanwhile).
pub async fn drop_notifications(db: &DatabaseConnection, ids: &[i64]) -> Result<(), DbErr> {
    mail_notification::Entity::delete_many()
        .filter(mail_notification::Column::Id.is_in(ids.iter().copied()))
        .filter(mail_notification::Column::OutboxEmailId.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// An email ready to be queued.
#[derive(Debug, Clone)]
pub struct NewEmail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub kind: &'static str,
    pub report_id: Option<i64>,
    pub unsubscribe_url: Option<String>,
    pub message_id: String,
}

/// Queues `email` for delivery now.
pub async fn insert_email(
    db: &impl ConnectionTrait,
    email: NewEmail,
    now: DateTime<Utc>,
) -> Result<outbox_email::Model, DbErr> {
    outbox_email::ActiveModel {
        recipient: Set(email.recipient),
        subject: Set(email.subject),
        body_text: Set(email.text),
        body_html: Set(email.html),
        kind: Set(email.kind.to_owned()),
        report_id: Set(email.report_id),
        unsubscribe_url: Set(email.unsubscribe_url),
        status: Set(OutboxStatus::Queued.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        message_id: Set(email.message_id),
        claimed_by: Set(None),
        claimed_until: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Queues `email` and marks `notification_ids` as told by it, in one transaction. `None` (and
/// nothing stored) when another instance composed any of them first.
pub async fn store_composed(
    db: &DatabaseConnection,
    email: NewEmail,
    notification_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Option<outbox_email::Model>, DbErr> {
    let txn = db.begin().await?;
    let stored = insert_email(&txn, email, now).await?;
    let taken = mail_notification::Entity::update_many()
        .col_expr(mail_notification::Column::OutboxEmailId, Expr::value(stored.id))
        .filter(mail_notification::Column::Id.is_in(notification_ids.iter().copied()))
        .filter(mail_notification::Column::OutboxEmailId.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if taken == notification_ids.len() as u64 {
        txn.commit().await?;
        Ok(Some(stored))
    } else {
        txn.rollback().await?;
        Ok(None)
    }
}

// ---------------------------------------------------------------------------------------------
// Delivering: claims and outcomes.

/// Claims up to `limit` emails for `worker` until `until`: queued ones that are due, and ones whose
/// claim ran out (their worker died). Each claim counts as an attempt.
pub async fn claim_due(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox_email::Model>, DbErr> {
    use outbox_email::Column;
    let backend = db.get_database_backend();
    let mut due = Query::select();
    due.column(Column::Id)
        .from(outbox_email::Entity)
        .cond_where(
            Cond::any()
                .add(Column::Status.eq(OutboxStatus::Queued.as_str()).and(Column::NextAttemptAt.lte(now)))
                .add(Column::Status.eq(OutboxStatus::Sending.as_str()).and(Column::ClaimedUntil.lt(now))),
        )
        .order_by(Column::NextAttemptAt, sea_orm::Order::Asc)
        .limit(limit);
    lock_skipping_claimed_rows(backend, &mut due);
    let claim = Query::update()
        .table(outbox_email::Entity)
        .value(Column::Status, OutboxStatus::Sending.as_str())
        .value(Column::ClaimedBy, worker)
        .value(Column::ClaimedUntil, until)
        .value(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .and_where(Expr::col(Column::Id).in_subquery(due))
        .returning_all()
        .to_owned();
    let mut claimed = outbox_email::Entity::find().from_raw_sql(backend.build(&claim)).all(db).await?;
    claimed.sort_by_key(|e| (e.next_attempt_at, e.id));
    Ok(claimed)
}

/// PostgreSQL: lock the chosen rows and skip those another instance is claiming at this moment,
/// so two instances never claim one email. SQLite has no row locks and a single writer, so the
/// UPDATE around the selection is already exclusive.
fn lock_skipping_claimed_rows(backend: DatabaseBackend, select: &mut SelectStatement) {
    if backend == DatabaseBackend::Postgres {
        select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
}

/// Rows `worker` still holds: a lost claim (it ran out and another worker took over) is left alone.
fn held(ids: &[i64], worker: &str) -> Cond {
    Cond::all()
        .add(outbox_email::Column::Id.is_in(ids.iter().copied()))
        .add(outbox_email::Column::ClaimedBy.eq(worker))
        .add(outbox_email::Column::Status.eq(OutboxStatus::Sending.as_str()))
}

fn no_time() -> Value {
    Value::ChronoDateTimeUtc(None)
}

/// Delivered. The worker's name stays on the row: who sent it.
pub async fn mark_sent(db: &DatabaseConnection, id: i64, worker: &str, now: DateTime<Utc>) -> Result<bool, DbErr> {
    use outbox_email::Column;
    let result = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value(OutboxStatus::Sent.as_str()))
        .col_expr(Column::SentAt, Expr::value(now))
        .col_expr(Column::ClaimedUntil, Expr::value(no_time()))
        .col_expr(Column::LastError, Expr::value(Value::String(None)))
        .filter(held(&[id], worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Not delivered this time: try again at `next_attempt_at`.
pub async fn mark_retry(
    db: &DatabaseConnection,
    id: i64,
    worker: &str,
    error: &str,
    next_attempt_at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use outbox_email::Column;
    let result = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value(OutboxStatus::Queued.as_str()))
        .col_expr(Column::NextAttemptAt, Expr::value(next_attempt_at))
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::ClaimedBy, Expr::value(Value::String(None)))
        .col_expr(Column::ClaimedUntil, Expr::value(no_time()))
        .filter(held(&[id], worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Refused for good or out of attempts.
pub async fn mark_failed(db: &DatabaseConnection, id: i64, worker: &str, error: &str) -> Result<bool, DbErr> {
    use outbox_email::Column;
    let result = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value(OutboxStatus::Failed.as_str()))
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::ClaimedUntil, Expr::value(no_time()))
        .filter(held(&[id], worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Gives back claimed emails that were not attempted (shutdown, or a claim about to run out), so
/// another worker takes them at once; their claim does not count as an attempt.
pub async fn release(db: &DatabaseConnection, ids: &[i64], worker: &str) -> Result<u64, DbErr> {
    use outbox_email::Column;
    if ids.is_empty() {
        return Ok(0);
    }
    let result = outbox_email::Entity::update_many()
        .col_expr(Column::Status, Expr::value(OutboxStatus::Queued.as_str()))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
        .col_expr(Column::ClaimedBy, Expr::value(Value::String(None)))
        .col_expr(Column::ClaimedUntil, Expr::value(no_time()))
        .filter(held(ids, worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

// ---------------------------------------------------------------------------------------------
// The admin's view.

/// Emails newest first, optionally of one status, before the id `before` (the cursor).
pub async fn list(
    db: &DatabaseConnection,
    status: Option<OutboxStatus>,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<outbox_email::Model>, DbErr> {
    let mut query = outbox_email::Entity::find();
    if let Some(status) = status {
        query = query.filter(outbox_email::Column::Status.eq(status.as_str()));
    }
    if let Some(before) = before {
        query = query.filter(outbox_email::Column::Id.lt(before));
    }
    query.order_by_desc(outbox_email::Column::Id).limit(limit).all(db).await
}

pub enum Requeue {
    Requeued(outbox_email::Model),
    /// Only failed emails are queued again; this one is in another state.
    NotFailed(outbox_email::Model),
    Missing,
}

/// Queues a failed email again, with a fresh set of attempts and the same Message-ID.
pub async fn requeue_failed(db: &DatabaseConnection, id: i64, now: DateTime<Utc>) -> Result<Requeue, DbErr> {
    // One transaction: the worker, woken at once, cannot claim the email between the change and
    // the read, so the answer says what the change did ("queued", no attempts).
    let txn = db.begin().await?;
    let changed = requeue_failed_where(&txn, Some(id), now).await?;
    let email = outbox_email::Entity::find_by_id(id).one(&txn).await?;
    txn.commit().await?;
    Ok(match (changed, email) {
        (_, None) => Requeue::Missing,
        (1, Some(email)) => Requeue::Requeued(email),
        (_, Some(email)) => Requeue::NotFailed(email),
    })
}

/// Queues every failed email again; returns how many.
pub async fn requeue_all_failed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    requeue_failed_where(db, None, now).await
}

/// Re-queues the failed email `id`, or every failed email.
async fn requeue_failed_where(db: &impl ConnectionTrait, id: Option<i64>, now: DateTime<Utc>) -> Result<u64, DbErr> {
    use outbox_email::Column;
    let mut update = outbox_email::Entity::update_many();
    if let Some(id) = id {
        update = update.filter(Column::Id.eq(id));
    }
    let result = update
        .col_expr(Column::Status, Expr::value(OutboxStatus::Queued.as_str()))
        .col_expr(Column::Attempts, Expr::value(0))
        .col_expr(Column::NextAttemptAt, Expr::value(now))
        .col_expr(Column::LastError, Expr::value(Value::String(None)))
        .col_expr(Column::ClaimedBy, Expr::value(Value::String(None)))
        .filter(Column::Status.eq(OutboxStatus::Failed.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
