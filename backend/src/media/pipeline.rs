//! A photo from a phone becomes two clean JPEGs: the format decided from the bytes, the size read
//! from the header and refused before anything is decoded, decoding bounded in memory, the EXIF
//! orientation applied, then a display size and a thumbnail re-encoded from pixels only — no
//! EXIF, XMP, IPTC, ICC, comments or trailing bytes survive, and the original is never kept.
//! A JPEG is scaled down while it is decoded (DCT scaling, as libvips' shrink-on-load does), and
//! resizing uses SIMD (fast_image_resize).

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};

use crate::domain::photo::{PhotoLimits, DISPLAY_SIDE, THUMBNAIL_SIDE};

/// What a stored photo is made of.
#[derive(Debug, Clone)]
pub struct Processed {
    pub display: Vec<u8>,
    pub thumbnail: Vec<u8>,
    /// SHA-256 of the display JPEG, hex: its name in the store.
    pub hash: String,
    pub width: u32,
    pub height: u32,
    /// Where the original says it was taken (EXIF GPS): offered to the client once, never stored.
    pub location_hint: Option<(f64, f64)>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PhotoError {
    /// Not a JPEG, PNG or WebP (415).
    #[error("{0} is not a photo format Trygg takes")]
    Unsupported(&'static str),
    /// Over the pixel limits (422), known from the header alone.
    #[error("{width}×{height} pixels is too large")]
    TooLarge { width: u32, height: u32 },
    /// Broken, truncated or over the decoding limits (422).
    #[error("the image cannot be read: {0}")]
    Unreadable(String),
}

const JPEG_QUALITY: u8 = 82;

/// The format, decided from the first bytes only.
pub fn sniff(bytes: &[u8]) -> Result<ImageFormat, PhotoError> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Err(match &bytes[8..12] {
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => PhotoError::Unsupported("HEIC"),
            _ => PhotoError::Unsupported("this file"),
        });
    }
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(format),
        Ok(ImageFormat::Gif) => Err(PhotoError::Unsupported("GIF")),
        Ok(_) => Err(PhotoError::Unsupported("this image format")),
        Err(_) => Err(PhotoError::Unsupported("this file")),
    }
}

/// The whole pipeline, for a blocking thread.
pub fn process(bytes: &[u8], limits: &PhotoLimits) -> Result<Processed, PhotoError> {
    let format = sniff(bytes)?;
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader.into_dimensions().map_err(unreadable)?;
    if !limits.allows(width, height) {
        return Err(PhotoError::TooLarge { width, height });
    }
    let (orientation, location_hint) = exif(bytes);
    let decoded = match format {
        ImageFormat::Jpeg => decode_jpeg_scaled(bytes)?,
        _ => decode_bounded(bytes, format, limits)?,
    };
    let mut upright = DynamicImage::ImageRgb8(decoded);
    if let Some(orientation) = orientation {
        upright.apply_orientation(orientation);
    }
    let display = fit(upright.to_rgb8(), DISPLAY_SIDE)?;
    let thumbnail = fit(display.clone(), THUMBNAIL_SIDE)?;
    let (width, height) = display.dimensions();
    let display = encode(&display)?;
    let hash = content_hash(&display);
    Ok(Processed { thumbnail: encode(&thumbnail)?, display, hash, width, height, location_hint })
}

/// Orientation and GPS position from the EXIF block, if there is one that parses.
fn exif(bytes: &[u8]) -> (Option<Orientation>, Option<(f64, f64)>) {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else { return (None, None) };
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .and_then(Orientation::from_exif);
    let coordinate = |tag, reference, negative: &[u8]| {
        let degrees = match &exif.get_field(tag, exif::In::PRIMARY)?.value {
            exif::Value::Rational(parts) if parts.len() == 3 => {
                parts[0].to_f64() + parts[1].to_f64() / 60.0 + parts[2].to_f64() / 3600.0
            }
            _ => return None,
        };
        let sign = match &exif.get_field(reference, exif::In::PRIMARY)?.value {
            exif::Value::Ascii(text) if text.first().is_some_and(|t| t.as_slice() == negative) => -1.0,
            _ => 1.0,
        };
        Some(sign * degrees).filter(|v| v.is_finite())
    };
    let lat = coordinate(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, b"S");
    let lon = coordinate(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, b"W");
    (orientation, lat.zip(lon))
}

