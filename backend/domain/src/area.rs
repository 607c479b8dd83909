//! Areas reports are counted in: the municipality outline and the localities inside it, matched
//! with point-in-polygon. Reading them from a GeoJSON file is the backend's `geo` module.

use geo::{Area as _, BoundingRect, Contains, Intersects, MultiPolygon, Point, Rect};
use serde::Serialize;
use utoipa::ToSchema;

/// The kinds of area an areas file may hold.
pub const AREA_KINDS: &[&str] = &["municipality", "locality", "district", "zone"];

/// One area as read from a file, before it is stored.
#[derive(Debug, Clone)]
pub struct AreaDefinition {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub geometry: MultiPolygon<f64>,
    /// A representative point inside the area (WGS84), used when a resident names a locality
    /// instead of placing a pin.
    pub lat: f64,
    pub lon: f64,
}

/// `Fåglavik` → `faglavik`, `Herrljunga kommun` → `herrljunga-kommun`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Public identity of an area, as shown on receipts and in the API.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AreaRef {
    pub slug: String,
    pub name: String,
    pub kind: String,
}

/// A stored area, ready for lookups.
#[derive(Debug, Clone)]
pub struct Area {
    pub id: i32,
    pub definition: AreaDefinition,
    bbox: Option<Rect<f64>>,
}

impl Area {
    pub fn new(id: i32, definition: AreaDefinition) -> Self {
        let bbox = definition.geometry.bounding_rect();
        Area { id, definition, bbox }
    }

    pub fn reference(&self) -> AreaRef {
        AreaRef {
            slug: self.definition.slug.clone(),
            name: self.definition.name.clone(),
            kind: self.definition.kind.clone(),
        }
    }

    fn covers(&self, point: &Point<f64>) -> bool {
        self.bbox.is_some_and(|b| b.intersects(point)) && self.definition.geometry.intersects(point)
    }

    /// Roughly how far (metres) the area reaches from its representative point: the accuracy
    /// given to a report placed by naming the area rather than a pin.
    pub fn reach_m(&self) -> f64 {
        let Some(bbox) = self.bbox else { return 0.0 };
        let d = &self.definition;
        [bbox.min(), bbox.max(), (bbox.min().x, bbox.max().y).into(), (bbox.max().x, bbox.min().y).into()]
            .iter()
            .map(|c: &geo::Coord<f64>| distance_m(d.lat, d.lon, c.y, c.x))
            .fold(0.0, f64::max)
    }
}

/// Equirectangular distance in metres; exact enough across one municipality.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let mean_lat = ((lat1 + lat2) / 2.0).to_radians();
    let dx = (lon2 - lon1).to_radians() * mean_lat.cos();
    let dy = (lat2 - lat1).to_radians();
    6_371_000.0 * (dx * dx + dy * dy).sqrt()
}

/// All areas, for point-in-polygon lookups: the most specific (smallest) area containing a point.
#[derive(Debug, Clone)]
pub struct AreaIndex {
    /// Smallest first, so the first match is the most specific.
    areas: Vec<Area>,
    municipality: usize,
}

impl AreaIndex {
    /// `None` when there is no municipality among the areas.
    pub fn new(mut areas: Vec<Area>) -> Option<Self> {
        areas.sort_by(|a, b| a.definition.geometry.unsigned_area().total_cmp(&b.definition.geometry.unsigned_area()));
        let municipality = areas.iter().position(|a| a.definition.kind == "municipality")?;
        Some(AreaIndex { areas, municipality })
    }

    pub fn municipality(&self) -> &Area {
        &self.areas[self.municipality]
    }

    /// The area a point falls in: a locality (or district, zone) when inside one, the
    /// municipality itself in the countryside, `None` outside the municipality.
    pub fn locate(&self, lat: f64, lon: f64) -> Option<&Area> {
        let point = Point::new(lon, lat);
        if !self.municipality().covers(&point) {
            return None;
        }
        self.areas.iter().find(|a| a.covers(&point))
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.definition.slug == slug)
    }

    pub fn by_id(&self, id: i32) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// Areas in a stable order for display: the municipality first, then by name.
    pub fn sorted(&self) -> Vec<&Area> {
        let mut areas: Vec<&Area> = self.areas.iter().collect();
        areas.sort_by(|a, b| {
            (a.definition.kind != "municipality", &a.definition.name)
                .cmp(&(b.definition.kind != "municipality", &b.definition.name))
        });
        areas
    }

    /// The municipality's bounding box as (south, west, north, east).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let rect = self.municipality().bbox.expect("a stored municipality has an area");
        (rect.min().y, rect.min().x, rect.max().y, rect.max().x)
    }

    /// Whether `point` lies inside the area with `slug` (for tests and checks).
    pub fn contains(&self, slug: &str, lat: f64, lon: f64) -> bool {
        self.by_slug(slug).is_some_and(|a| a.definition.geometry.contains(&Point::new(lon, lat)))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use geo::polygon;

    fn square(slug: &str, kind: &str, (lat, lon): (f64, f64), half: f64) -> AreaDefinition {
        let ring = polygon![
            (x: lon - half, y: lat - half), (x: lon + half, y: lat - half),
            (x: lon + half, y: lat + half), (x: lon - half, y: lat + half),
        ];
        AreaDefinition {
            slug: slug.into(),
            name: slug.into(),
            kind: kind.into(),
            geometry: MultiPolygon::new(vec![ring]),
            lat,
            lon,
        }
    }

    /// A municipality around Herrljunga with two localities drawn as squares: `herrljunga` around
    /// the station, `ljung` to the south.
    pub(crate) fn fixture() -> AreaIndex {
        let areas = vec![
            square("herrljunga-kommun", "municipality", (58.05, 13.05), 0.15),
            square("herrljunga", "locality", (58.0795, 13.024), 0.01),
            square("ljung", "locality", (58.004, 13.054), 0.008),
        ];
        AreaIndex::new(areas.into_iter().enumerate().map(|(i, d)| Area::new(i as i32 + 1, d)).collect()).unwrap()
    }

    #[test]
    fn points_are_matched_to_the_most_specific_area() {
        let index = fixture();
        assert_eq!(index.locate(58.0795, 13.0240).unwrap().definition.slug, "herrljunga");
        assert_eq!(index.locate(58.004, 13.054).unwrap().definition.slug, "ljung");
        assert_eq!(index.locate(58.06, 13.12).unwrap().definition.slug, "herrljunga-kommun");
        assert!(index.locate(59.33, 18.07).is_none(), "Stockholm is outside");
    }

    #[test]
    fn slugs_drop_swedish_diacritics() {
        assert_eq!(slugify("Fåglavik"), "faglavik");
        assert_eq!(slugify("Herrljunga kommun"), "herrljunga-kommun");
        assert_eq!(slugify("  Öster / Väster "), "oster-vaster");
    }

    #[test]
    fn a_locality_reaches_about_its_drawn_radius() {
        let reach = fixture().by_slug("ljung").unwrap().reach_m();
        assert!((600.0..1500.0).contains(&reach), "{reach}");
    }
}
