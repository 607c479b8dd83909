//! Executes the retention policy: each rule in batches, each batch in its own transaction, and
//! one audit row per rule per real run (when, which rule, cutoff, how many; never the values).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Set, TransactionTrait,
};

use super::entity::{login_attempt, mail_notification, mail_subscription, outbox_email, purge_log, report, session};
use crate::domain::mail_policy::{masked_address, EmailKind, OutboxStatus};
use crate::domain::retention::{coarsen, RetentionPolicy, Rule};

const BATCH: u64 = 500;

/// What one rule removed (or, in a dry run, would remove).
#[derive(Debug, Clone, PartialEq)]
pub struct Purged {
    pub rule: Rule,
    pub cutoff: DateTime<Utc>,
    pub rows: u64,
}

/// Applies every rule of `policy` as of `now`. A dry run counts and changes nothing. `progress`
/// hears (rule, rows done so far) after each batch.
pub async fn purge(
    db: &DatabaseConnection,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
    dry_run: bool,
    progress: &(dyn Fn(Rule, u64) + Sync),
) -> Result<Vec<Purged>, DbErr> {
    let mut purged = Vec::new();
    for (rule, cutoff) in policy.cutoffs(now) {
        let rows =
            if dry_run { count(db, rule, cutoff).await? } else { apply(db, rule, cutoff, now, progress).await? };
        if !dry_run {
            purge_log::ActiveModel {
                ran_at: Set(now),
                rule: Set(rule.as_str().to_owned()),
                cutoff: Set(cutoff),
                removed: Set(rows as i64),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        purged.push(Purged { rule, cutoff, rows });
    }
    Ok(purged)
}

/// When the last real purge ran, for the daily run in `trygg serve`.
pub async fn last_run(db: &DatabaseConnection) -> Result<Option<DateTime<Utc>>, DbErr> {
    let last = purge_log::Entity::find().order_by_desc(purge_log::Column::RanAt).one(db).await?;
    Ok(last.map(|l| l.ran_at))
}

fn with_contact(cutoff: DateTime<Utc>) -> Select<report::Entity> {
    use report::Column as C;
    report::Entity::find().filter(C::ClosedAt.lt(cutoff)).filter(
        Condition::any()
            .add(C::ContactName.is_not_null())
            .add(C::ContactEmail.is_not_null())
            .add(C::ContactPhone.is_not_null()),
    )
}

fn old_emails(cutoff: DateTime<Utc>) -> Select<outbox_email::Entity> {
    use outbox_email::Column as C;
    let sent = Condition::all().add(C::Status.eq(OutboxStatus::Sent.as_str())).add(C::SentAt.lt(cutoff));
    let failed = Condition::all().add(C::Status.eq(OutboxStatus::Failed.as_str())).add(C::CreatedAt.lt(cutoff));
    outbox_email::Entity::find().filter(C::BodyText.ne("")).filter(Condition::any().add(sent).add(failed))
}

fn exact_positions(cutoff: DateTime<Utc>) -> Select<report::Entity> {
    report::Entity::find().filter(report::Column::ClosedAt.lt(cutoff)).filter(report::Column::CoarsenedAt.is_null())
}

async fn count(db: &DatabaseConnection, rule: Rule, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    match rule {
        Rule::ContactDetails => with_contact(cutoff).count(db).await,
        Rule::EmailBodies => old_emails(cutoff).count(db).await,
        Rule::Sessions => session::Entity::find().filter(session::Column::CreatedAt.lt(cutoff)).count(db).await,
        Rule::LoginAttempts => {
            login_attempt::Entity::find().filter(login_attempt::Column::At.lt(cutoff)).count(db).await
        }
        Rule::Coordinates => exact_positions(cutoff).count(db).await,
    }
}

async fn apply(
    db: &DatabaseConnection,
    rule: Rule,
    cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
    progress: &(dyn Fn(Rule, u64) + Sync),
) -> Result<u64, DbErr> {
    let mut done = 0;
    loop {
        let txn = db.begin().await?;
        let rows = match rule {
            Rule::ContactDetails => contact_batch(&txn, cutoff).await?,
            Rule::EmailBodies => email_batch(&txn, cutoff).await?,
            Rule::Sessions => {
                let deleted =
                    session::Entity::delete_many().filter(session::Column::CreatedAt.lt(cutoff)).exec(&txn).await?;
                deleted.rows_affected
            }
            Rule::LoginAttempts => {
                let deleted = login_attempt::Entity::delete_many()
                    .filter(login_attempt::Column::At.lt(cutoff))
                    .exec(&txn)
                    .await?;
                deleted.rows_affected
            }
            Rule::Coordinates => coordinates_batch(&txn, cutoff, now).await?,
        };
        txn.commit().await?;
        done += rows;
        progress(rule, done);
        // Deletes take every matching row at once; the batched rules stop on a short batch.
        if rows < BATCH || matches!(rule, Rule::Sessions | Rule::LoginAttempts) {
            return Ok(done);
        }
    }
}

/// Removes the contact details of `report_ids` (on opting out, or by retention).
pub async fn forget_contact(txn: &impl ConnectionTrait, report_ids: &[i64]) -> Result<(), DbErr> {
    report::Entity::update_many()
        .col_expr(report::Column::ContactName, Expr::value(Option::<String>::None))
        .col_expr(report::Column::ContactEmail, Expr::value(Option::<String>::None))
        .col_expr(report::Column::ContactPhone, Expr::value(Option::<String>::None))
        .col_expr(report::Column::ContactConsent, Expr::value(false))
        .filter(report::Column::Id.is_in(report_ids.iter().copied()))
        .exec(txn)
        .await
        .map(drop)
}

async fn contact_batch(txn: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let ids: Vec<i64> =
        with_contact(cutoff).select_only().column(report::Column::Id).limit(BATCH).into_tuple().all(txn).await?;
    forget_contact(txn, &ids).await?;
    mail_subscription::Entity::delete_many()
        .filter(mail_subscription::Column::ReportId.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(ids.len() as u64)
}

async fn email_batch(txn: &impl ConnectionTrait, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    let emails = old_emails(cutoff).limit(BATCH).all(txn).await?;
    for email in &emails {
        let reporter = email.kind() == EmailKind::ReporterUpdate;
        outbox_email::ActiveModel {
            id: Set(email.id),
            body_text: Set(String::new()),
            body_html: Set(String::new()),
            unsubscribe_url: Set(None),
            recipient: Set(if reporter { masked_address(&email.recipient) } else { email.recipient.clone() }),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    mail_notification::Entity::delete_many()
        .filter(mail_notification::Column::OutboxEmailId.is_in(emails.iter().map(|e| e.id)))
        .exec(txn)
        .await?;
    Ok(emails.len() as u64)
}

async fn coordinates_batch(
    txn: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let reports = exact_positions(cutoff).limit(BATCH).all(txn).await?;
    for r in &reports {
        let (lat, lon, accuracy) = coarsen(r.lat, r.lon);
        report::ActiveModel {
            id: Set(r.id),
            lat: Set(lat),
            lon: Set(lon),
            accuracy_m: Set(Some(r.accuracy_m.unwrap_or(0.0).max(accuracy))),
            coarsened_at: Set(Some(now)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(reports.len() as u64)
}
