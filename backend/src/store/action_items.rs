//! The åtgärdsplan: a lägesbild's actions, their follow-ups, the overdue reminders, and the
//! meetings told of.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde_json::json;

use super::entity::{action_follow_up, action_item, lagesbild, meeting_notice};
use super::lagesbild::log;
use super::outbox::{insert_email, NewEmail};
use super::Actor;
use crate::domain::lagesbild::action::{Action, ActionStatus, FollowUpKind};
use crate::domain::lagesbild::document::LagesbildKind;
use crate::domain::lagesbild::period::Period;

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
        Err(e) if super::is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e),
    }
    for email in emails {
        insert_email(&txn, email, now).await?;
    }
    txn.commit().await?;
    Ok(true)
}
