//! A lower-cased copy of each report's description for the queue's word search, folded in Rust
//! so that SQLite (whose LOWER() changes only ASCII) finds `ÅÄÖ` as `åäö`, as PostgreSQL does.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, StatementBuilder};

#[derive(DeriveMigrationName)]
pub struct Migration;

const BATCH: u64 = 1000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Report::Table)
                    .add_column(ColumnDef::new(Report::SearchText).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        if backend == DatabaseBackend::Postgres {
            // PostgreSQL's LOWER folds every letter, in one statement.
            let update = Query::update()
                .table(Report::Table)
                .value(Report::SearchText, Func::lower(Expr::col(Report::Description)))
                .to_owned();
            return db.execute(StatementBuilder::build(&update, &backend)).await.map(drop);
        }
        let mut after = 0i64;
        loop {
            let select = Query::select()
                .columns([Report::Id, Report::Description])
                .from(Report::Table)
                .and_where(Expr::col(Report::Id).gt(after))
                .order_by(Report::Id, Order::Asc)
                .limit(BATCH)
                .to_owned();
            let rows = db.query_all(StatementBuilder::build(&select, &backend)).await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("", "id")?;
            for row in &rows {
                let id: i64 = row.try_get("", "id")?;
                let description: String = row.try_get("", "description")?;
                let update = Query::update()
                    .table(Report::Table)
                    .value(Report::SearchText, description.to_lowercase())
                    .and_where(Expr::col(Report::Id).eq(id))
                    .to_owned();
                db.execute(StatementBuilder::build(&update, &backend)).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Report::Table).drop_column(Report::SearchText).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
    Description,
    SearchText,
}
