//! `trygg serve | migrate | import areas FILE | demo | user | open311 | outbox retry | survey template | …`, one file
//! per subcommand.

pub mod backup;
pub mod demo;
pub mod import;
pub mod open311;
pub mod outbox;
pub mod purge;
pub mod survey;
pub mod user;

use std::path::PathBuf;

use std::io::Write;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::startup::{prepare_database, Application};

#[derive(Parser)]
#[command(name = "trygg", version, about = "Trygg: reports of unsafe places and the municipality's safety work")]
pub struct Cli {
    /// A TOML file overriding config/default.toml (the environment, TRYGG_*, overrides both).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Apply migrations and serve the API and the PWA (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import data from a file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Seed a deterministic, realistic year of demo reports.
    Demo(demo::DemoArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// The systems that file reports through Open311 with an API key.
    #[command(subcommand)]
    Open311(open311::Open311Command),
    /// The mail outbox.
    #[command(subcommand)]
    Outbox(outbox::OutboxCommand),
    /// Write a consistent copy of the SQLite database to FILE while Trygg keeps running.
    Backup {
        /// The new file; it must not exist yet.
        file: PathBuf,
    },
    /// Trygghetsenkäter.
    #[command(subcommand)]
    Survey(survey::SurveyCommand),
    /// Apply the retention rules (gallring) now; `--dry-run` only counts.
    Purge(purge::PurgeArgs),
    /// Print the OpenAPI document (what `/api/openapi.json` serves) and exit.
    Openapi,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Validate a GeoJSON areas file and replace the stored areas with it.
    Areas {
        /// A FeatureCollection of (Multi)Polygons with `name` and `kind`, one of kind `municipality`.
        file: PathBuf,
    },
    /// Import police or Brå crime statistics for the lägesbild (CSV; see the README).
    CrimeStats {
        /// `period_start;period_end;area;offence_group;count;source`, a header and a line each.
        file: PathBuf,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config.as_deref())?;
    crate::telemetry::init(&settings.log);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            app.run_until_stopped().await.context("serving")
        }
        Command::Migrate => {
            prepare_database(&settings).await?;
            println!("Migrations applied.");
            Ok(())
        }
        Command::Import(ImportCommand::Areas { file }) => import::areas(&settings, &file).await,
        Command::Import(ImportCommand::CrimeStats { file }) => import::crime_stats(&settings, &file).await,
        Command::Demo(args) => demo::run(&settings, args).await,
        Command::User(command) => user::run(&settings, command).await,
        Command::Open311(command) => open311::run(&settings, command).await,
        Command::Outbox(command) => outbox::run(&settings, command).await,
        Command::Survey(command) => survey::run(&settings, command).await,
        Command::Purge(args) => purge::run(&settings, args).await,
        Command::Backup { file } => backup::run(&settings, &file).await,
        Command::Openapi => {
            let document = serde_json::to_string_pretty(crate::routes::openapi::document())?;
            writeln!(std::io::stdout(), "{document}").context("writing the document")
        }
    }
}
