//! Staff accounts: roles and what each may do, e-mail addresses as identities, passwords.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldIssue;

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Role {
    /// Files inrapporter and sees their own.
    Staff,
    /// Every report action: triage, replies, moderation.
    Coordinator,
    /// Reads reports and the lägesbild.
    EstMember,
    /// Users, categories, areas, the mail outbox.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Coordinator => "coordinator",
            Role::EstMember => "est_member",
            Role::Admin => "admin",
        }
    }

    pub fn can_file_inrapporter(self) -> bool {
        matches!(self, Role::Staff | Role::Coordinator | Role::Admin)
    }

    pub fn can_read_reports(self) -> bool {
        matches!(self, Role::Coordinator | Role::EstMember | Role::Admin)
    }

    pub fn can_triage(self) -> bool {
        matches!(self, Role::Coordinator | Role::Admin)
    }

    /// Reporters' contact details and police report numbers.
    pub fn can_see_restricted(self) -> bool {
        matches!(self, Role::Coordinator)
    }

    pub fn can_administer(self) -> bool {
        matches!(self, Role::Admin)
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [Role::Staff, Role::Coordinator, Role::EstMember, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role: {s}"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Addresses are identities: trimmed and lower-cased, so `Anna@Kommun.se` logs in as `anna@kommun.se`.
pub fn normalize_email(email: &str) -> Result<String, FieldIssue> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 320
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(FieldIssue::InvalidEmail)
    }
}

/// Long enough to resist guessing; length beats composition rules.
pub fn check_new_password(password: &str) -> Result<(), FieldIssue> {
    match password.chars().count() {
        n if n < PASSWORD_MIN_CHARS => Err(FieldIssue::TooShort { min: PASSWORD_MIN_CHARS as u64 }),
        n if n > PASSWORD_MAX_CHARS => Err(FieldIssue::TooLong { max: PASSWORD_MAX_CHARS as u64 }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalize_email("  Anna.Berg@Herrljunga.SE "), Ok("anna.berg@herrljunga.se".into()));
        assert_eq!(normalize_email("anna"), Err(FieldIssue::InvalidEmail));
        assert_eq!(normalize_email("a b@x.se"), Err(FieldIssue::InvalidEmail));
    }

    #[test]
    fn only_coordinators_see_restricted_details_and_only_admins_administer() {
        assert!(Role::Coordinator.can_see_restricted() && !Role::Admin.can_see_restricted());
        assert!(Role::EstMember.can_read_reports() && !Role::EstMember.can_triage());
        assert!(!Role::Staff.can_read_reports() && Role::Staff.can_file_inrapporter());
        assert!(Role::Admin.can_administer() && !Role::Coordinator.can_administer());
        assert_eq!("est_member".parse(), Ok(Role::EstMember));
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(check_new_password("kort").is_err());
        assert!(check_new_password("en lång lösenfras").is_ok());
    }
}
