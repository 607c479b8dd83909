//! Hotspots: where reports gather, found by density clustering on metres (DBSCAN: 150 m, at
//! least 3 reports). Deterministic: the same reports give the same hotspots in the same order
//! (largest first, then the one reported first).
//!
//! The DBSCAN is the grid form (Gunawan's): squares whose diagonal is the radius, so the reports
//! in one square are all neighbours; a square's reports join one cluster, and squares join when
//! two of their core reports are neighbours. It holds a few numbers per report. petal-clustering's
//! DBSCAN, used before, keeps every report's list of neighbours: 231 MB for a month of 42,000
//! reports and 18 GB for an in-depth lägesbild of a million.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::figures::{Count, Incident};
use crate::area::distance_m;
use crate::report::TimeOfDay;

/// Reports closer than this are neighbours.
pub const RADIUS_M: f64 = 150.0;
/// A hotspot has at least this many reports.
pub const MIN_REPORTS: usize = 3;
const METRES_PER_DEGREE_LAT: f64 = 110_574.0;
const METRES_PER_DEGREE_LON_AT_EQUATOR: f64 = 111_320.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Hotspot {
    /// 1 is the largest.
    pub rank: usize,
    /// The centre of its reports (WGS84).
    pub lat: f64,
    pub lon: f64,
    /// From the centre to the farthest report, metres.
    pub radius_m: f64,
    pub count: Count,
    /// The area most of its reports are in.
    pub area: String,
    /// The three most reported categories, with their counts.
    pub categories: Vec<(String, u64)>,
    pub time_of_day: TimeOfDay,
    /// Monday 0 … Sunday 6: the weekday most of its reports happened on.
    pub weekday: usize,
    /// An earlier period had a hotspot here too.
    pub recurring: bool,
    /// Its reports' case numbers.
    pub reports: Vec<String>,
}

/// Positions in metres on a plane through the points' mean latitude: at a municipality's scale
/// the error is well under a metre in 150.
fn metres(incidents: &[&Incident]) -> Vec<(f64, f64)> {
    let mean_lat = incidents.iter().map(|i| i.lat).sum::<f64>() / incidents.len().max(1) as f64;
    let per_lon = METRES_PER_DEGREE_LON_AT_EQUATOR * mean_lat.to_radians().cos();
    incidents.iter().map(|i| (i.lon * per_lon, i.lat * METRES_PER_DEGREE_LAT)).collect()
}

type Square = (i64, i64);

