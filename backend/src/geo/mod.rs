//! Geographic files and formats: the areas and places files in, GeoJSON out.

pub mod areas_file;
pub mod geojson_out;
pub mod places_file;
pub mod sweref;
