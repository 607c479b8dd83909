//! The figures of a lägesbild, generated from the period's reports and inrapporter together, with
//! residents' and staff's kept apart in every table: counts by category, subtype and area, the
//! time-of-day × weekday grid, the change against the previous period and the same period a year
//! earlier (few reports are flagged as few, not turned into "+200 %"), hotspots, recurring places
//! and the inrapporter worth reading.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Europe::Stockholm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::hotspots::{hotspots, Hotspot};
use super::period::Period;
use crate::report::{Source, TimeOfDay};

/// Below this many reports on both sides, a change is "few" rather than a percentage.
pub const FEW: u64 = 10;

/// A report or an inrapport event as the lägesbild sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: i64,
    /// `TRY-2026-000123`
    pub public_id: String,
    pub source: Source,
    pub category: String,
    pub subtype: Option<String>,
    /// The area's slug (the municipality's for the countryside).
    pub area: String,
    pub lat: f64,
    pub lon: f64,
    pub occurred_at: DateTime<Utc>,
    pub time_of_day: Option<TimeOfDay>,
    pub recurring: bool,
    /// Staff's assessment of an inrapport event, 1–3.
    pub assessment: Option<i16>,
    /// In a category e-mailed at once (threats, fire, drugs, staff incidents, …).
    pub urgent: bool,
    pub description: String,
}

impl Incident {
    /// Residents' reports (the app, Open311, imports) or staff's inrapporter.
    pub fn by_staff(&self) -> bool {
        self.source == Source::Staff
    }

    /// The part of the day: as the reporter gave it, else from the time (Stockholm).
    pub fn part_of_day(&self) -> TimeOfDay {
        self.time_of_day.unwrap_or_else(|| TimeOfDay::at_hour(self.occurred_at.with_timezone(&Stockholm).hour()))
    }

    /// Monday 0 … Sunday 6, Stockholm time.
    pub fn weekday(&self) -> usize {
        self.occurred_at.with_timezone(&Stockholm).weekday().num_days_from_monday() as usize
    }
}

/// How many, by whom.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Count {
    pub residents: u64,
    pub staff: u64,
}

impl Count {
    pub fn total(&self) -> u64 {
        self.residents + self.staff
    }

    fn add(&mut self, incident: &Incident) {
        if incident.by_staff() {
            self.staff += 1;
        } else {
            self.residents += 1;
        }
    }
}

/// A change between two totals; with few on both sides it is flagged and has no percentage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    pub before: u64,
    pub now: u64,
    /// `null` when `few`, or when there were none before.
    pub percent: Option<f64>,
    /// Fewer than 10 on both sides: read the numbers, not the trend.
    pub few: bool,
}

impl Change {
    pub fn between(before: u64, now: u64) -> Change {
        let few = before < FEW && now < FEW;
        let percent = (!few && before > 0).then(|| (now as f64 - before as f64) / before as f64 * 100.0);
        Change { before, now, percent, few }
    }
}

/// One line of a table: a category, a subtype or an area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Line {
    pub key: String,
    pub count: Count,
    pub vs_previous: Change,
    pub vs_year_ago: Change,
}

/// An inrapport worth reading before the meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Notable {
    pub id: String,
    pub category: String,
    pub area: String,
    pub occurred_at: DateTime<Utc>,
    pub assessment: Option<i16>,
    pub urgent: bool,
    pub description: String,
}

/// Everything generated for a period; frozen as it is when a lägesbild is finalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Figures {
    pub period: Period,
    pub total: Count,
    pub vs_previous: Change,
    pub vs_year_ago: Change,
    pub by_category: Vec<Line>,
    /// `category/subtype`.
    pub by_subtype: Vec<Line>,
    pub by_area: Vec<Line>,
    /// Rows morning, day, evening, night; columns Monday … Sunday.
    pub time_grid: Vec<Vec<Count>>,
    pub hotspots: Vec<Hotspot>,
    /// Reports the reporter said keep happening here.
    pub recurring: u64,
    pub notable: Vec<Notable>,
    /// Where they happened, to about 10 m, with how many at each place: for the map.
    pub places: Vec<ReportPlace>,
}

/// Reports at one place (positions rounded to 4 decimals, about 10 m).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportPlace {
    pub lat: f64,
    pub lon: f64,
    pub count: Count,
}

fn places(incidents: &[Incident]) -> Vec<ReportPlace> {
    let key = |v: f64| (v * 10_000.0).round() as i64;
    let mut at: BTreeMap<(i64, i64), Count> = BTreeMap::new();
    for i in incidents {
        at.entry((key(i.lat), key(i.lon))).or_default().add(i);
    }
    at.into_iter()
        .map(|((lat, lon), count)| ReportPlace { lat: lat as f64 / 10_000.0, lon: lon as f64 / 10_000.0, count })
        .collect()
}

/// Counts `now` by key, with the same keys' counts in the two earlier periods; the biggest first.
fn lines(
    now: &[Incident],
    previous: &[Incident],
    year_ago: &[Incident],
    key: impl Fn(&Incident) -> Option<String>,
) -> Vec<Line> {
    let mut counts: BTreeMap<String, (Count, u64, u64)> = BTreeMap::new();
    for i in now {
        if let Some(k) = key(i) {
            counts.entry(k).or_default().0.add(i);
        }
    }
    for (list, slot) in [(previous, 1), (year_ago, 2)] {
        for i in list {
            if let Some(k) = key(i) {
                let entry = counts.entry(k).or_default();
                if slot == 1 {
                    entry.1 += 1;
                } else {
                    entry.2 += 1;
                }
            }
        }
    }
    let mut lines: Vec<Line> = counts
        .into_iter()
        .map(|(key, (count, previous, year_ago))| Line {
            vs_previous: Change::between(previous, count.total()),
            vs_year_ago: Change::between(year_ago, count.total()),
            key,
            count,
        })
        .collect();
    lines.sort_by(|a, b| b.count.total().cmp(&a.count.total()).then_with(|| a.key.cmp(&b.key)));
    lines
}

