//! Trygg's schema. Migrations describe tables with sea-query only and never import the backend's
//! entities, so an old migration keeps compiling when the model moves on.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_core;
mod m20261125_000002_create_outbox;
mod m20261125_000003_create_staff;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_core::Migration),
            Box::new(m20261125_000002_create_outbox::Migration),
            Box::new(m20261125_000003_create_staff::Migration),
        ]
    }
}
