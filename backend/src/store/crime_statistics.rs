//! Imported crime statistics (police, Brå) for the lägesbild.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};

use super::entity::crime_statistic;
use crate::domain::lagesbild::crime::CrimeStatistic;

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
