//! Inrapporter: one submission from staff carries zero ("nothing to report") or more events,
//! each stored as a report with source `staff` and its details.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr,
    TransactionTrait,
};
use uuid::Uuid;

use super::entity::{inrapport_detail, inrapport_submission, report};
use super::reports::insert;
use crate::domain::report::NewReport;

pub struct NewSubmission {
    pub client_id: Uuid,
    pub user_id: i32,
    pub organisation: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub events: Vec<(NewReport, Detail)>,
}

/// What an inrapport event adds to a report.
#[derive(Debug, Clone)]
pub struct Detail {
    pub occurred_until: Option<DateTime<Utc>>,
    pub people_count: Option<i32>,
    pub age_band: Option<String>,
    pub assessment: i16,
    pub observation: String,
    pub police_report_made: Option<bool>,
    pub police_report_number: Option<String>,
    pub rescue_case_number: Option<String>,
    pub action_taken: Option<String>,
    pub damage_cost_sek: Option<i64>,
    pub follow_up_by: Option<String>,
}

/// Stores the submission and its events in one transaction. The same `client_id` again returns
/// the first submission (`false`): a staff member's offline queue never files twice.
pub async fn insert_submission(
    db: &DatabaseConnection,
    new: NewSubmission,
    now: DateTime<Utc>,
) -> Result<(inrapport_submission::Model, Vec<report::Model>, bool), DbErr> {
    let client_id = new.client_id;
    let txn = db.begin().await?;
    let submission = inrapport_submission::ActiveModel {
        client_id: Set(new.client_id),
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
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
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
        let stored = insert(&txn, report, Some(submission.id), now).await?;
        inrapport_detail::ActiveModel {
            report_id: Set(stored.id),
            occurred_until: Set(detail.occurred_until),
            people_count: Set(detail.people_count),
            age_band: Set(detail.age_band),
            assessment: Set(detail.assessment),
            observation: Set(detail.observation),
            police_report_made: Set(detail.police_report_made),
            police_report_number: Set(detail.police_report_number),
            rescue_case_number: Set(detail.rescue_case_number),
            action_taken: Set(detail.action_taken),
            damage_cost_sek: Set(detail.damage_cost_sek),
            follow_up_by: Set(detail.follow_up_by),
        }
        .insert(&txn)
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
