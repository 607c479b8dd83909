//! Blurring rectangles of a stored photo (a face, a number plate): a new JPEG, re-encoded, whose
//! blurred parts cannot be recovered from it.

use image::{imageops, GenericImage, GenericImageView};

use crate::domain::photo::{BlurRect, THUMBNAIL_SIDE};
use crate::media::pipeline::{content_hash, encode, fit, PhotoError};

/// The redacted display JPEG, its thumbnail and the display's hash.
pub fn blur(display: &[u8], rects: &[BlurRect]) -> Result<(Vec<u8>, Vec<u8>, String), PhotoError> {
    let mut image = image::load_from_memory_with_format(display, image::ImageFormat::Jpeg)
        .map_err(|e| PhotoError::Unreadable(e.to_string()))?
        .to_rgb8();
    let (width, height) = image.dimensions();
    for rect in rects {
        let Some((x, y, w, h)) = rect.in_pixels(width, height) else { continue };
        // Pixelate first (nothing of the original detail survives), then smooth the blocks.
        let region = image.view(x, y, w, h).to_image();
        let block = (w.max(h) / 8).max(8);
        let small = imageops::resize(&region, (w / block).max(1), (h / block).max(1), imageops::FilterType::Triangle);
        let coarse = imageops::resize(&small, w, h, imageops::FilterType::Nearest);
        let blurred = imageops::blur(&coarse, block as f32 / 2.0);
        image.copy_from(&blurred, x, y).map_err(|e| PhotoError::Unreadable(e.to_string()))?;
    }
    let display = encode(&image)?;
    let thumbnail = encode(&fit(image, THUMBNAIL_SIDE)?)?;
    let hash = content_hash(&display);
    Ok((display, thumbnail, hash))
}
