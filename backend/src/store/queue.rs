//! The coordinator's queue: filters, keyset pages, counts per status, a report's timeline.

use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use super::entity::{inrapport_detail, report, report_event};
use crate::domain::report::{ReportStatus, Source};
use crate::domain::workflow::Priority;

/// The queue's filters; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub statuses: Vec<ReportStatus>,
    pub category_id: Option<i32>,
    pub subtype_id: Option<i32>,
    pub area_id: Option<i32>,
    pub source: Option<Source>,
    pub priority: Option<Priority>,
    pub assigned_group: Option<String>,
    pub created_by_user_id: Option<i32>,
    pub received_from: Option<DateTime<Utc>>,
    pub received_to: Option<DateTime<Utc>>,
    /// (west, south, east, north)
    pub bbox: Option<(f64, f64, f64, f64)>,
    pub text: Option<String>,
    pub id: Option<i64>,
}

/// Where a page starts: after this report in the chosen order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cursor {
    pub received_at: DateTime<Utc>,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let raw = format!("{}|{}", self.received_at.to_rfc3339(), self.id);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).ok()?;
        let raw = String::from_utf8(raw).ok()?;
        let (at, id) = raw.split_once('|')?;
        Some(Cursor { received_at: DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc), id: id.parse().ok()? })
    }
}

fn filtered(filter: &ReportFilter) -> Select<report::Entity> {
    use report::Column as C;
    let mut query = report::Entity::find();
    if !filter.statuses.is_empty() {
        query = query.filter(C::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(id) = filter.category_id {
        query = query.filter(C::CategoryId.eq(id));
    }
    if let Some(id) = filter.subtype_id {
        query = query.filter(C::SubtypeId.eq(id));
    }
    if let Some(id) = filter.area_id {
        query = query.filter(C::AreaId.eq(id));
    }
    if let Some(source) = &filter.source {
        query = query.filter(C::Source.eq(source.as_str()));
    }
    if let Some(priority) = filter.priority {
        query = query.filter(C::Priority.eq(priority.as_str()));
    }
    if let Some(group) = &filter.assigned_group {
        query = query.filter(C::AssignedGroup.eq(group.as_str()));
    }
    if let Some(user) = filter.created_by_user_id {
        query = query.filter(C::CreatedByUserId.eq(user));
    }
    if let Some(from) = filter.received_from {
        query = query.filter(C::ReceivedAt.gte(from));
    }
    if let Some(to) = filter.received_to {
        query = query.filter(C::ReceivedAt.lt(to));
    }
    if let Some((west, south, east, north)) = filter.bbox {
        query = query.filter(C::Lat.between(south, north)).filter(C::Lon.between(west, east));
    }
    if let Some(id) = filter.id {
        query = query.filter(C::Id.eq(id));
    }
    if let Some(text) = &filter.text {
        let pattern = format!("%{}%", text.to_lowercase().replace(['\\', '%', '_'], ""));
        // Folded in Rust on both sides (`search_text` at intake), so SQLite matches å/ä/ö too.
        query = query.filter(C::SearchText.like(pattern));
    }
    query
}

/// One page of the queue, newest first (or oldest first), after `cursor`. Returns the page and
/// the cursor of the next one.
pub async fn list(
    db: &DatabaseConnection,
    filter: &ReportFilter,
    cursor: Option<Cursor>,
    oldest_first: bool,
    limit: u64,
) -> Result<(Vec<report::Model>, Option<Cursor>), DbErr> {
    use report::Column as C;
    let mut query = filtered(filter);
    if let Some(c) = cursor {
        // A row-value comparison, unlike the equivalent OR, is an index condition on
        // (…, received_at, id), so a deep page costs what the first one does.
        let key = Expr::tuple([Expr::col(C::ReceivedAt).into(), Expr::col(C::Id).into()]);
        let at = Expr::tuple([Expr::value(c.received_at), Expr::value(c.id)]);
        query = query.filter(if oldest_first { key.gt(at) } else { key.lt(at) });
    }
    query = if oldest_first {
        query.order_by_asc(C::ReceivedAt).order_by_asc(C::Id)
    } else {
        query.order_by_desc(C::ReceivedAt).order_by_desc(C::Id)
    };
    let mut rows = query.limit(limit + 1).all(db).await?;
    let next = (rows.len() as u64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(|r| Cursor { received_at: r.received_at, id: r.id })
    });
    Ok((rows, next.flatten()))
}

/// Reports received between `from` and `to` inside the box around (`lat`, `lon`) that reaches
/// `radius_m` each way, that are not themselves merged into another, other than `except`.
pub async fn near(
    db: &DatabaseConnection,
    (lat, lon): (f64, f64),
    radius_m: f64,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    except: i64,
    limit: u64,
) -> Result<Vec<report::Model>, DbErr> {
    let dlat = radius_m / 111_320.0;
    let dlon = radius_m / (111_320.0 * lat.to_radians().cos().max(0.01));
    let filter = ReportFilter {
        bbox: Some((lon - dlon, lat - dlat, lon + dlon, lat + dlat)),
        received_from: Some(from),
        received_to: Some(to),
        ..ReportFilter::default()
    };
    filtered(&filter)
        .filter(report::Column::Id.ne(except))
        .filter(report::Column::DuplicateOfId.is_null())
        .order_by_desc(report::Column::ReceivedAt)
        .limit(limit)
        .all(db)
        .await
}

/// How many reports match `filter` in each status (the status filter itself is ignored).
pub async fn counts_by_status(db: &DatabaseConnection, filter: &ReportFilter) -> Result<Vec<(String, i64)>, DbErr> {
    let filter = ReportFilter { statuses: vec![], ..filter.clone() };
    filtered(&filter)
        .select_only()
        .column(report::Column::Status)
        .column_as(report::Column::Id.count(), "n")
        .group_by(report::Column::Status)
        .into_tuple()
        .all(db)
        .await
}

/// The whole timeline, internal events included, oldest first.
pub async fn timeline(db: &DatabaseConnection, report_id: i64) -> Result<Vec<report_event::Model>, DbErr> {
    report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(report_id))
        .order_by_asc(report_event::Column::Id)
        .all(db)
        .await
}

pub async fn inrapport_detail(
    db: &DatabaseConnection,
    report_id: i64,
) -> Result<Option<inrapport_detail::Model>, DbErr> {
    inrapport_detail::Entity::find_by_id(report_id).one(db).await
}

/// The police report numbers of inrapport events among `ids` (coordinators' eyes only).
pub async fn police_numbers(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows: Vec<(i64, Option<String>)> = inrapport_detail::Entity::find()
        .filter(inrapport_detail::Column::ReportId.is_in(ids.iter().copied()))
        .select_only()
        .column(inrapport_detail::Column::ReportId)
        .column(inrapport_detail::Column::PoliceReportNumber)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(id, number)| Some((id, number?))).collect())
}
