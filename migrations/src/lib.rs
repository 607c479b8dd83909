//! Trygg's schema. Migrations describe tables with sea-query only and never import the backend's
//! entities, so an old migration keeps compiling when the model moves on.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_core;
mod m20261125_000002_create_outbox;
mod m20261125_000003_create_staff;
mod m20261201_000004_search_text;
mod m20261201_000005_secrets_at_rest;
mod m20261202_000006_retention;
mod m20261202_000007_photos;
mod m20261207_000008_surveys;
mod m20261207_000009_lagesbild;
mod m20261207_000010_open311;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_core::Migration),
            Box::new(m20261125_000002_create_outbox::Migration),
            Box::new(m20261125_000003_create_staff::Migration),
            Box::new(m20261201_000004_search_text::Migration),
            Box::new(m20261201_000005_secrets_at_rest::Migration),
            Box::new(m20261202_000006_retention::Migration),
            Box::new(m20261202_000007_photos::Migration),
            Box::new(m20261207_000008_surveys::Migration),
            Box::new(m20261207_000009_lagesbild::Migration),
            Box::new(m20261207_000010_open311::Migration),
        ]
    }
}
