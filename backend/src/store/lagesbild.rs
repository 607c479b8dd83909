//! Lägesbilder: the reports and inrapporter of a period as the domain's incidents, and the
//! lägesbild itself (drafts change, finals are frozen with a snapshot of their figures) with what
//! was done to it. Its åtgärdsplan is in `action_items`, the crime statistics in
//! `crime_statistics`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;

use super::entity::{inrapport_detail, lagesbild, lagesbild_event, report};
pub use super::Actor;
use crate::domain::area::AreaIndex;
use crate::domain::category::Catalog;
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

pub(super) async fn log(
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
