//! Triage actions, decided by the domain's workflow and executed here: the report's changes, its
//! timeline events and the reporter's mail in one transaction, with compare-and-set on the
//! status, so two coordinators acting at once cannot both win.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QuerySelect, Set, TransactionTrait,
};

use super::entity::{report, report_event};
use super::outbox;
use crate::domain::mail_policy::MailPolicy;
use crate::domain::report::ReportStatus;
use crate::domain::user::Role;
use crate::domain::workflow::{decide, Action, Decision, NewEvent, Refusal};

/// Who acts, for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    /// `None` for Trygg itself (demo history, say).
    pub user_id: Option<i32>,
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// Trygg acting on its own behalf under `name`, with the coordinator's rights.
    pub fn system(name: &str) -> Self {
        Actor { user_id: None, name: name.to_owned(), role: Role::Coordinator }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no such report")]
    NotFound,
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("the status changed since it was read")]
    ChangedMeanwhile,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Decides `action` on report `id` by `actor` and, unless refused, executes it all or nothing.
/// A reporter who left an email address (with consent) hears of the public events.
pub async fn apply(
    db: &DatabaseConnection,
    id: i64,
    action: Action,
    actor: &Actor,
    now: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<report::Model, ChangeError> {
    let txn = db.begin().await?;
    let current = find_for_update(&txn, id).await?.ok_or(ChangeError::NotFound)?;
    let original = match action.original_id() {
        Some(original_id) => report::Entity::find_by_id(original_id).one(&txn).await?,
        None => None,
    };
    let original = original.map(|o| o.state()).transpose()?;
    let decision = decide(&current.state()?, action, actor.role, original.as_ref())?;
    let updated = execute(&txn, id, decision, actor, now, mail).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Reads the report to change and holds it until the transaction ends: `FOR UPDATE` on
/// PostgreSQL. SQLite cannot turn a read into a write once another connection (a CLI beside the
/// server) has written meanwhile, so there the write lock is taken first, with a write that
/// changes nothing.
async fn find_for_update(txn: &impl ConnectionTrait, id: i64) -> Result<Option<report::Model>, DbErr> {
    let find = report::Entity::find_by_id(id);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        return find.lock_exclusive().one(txn).await;
    }
    report::Entity::update_many()
        .col_expr(report::Column::UpdatedAt, Expr::col(report::Column::UpdatedAt).into())
        .filter(report::Column::Id.eq(id))
        .exec(txn)
        .await?;
    find.one(txn).await
}

async fn execute(
    txn: &impl ConnectionTrait,
    id: i64,
    decision: Decision,
    actor: &Actor,
    now: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<report::Model, ChangeError> {
    if let Some((from, to)) = decision.status {
        compare_and_set_status(txn, id, from, to, now).await?;
    }
    let changes = decision.changes;
    let mut update = report::ActiveModel { id: Set(id), updated_at: Set(now), ..Default::default() };
    if let Some((_, to)) = decision.status {
        update.closed_at = Set(to.is_closed().then_some(now));
    }
    if let Some(priority) = changes.priority {
        update.priority = Set(Some(priority.as_str().to_owned()));
    }
    if let Some((group, user_id)) = changes.assignment {
        update.assigned_group = Set(group);
        update.assigned_user_id = Set(user_id);
    }
    if let Some((category_id, subtype_id)) = changes.category {
        update.category_id = Set(category_id);
        update.subtype_id = Set(subtype_id);
    }
    if let Some(visible) = changes.public_visible {
        update.public_visible = Set(visible);
    }
    if let Some(exact) = changes.public_exact {
        update.public_exact = Set(exact);
    }
    if let Some(text) = changes.public_description {
        update.public_description = Set(text);
    }
    if let Some(original_id) = changes.duplicate_of {
        update.duplicate_of_id = Set(Some(original_id));
    }
    let updated = update.update(txn).await?;
    if let Some(original_id) = decision.plus_one {
        report::Entity::update_many()
            .col_expr(report::Column::DuplicateCount, Expr::col(report::Column::DuplicateCount).add(1))
            .col_expr(report::Column::UpdatedAt, Expr::value(now))
            .filter(report::Column::Id.eq(original_id))
            .exec(txn)
            .await?;
    }
    for event in decision.events {
        let tells_reporter = event.report_id == id && event.tells_reporter();
        let stored = insert_event(txn, event, actor, now).await?;
        if tells_reporter {
            outbox::queue_reporter_update(txn, mail, id, stored.id, now).await?;
        }
    }
    Ok(updated)
}

async fn insert_event(
    txn: &impl ConnectionTrait,
    event: NewEvent,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<report_event::Model, DbErr> {
    report_event::ActiveModel {
        report_id: Set(event.report_id),
        kind: Set(event.kind.as_str().to_owned()),
        status: Set(event.status.map(|s| s.as_str().to_owned())),
        public: Set(event.public),
        actor: Set(Some(actor.name.clone())),
        actor_user_id: Set(actor.user_id),
        body: Set(event.body),
        data: Set(event.data.map(|d| d.to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
}

/// Moves the status only if nobody else moved it since it was read.
async fn compare_and_set_status(
    txn: &impl ConnectionTrait,
    id: i64,
    from: ReportStatus,
    to: ReportStatus,
    now: DateTime<Utc>,
) -> Result<(), ChangeError> {
    let result = report::Entity::update_many()
        .col_expr(report::Column::Status, Expr::value(to.as_str()))
        .col_expr(report::Column::UpdatedAt, Expr::value(now))
        .filter(report::Column::Id.eq(id))
        .filter(report::Column::Status.eq(from.as_str()))
        .exec(txn)
        .await?;
    if result.rows_affected == 1 {
        Ok(())
    } else {
        Err(ChangeError::ChangedMeanwhile)
    }
}