/// DBSCAN of `points` (metres): the clusters as indices into `points`, each ascending, in the
/// order of their first member. A point is core with at least `min_points` points (itself
/// included) within `radius`; a border point joins the cluster of its first core neighbour.
fn dbscan(points: &[(f64, f64)], radius: f64, min_points: usize) -> Vec<Vec<usize>> {
    let side = radius / std::f64::consts::SQRT_2;
    let square_of = |(x, y): (f64, f64)| -> Square { ((x / side).floor() as i64, (y / side).floor() as i64) };
    let mut squares: BTreeMap<Square, Vec<usize>> = BTreeMap::new();
    for (i, p) in points.iter().enumerate() {
        squares.entry(square_of(*p)).or_default().push(i);
    }
    // Squares whose points may lie within the radius: two squares out, but not the far corners.
    let near = |(sx, sy): Square| {
        (-2..=2_i64)
            .flat_map(move |dx| (-2..=2_i64).map(move |dy| (dx, dy)))
            .filter(|(dx, dy)| dx.abs() + dy.abs() < 4 || dx.abs().max(dy.abs()) < 2)
            .map(move |(dx, dy)| (sx + dx, sy + dy))
    };
    let close = |a: usize, b: usize| {
        let (dx, dy) = (points[a].0 - points[b].0, points[a].1 - points[b].1);
        dx * dx + dy * dy <= radius * radius
    };
    let core: Vec<bool> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let own = &squares[&square_of(*p)];
            own.len() >= min_points
                || near(square_of(*p))
                    .filter_map(|s| squares.get(&s))
                    .flatten()
                    .filter(|&&j| close(i, j))
                    .take(min_points)
                    .count()
                    >= min_points
        })
        .collect();
    // Squares with a core point, joined where two of their core points are neighbours.
    let cores: Vec<Square> = squares.iter().filter(|(_, v)| v.iter().any(|&i| core[i])).map(|(s, _)| *s).collect();
    let index: BTreeMap<Square, usize> = cores.iter().enumerate().map(|(n, s)| (*s, n)).collect();
    let mut parent: Vec<usize> = (0..cores.len()).collect();
    fn root(parent: &mut [usize], mut n: usize) -> usize {
        while parent[n] != n {
            parent[n] = parent[parent[n]];
            n = parent[n];
        }
        n
    }
    for (n, s) in cores.iter().enumerate() {
        for other in near(*s).filter(|o| o > s) {
            let Some(&m) = index.get(&other) else { continue };
            if root(&mut parent, n) == root(&mut parent, m) {
                continue;
            }
            let joined = squares[s]
                .iter()
                .filter(|&&i| core[i])
                .any(|&i| squares[&other].iter().any(|&j| core[j] && close(i, j)));
            if joined {
                let (a, b) = (root(&mut parent, n), root(&mut parent, m));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    // Every point's cluster: a core point's is its square's; a border point's, its first core
    // neighbour's (the nearest squares first, then by index).
    let mut cluster_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in points.iter().enumerate() {
        let own = square_of(*p);
        let square = if core[i] {
            Some(own)
        } else {
            let mut candidates: Vec<Square> = near(own).filter(|s| index.contains_key(s)).collect();
            candidates.sort_by_key(|(x, y)| ((x - own.0).abs().max((y - own.1).abs()), (*x, *y)));
            candidates.into_iter().find(|s| squares[s].iter().any(|&j| core[j] && close(i, j)))
        };
        if let Some(s) = square {
            let r = root(&mut parent, index[&s]);
            cluster_of.entry(r).or_default().push(i);
        }
    }
    let mut clusters: Vec<Vec<usize>> = cluster_of.into_values().collect();
    clusters.sort_by_key(|c| c[0]);
    clusters
}

/// The most frequent key, the smallest on a tie.
fn most<K: Ord + Clone>(keys: impl Iterator<Item = K>) -> Option<K> {
    let mut counts: BTreeMap<K, usize> = BTreeMap::new();
    for k in keys {
        *counts.entry(k).or_default() += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(k, _)| k)
}

/// The hotspots of `incidents`; `earlier` are an earlier period's, to mark the recurring ones.
pub fn hotspots(incidents: &[Incident], earlier: &[Hotspot]) -> Vec<Hotspot> {
    let mut ordered: Vec<&Incident> = incidents.iter().collect();
    ordered.sort_by_key(|i| i.id);
    let clusters = dbscan(&metres(&ordered), RADIUS_M, MIN_REPORTS);
    let mut members: Vec<Vec<&Incident>> =
        clusters.into_iter().map(|rows| rows.into_iter().map(|r| ordered[r]).collect()).collect();
    for m in &mut members {
        m.sort_by_key(|i| i.id);
    }
    members.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].id.cmp(&b[0].id)));
    members.into_iter().enumerate().map(|(n, group)| describe(n + 1, &group, earlier)).collect()
}

