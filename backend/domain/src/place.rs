//! Named places a resident can search for instead of panning a map: the areas themselves and the
//! stations, schools, parks and streets the municipality lists.

use serde::Serialize;
use utoipa::ToSchema;

use crate::area::{slugify, AreaIndex};

/// A place with a name and a point (WGS84).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Place {
    pub name: String,
    /// `locality`, `station`, `school`, `park`, `street`, …
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
}

/// The places, searchable by any part of their name, whatever its case or diacritics.
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex {
    places: Vec<(String, Place)>,
}

impl PlaceIndex {
    /// The listed places and the areas (not the municipality itself) at their representative points.
    pub fn new(listed: Vec<Place>, areas: &AreaIndex) -> Self {
        let from_areas = areas.sorted().into_iter().filter(|a| a.definition.kind != "municipality").map(|a| Place {
            name: a.definition.name.clone(),
            kind: a.definition.kind.clone(),
            lat: a.definition.lat,
            lon: a.definition.lon,
        });
        let places = from_areas.chain(listed).map(|p| (slugify(&p.name), p)).collect();
        PlaceIndex { places }
    }

    /// Up to `limit` places whose name contains every word of `query`; names starting with the
    /// query come first, then shorter names.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Place> {
        let words: Vec<String> = query.split_whitespace().map(slugify).filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<&(String, Place)> =
            self.places.iter().filter(|(key, _)| words.iter().all(|w| key.contains(w.as_str()))).collect();
        found.sort_by_key(|(key, p)| (!key.starts_with(words[0].as_str()), p.name.chars().count(), p.name.clone()));
        found.into_iter().take(limit).map(|(_, p)| p).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::area::tests::fixture;

    fn place(name: &str, kind: &str) -> Place {
        Place { name: name.into(), kind: kind.into(), lat: 58.08, lon: 13.02 }
    }

    #[test]
    fn places_are_found_by_any_word_whatever_the_diacritics() {
        let index = PlaceIndex::new(
            vec![
                place("Herrljunga station", "station"),
                place("Kunskapens hus", "school"),
                place("Ölandsgatan", "street"),
            ],
            &fixture(),
        );
        let names = |q: &str| index.search(q, 10).iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names("station"), ["Herrljunga station"]);
        assert_eq!(names("herrljunga"), ["herrljunga", "Herrljunga station"], "the locality, then the longer name");
        assert_eq!(names("olands"), ["Ölandsgatan"]);
        assert_eq!(names("HUS kunskap"), ["Kunskapens hus"]);
        assert!(names("  ").is_empty());
        assert!(index.search("herrljunga-kommun", 10).is_empty(), "the municipality is not a place to go to");
    }
}
