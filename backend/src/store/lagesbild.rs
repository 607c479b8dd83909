//! Lägesbilder: the reports and inrapporter of a period as the domain's incidents, the
//! lägesbild itself (drafts change, finals are frozen with a snapshot of their figures), what was
//! done to it, its åtgärdsplan, imported crime statistics, and the meetings told of.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use serde_json::json;

use super::entity::{
    action_follow_up, action_item, crime_statistic, inrapport_detail, lagesbild, lagesbild_event, meeting_notice,
    report,
};
use super::outbox::{insert_email, NewEmail};
pub use super::Actor;
use crate::domain::area::AreaIndex;
use crate::domain::category::Catalog;
use crate::domain::lagesbild::action::{Action, ActionStatus, FollowUpKind};
use crate::domain::lagesbild::crime::CrimeStatistic;
use crate::domain::lagesbild::document::{LagesbildKind, LagesbildStatus, Publicity, Sections};
use crate::domain::lagesbild::figures::Incident;
use crate::domain::lagesbild::period::Period;
use crate::domain::mail_policy::MailPolicy;
use crate::domain::report::{PublicId, ReportStatus, Source};

/// What a lägesbild reads its names from.
pub struct Names<'a> {
    pub areas: &'a AreaIndex,
    pub catalog: &'a Catalog,
    pub mail: &'a MailPolicy,
}

/// The columns of a report a lägesbild reads: a year of reports stays small in memory.
#[derive(FromQueryResult)]
struct IncidentRow {
    id: i64,
    received_at: DateTime<Utc>,
    source: String,
    category_id: i32,
    subtype_id: Option<i32>,
    area_id: Option<i32>,
    lat: f64,
    lon: f64,
    occurred_at: DateTime<Utc>,
    time_of_day: Option<String>,
    recurring: Option<bool>,
    submission_id: Option<i64>,
    description: String,
}

/// The reports and inrapport events that happened in `period`, but for rejected ones and
/// duplicates (each counts in its original's "+1").
pub async fn incidents(db: &DatabaseConnection, period: &Period, names: &Names<'_>) -> Result<Vec<Incident>, DbErr> {
    use report::Column as C;
    let reports = report::Entity::find()
        .select_only()
        .columns([C::Id, C::ReceivedAt, C::Source, C::CategoryId, C::SubtypeId, C::AreaId, C::Lat, C::Lon])
        .columns([C::OccurredAt, C::TimeOfDay, C::Recurring, C::SubmissionId, C::Description])
        .filter(C::OccurredAt.gte(period.from))
        .filter(C::OccurredAt.lt(period.to))
        .filter(C::Status.ne(ReportStatus::Rejected.as_str()))
        .filter(C::DuplicateOfId.is_null())
        .order_by_asc(C::Id)
        .into_model::<IncidentRow>()
        .all(db)
        .await?;
    let staff_ids: Vec<i64> = reports.iter().filter(|r| r.submission_id.is_some()).map(|r| r.id).collect();
    let mut assessments = std::collections::HashMap::new();
    for chunk in staff_ids.chunks(10_000) {
        let details = inrapport_detail::Entity::find()
            .filter(inrapport_detail::Column::ReportId.is_in(chunk.iter().copied()))
            .select_only()
            .column(inrapport_detail::Column::ReportId)
            .column(inrapport_detail::Column::Assessment)
            .into_tuple::<(i64, i16)>()
            .all(db)
            .await?;
        assessments.extend(details);
    }
    Ok(reports
        .into_iter()
        .map(|r| {
            let category = names.catalog.by_id(r.category_id);
            let area = r.area_id.and_then(|id| names.areas.by_id(id)).unwrap_or_else(|| names.areas.municipality());
            Incident {
                id: r.id,
                public_id: PublicId::new(r.id, r.received_at).to_string(),
                source: r.source.parse().unwrap_or(Source::Pwa),
                category: category.map_or_else(|| "other".to_owned(), |c| c.slug.clone()),
                subtype: r.subtype_id.and_then(|s| category?.subtype_by_id(s)).map(|s| s.slug.clone()),
                area: area.definition.slug.clone(),
                lat: r.lat,
                lon: r.lon,
                occurred_at: r.occurred_at,
                time_of_day: r.time_of_day.and_then(|t| t.parse().ok()),
                recurring: r.recurring.unwrap_or(false),
                assessment: assessments.get(&r.id).copied(),
                urgent: names.mail.is_urgent(r.category_id),
                // Only inrapporter are quoted (as notable); residents' text stays in the queue.
                description: if r.submission_id.is_some() { r.description } else { String::new() },
            }
        })
        .collect())
}