fn describe(rank: usize, group: &[&Incident], earlier: &[Hotspot]) -> Hotspot {
    let n = group.len() as f64;
    let (lat, lon) = (group.iter().map(|i| i.lat).sum::<f64>() / n, group.iter().map(|i| i.lon).sum::<f64>() / n);
    let mut count = Count::default();
    let mut categories: BTreeMap<&str, u64> = BTreeMap::new();
    for i in group {
        if i.by_staff() {
            count.staff += 1;
        } else {
            count.residents += 1;
        }
        *categories.entry(i.category.as_str()).or_default() += 1;
    }
    let mut categories: Vec<(String, u64)> = categories.into_iter().map(|(c, k)| (c.to_owned(), k)).collect();
    categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    categories.truncate(3);
    Hotspot {
        rank,
        lat,
        lon,
        radius_m: group.iter().map(|i| distance_m(lat, lon, i.lat, i.lon)).fold(0.0, f64::max),
        count,
        area: most(group.iter().map(|i| i.area.clone())).unwrap_or_default(),
        categories,
        time_of_day: most(group.iter().map(|i| i.part_of_day() as u8))
            .and_then(|t| TimeOfDay::ALL.get(t as usize).copied())
            .unwrap_or(TimeOfDay::Night),
        weekday: most(group.iter().map(|i| i.weekday())).unwrap_or(0),
        recurring: earlier.iter().any(|e| distance_m(lat, lon, e.lat, e.lon) <= RADIUS_M),
        reports: group.iter().map(|i| i.public_id.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lagesbild::figures::tests::incident;
    use crate::report::Source;

    /// `n` reports within a few metres of `(lat, lon)`, ids from `first`.
    fn around(first: i64, n: i64, (lat, lon): (f64, f64), category: &str) -> Vec<Incident> {
        (0..n)
            .map(|k| incident(first + k, category, Source::Pwa, (lat + k as f64 * 0.00002, lon), 3 + k as u32, 22))
            .collect()
    }

    #[test]
    fn reports_within_150_m_of_each_other_make_a_hotspot_of_three_or_more() {
        let station = around(1, 5, (58.0795, 13.024), "graffiti");
        let park = around(10, 3, (58.0850, 13.030), "littering");
        let pair = around(20, 2, (58.0700, 13.010), "fire");
        let lone = around(30, 1, (58.0600, 13.050), "fire");
        let all: Vec<Incident> = [station, park, pair, lone].concat();
        let found = hotspots(&all, &[]);
        assert_eq!(found.len(), 2, "a pair and a lone report are no hotspots");
        assert_eq!((found[0].rank, found[0].count.total(), found[0].categories[0].0.as_str()), (1, 5, "graffiti"));
        assert_eq!((found[1].count.total(), found[1].time_of_day), (3, TimeOfDay::Night));
        assert!(found[0].radius_m < 20.0, "{}", found[0].radius_m);
    }

    #[test]
    fn the_same_reports_in_any_order_give_the_same_hotspots_in_the_same_order() {
        let mut all: Vec<Incident> =
            [around(1, 4, (58.0795, 13.024), "graffiti"), around(10, 4, (58.0850, 13.030), "littering")].concat();
        let first = hotspots(&all, &[]);
        all.reverse();
        assert_eq!(hotspots(&all, &[]), first);
        assert_eq!(first[0].reports[0], "TRY-2026-000001", "equal sizes: the one reported first leads");
        let again = hotspots(&all, &first);
        assert!(again.iter().all(|h| h.recurring), "last period's hotspots recur");
    }

    /// Points from a fixed sequence: a dense patch, a sparse scatter, and chains.
    fn scattered(n: usize) -> Vec<(f64, f64)> {
        let mut state: u64 = 1466;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|k| match k % 3 {
                0 => (next() * 600.0, next() * 600.0),
                1 => (next() * 5000.0, next() * 5000.0),
                _ => (k as f64 * 37.0 % 3000.0, 1000.0 + next() * 40.0),
            })
            .collect()
    }

    #[test]
    fn the_grid_dbscan_agrees_with_the_definition() {
        let points = scattered(1500);
        let close = |a: usize, b: usize| {
            let (dx, dy) = (points[a].0 - points[b].0, points[a].1 - points[b].1);
            dx * dx + dy * dy <= RADIUS_M * RADIUS_M
        };
        let n = points.len();
        let core: Vec<bool> = (0..n).map(|i| (0..n).filter(|&j| close(i, j)).count() >= MIN_REPORTS).collect();
        // Core points are together exactly when a chain of core neighbours joins them.
        let mut component: Vec<usize> = (0..n).collect();
        for i in 0..n {
            for j in 0..n {
                if core[i] && core[j] && close(i, j) {
                    let (a, b) = (component[i], component[j]);
                    if a != b {
                        component.iter_mut().filter(|c| **c == b).for_each(|c| *c = a);
                    }
                }
            }
        }
        let clusters = dbscan(&points, RADIUS_M, MIN_REPORTS);
        let mut cluster_of = vec![None; n];
        for (c, members) in clusters.iter().enumerate() {
            for &i in members {
                assert!(cluster_of[i].replace(c).is_none(), "{i} in one cluster only");
            }
        }
        for i in 0..n {
            for j in 0..n {
                if core[i] && core[j] {
                    assert_eq!(component[i] == component[j], cluster_of[i] == cluster_of[j], "{i}, {j}");
                }
            }
            let core_neighbour = (0..n).find(|&j| core[j] && close(i, j));
            match (core[i], core_neighbour) {
                (true, _) => assert!(cluster_of[i].is_some()),
                (false, None) => assert_eq!(cluster_of[i], None, "{i} is noise"),
                (false, Some(_)) => {
                    let c = cluster_of[i].expect("a border point joins a cluster");
                    assert!(
                        clusters[c].iter().any(|&j| core[j] && close(i, j)),
                        "{i} beside a core point of its cluster"
                    );
                }
            }
        }
        assert!(clusters.len() > 3, "the fixture has clusters: {}", clusters.len());
    }
}
