//! `trygg survey template [--slug S]`: the standard trygghetsenkät as a new draft.

use chrono::{Datelike, Utc};

use crate::config::Settings;
use crate::domain::survey::state::{is_slug, Access};
use crate::domain::survey::template;
use crate::startup::prepare_database;
use crate::store::surveys::{self, Actor, SurveyError};

#[derive(clap::Subcommand)]
pub enum SurveyCommand {
    /// Create the standard "Trygghetsenkät" as a draft, to edit and publish in the app.
    Template {
        /// Its address, `/enkat/SLUG` (default: trygghetsenkat-YEAR).
        #[arg(long)]
        slug: Option<String>,
    },
}

pub async fn run(settings: &Settings, command: SurveyCommand) -> anyhow::Result<()> {
    let SurveyCommand::Template { slug } = command;
    let slug = slug.unwrap_or_else(|| format!("trygghetsenkat-{}", Utc::now().year()));
    anyhow::ensure!(is_slug(&slug), "--slug: lowercase letters, digits and dashes, 3 to 64 characters");
    let db = prepare_database(settings).await?;
    let actor = Actor { user_id: None, name: "trygg survey template" };
    match surveys::create(&db, &slug, Access::Open, &template::standard(), &actor, Utc::now()).await {
        Ok(_) => {
            println!("Created the draft {slug}: {}/personal/enkater/{slug}", settings.public_base());
            Ok(())
        }
        Err(SurveyError::SlugTaken) => anyhow::bail!("a survey {slug} exists already; choose another --slug"),
        Err(e) => Err(e.into()),
    }
}