/// How many happened in each of `periods` (residents' and staff's apart): the trend line.
pub async fn monthly_counts(db: &DatabaseConnection, periods: &[Period]) -> Result<Vec<(u64, u64)>, DbErr> {
    let mut counts = Vec::with_capacity(periods.len());
    for period in periods {
        let rows: Vec<(String, i64)> = report::Entity::find()
            .filter(report::Column::OccurredAt.gte(period.from))
            .filter(report::Column::OccurredAt.lt(period.to))
            .filter(report::Column::Status.ne(ReportStatus::Rejected.as_str()))
            .filter(report::Column::DuplicateOfId.is_null())
            .select_only()
            .column(report::Column::Source)
            .column_as(report::Column::Id.count(), "n")
            .group_by(report::Column::Source)
            .into_tuple()
            .all(db)
            .await?;
        let staff = rows.iter().filter(|(s, _)| s == "staff").map(|(_, n)| *n as u64).sum();
        let residents = rows.iter().filter(|(s, _)| s != "staff").map(|(_, n)| *n as u64).sum();
        counts.push((residents, staff));
    }
    Ok(counts)
}

async fn log(
    db: &impl ConnectionTrait,
    lagesbild_id: i64,
    kind: &str,
    actor: &Actor<'_>,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    lagesbild_event::ActiveModel {
        lagesbild_id: Set(lagesbild_id),
        kind: Set(kind.to_owned()),
        actor_user_id: Set(actor.user_id),
        actor: Set(Some(actor.name.to_owned())),
        data: Set(Some(data.to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

fn json_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

/// A new draft.
pub async fn create(
    db: &DatabaseConnection,
    group: &str,
    kind: LagesbildKind,
    period: &Period,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<lagesbild::Model, DbErr> {
    let txn = db.begin().await?;
    let created = new_draft(&txn, group, kind, period, (1, None, None), &Sections::default(), now).await?;
    log(&txn, created.id, "generated", actor, json!({ "from": period.from, "to": period.to }), now).await?;
    txn.commit().await?;
    Ok(created)
}

async fn new_draft(
    db: &impl ConnectionTrait,
    group: &str,
    kind: LagesbildKind,
    period: &Period,
    (version, corrects_id, correction_note): (i32, Option<i64>, Option<String>),
    sections: &Sections,
    now: DateTime<Utc>,
) -> Result<lagesbild::Model, DbErr> {
    lagesbild::ActiveModel {
        group_slug: Set(group.to_owned()),
        kind: Set(kind.as_str().to_owned()),
        status: Set(LagesbildStatus::Draft.as_str().to_owned()),
        period_from: Set(period.from),
        period_to: Set(period.to),
        version: Set(version),
        corrects_id: Set(corrects_id),
        correction_note: Set(correction_note),
        sections: Set(json_text(sections)),
        publicity: Set(json_text(&Publicity::default())),
        snapshot: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finalised_at: Set(None),
        finalised_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find(db: &DatabaseConnection, id: i64) -> Result<Option<lagesbild::Model>, DbErr> {
    lagesbild::Entity::find_by_id(id).one(db).await
}

/// A group's lägesbilder, the latest period first.
pub async fn list(db: &DatabaseConnection, group: Option<&str>) -> Result<Vec<lagesbild::Model>, DbErr> {
    let mut query = lagesbild::Entity::find();
    if let Some(group) = group {
        query = query.filter(lagesbild::Column::GroupSlug.eq(group));
    }
    query.order_by_desc(lagesbild::Column::PeriodTo).order_by_desc(lagesbild::Column::Id).all(db).await
}

/// The group's latest lägesbild of `kind`, final ones only if asked.
pub async fn latest(
    db: &DatabaseConnection,
    group: &str,
    kind: LagesbildKind,
    final_only: bool,
) -> Result<Option<lagesbild::Model>, DbErr> {
    let mut query = lagesbild::Entity::find()
        .filter(lagesbild::Column::GroupSlug.eq(group))
        .filter(lagesbild::Column::Kind.eq(kind.as_str()));
    if final_only {
        query = query.filter(lagesbild::Column::Status.eq(LagesbildStatus::Final.as_str()));
    }
    query.order_by_desc(lagesbild::Column::PeriodTo).one(db).await
}

pub async fn history(db: &DatabaseConnection, id: i64) -> Result<Vec<lagesbild_event::Model>, DbErr> {
    lagesbild_event::Entity::find()
        .filter(lagesbild_event::Column::LagesbildId.eq(id))
        .order_by_asc(lagesbild_event::Column::Id)
        .all(db)
        .await
}

/// Why a lägesbild cannot change.
#[derive(Debug, thiserror::Error)]
pub enum Frozen {
    #[error("the lägesbild is final")]
    Final,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Saves a draft's text and publicity, logging which sections changed. A final one is frozen.
pub async fn edit(
    db: &DatabaseConnection,
    id: i64,
    sections: &Sections,
    publicity: &Publicity,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<lagesbild::Model, Frozen> {
    let txn = db.begin().await?;
    let current = lagesbild::Entity::find_by_id(id).one(&txn).await?.ok_or(DbErr::RecordNotFound(id.to_string()))?;
    if current.status == LagesbildStatus::Final.as_str() {
        return Err(Frozen::Final);
    }
    let before: Sections = serde_json::from_str(&current.sections).unwrap_or_default();
    let changed = sections.changed_from(&before);
    let updated = lagesbild::ActiveModel {
        id: Set(id),
        sections: Set(json_text(sections)),
        publicity: Set(json_text(publicity)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    log(&txn, id, "edited", actor, json!({ "sections": changed, "publicity": publicity }), now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Freezes a draft with `snapshot` (its figures as they are now): later changes to reports never
/// alter it.
pub async fn finalise(
    db: &DatabaseConnection,
    id: i64,
    snapshot: String,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<lagesbild::Model, Frozen> {
    let txn = db.begin().await?;
    let frozen = lagesbild::Entity::update_many()
        .col_expr(lagesbild::Column::Status, Expr::value(LagesbildStatus::Final.as_str()))
        .col_expr(lagesbild::Column::Snapshot, Expr::value(snapshot))
        .col_expr(lagesbild::Column::FinalisedAt, Expr::value(now))
        .col_expr(lagesbild::Column::FinalisedBy, Expr::value(actor.user_id))
        .col_expr(lagesbild::Column::UpdatedAt, Expr::value(now))
        .filter(lagesbild::Column::Id.eq(id))
        .filter(lagesbild::Column::Status.eq(LagesbildStatus::Draft.as_str()))
        .exec(&txn)
        .await?;
    if frozen.rows_affected != 1 {
        return Err(Frozen::Final);
    }
    log(&txn, id, "finalised", actor, json!({}), now).await?;
    let done = lagesbild::Entity::find_by_id(id).one(&txn).await?.ok_or(DbErr::RecordNotFound(id.to_string()))?;
    txn.commit().await?;
    Ok(done)
}

/// A correction of a final lägesbild: a new draft version with its text, saying what changes.
pub async fn correct(
    db: &DatabaseConnection,
    original: &lagesbild::Model,
    note: &str,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<lagesbild::Model, DbErr> {
    let txn = db.begin().await?;
    let sections: Sections = serde_json::from_str(&original.sections).unwrap_or_default();
    let kind = original.kind.parse().unwrap_or(LagesbildKind::Monthly);
    let period = Period { from: original.period_from, to: original.period_to };
    let version = (original.version + 1, Some(original.id), Some(note.to_owned()));
    let draft = new_draft(&txn, &original.group_slug, kind, &period, version, &sections, now).await?;
    log(&txn, draft.id, "correction", actor, json!({ "corrects": original.id, "note": note }), now).await?;
    log(&txn, original.id, "corrected", actor, json!({ "by": draft.id }), now).await?;
    txn.commit().await?;
    Ok(draft)
}

// ---------------------------------------------------------------------------------------------
// The åtgärdsplan.

fn action_row(lagesbild_id: i64, a: &Action, now: DateTime<Utc>) -> action_item::ActiveModel {
    action_item::ActiveModel {
        lagesbild_id: Set(lagesbild_id),
        problem: Set(a.problem.clone()),
        cause: Set(a.cause.clone()),
        measure: Set(a.measure.clone()),
        prevention: Set(a.prevention.as_str().to_owned()),
        term: Set(a.term.as_str().to_owned()),
        goal: Set(a.goal.clone()),
        indicator: Set(a.indicator.clone()),
        responsible_organisation: Set(a.responsible_organisation.clone()),
        owner_user_id: Set(a.owner_user_id),
        owner_name: Set(a.owner_name.clone()),
        owner_email: Set(a.owner_email.clone()),
        partners: Set(a.partners.clone()),
        start_date: Set(a.start_date),
        due_date: Set(a.due_date),
        status: Set(a.status.as_str().to_owned()),
        hotspot: Set(a.hotspot),
        updated_at: Set(now),
        ..Default::default()
    }
}

pub async fn add_action(
    db: &DatabaseConnection,
    lagesbild_id: i64,
    action: &Action,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<action_item::Model, DbErr> {
    let txn = db.begin().await?;
    let mut row = action_row(lagesbild_id, action, now);
    row.created_at = Set(now);
    row.reminded_for = Set(None);
    let stored = row.insert(&txn).await?;
    log(&txn, lagesbild_id, "action_added", actor, json!({ "action": stored.id }), now).await?;
    txn.commit().await?;
    Ok(stored)
}

/// Replaces an action's fields (a new due date makes it remindable again once it is overdue).
pub async fn update_action(
    db: &DatabaseConnection,
    id: i64,
    action: &Action,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<Option<action_item::Model>, DbErr> {
    let txn = db.begin().await?;
    let Some(current) = action_item::Entity::find_by_id(id).one(&txn).await? else { return Ok(None) };
    let mut row = action_row(current.lagesbild_id, action, now);
    row.id = Set(id);
    let updated = row.update(&txn).await?;
    let data = json!({ "action": id, "status": action.status.as_str(), "due_date": action.due_date });
    log(&txn, current.lagesbild_id, "action_changed", actor, data, now).await?;
    txn.commit().await?;
    Ok(Some(updated))
}

pub async fn find_action(db: &DatabaseConnection, id: i64) -> Result<Option<action_item::Model>, DbErr> {
    action_item::Entity::find_by_id(id).one(db).await
}

pub async fn follow_up(
    db: &DatabaseConnection,
    action: &action_item::Model,
    kind: FollowUpKind,
    note: &str,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<action_follow_up::Model, DbErr> {
    let txn = db.begin().await?;
    let stored = action_follow_up::ActiveModel {
        action_item_id: Set(action.id),
        kind: Set(kind.as_str().to_owned()),
        note: Set(note.to_owned()),
        actor_user_id: Set(actor.user_id),
        actor: Set(Some(actor.name.to_owned())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    log(&txn, action.lagesbild_id, "followed_up", actor, json!({ "action": action.id, "kind": kind.as_str() }), now)
        .await?;
    txn.commit().await?;
    Ok(stored)
}

/// The actions decided in the given lägesbilder, oldest first.
pub async fn actions_of(db: &DatabaseConnection, lagesbild_ids: &[i64]) -> Result<Vec<action_item::Model>, DbErr> {
    action_item::Entity::find()
        .filter(action_item::Column::LagesbildId.is_in(lagesbild_ids.iter().copied()))
        .order_by_asc(action_item::Column::DueDate)
        .order_by_asc(action_item::Column::Id)
        .all(db)
        .await
}

/// A group's open actions (planned or ongoing) decided before `before`: the follow-up a new
/// lägesbild opens with.
pub async fn open_actions(db: &DatabaseConnection, group: &str, before: i64) -> Result<Vec<action_item::Model>, DbErr> {
    let ids: Vec<i64> = lagesbild::Entity::find()
        .filter(lagesbild::Column::GroupSlug.eq(group))
        .filter(lagesbild::Column::Id.lt(before))
        .select_only()
        .column(lagesbild::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    action_item::Entity::find()
        .filter(action_item::Column::LagesbildId.is_in(ids))
        .filter(action_item::Column::Status.is_in([ActionStatus::Planned.as_str(), ActionStatus::Ongoing.as_str()]))
        .order_by_asc(action_item::Column::DueDate)
        .all(db)
        .await
}

/// What an annual summary counts for `period`: the group of every lägesbild finalised in it (an
/// annual one itself aside), every action decided in it or followed up for effect in it, each
/// with its lägesbild's group, and those effect notes.
pub async fn year_of_actions(db: &DatabaseConnection, period: &Period) -> Result<YearOfActions, DbErr> {
    let finalised: Vec<String> = lagesbild::Entity::find()
        .filter(lagesbild::Column::FinalisedAt.gte(period.from))
        .filter(lagesbild::Column::FinalisedAt.lt(period.to))
        .filter(lagesbild::Column::Kind.ne(LagesbildKind::Annual.as_str()))
        .order_by_asc(lagesbild::Column::FinalisedAt)
        .select_only()
        .column(lagesbild::Column::GroupSlug)
        .into_tuple()
        .all(db)
        .await?;
    let effects = action_follow_up::Entity::find()
        .filter(action_follow_up::Column::Kind.eq(FollowUpKind::Effect.as_str()))
        .filter(action_follow_up::Column::CreatedAt.gte(period.from))
        .filter(action_follow_up::Column::CreatedAt.lt(period.to))
        .order_by_asc(action_follow_up::Column::Id)
        .all(db)
        .await?;
    let actions = action_item::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(action_item::Column::CreatedAt.gte(period.from).and(action_item::Column::CreatedAt.lt(period.to)))
                .add(action_item::Column::Id.is_in(effects.iter().map(|e| e.action_item_id))),
        )
        .order_by_asc(action_item::Column::Id)
        .all(db)
        .await?;
    let groups: Vec<(i64, String)> = lagesbild::Entity::find()
        .filter(lagesbild::Column::Id.is_in(actions.iter().map(|a| a.lagesbild_id)))
        .select_only()
        .column(lagesbild::Column::Id)
        .column(lagesbild::Column::GroupSlug)
        .into_tuple()
        .all(db)
        .await?;
    let actions = actions
        .into_iter()
        .map(|a| {
            let group = groups.iter().find(|(id, _)| *id == a.lagesbild_id).map(|(_, g)| g.clone()).unwrap_or_default();
            (group, a)
        })
        .collect();
    Ok(YearOfActions { finalised, actions, effects })
}

pub struct YearOfActions {
    pub finalised: Vec<String>,
    pub actions: Vec<(String, action_item::Model)>,
    pub effects: Vec<action_follow_up::Model>,
}

pub async fn follow_ups(db: &DatabaseConnection, action_ids: &[i64]) -> Result<Vec<action_follow_up::Model>, DbErr> {
    action_follow_up::Entity::find()
        .filter(action_follow_up::Column::ActionItemId.is_in(action_ids.iter().copied()))
        .order_by_asc(action_follow_up::Column::Id)
        .all(db)
        .await
}

/// Open actions past their due date on `today` that have not been reminded of for this due date.
pub async fn overdue_unreminded(db: &DatabaseConnection, today: NaiveDate) -> Result<Vec<action_item::Model>, DbErr> {
    let open = [ActionStatus::Planned.as_str(), ActionStatus::Ongoing.as_str()];
    let items = action_item::Entity::find()
        .filter(action_item::Column::Status.is_in(open))
        .filter(action_item::Column::DueDate.lt(today))
        .all(db)
        .await?;
    Ok(items.into_iter().filter(|a| a.reminded_for != Some(a.due_date)).collect())
}

/// Queues the reminders of an overdue action and marks it reminded for its due date, in one
/// transaction; `false` (and nothing queued) when another instance got there first.
pub async fn remind(
    db: &DatabaseConnection,
    action: &action_item::Model,
    emails: Vec<NewEmail>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let marked = action_item::Entity::update_many()
        .col_expr(action_item::Column::RemindedFor, Expr::value(action.due_date))
        .filter(action_item::Column::Id.eq(action.id))
        .filter(action_item::Column::DueDate.eq(action.due_date))
        .filter(action_item::Column::RemindedFor.is_null().or(action_item::Column::RemindedFor.ne(action.due_date)))
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Ok(false);
    }
    for email in emails {
        insert_email(&txn, email, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Records that the "draft ready" e-mail for a group's meeting is sent, with the e-mails, once;
/// `false` when it already was.
pub async fn tell_meeting(
    db: &DatabaseConnection,
    group: &str,
    meeting_at: DateTime<Utc>,
    emails: Vec<NewEmail>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let noted = meeting_notice::ActiveModel {
        group_slug: Set(group.to_owned()),
        meeting_at: Set(meeting_at),
        sent_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match noted {
        Ok(_) => {}
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => return Ok(false),
        Err(e) => return Err(e),
    }
    for email in emails {
        insert_email(&txn, email, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------------
// Crime statistics.

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Imported {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// Stores imported statistics by their natural key (period, area, offence group, source): a
/// row already there with the same count is left alone, so the same file twice changes nothing.
pub async fn import_crime(
    db: &DatabaseConnection,
    rows: &[CrimeStatistic],
    now: DateTime<Utc>,
) -> Result<Imported, DbErr> {
    let txn = db.begin().await?;
    let mut done = Imported::default();
    for row in rows {
        let area = row.area.clone().unwrap_or_default();
        let existing = crime_statistic::Entity::find()
            .filter(crime_statistic::Column::PeriodStart.eq(row.period_start))
            .filter(crime_statistic::Column::PeriodEnd.eq(row.period_end))
            .filter(crime_statistic::Column::AreaSlug.eq(&area))
            .filter(crime_statistic::Column::OffenceGroup.eq(&row.offence_group))
            .filter(crime_statistic::Column::Source.eq(&row.source))
            .one(&txn)
            .await?;
        match existing {
            Some(e) if e.count == row.count => done.unchanged += 1,
            Some(e) => {
                crime_statistic::ActiveModel {
                    id: Set(e.id),
                    count: Set(row.count),
                    imported_at: Set(now),
                    ..Default::default()
                }
                .update(&txn)
                .await?;
                done.updated += 1;
            }
            None => {
                crime_statistic::ActiveModel {
                    period_start: Set(row.period_start),
                    period_end: Set(row.period_end),
                    area_slug: Set(area),
                    offence_group: Set(row.offence_group.clone()),
                    count: Set(row.count),
                    source: Set(row.source.clone()),
                    imported_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                done.inserted += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(done)
}

/// Statistics whose periods overlap `from..=to` or the same dates a year earlier.
pub async fn crime_for(db: &DatabaseConnection, from: NaiveDate, to: NaiveDate) -> Result<Vec<CrimeStatistic>, DbErr> {
    let year_from = from.checked_sub_months(chrono::Months::new(12)).unwrap_or(from);
    let rows = crime_statistic::Entity::find()
        .filter(crime_statistic::Column::PeriodEnd.gte(year_from))
        .filter(crime_statistic::Column::PeriodStart.lte(to))
        .order_by_asc(crime_statistic::Column::PeriodStart)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| CrimeStatistic {
            period_start: r.period_start,
            period_end: r.period_end,
            area: Some(r.area_slug).filter(|a| !a.is_empty()),
            offence_group: r.offence_group,
            count: r.count,
            source: r.source,
        })
        .collect())
}

pub async fn crime_count(db: &DatabaseConnection) -> Result<u64, DbErr> {
    crime_statistic::Entity::find().count(db).await
}
