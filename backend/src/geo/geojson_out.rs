//! GeoJSON the API hands out.

use geojson::{Feature, FeatureCollection};
use serde_json::json;

use crate::domain::area::AreaIndex;

/// The areas, the municipality first, with each one's representative point (`lat`, `lon`) in its
/// properties.
pub fn areas(index: &AreaIndex) -> FeatureCollection {
    let features = index
        .sorted()
        .into_iter()
        .map(|area| {
            let d = &area.definition;
            let properties = json!({ "slug": d.slug, "name": d.name, "kind": d.kind, "lat": d.lat, "lon": d.lon });
            Feature {
                geometry: Some(geojson::Geometry::from(&d.geometry)),
                properties: properties.as_object().cloned(),
                ..Default::default()
            }
        })
        .collect();
    FeatureCollection { features, bbox: None, foreign_members: None }
}
