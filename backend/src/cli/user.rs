//! `trygg user add | disable`: staff accounts from the command line.

use std::io::{BufRead, IsTerminal};

use anyhow::{bail, Context};
use chrono::Utc;

use crate::auth::password;
use crate::config::Settings;
use crate::domain::user::{check_new_password, normalize_email, Role};
use crate::error::Lang;
use crate::startup::prepare_database;
use crate::store::accounts::{self, NewUser};

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from stdin when it is not a terminal (one line), else
    /// prompted for twice; with --one-time a password is printed that must be changed at first login.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// E.g. Räddningstjänsten, Herrljungabostäder, Fritidsgården.
        #[arg(long)]
        organisation: Option<String>,
        #[arg(long)]
        one_time: bool,
    },
    /// Disable a user; their sessions end at once.
    Disable {
        #[arg(long)]
        email: String,
    },
}

pub async fn run(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { email, name, role, organisation, one_time } => {
            let email = normalize_email(&email).map_err(|i| anyhow::anyhow!("--email: {}", i.message(Lang::En)))?;
            if name.trim().is_empty() {
                bail!("--name must not be empty");
            }
            let (password, must_change) =
                if one_time { (password::one_time(), true) } else { (read_password()?, false) };
            check_new_password(&password, &[&email, &name])
                .map_err(|i| anyhow::anyhow!("password: {}", i.message(Lang::En)))?;
            let hash = password::hash(&password)?;
            let db = prepare_database(settings).await?;
            let new = NewUser {
                email: &email,
                name: name.trim(),
                role,
                organisation: organisation.as_deref(),
                password_hash: hash,
                must_change_password: must_change,
            };
            let user = accounts::add_user(&db, new, Utc::now()).await.with_context(|| format!("adding {email}"))?;
            println!("Added {} ({}) as {}.", user.name, user.email, role);
            if one_time {
                println!("One-time password (must be changed at first login): {password}");
            }
            Ok(())
        }
        UserCommand::Disable { email } => {
            let email = normalize_email(&email).unwrap_or(email);
            let db = prepare_database(settings).await?;
            if !accounts::disable_user(&db, &email, Utc::now()).await? {
                bail!("no user with e-mail address {email}");
            }
            println!("Disabled {email}; their sessions have ended.");
            Ok(())
        }
    }
}

fn read_password() -> anyhow::Result<String> {
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from stdin")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ")?;
    let second = rpassword::prompt_password("Again: ")?;
    if first != second {
        bail!("the passwords differ");
    }
    Ok(first)
}