/// The figures of `period` from its incidents and those of the two periods it is compared with.
pub fn figures(
    period: Period,
    now: &[Incident],
    previous: &[Incident],
    year_ago: &[Incident],
    earlier_hotspots: &[Hotspot],
) -> Figures {
    let mut total = Count::default();
    let mut grid = vec![vec![Count::default(); 7]; 4];
    for i in now {
        total.add(i);
        let row = TimeOfDay::ALL.iter().position(|t| *t == i.part_of_day()).unwrap_or(3);
        grid[row][i.weekday()].add(i);
    }
    let mut notable: Vec<Notable> = now
        .iter()
        .filter(|i| i.by_staff() && (i.urgent || i.category == "staff_incident" || i.assessment == Some(3)))
        .map(|i| Notable {
            id: i.public_id.clone(),
            category: i.category.clone(),
            area: i.area.clone(),
            occurred_at: i.occurred_at,
            assessment: i.assessment,
            urgent: i.urgent,
            description: i.description.clone(),
        })
        .collect();
    notable.sort_by(|a, b| b.assessment.cmp(&a.assessment).then(b.occurred_at.cmp(&a.occurred_at)));
    Figures {
        period,
        total,
        vs_previous: Change::between(previous.len() as u64, total.total()),
        vs_year_ago: Change::between(year_ago.len() as u64, total.total()),
        by_category: lines(now, previous, year_ago, |i| Some(i.category.clone())),
        by_subtype: lines(now, previous, year_ago, |i| i.subtype.as_ref().map(|s| format!("{}/{s}", i.category))),
        by_area: lines(now, previous, year_ago, |i| Some(i.area.clone())),
        time_grid: grid,
        hotspots: hotspots(now, earlier_hotspots),
        recurring: now.iter().filter(|i| i.recurring).count() as u64,
        notable,
        places: places(now),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::*;

    /// An incident on `day` (2026-11) at `hour` Stockholm time.
    pub(crate) fn incident(
        id: i64,
        category: &str,
        source: Source,
        (lat, lon): (f64, f64),
        day: u32,
        hour: u32,
    ) -> Incident {
        let local = Stockholm.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap();
        Incident {
            id,
            public_id: format!("TRY-2026-{id:06}"),
            source,
            category: category.into(),
            subtype: None,
            area: "herrljunga".into(),
            lat,
            lon,
            occurred_at: local.with_timezone(&Utc),
            time_of_day: None,
            recurring: false,
            assessment: None,
            urgent: false,
            description: "Text".into(),
        }
    }

    fn november() -> Period {
        Period::new(
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        )
        .unwrap()
    }

    const STATION: (f64, f64) = (58.0795, 13.024);

    #[test]
    fn counts_keep_residents_and_staff_apart_and_compare_with_earlier_periods() {
        let mut now: Vec<Incident> =
            (0..12).map(|i| incident(i, "graffiti", Source::Pwa, STATION, 2 + i as u32, 21)).collect();
        now.push(incident(20, "graffiti", Source::Staff, STATION, 3, 10));
        now.push(incident(21, "fire", Source::Staff, STATION, 4, 23));
        let previous: Vec<Incident> =
            (0..10).map(|i| incident(100 + i, "graffiti", Source::Pwa, STATION, 1, 12)).collect();
        let year_ago = vec![incident(200, "fire", Source::Pwa, STATION, 1, 12)];
        let f = figures(november(), &now, &previous, &year_ago, &[]);
        assert_eq!(f.total, Count { residents: 12, staff: 2 });
        let graffiti = &f.by_category[0];
        assert_eq!((graffiti.key.as_str(), graffiti.count), ("graffiti", Count { residents: 12, staff: 1 }));
        // 10 → 13 is +30 %; fire 1 → 1 a year ago is few: no percentage.
        assert!((graffiti.vs_previous.percent.unwrap() - 30.0).abs() < 1e-9);
        let fire = f.by_category.iter().find(|l| l.key == "fire").unwrap();
        assert_eq!(fire.vs_year_ago, Change { before: 1, now: 1, percent: None, few: true });
        // 21:00 is evening; Mondays 2 and 9 November are column 0.
        assert_eq!(f.time_grid[2][0], Count { residents: 2, staff: 0 });
        assert_eq!(f.time_grid[3].iter().map(Count::total).sum::<u64>(), 1, "the fire at 23:00 is night");
    }

    #[test]
    fn few_reports_are_flagged_not_turned_into_percentages() {
        assert_eq!(Change::between(1, 3), Change { before: 1, now: 3, percent: None, few: true });
        assert_eq!(Change::between(0, 12).percent, None, "nothing before: no percentage");
        assert!((Change::between(20, 10).percent.unwrap() + 50.0).abs() < 1e-9);
    }

    #[test]
    fn notable_inrapporter_are_staff_incidents_urgent_ones_and_high_assessments() {
        let mut high = incident(1, "littering", Source::Staff, STATION, 5, 12);
        high.assessment = Some(3);
        let low = Incident { assessment: Some(1), ..incident(2, "littering", Source::Staff, STATION, 5, 12) };
        let staff = incident(3, "staff_incident", Source::Staff, STATION, 6, 12);
        let resident = Incident { urgent: true, ..incident(4, "fire", Source::Pwa, STATION, 6, 12) };
        let f = figures(november(), &[high, low, staff, resident], &[], &[], &[]);
        let ids: Vec<&str> = f.notable.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["TRY-2026-000001", "TRY-2026-000003"]);
    }
}
