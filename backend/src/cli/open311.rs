//! `trygg open311 add | list | revoke`: the systems that file reports through Open311 with an API
//! key, for the IT department (the same as the admins' `/api/v1/admin/open311-clients`).

use anyhow::bail;
use chrono::Utc;

use crate::config::Settings;
use crate::startup::prepare_database;
use crate::store::public;

#[derive(clap::Subcommand)]
pub enum Open311Command {
    /// Register a system and print its API key, this once (Trygg keeps only its digest).
    Add {
        /// E.g. "Kommunens felanmälan".
        #[arg(long)]
        name: String,
    },
    /// The registered systems, revoked ones too.
    List,
    /// Revoke a system's key at once.
    Revoke {
        #[arg(long)]
        id: i32,
    },
}

pub async fn run(settings: &Settings, command: Open311Command) -> anyhow::Result<()> {
    let db = prepare_database(settings).await?;
    match command {
        Open311Command::Add { name } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 200 {
                bail!("--name must be 1 to 200 characters");
            }
            let (client, api_key) = public::add_client(&db, name, Utc::now()).await?;
            println!("Added Open311 client {} ({}).", client.id, client.name);
            println!("API key (shown once; give it to the system as api_key): {api_key}");
        }
        Open311Command::List => {
            for client in public::clients(&db).await? {
                let state = client.revoked_at.map_or("active".to_owned(), |at| format!("revoked {}", at.to_rfc3339()));
                println!("{}\t{}\tadded {}\t{state}", client.id, client.name, client.created_at.to_rfc3339());
            }
        }
        Open311Command::Revoke { id } => match public::revoke_client(&db, id, Utc::now()).await? {
            Some(client) => println!("Revoked the key of Open311 client {} ({}).", client.id, client.name),
            None => bail!("no Open311 client with id {id}"),
        },
    }
    Ok(())
}
