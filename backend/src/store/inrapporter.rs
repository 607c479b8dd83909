//! Inrapporter: one submission from staff carries zero ("nothing to report") or more events,
//! each stored as a report with source `staff` and its details.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::entity::{inrapport_detail, inrapport_submission, report};
use super::reports::insert;
use crate::domain::inrapport::NewSubmission;
use crate::domain::mail_policy::MailPolicy;
use crate::domain::secret;

/// Stores the submission and its events in one transaction. The same user's `client_id` again returns
/// the first submission (`false`): a staff member's offline queue never files twice.
pub async fn insert_submission(
    db: &DatabaseConnection,
    new: NewSubmission,
    now: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<(inrapport_submission::Model, Vec<report::Model>, bool), DbErr> {
    let client_id = secret::stored_submission_id(new.user_id, new.client_id);
    let txn = db.begin().await?;
    let submission = inrapport_submission::ActiveModel {
        client_id: Set(client_id),
        user_id: Set(new.user_id),
        organisation: Set(new.organisation),
        period_from: Set(new.period_from),
        period_to: Set(new.period_to),
        nothing_to_report: Set(new.events.is_empty()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let submission = match submission {
        Ok(submission) => submission,
        Err(e) if super::is_unique_violation(&e) => {
            txn.rollback().await?;
            let existing = inrapport_submission::Entity::find()
                .filter(inrapport_submission::Column::ClientId.eq(client_id))
                .one(db)
                .await?
                .ok_or(e)?;
            let reports = reports_of(db, existing.id).await?;
            return Ok((existing, reports, false));
        }
        Err(e) => return Err(e),
    };
    let mut reports = Vec::with_capacity(new.events.len());
    for (report, detail) in new.events {
        let (stored, _) = insert(&txn, report, Some(submission.id), None, now, mail).await?;
        inrapport_detail::Entity::insert(inrapport_detail::ActiveModel::from(inrapport_detail::Model::of(
            stored.id, detail,
        )))
        .exec_without_returning(&txn)
        .await?;
        reports.push(stored);
    }
    txn.commit().await?;
    Ok((submission, reports, true))
}

async fn reports_of(db: &DatabaseConnection, submission_id: i64) -> Result<Vec<report::Model>, DbErr> {
    report::Entity::find()
        .filter(report::Column::SubmissionId.eq(submission_id))
        .order_by_asc(report::Column::Id)
        .all(db)
        .await
}
