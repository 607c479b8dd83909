//! Staff accounts: roles and what each may do, e-mail addresses as identities, passwords.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::FieldIssue;

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
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

string_enum!(Role { Staff => "staff", Coordinator => "coordinator", EstMember => "est_member", Admin => "admin" });

impl Role {
    pub fn can_file_inrapporter(self) -> bool {
        matches!(self, Role::Staff | Role::Coordinator | Role::Admin)
    }

    pub fn can_read_reports(self) -> bool {
        matches!(self, Role::Coordinator | Role::EstMember | Role::Admin)
    }

    /// Admins run the system, not the cases: they read reports but do not triage them.
    pub fn can_triage(self) -> bool {
        matches!(self, Role::Coordinator)
    }

    /// Reporters' contact details and police report numbers.
    pub fn can_see_restricted(self) -> bool {
        matches!(self, Role::Coordinator)
    }

    /// Build, publish and close trygghetsenkäter, make invitation codes, export raw answers.
    pub fn can_manage_surveys(self) -> bool {
        matches!(self, Role::Coordinator | Role::Admin)
    }

    pub fn can_administer(self) -> bool {
        matches!(self, Role::Admin)
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

/// Long enough to resist guessing, and not guessable: whitespace only, one character repeated, a
/// common password, or the user's own name or address are refused (zxcvbn, with `user_inputs`).
/// Length and unpredictability beat composition rules.
pub fn check_new_password(password: &str, user_inputs: &[&str]) -> Result<(), FieldIssue> {
    match password.chars().count() {
        n if n < PASSWORD_MIN_CHARS => return Err(FieldIssue::TooShort { min: PASSWORD_MIN_CHARS as u64 }),
        n if n > PASSWORD_MAX_CHARS => return Err(FieldIssue::TooLong { max: PASSWORD_MAX_CHARS as u64 }),
        _ => {}
    }
    let mut distinct: Vec<char> = password.chars().filter(|c| !c.is_whitespace()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    // The whole of each input and its words: `Sara Samordnare` also as `sara` and `samordnare`.
    let words: Vec<String> = user_inputs
        .iter()
        .flat_map(|input| {
            std::iter::once(input.to_lowercase()).chain(input.split(['@', '.', ' ', '-', '_']).map(str::to_lowercase))
        })
        .filter(|w| w.chars().count() >= 3)
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if distinct.len() < 4 || zxcvbn::zxcvbn(password, &words).score() < zxcvbn::Score::Three {
        return Err(FieldIssue::WeakPassword);
    }
    Ok(())
}

/// When failed logins stop further tries, for one account from one address and for one
/// address whatever the account. An account is never locked for everyone: someone guessing from
/// elsewhere cannot keep its owner out. Each refused try counts as a failure, so a guesser who
/// keeps at it stays locked out, for longer the more they fail (doubling per `max_failures`
/// failures in a day, up to a day).
#[derive(Debug, Clone, Copy)]
pub struct LoginThrottle {
    pub max_failures: u32,
    pub window: chrono::Duration,
}

/// The failures before this try: the account-and-address pair's count over the last day, and
/// the newest failures (newest first, at most `max_failures`) of the pair and of the address.
#[derive(Debug, Clone, Default)]
pub struct RecentFailures {
    pub pair_last_day: u64,
    pub pair_newest: Vec<chrono::DateTime<chrono::Utc>>,
    pub address_newest: Vec<chrono::DateTime<chrono::Utc>>,
}

impl LoginThrottle {
    /// How far back failures count for the pair: `window`, doubled for every `max_failures`
    /// failures beyond the first `max_failures` in the last day, at most a day.
    pub fn lock_for(&self, pair_last_day: u64) -> chrono::Duration {
        let max = u64::from(self.max_failures.max(1));
        let doublings = (pair_last_day / max).saturating_sub(1).min(16) as u32;
        (self.window * 2i32.pow(doublings)).min(chrono::Duration::days(1))
    }

    /// `Err(seconds)` until a try may be made again.
    pub fn check(&self, failures: &RecentFailures, now: chrono::DateTime<chrono::Utc>) -> Result<(), u64> {
        let max = self.max_failures.max(1) as usize;
        let locked_until = |newest: &[chrono::DateTime<chrono::Utc>], lock: chrono::Duration| {
            newest.get(max - 1).map(|kth| *kth + lock).filter(|until| *until > now)
        };
        let until = [
            locked_until(&failures.pair_newest, self.lock_for(failures.pair_last_day)),
            locked_until(&failures.address_newest, self.window),
        ]
        .into_iter()
        .flatten()
        .max();
        match until {
            Some(until) => Err((until - now).num_seconds().max(1) as u64),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_waits_and_the_lock_grows_the_longer_someone_keeps_guessing() {
        let throttle = LoginThrottle { max_failures: 5, window: chrono::Duration::minutes(15) };
        let now = chrono::Utc::now();
        let minutes_ago = |m: &[i64]| m.iter().map(|m| now - chrono::Duration::minutes(*m)).collect::<Vec<_>>();
        let four = RecentFailures { pair_last_day: 4, pair_newest: minutes_ago(&[1, 2, 3, 4]), ..Default::default() };
        assert_eq!(throttle.check(&four, now), Ok(()));
        let five =
            RecentFailures { pair_last_day: 5, pair_newest: minutes_ago(&[1, 2, 3, 4, 5]), ..Default::default() };
        assert_eq!(throttle.check(&five, now), Err(10 * 60), "15 minutes from the fifth newest failure");
        assert_eq!(throttle.lock_for(5), chrono::Duration::minutes(15));
        assert_eq!(throttle.lock_for(10), chrono::Duration::minutes(30));
        assert_eq!(throttle.lock_for(25), chrono::Duration::hours(4));
        assert_eq!(throttle.lock_for(10_000), chrono::Duration::days(1));
        let old =
            RecentFailures { pair_last_day: 5, pair_newest: minutes_ago(&[20, 21, 22, 23, 24]), ..Default::default() };
        assert_eq!(throttle.check(&old, now), Ok(()), "waited out");
        let address = RecentFailures { address_newest: minutes_ago(&[1, 1, 1, 1, 1]), ..Default::default() };
        assert!(throttle.check(&address, now).is_err(), "one address trying many accounts");
    }

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
        assert!(Role::Coordinator.can_triage() && !Role::Admin.can_triage());
        assert_eq!("est_member".parse(), Ok(Role::EstMember));
    }

    #[test]
    fn passwords_need_twelve_characters_and_must_not_be_guessable() {
        assert_eq!(check_new_password("kort", &[]), Err(FieldIssue::TooShort { min: 12 }));
        assert!(check_new_password("en lång och hemlig lösenfras", &[]).is_ok());
        assert!(check_new_password("samordnarens långa lösenord", &[]).is_ok());
        for weak in ["            ", "aaaaaaaaaaaa", "abababababab", "password1234", "qwertyuiopas", "123456789012"] {
            assert_eq!(check_new_password(weak, &[]), Err(FieldIssue::WeakPassword), "{weak:?}");
        }
        let own = ["sara.samordnare@herrljunga.se", "Sara Samordnare"];
        assert_eq!(check_new_password("sarasamordnare", &own), Err(FieldIssue::WeakPassword));
    }
}
