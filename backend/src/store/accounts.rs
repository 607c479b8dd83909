//! Staff users, their sessions and login attempts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};

use super::entity::{login_attempt, session, user};
use crate::domain::user::{LoginThrottle, RecentFailures, Role};

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub organisation: Option<&'a str>,
    pub password_hash: String,
    pub must_change_password: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("a user with that e-mail address already exists")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub async fn add_user(
    db: &DatabaseConnection,
    new: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<user::Model, AccountError> {
    user::ActiveModel {
        email: Set(new.email.to_owned()),
        name: Set(new.name.to_owned()),
        role: Set(new.role.as_str().to_owned()),
        organisation: Set(new.organisation.map(str::to_owned)),
        password_hash: Set(new.password_hash),
        must_change_password: Set(new.must_change_password),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AccountError::EmailTaken,
        _ => AccountError::Db(e),
    })
}

pub async fn find_user_by_email(db: &DatabaseConnection, email: &str) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await
}

/// The addresses of the active users with `role`.
pub async fn active_emails_with_role(conn: &impl ConnectionTrait, role: Role) -> Result<Vec<String>, DbErr> {
    user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::Role.eq(role.as_str()))
        .filter(user::Column::Active.eq(true))
        .into_tuple()
        .all(conn)
        .await
}

pub async fn find_users(db: &DatabaseConnection, ids: Vec<i32>) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await
}

/// Deactivates the account and ends its sessions at once. `false` when there is no such user.
pub async fn disable_user(db: &DatabaseConnection, email: &str, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let Some(found) = user::Entity::find().filter(user::Column::Email.eq(email)).one(&txn).await? else {
        return Ok(false);
    };
    user::ActiveModel { id: Set(found.id), active: Set(false), updated_at: Set(now), ..Default::default() }
        .update(&txn)
        .await?;
    session::Entity::delete_many().filter(session::Column::UserId.eq(found.id)).exec(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

/// Sets a new password, clears the must-change flag and ends the user's other sessions.
pub async fn set_password(
    db: &DatabaseConnection,
    user_id: i32,
    password_hash: String,
    keep_session: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    user::ActiveModel {
        id: Set(user_id),
        password_hash: Set(password_hash),
        must_change_password: Set(false),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(keep_session))
        .exec(&txn)
        .await?;
    txn.commit().await
}

pub async fn create_session(
    db: &DatabaseConnection,
    id: String,
    user_id: i32,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> Result<(), DbErr> {
    session::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + lifetime),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The live session with this id and its active user; expired sessions are deleted on sight.
pub async fn find_session(
    db: &DatabaseConnection,
    id: &str,
    now: DateTime<Utc>,
    idle: Duration,
) -> Result<Option<(session::Model, user::Model)>, DbErr> {
    let Some(found) = session::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    if found.expires_at <= now || found.last_seen_at + idle <= now {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    let user = user::Entity::find_by_id(found.user_id).one(db).await?.filter(|u| u.active);
    Ok(user.map(|u| (found, u)))
}

/// Records activity; called at most once a minute per session to spare the database.
pub async fn touch_session(db: &DatabaseConnection, id: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn delete_session(db: &DatabaseConnection, id: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(id).exec(db).await.map(|_| ())
}

/// Records a login attempt as failed before its password is checked, so concurrent tries each
/// count; `mark_login_succeeded` corrects it when the password was right. Returns its id.
pub async fn reserve_login_attempt(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let attempt = login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        ip: Set(ip.to_owned()),
        succeeded: Set(false),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(attempt.id)
}

pub async fn mark_login_succeeded(db: &DatabaseConnection, attempt_id: i64) -> Result<(), DbErr> {
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Succeeded, Expr::value(true))
        .filter(login_attempt::Column::Id.eq(attempt_id))
        .exec(db)
        .await
        .map(drop)
}

/// The failures before attempt `before` that the throttle weighs (see `LoginThrottle`). Tries
/// made at the same moment are ordered by their ids, so of a burst only the first few are let
/// through to the password check.
pub async fn recent_failures(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    before: i64,
    now: DateTime<Utc>,
    throttle: &LoginThrottle,
) -> Result<RecentFailures, DbErr> {
    use login_attempt::Column as C;
    let failures = |since: DateTime<Utc>| {
        login_attempt::Entity::find().filter(C::Succeeded.eq(false)).filter(C::At.gt(since)).filter(C::Id.lt(before))
    };
    let day = now - Duration::days(1);
    let pair = || failures(day).filter(C::Email.eq(email)).filter(C::Ip.eq(ip));
    let newest = u64::from(throttle.max_failures);
    let times = |select: sea_orm::Select<login_attempt::Entity>| {
        select.select_only().column(C::At).order_by_desc(C::At).limit(newest).into_tuple::<DateTime<Utc>>().all(db)
    };
    Ok(RecentFailures {
        pair_last_day: pair().count(db).await?,
        pair_newest: times(pair()).await?,
        address_newest: times(failures(now - throttle.window).filter(C::Ip.eq(ip))).await?,
    })
}
