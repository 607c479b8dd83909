//! Photos with a report: how many, how large, who may see them, and when they may be added.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field::FieldIssue;

/// The longest side of the stored display version, and of the thumbnail.
pub const DISPLAY_SIDE: u32 = 1600;
pub const THUMBNAIL_SIDE: u32 = 320;

/// How long after a report its reporter may still add photos through the tracking link.
pub const UPLOAD_WINDOW: Duration = Duration::hours(24);

/// What one report and one photo may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhotoLimits {
    pub max_per_report: u32,
    pub max_bytes: usize,
    pub max_side: u32,
    pub max_pixels: u64,
}

impl Default for PhotoLimits {
    fn default() -> Self {
        PhotoLimits { max_per_report: 3, max_bytes: 10 * 1024 * 1024, max_side: 8192, max_pixels: 40_000_000 }
    }
}

impl PhotoLimits {
    /// Whether a picture of this size may be decoded at all.
    pub fn allows(&self, width: u32, height: u32) -> bool {
        width > 0
            && height > 0
            && width.max(height) <= self.max_side
            && u64::from(width) * u64::from(height) <= self.max_pixels
    }

    /// The most a decoder may allocate: the largest allowed picture as RGBA, and a margin.
    pub fn max_decode_bytes(&self) -> u64 {
        self.max_pixels * 4 + 16 * 1024 * 1024
    }
}

/// Whether the public (and the reporter's tracking page) may see a photo: only of a report the
/// coordinator made public, and not hidden.
pub fn is_public(report_public: bool, hidden: bool) -> bool {
    report_public && !hidden
}

/// Whether a reporter may still add a photo to a report received at `received_at`.
pub fn may_add(
    received_at: DateTime<Utc>,
    now: DateTime<Utc>,
    stored: u32,
    limits: &PhotoLimits,
) -> Result<(), FieldIssue> {
    if now - received_at > UPLOAD_WINDOW {
        Err(FieldIssue::TooOld)
    } else if stored >= limits.max_per_report {
        Err(FieldIssue::TooMany { max: limits.max_per_report as u64 })
    } else {
        Ok(())
    }
}

/// A rectangle to blur (a face, a number plate), as fractions of the photo's width and height.
/// It starts inside the photo and is not empty; what reaches past an edge is clipped.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlurRect {
    #[schema(minimum = 0.0, exclusive_maximum = 1.0)]
    pub x: f64,
    #[schema(minimum = 0.0, exclusive_maximum = 1.0)]
    pub y: f64,
    #[schema(exclusive_minimum = 0.0, maximum = 1.0)]
    pub width: f64,
    #[schema(exclusive_minimum = 0.0, maximum = 1.0)]
    pub height: f64,
}

impl BlurRect {
    /// The rectangle in pixels of a `width` × `height` picture, clipped to it, at least one pixel;
    /// `None` when outside the bounds above.
    pub fn in_pixels(&self, width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
        let start = |v: f64| (0.0..1.0).contains(&v);
        let extent = |v: f64| v > 0.0 && v <= 1.0;
        if !(start(self.x) && start(self.y) && extent(self.width) && extent(self.height)) {
            return None;
        }
        // A start just below 1 can round up to the edge when multiplied: keep it on the picture.
        let x = ((self.x * width as f64).floor() as u32).min(width.saturating_sub(1));
        let y = ((self.y * height as f64).floor() as u32).min(height.saturating_sub(1));
        let w = ((self.width * width as f64).ceil() as u32).min(width.saturating_sub(x));
        let h = ((self.height * height as f64).ceil() as u32).min(height.saturating_sub(y));
        (w > 0 && h > 0).then_some((x, y, w, h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_refused_by_its_header_before_it_is_decoded() {
        let limits = PhotoLimits::default();
        assert!(limits.allows(4000, 3000));
        assert!(!limits.allows(100_000, 100_000), "the classic bomb");
        assert!(!limits.allows(8193, 100), "one side too long");
        assert!(!limits.allows(8000, 6000), "48 MP");
        assert!(!limits.allows(0, 10));
    }

    #[test]
    fn photos_may_be_added_for_a_day_and_three_at_most() {
        let limits = PhotoLimits::default();
        let received = Utc::now() - Duration::hours(2);
        assert_eq!(may_add(received, Utc::now(), 2, &limits), Ok(()));
        assert_eq!(may_add(received, Utc::now(), 3, &limits), Err(FieldIssue::TooMany { max: 3 }));
        assert_eq!(may_add(received - Duration::days(1), Utc::now(), 0, &limits), Err(FieldIssue::TooOld));
        assert!(is_public(true, false) && !is_public(true, true) && !is_public(false, false));
    }

    #[test]
    fn a_blur_rectangle_is_clipped_to_the_picture() {
        let face = BlurRect { x: 0.9, y: 0.5, width: 0.5, height: 0.25 };
        assert_eq!(face.in_pixels(1000, 800), Some((900, 400, 100, 200)));
        assert_eq!(BlurRect { x: 1.5, ..face }.in_pixels(1000, 800), None);
        assert_eq!(BlurRect { width: 0.0, ..face }.in_pixels(1000, 800), None);
        assert_eq!(BlurRect { x: 1.0, ..face }.in_pixels(1000, 800), None, "starts past the edge");
        let sliver = BlurRect { x: 0.999_99, width: 5e-324, ..face };
        assert_eq!(sliver.in_pixels(1000, 800), Some((999, 400, 1, 200)), "at least a pixel");
        let bottom = BlurRect { x: 0.0, y: 0.999_999_999_999_999_9, width: 5e-324, height: 5e-324 };
        assert_eq!(bottom.in_pixels(100, 100), Some((0, 99, 1, 1)), "a start that rounds to the edge");
    }
}
