//! SWEREF 99 TM (EPSG:3006), the grid Swedish GIS uses, from WGS84 — by proj4rs, a maintained
//! pure-Rust port of PROJ.4, so no C library is needed. SWEREF 99 is ETRS89-aligned and treated
//! as equal to WGS84 at the metre level, as PROJ does without a grid.

use std::sync::LazyLock;

use proj4rs::proj::Proj;

static WGS84: LazyLock<Proj> = LazyLock::new(|| {
    Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs").expect("WGS84 is a valid definition")
});
static SWEREF99_TM: LazyLock<Proj> = LazyLock::new(|| {
    Proj::from_proj_string("+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs")
        .expect("SWEREF 99 TM is a valid definition")
});

/// (easting, northing) in metres of a WGS84 (lat, lon); `None` for a point the projection cannot take.
pub fn to_sweref99tm(lat: f64, lon: f64) -> Option<(f64, f64)> {
    let mut point = (lon.to_radians(), lat.to_radians(), 0.0);
    proj4rs::transform::transform(&WGS84, &SWEREF99_TM, &mut point).ok()?;
    (point.0.is_finite() && point.1.is_finite()).then_some((point.0, point.1))
}

/// WGS84 (lat, lon) of a SWEREF 99 TM (easting, northing).
pub fn to_wgs84(easting: f64, northing: f64) -> Option<(f64, f64)> {
    let mut point = (easting, northing, 0.0);
    proj4rs::transform::transform(&SWEREF99_TM, &WGS84, &mut point).ok()?;
    let (lon, lat) = (point.0.to_degrees(), point.1.to_degrees());
    (lat.is_finite() && lon.is_finite()).then_some((lat, lon))
}

/// The centre (WGS84) of the `cell_m` × `cell_m` square of the SWEREF 99 TM grid a point falls in:
/// where a public report is shown when its exact place is not to be.
pub fn cell_centre(lat: f64, lon: f64, cell_m: f64) -> Option<(f64, f64)> {
    let (e, n) = to_sweref99tm(lat, lon)?;
    let centre = |v: f64| (v / cell_m).floor() * cell_m + cell_m / 2.0;
    to_wgs84(centre(e), centre(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn herrljunga_station_lands_where_proj_puts_it() {
        // PROJ 9 (pyproj, EPSG:4326 → EPSG:3006) gives E 383 469.360, N 6 439 267.035.
        let (e, n) = to_sweref99tm(58.0795, 13.024).unwrap();
        assert!((e - 383_469.360).abs() < 0.01 && (n - 6_439_267.035).abs() < 0.01, "{e} {n}");
        let (lat, lon) = to_wgs84(e, n).unwrap();
        assert!((lat - 58.0795).abs() < 1e-9 && (lon - 13.024).abs() < 1e-9, "and back: {lat} {lon}");
    }

    #[test]
    fn a_point_is_shown_at_its_250_m_cell_centre() {
        let (lat, lon) = cell_centre(58.0795, 13.024, 250.0).unwrap();
        let (e, n) = to_sweref99tm(lat, lon).unwrap();
        let on_centre = |v: f64| (((v - 125.0) / 250.0).round() * 250.0 + 125.0 - v).abs() < 0.01;
        assert!(on_centre(e) && on_centre(n), "{e} {n}");
        assert!(crate::domain::area::distance_m(58.0795, 13.024, lat, lon) < 180.0);
        assert_eq!(cell_centre(58.0796, 13.0241, 250.0), Some((lat, lon)), "a neighbour in the same cell");
    }
}
