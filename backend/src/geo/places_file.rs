//! The places file: a GeoJSON FeatureCollection of Points with `name` and `kind` (station,
//! school, park, street, …) that residents can search for. Optional; each place must lie inside
//! the municipality.

use geojson::{GeoJson, Value};

use crate::domain::area::AreaIndex;
use crate::domain::place::Place;
use crate::geo::areas_file::AreaFileError;

pub fn parse_places_file(text: &str, areas: &AreaIndex) -> Result<Vec<Place>, AreaFileError> {
    let error = |feature: String, problem: &str| AreaFileError { feature, problem: problem.to_owned() };
    let geojson: GeoJson = text.parse().map_err(|e| error("file".into(), &format!("not valid GeoJSON: {e}")))?;
    let GeoJson::FeatureCollection(collection) = geojson else {
        return Err(error("file".into(), "must be a FeatureCollection"));
    };
    collection
        .features
        .iter()
        .enumerate()
        .map(|(index, feature)| {
            let label = format!("feature #{}", index + 1);
            let text =
                |key: &str| feature.property(key).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
            let name = text("name").ok_or_else(|| error(label.clone(), "needs a `name`"))?;
            let kind = text("kind").unwrap_or("place");
            let Some(Value::Point(point)) = feature.geometry.as_ref().map(|g| &g.value) else {
                return Err(error(format!("{label} ({name})"), "geometry must be a Point"));
            };
            let [lon, lat, ..] = point.as_slice() else {
                return Err(error(format!("{label} ({name})"), "a Point needs [lon, lat]"));
            };
            if areas.locate(*lat, *lon).is_none() {
                return Err(error(format!("{label} ({name})"), "lies outside the municipality"));
            }
            Ok(Place { name: name.to_owned(), kind: kind.to_owned(), lat: *lat, lon: *lon })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::areas_file::tests::shipped_index;

    #[test]
    fn the_shipped_places_lie_in_the_municipality() {
        let places = parse_places_file(include_str!("../../../config/places.geojson"), &shipped_index()).unwrap();
        assert!(places.iter().any(|p| p.name == "Herrljunga station" && p.kind == "station"));
    }

    #[test]
    fn a_place_outside_is_named() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Stockholm"},
            "geometry":{"type":"Point","coordinates":[18.07,59.33]}}]}"#;
        let err = parse_places_file(text, &shipped_index()).unwrap_err();
        assert_eq!(err.feature, "feature #1 (Stockholm)");
    }
}
