//! The areas file: a GeoJSON FeatureCollection of the municipality outline and its localities,
//! read and checked into the domain's area definitions.

use geo::{Area as _, InteriorPoint, Intersects, MultiPolygon, Point};
use geojson::{GeoJson, Value};

use crate::domain::area::{slugify, AreaDefinition, AREA_KINDS};

/// What is wrong with an areas file, naming the feature.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{feature}: {problem}")]
pub struct AreaFileError {
    pub feature: String,
    pub problem: String,
}

fn file_error(feature: impl Into<String>, problem: impl Into<String>) -> AreaFileError {
    AreaFileError { feature: feature.into(), problem: problem.into() }
}

/// Parses and checks an areas file: a FeatureCollection of (Multi)Polygons with `name` and `kind`
/// properties (optional `slug`, `lat`, `lon`), exactly one of kind `municipality`.
pub fn parse_areas_file(text: &str) -> Result<Vec<AreaDefinition>, AreaFileError> {
    let geojson: GeoJson = text.parse().map_err(|e| file_error("file", format!("not valid GeoJSON: {e}")))?;
    let GeoJson::FeatureCollection(collection) = geojson else {
        return Err(file_error("file", "must be a FeatureCollection"));
    };
    let mut areas = Vec::with_capacity(collection.features.len());
    for (index, feature) in collection.features.iter().enumerate() {
        let label = feature
            .property("name")
            .and_then(|n| n.as_str())
            .map_or_else(|| format!("feature #{}", index + 1), |n| format!("feature #{} ({n})", index + 1));
        let text_property = |key: &str| feature.property(key).and_then(|v| v.as_str()).map(str::trim);
        let name = text_property("name")
            .filter(|n| !n.is_empty())
            .ok_or_else(|| file_error(&label, "needs a non-empty `name` property"))?;
        let kind = text_property("kind").ok_or_else(|| file_error(&label, "needs a `kind` property"))?;
        if !AREA_KINDS.contains(&kind) {
            return Err(file_error(&label, format!("kind `{kind}` is not one of {}", AREA_KINDS.join(", "))));
        }
        let slug = text_property("slug").map_or_else(|| slugify(name), str::to_owned);
        if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(file_error(&label, "slug must be lowercase letters a-z, digits and '-'"));
        }
        let geometry = feature.geometry.as_ref().ok_or_else(|| file_error(&label, "has no geometry"))?;
        let geometry = multipolygon(&geometry.value).map_err(|p| file_error(&label, p))?;
        let (lat, lon) = match (
            feature.property("lat").and_then(|v| v.as_f64()),
            feature.property("lon").and_then(|v| v.as_f64()),
        ) {
            (Some(lat), Some(lon)) => (lat, lon),
            _ => {
                let p = geometry.interior_point().ok_or_else(|| file_error(&label, "geometry is empty"))?;
                (p.y(), p.x())
            }
        };
        if !geometry.intersects(&Point::new(lon, lat)) {
            return Err(file_error(&label, "its lat/lon point lies outside its own geometry"));
        }
        if areas.iter().any(|a: &AreaDefinition| a.slug == slug) {
            return Err(file_error(&label, format!("slug `{slug}` is used twice")));
        }
        areas.push(AreaDefinition { slug, name: name.to_owned(), kind: kind.to_owned(), geometry, lat, lon });
    }
    let municipalities: Vec<_> = areas.iter().filter(|a| a.kind == "municipality").collect();
    let [municipality] = municipalities.as_slice() else {
        return Err(file_error(
            "file",
            format!("needs exactly one feature of kind `municipality`, found {}", municipalities.len()),
        ));
    };
    for area in areas.iter().filter(|a| a.kind != "municipality") {
        if !municipality.geometry.intersects(&Point::new(area.lon, area.lat)) {
            return Err(file_error(&area.name, "lies outside the municipality"));
        }
    }
    Ok(areas)
}

fn multipolygon(value: &Value) -> Result<MultiPolygon<f64>, String> {
    let rings: Vec<&Vec<Vec<f64>>> = match value {
        Value::Polygon(rings) => rings.iter().collect(),
        Value::MultiPolygon(polygons) => polygons.iter().flatten().collect(),
        _ => return Err("geometry must be a Polygon or MultiPolygon".into()),
    };
    for ring in rings {
        if ring.len() < 4 || ring.first() != ring.last() {
            return Err("every ring needs at least 4 positions and must be closed".into());
        }
        for position in ring {
            match position.as_slice() {
                [lon, lat, ..] if (-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat) => {}
                _ => return Err(format!("position {position:?} is not WGS84 [lon, lat]")),
            }
        }
    }
    let geometry = geo::Geometry::<f64>::try_from(value.clone()).map_err(|e| e.to_string())?;
    let multi = match geometry {
        geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
        geo::Geometry::MultiPolygon(m) => m,
        _ => unreachable!("checked above"),
    };
    if multi.unsigned_area() <= 0.0 {
        return Err("geometry has no area".into());
    }
    Ok(multi)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::area::{Area, AreaIndex};

    pub(crate) fn shipped_index() -> AreaIndex {
        let text = include_str!("../../../config/areas.geojson");
        let areas = parse_areas_file(text).expect("the shipped areas file is valid");
        AreaIndex::new(areas.into_iter().enumerate().map(|(i, d)| Area::new(i as i32 + 1, d)).collect()).unwrap()
    }

    #[test]
    fn the_shipped_file_has_the_municipality_and_its_localities() {
        let index = shipped_index();
        assert_eq!(index.municipality().definition.name, "Herrljunga kommun");
        for slug in ["herrljunga", "ljung", "annelund", "faglavik", "hudene", "eggvena"] {
            let area = index.by_slug(slug).unwrap_or_else(|| panic!("{slug} missing"));
            assert_eq!(area.definition.kind, "locality");
        }
    }

    #[test]
    fn points_are_matched_to_the_shipped_localities() {
        let index = shipped_index();
        assert_eq!(index.locate(58.0795, 13.0240).unwrap().definition.slug, "herrljunga");
        assert_eq!(index.locate(58.004, 13.054).unwrap().definition.slug, "ljung");
        assert_eq!(index.locate(57.964, 13.074).unwrap().definition.slug, "annelund");
        assert_eq!(index.locate(58.06, 13.12).unwrap().definition.slug, "herrljunga-kommun");
        assert!(index.locate(59.33, 18.07).is_none(), "Stockholm is outside");
    }

    #[test]
    fn a_bad_feature_is_named_in_the_error() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Kommunen","kind":"municipality"},
             "geometry":{"type":"Polygon","coordinates":[[[13,58],[13.1,58],[13.1,58.1],[13,58]]]}},
            {"type":"Feature","properties":{"name":"Trasig","kind":"locality"},
             "geometry":{"type":"LineString","coordinates":[[13,58],[13.1,58]]}}]}"#;
        let err = parse_areas_file(text).unwrap_err();
        assert_eq!(err.feature, "feature #2 (Trasig)");
        assert!(err.problem.contains("Polygon"));
        assert_eq!(parse_areas_file("{nope").unwrap_err().feature, "file");
        let no_municipality = r#"{"type":"FeatureCollection","features":[]}"#;
        assert!(parse_areas_file(no_municipality).unwrap_err().problem.contains("exactly one"));
    }

    #[test]
    fn an_open_ring_is_refused() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"K","kind":"municipality"},
             "geometry":{"type":"Polygon","coordinates":[[[13,58],[13.1,58],[13.1,58.1],[13,58.1]]]}}]}"#;
        assert!(parse_areas_file(text).unwrap_err().problem.contains("closed"));
    }
}