/// A JPEG decoded at the smallest DCT scale (1/1, 1/2, 1/4, 1/8) that still covers the display
/// size: a 12-megapixel photo is never held in memory at full size.
fn decode_jpeg_scaled(bytes: &[u8]) -> Result<RgbImage, PhotoError> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().map_err(unreadable)?;
    let info = decoder.info().ok_or_else(|| PhotoError::Unreadable("no image header".into()))?;
    let longest = info.width.max(info.height).max(1) as u32;
    let factor = DISPLAY_SIDE as f64 / longest as f64;
    if factor < 1.0 {
        let want = |side: u16| ((side as f64 * factor).ceil() as u16).max(1);
        decoder.scale(want(info.width), want(info.height)).map_err(unreadable)?;
    }
    let pixels = decoder.decode().map_err(unreadable)?;
    let info = decoder.info().ok_or_else(|| PhotoError::Unreadable("no image header".into()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let rgb: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&l| [l, l, l]).collect(),
        jpeg_decoder::PixelFormat::L16 => pixels.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0]]).collect(),
        jpeg_decoder::PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                let k = u16::from(p[3]);
                [p[0], p[1], p[2]].map(|c| (u16::from(c) * k / 255) as u8)
            })
            .collect(),
    };
    RgbImage::from_raw(width, height, rgb).ok_or_else(|| PhotoError::Unreadable("truncated pixel data".into()))
}

/// PNG and WebP, decoded under `image`'s limits, composited onto white.
fn decode_bounded(bytes: &[u8], format: ImageFormat, limits: &PhotoLimits) -> Result<RgbImage, PhotoError> {
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format).into_decoder().map_err(unreadable)?;
    let mut bounds = Limits::default();
    bounds.max_image_width = Some(limits.max_side);
    bounds.max_image_height = Some(limits.max_side);
    bounds.max_alloc = Some(limits.max_decode_bytes());
    decoder.set_limits(bounds).map_err(unreadable)?;
    let image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    let rgba = image.to_rgba8();
    let (width, height) = rgba.dimensions();
    let rgb = rgba
        .pixels()
        .flat_map(|p| {
            let alpha = u16::from(p.0[3]);
            [0, 1, 2].map(|c| ((u16::from(p.0[c]) * alpha + 255 * (255 - alpha)) / 255) as u8)
        })
        .collect();
    RgbImage::from_raw(width, height, rgb).ok_or_else(|| PhotoError::Unreadable("truncated pixel data".into()))
}

/// Scaled down (never up) to fit `side` on its longest edge.
pub(crate) fn fit(image: RgbImage, side: u32) -> Result<RgbImage, PhotoError> {
    let (width, height) = image.dimensions();
    let longest = width.max(height);
    if longest <= side {
        return Ok(image);
    }
    let (w, h) = if width >= height {
        (side, ((height as u64 * side as u64) / width as u64).max(1) as u32)
    } else {
        (((width as u64 * side as u64) / height as u64).max(1) as u32, side)
    };
    let source = Image::from_vec_u8(width, height, image.into_raw(), PixelType::U8x3).map_err(unreadable)?;
    let mut target = Image::new(w, h, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new().resize(&source, &mut target, &options).map_err(unreadable)?;
    RgbImage::from_raw(w, h, target.into_vec()).ok_or_else(|| PhotoError::Unreadable("resize".into()))
}

pub(crate) fn encode(image: &RgbImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode_image(image).map_err(unreadable)?;
    Ok(out)
}

/// A stored photo's name: the SHA-256 of its display JPEG, hex.
pub(crate) fn content_hash(display: &[u8]) -> String {
    Sha256::digest(display).iter().map(|b| format!("{b:02x}")).collect()
}

fn unreadable(error: impl std::fmt::Display) -> PhotoError {
    PhotoError::Unreadable(error.to_string())
}
