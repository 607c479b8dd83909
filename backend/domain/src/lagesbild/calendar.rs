//! When the groups meet, from rules the municipality sets (`[lagesbild.meetings]` in the
//! configuration: EST monthly except July and December, SSPF and Rättighetsnätverket four times a
//! year, the styrgrupp twice) — each on the nth weekday of its months, at a time of day (Stockholm).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};

/// One group's rule: in `months`, the `week`th `weekday` (1–4, or 5 for the last) at `time`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRule {
    pub group: String,
    pub months: Vec<u32>,
    pub weekday: Weekday,
    pub week: u8,
    pub time: NaiveTime,
    pub minutes: u32,
}

impl MeetingRule {
    /// A rule, or what is wrong with it: months 1–12, week 1–5.
    pub fn new(group: &str, months: &[u32], weekday: Weekday, week: u8, time: NaiveTime) -> Result<Self, String> {
        if months.is_empty() || months.iter().any(|m| !(1..=12).contains(m)) {
            return Err("months must be 1 to 12, at least one".into());
        }
        if !(1..=5).contains(&week) {
            return Err("week must be 1 to 4, or 5 for the last".into());
        }
        Ok(MeetingRule { group: group.to_owned(), months: months.to_vec(), weekday, week, time, minutes: 120 })
    }

    /// The meeting in `year`-`month`, if the rule meets then.
    fn in_month(&self, year: i32, month: u32) -> Option<NaiveDateTime> {
        if !self.months.contains(&month) {
            return None;
        }
        let day = if self.week >= 5 {
            let last = NaiveDate::from_ymd_opt(year, month, 1)?.checked_add_months(chrono::Months::new(1))?
                - Duration::days(1);
            let back = (last.weekday().num_days_from_monday() + 7 - self.weekday.num_days_from_monday()) % 7;
            last - Duration::days(i64::from(back))
        } else {
            NaiveDate::from_weekday_of_month_opt(year, month, self.weekday, self.week)?
        };
        Some(day.and_time(self.time))
    }

    /// The next `count` meetings from `from` (a day, Stockholm), in order.
    pub fn next(&self, from: NaiveDate, count: usize) -> Vec<NaiveDateTime> {
        let mut found = Vec::new();
        let (mut year, mut month) = (from.year(), from.month());
        // Four years of months is more than any rule needs to give `count` meetings.
        for _ in 0..48 {
            if found.len() == count {
                break;
            }
            if let Some(at) = self.in_month(year, month).filter(|at| at.date() >= from) {
                found.push(at);
            }
            (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
        }
        found
    }
}

/// A group's name as the municipality writes it.
pub fn group_name(group: &str) -> &'static str {
    match group {
        "est" => "EST",
        "sspf" => "SSPF",
        "steering" => "Styrgruppen",
        "rights_network" => "Rättighetsnätverket",
        "violence_free" => "Våldsfri kommun",
        _ => "Gruppen",
    }
}

/// Stockholm wall time as UTC (the first of two on the autumn night, the next valid in spring).
pub fn stockholm_to_utc(at: NaiveDateTime) -> chrono::DateTime<Utc> {
    Stockholm
        .from_local_datetime(&at)
        .earliest()
        .or_else(|| Stockholm.from_local_datetime(&(at + Duration::hours(1))).earliest())
        .map_or_else(|| Utc.from_utc_datetime(&at), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(months: &[u32], weekday: Weekday, week: u8, hour: u32) -> MeetingRule {
        MeetingRule::new("est", months, weekday, week, NaiveTime::from_hms_opt(hour, 0, 0).unwrap()).unwrap()
    }

    #[test]
    fn est_meets_monthly_but_never_in_july_or_december() {
        let est = rule(&[1, 2, 3, 4, 5, 6, 8, 9, 10, 11], Weekday::Tue, 2, 9);
        let year = est.next(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), 10);
        let months: Vec<u32> = year.iter().map(|at| at.month()).collect();
        assert_eq!(months, [1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
        assert!(year.iter().all(|at| at.weekday() == Weekday::Tue && (8..=14).contains(&at.day())));
        assert!(MeetingRule::new("est", &[13], Weekday::Tue, 2, est.time).is_err());
    }

    #[test]
    fn the_styrgrupp_meets_twice_a_year_and_a_last_weekday_rule_finds_the_last() {
        let steering = rule(&[4, 10], Weekday::Mon, 3, 10);
        assert_eq!(steering.next(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), 4).len(), 4);
        let last = MeetingRule { week: 5, ..steering.clone() };
        let at = last.next(NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(), 1)[0];
        assert_eq!(at.date(), NaiveDate::from_ymd_opt(2027, 4, 26).unwrap(), "the last Monday of April 2027");
        assert_eq!(stockholm_to_utc(at).format("%H:%M").to_string(), "08:00", "10:00 in summer time is 08:00 UTC");
    }
}
