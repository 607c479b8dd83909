//! The `[lagesbild]` section: when the groups meet, and how long before an EST meeting its draft
//! lägesbild is made and EST told.

use std::collections::BTreeMap;

use chrono::{NaiveTime, Weekday};
use serde::Deserialize;

use super::ConfigError;
use crate::domain::lagesbild::calendar::MeetingRule;
use crate::domain::workflow::GROUPS;

#[derive(Debug, Clone, Deserialize)]
pub struct LagesbildSettings {
    pub draft_ready_days: u32,
    /// By group: `est`, `sspf`, `steering`, `rights_network`, `violence_free`.
    pub meetings: BTreeMap<String, MeetingSetting>,
}

/// In `months`, the `week`th `weekday` (`mon` … `sun`; week 5 is the last) at `time` (`HH:MM`).
#[derive(Debug, Clone, Deserialize)]
pub struct MeetingSetting {
    pub months: Vec<u32>,
    pub weekday: String,
    pub week: u8,
    pub time: String,
}

impl LagesbildSettings {
    /// Each group's meeting rule, checked, the key of a bad one named.
    pub fn meeting_rules(&self) -> Result<Vec<MeetingRule>, ConfigError> {
        self.meetings
            .iter()
            .map(|(group, m)| {
                let invalid = |problem: String| ConfigError::Invalid {
                    key: "lagesbild.meetings",
                    problem: format!("{group}: {problem}"),
                };
                if !GROUPS.contains(&group.as_str()) {
                    return Err(invalid(format!("not a group (one of {})", GROUPS.join(", "))));
                }
                let weekday: Weekday =
                    m.weekday.parse().map_err(|_| invalid(format!("weekday `{}` is not mon … sun", m.weekday)))?;
                let time = NaiveTime::parse_from_str(&m.time, "%H:%M")
                    .map_err(|_| invalid(format!("time `{}` is not HH:MM", m.time)))?;
                MeetingRule::new(group, &m.months, weekday, m.week, time).map_err(invalid)
            })
            .collect()
    }
}
