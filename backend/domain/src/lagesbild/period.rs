//! The period a lägesbild covers, and the two it is compared with: the one just before, of the
//! same length, and the same period a year earlier.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::{FieldErrors, FieldIssue};

/// The longest period one lägesbild covers: an in-depth one for the styrgrupp, two years.
pub const LONGEST: Duration = Duration::days(731);

/// `from` (included) to `to` (not included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Period {
    /// A period that ends after it begins and is at most two years long.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Period, FieldErrors> {
        if to <= from {
            Err(FieldErrors::single("to", FieldIssue::Invalid))
        } else if to - from > LONGEST {
            Err(FieldErrors::single("from", FieldIssue::OutOfRange { min: 1.0, max: LONGEST.num_days() as f64 }))
        } else {
            Ok(Period { from, to })
        }
    }

    /// As long as this one, ending where it begins.
    pub fn previous(&self) -> Period {
        Period { from: self.from - (self.to - self.from), to: self.from }
    }

    /// The same dates a year earlier.
    pub fn year_before(&self) -> Period {
        let back = |at: DateTime<Utc>| at.checked_sub_months(Months::new(12)).unwrap_or(at - Duration::days(365));
        Period { from: back(self.from), to: back(self.to) }
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days()
    }
}

/// Midnight Stockholm time at the start of `day`, as UTC.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    Stockholm
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
}

/// The last calendar year (Stockholm) that ended at or before `now`: an annual summary's period.
pub fn last_full_year(now: DateTime<Utc>) -> Period {
    let year = now.with_timezone(&Stockholm).year();
    let first = |y: i32| start_of_day(NaiveDate::from_ymd_opt(y, 1, 1).expect("1 January exists"));
    Period { from: first(year - 1), to: first(year) }
}

/// The `n` calendar months (Stockholm) up to and including the one `end` falls in just before it,
/// oldest first, each labelled `YYYY-MM`.
pub fn months_ending(end: DateTime<Utc>, n: u32) -> Vec<(String, Period)> {
    let last = (end - Duration::seconds(1)).with_timezone(&Stockholm).date_naive().with_day(1).expect("the 1st exists");
    (0..n)
        .rev()
        .filter_map(|back| {
            let first = last.checked_sub_months(Months::new(back))?;
            let next = first.checked_add_months(Months::new(1))?;
            Some((first.format("%Y-%m").to_string(), Period { from: start_of_day(first), to: start_of_day(next) }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_month_is_compared_with_the_month_before_and_a_year_ago() {
        let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
        let november = Period::new(at(2026, 11, 1), at(2026, 12, 1)).unwrap();
        assert_eq!(november.previous(), Period { from: at(2026, 10, 2), to: at(2026, 11, 1) });
        assert_eq!(november.year_before(), Period { from: at(2025, 11, 1), to: at(2025, 12, 1) });
        let year = last_full_year(at(2026, 12, 7));
        let stockholm_new_year = |y| Utc.with_ymd_and_hms(y - 1, 12, 31, 23, 0, 0).unwrap();
        assert_eq!(year, Period { from: stockholm_new_year(2025), to: stockholm_new_year(2026) });
        assert!(november.contains(at(2026, 11, 30)) && !november.contains(at(2026, 12, 1)));
        assert!(Period::new(at(2026, 12, 1), at(2026, 11, 1)).is_err());
        assert!(Period::new(at(2020, 1, 1), at(2026, 1, 1)).is_err(), "over two years");
    }

    #[test]
    fn the_trend_is_thirteen_calendar_months_in_stockholm_time() {
        let months = months_ending(Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(), 13);
        assert_eq!((months[0].0.as_str(), months[12].0.as_str()), ("2025-12", "2026-12"));
        // December starts at 23:00 UTC on 30 November (UTC+1).
        assert_eq!(months[12].1.from, Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap());
        assert_eq!(months[11].1.to, months[12].1.from);
    }
}
