//! The coordinator's queue and actions. Every action changes the report and appends to its
//! timeline in one transaction; status changes are compare-and-set, so two coordinators acting
//! at once cannot both win.

use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Set, TransactionTrait,
};

use super::entity::{inrapport_detail, report, report_event};
use super::outbox;
use crate::domain::report::{PublicId, ReportStatus};
use crate::domain::triage::Priority;
use crate::mail::policy::MailPolicy;

/// The queue's filters; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub statuses: Vec<ReportStatus>,
    pub category_id: Option<i32>,
    pub subtype_id: Option<i32>,
    pub area_id: Option<i32>,
    pub source: Option<String>,
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
        query = query.filter(Expr::expr(Func::lower(Expr::col(C::Description))).like(pattern));
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

/// Who acts, for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i32,
    pub name: String,
}

/// A change to one report, already checked against the domain rules that need no database.
#[derive(Debug, Clone)]
pub enum Change {
    Status { to: ReportStatus, comment: Option<String> },
    Priority(Priority),
    Assign { group: Option<String>, user_id: Option<i32> },
    Categorise { category_id: i32, subtype_id: Option<i32> },
    Note(String),
    PublicReply(String),
    Duplicate { original_id: i64 },
    Moderate { public_visible: Option<bool>, public_description: Option<Option<String>>, reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no such report")]
    NotFound,
    #[error("status {current} allows {allowed:?}")]
    Conflict { current: String, allowed: Vec<ReportStatus> },
    #[error("the original is not a report that can take duplicates")]
    BadOriginal,
    #[error("screened text must be redacted before the report is made public")]
    NeedsRedaction,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Applies `change` to report `id` and records it on the timeline, all or nothing.
/// A reporter who left an email address (with consent) hears of the public events.
pub async fn apply(
    db: &DatabaseConnection,
    id: i64,
    change: Change,
    actor: &Actor,
    now: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<report::Model, ChangeError> {
    let txn = db.begin().await?;
    let current = report::Entity::find_by_id(id).one(&txn).await?.ok_or(ChangeError::NotFound)?;
    let status: ReportStatus = current.status.parse().map_err(|e: String| DbErr::Custom(e))?;
    let event = |kind: &str, public: bool| report_event::ActiveModel {
        report_id: Set(id),
        kind: Set(kind.to_owned()),
        status: Set(None),
        public: Set(public),
        actor: Set(Some(actor.name.clone())),
        actor_user_id: Set(Some(actor.user_id)),
        body: Set(None),
        data: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    let mut update = report::ActiveModel { id: Set(id), updated_at: Set(now), ..Default::default() };
    let mut events = Vec::new();
    match change {
        Change::Status { to, comment } => {
            if !status.allowed_next().contains(&to) {
                return Err(ChangeError::Conflict { current: current.status, allowed: status.allowed_next().to_vec() });
            }
            compare_and_set_status(&txn, id, status, to, now).await?;
            events.push(report_event::ActiveModel {
                status: Set(Some(to.as_str().to_owned())),
                data: Set(Some(serde_json::json!({ "from": status.as_str(), "to": to.as_str() }).to_string())),
                ..event("status_changed", true)
            });
            if let Some(comment) = comment {
                events.push(report_event::ActiveModel { body: Set(Some(comment)), ..event("note", false) });
            }
        }
        Change::Priority(priority) => {
            update.priority = Set(Some(priority.as_str().to_owned()));
            events.push(report_event::ActiveModel {
                data: Set(Some(change_data(current.priority.as_deref(), Some(priority.as_str())))),
                ..event("priority_changed", false)
            });
        }
        Change::Assign { group, user_id } => {
            update.assigned_group = Set(group.clone());
            update.assigned_user_id = Set(user_id);
            let data = serde_json::json!({ "group": group, "user_id": user_id }).to_string();
            events.push(report_event::ActiveModel { data: Set(Some(data)), ..event("assigned", false) });
        }
        Change::Categorise { category_id, subtype_id } => {
            update.category_id = Set(category_id);
            update.subtype_id = Set(subtype_id);
            let data = serde_json::json!({
                "from": { "category_id": current.category_id, "subtype_id": current.subtype_id },
                "to": { "category_id": category_id, "subtype_id": subtype_id },
            });
            events.push(report_event::ActiveModel { data: Set(Some(data.to_string())), ..event("categorised", false) });
        }
        Change::Note(text) => events.push(report_event::ActiveModel { body: Set(Some(text)), ..event("note", false) }),
        Change::PublicReply(text) => {
            events.push(report_event::ActiveModel { body: Set(Some(text)), ..event("public_reply", true) })
        }
        Change::Duplicate { original_id } => {
            if !status.can_become_duplicate() {
                return Err(ChangeError::Conflict { current: current.status, allowed: status.allowed_next().to_vec() });
            }
            let original = report::Entity::find_by_id(original_id).one(&txn).await?;
            let original =
                original.filter(|o| o.id != id && o.duplicate_of_id.is_none()).ok_or(ChangeError::BadOriginal)?;
            compare_and_set_status(&txn, id, status, ReportStatus::Duplicate, now).await?;
            update.duplicate_of_id = Set(Some(original.id));
            report::Entity::update_many()
                .col_expr(report::Column::DuplicateCount, Expr::col(report::Column::DuplicateCount).add(1))
                .col_expr(report::Column::UpdatedAt, Expr::value(now))
                .filter(report::Column::Id.eq(original.id))
                .exec(&txn)
                .await?;
            let original_ref = PublicId::new(original.id, original.received_at).to_string();
            let duplicate_ref = PublicId::new(current.id, current.received_at).to_string();
            let data = serde_json::json!({ "original": original_ref, "from": status.as_str() }).to_string();
            events.push(report_event::ActiveModel {
                status: Set(Some(ReportStatus::Duplicate.as_str().to_owned())),
                data: Set(Some(data)),
                ..event("marked_duplicate", true)
            });
            let data = serde_json::json!({ "duplicate": duplicate_ref }).to_string();
            events.push(report_event::ActiveModel {
                report_id: Set(original.id),
                data: Set(Some(data)),
                ..event("duplicate_added", false)
            });
        }
        Change::Moderate { public_visible, public_description, reason } => {
            let redacted = public_description.clone().unwrap_or(current.public_description.clone());
            let flagged = current.screening_flags.as_deref().is_some_and(|f| !f.is_empty());
            if public_visible.unwrap_or(current.public_visible) && flagged && redacted.is_none() {
                return Err(ChangeError::NeedsRedaction);
            }
            if let Some(visible) = public_visible {
                update.public_visible = Set(visible);
            }
            if let Some(text) = public_description.clone() {
                update.public_description = Set(text);
            }
            let data = serde_json::json!({
                "public_visible": public_visible,
                "redacted": public_description.as_ref().map(Option::is_some),
            });
            events.push(report_event::ActiveModel {
                body: Set(Some(reason)),
                data: Set(Some(data.to_string())),
                ..event("moderated", false)
            });
        }
    }
    let updated = update.update(&txn).await?;
    for event in events {
        let event = event.insert(&txn).await?;
        if event.public && event.report_id == id && event.kind != "received" {
            outbox::queue_reporter_update(&txn, mail, id, event.id, now).await?;
        }
    }
    txn.commit().await?;
    Ok(updated)
}

fn change_data(from: Option<&str>, to: Option<&str>) -> String {
    serde_json::json!({ "from": from, "to": to }).to_string()
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
        Err(ChangeError::Conflict { current: "changed meanwhile".into(), allowed: vec![] })
    }
}
