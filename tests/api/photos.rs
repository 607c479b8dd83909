//! Photos: only clean, upright JPEGs are stored; hostile files are refused quickly; the public
//! sees only moderated ones; a coordinator hides and blurs; the S3 store round-trips.

use std::io::Cursor;

use chrono::{Duration, Utc};
use image::{ImageFormat, Rgb, RgbImage};
use reqwest::multipart::{Form, Part};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use trygg::domain::user::Role;

use crate::helpers::{field_codes, spawn_app, spawn_app_with, valid_inrapport, Backend, Staff, TestApp};

/// A picture with some structure (so JPEG has something to encode), `width` × `height` pixels.
fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]))
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A little-endian TIFF block for an EXIF APP1: orientation, a camera owner's name, and GPS.
fn exif_block(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes()); // IFD0 at 8
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend(tag.to_le_bytes());
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    // IFD0: 3 entries (2 + 3×12 + 4 = 42 bytes) → ends at 50; the owner's name at 50 (16 bytes),
    // the GPS IFD at 66: 4 entries (2 + 48 + 4 = 54) → 120; rationals at 120 and 144.
    t.extend(3u16.to_le_bytes());
    t.extend(entry(0x0112, 3, 1, u32::from(orientation)));
    t.extend(entry(0xA430, 2, 16, 50)); // CameraOwnerName
    t.extend(entry(0x8825, 4, 1, 66)); // GPS IFD pointer
    t.extend(0u32.to_le_bytes());
    t.extend(b"Anna Andersson\0\0");
    t.extend(4u16.to_le_bytes());
    t.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    t.extend(entry(0x0002, 5, 3, 120));
    t.extend(entry(0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0")));
    t.extend(entry(0x0004, 5, 3, 144));
    t.extend(0u32.to_le_bytes());
    for (d, m, s) in [(58u32, 4u32, 46u32), (13, 1, 26)] {
        for v in [d, m, s] {
            t.extend(v.to_le_bytes());
            t.extend(1u32.to_le_bytes());
        }
    }
    t
}

/// A JPEG carrying everything a phone (or an attacker) puts in: EXIF with orientation, owner and
/// GPS, XMP, an ICC profile, a comment, and bytes after the end of the image.
fn phone_jpeg(image: &RgbImage, orientation: u16, trailer: &[u8]) -> Vec<u8> {
    let plain = jpeg(image);
    let segment = |marker: u8, payload: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend(((payload.len() + 2) as u16).to_be_bytes());
        s.extend(payload);
        s
    };
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, &[b"Exif\0\0".as_slice(), &exif_block(orientation)].concat()));
    out.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Anna Andersson</x:xmpmeta>"));
    out.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01fake profile"));
    out.extend(segment(0xFE, b"kommentar: Annas telefon"));
    out.extend(&plain[2..]);
    out.extend(trailer);
    out
}

async fn upload(app: &TestApp, token: &str, bytes: Vec<u8>, name: &str) -> (u16, Value) {
    let form = Form::new().part("photo", Part::bytes(bytes).file_name(name.to_owned()).mime_str("image/jpeg").unwrap());
    let response =
        app.client.post(format!("{}/api/v1/track/{token}/photos", app.address)).multipart(form).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn token(receipt: &Value) -> String {
    receipt["tracking_token"].as_str().unwrap().to_owned()
}

async fn fetch(app: &TestApp, url: &str, staff: Option<&Staff<'_>>) -> (u16, Vec<u8>) {
    let response = match staff {
        Some(staff) => staff.get(url).await,
        None => app.get(url).await,
    };
    (response.status().as_u16(), response.bytes().await.unwrap().to_vec())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn a_stored_photo_is_upright_and_carries_nothing_but_pixels(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let trailer = b"PK\x03\x04zip payload <html><script>alert(1)</script></html>";
    // 400 wide and 200 high as stored, but orientation 6 says: turn it a quarter clockwise.
    let (status, photo) =
        upload(&app, &token(&receipt), phone_jpeg(&picture(400, 200), 6, trailer), "IMG_0001.jpg").await;
    assert_eq!(status, 201, "{photo}");
    assert_eq!((photo["width"].as_i64(), photo["height"].as_i64()), (Some(200), Some(400)), "stored upright");
    let hint = &photo["location_hint"];
    assert!((hint["lat"].as_f64().unwrap() - 58.0794).abs() < 0.001, "{hint}");
    assert!((hint["lon"].as_f64().unwrap() - 13.0239).abs() < 0.001, "{hint}");
    let (status, stored) = fetch(&app, photo["url"].as_str().unwrap(), Some(&coordinator)).await;
    assert_eq!(status, 200);
    for needle in [b"Exif".as_slice(), b"Anna", b"xap", b"ICC_PROFILE", b"kommentar", b"PK\x03\x04", b"<script>"] {
        assert!(!contains(&stored, needle), "{:?} survived", String::from_utf8_lossy(needle));
    }
    assert!(exif::Reader::new().read_from_container(&mut Cursor::new(&stored)).is_err(), "no EXIF at all");
    assert_eq!(&stored[stored.len() - 2..], [0xFF, 0xD9], "nothing after the end of the image");
    let (_, thumb) = fetch(&app, photo["thumbnail_url"].as_str().unwrap(), Some(&coordinator)).await;
    let thumb = image::load_from_memory(&thumb).unwrap();
    assert!(thumb.width() <= 320 && thumb.height() <= 320);
    let columns = "SELECT COUNT(*) AS n FROM report WHERE lat = 58.0795";
    let row = app.db.query_one(Statement::from_string(app.db.get_database_backend(), columns)).await.unwrap().unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 1, "the photo's GPS is offered, not stored");
    let detail: Value =
        coordinator.get(&format!("/api/v1/reports/{}", receipt["id"].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(detail["photos"].as_array().unwrap().len(), 1);
    assert!(detail["timeline"].as_array().unwrap().iter().any(|e| e["kind"] == "photo_added"));
}

/// A 70-odd-byte PNG whose header claims 100 000 × 100 000 pixels.
fn png_bomb() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    // An IDAT with an empty zlib stream: the decoder reaches the pixels only after the header.
    let idat = [b"IDAT".as_slice(), &[0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01]].concat();
    out.extend(11u32.to_be_bytes());
    out.extend(&idat);
    out.extend(crc32(&idat).to_be_bytes());
    out.extend(0u32.to_be_bytes());
    out.extend(b"IEND");
    out.extend(crc32(b"IEND").to_be_bytes());
    out
}

async fn hostile_and_broken_files_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.report().await;
    let token = token(&receipt);
    let bomb = png_bomb();
    assert!(bomb.len() < 100);
    let started = std::time::Instant::now();
    let (status, body) = upload(&app, &token, bomb, "bomb.png").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body)["photo"], json!(["too_large_image"]));
    println!("the bomb was refused after {:?}", started.elapsed());
    let whole = jpeg(&picture(300, 200));
    let (status, body) = upload(&app, &token, whole[..whole.len() / 2].to_vec(), "cut.jpg").await;
    assert_eq!((status, &field_codes(&body)["photo"]), (422, &json!(["unreadable_image"])), "truncated");
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec();
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let heic = [b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".as_slice(), &[0u8; 64]].concat();
    for (name, bytes) in [("drawing.jpg", svg), ("animation.gif", gif), ("document.jpg", pdf), ("IMG_0001.HEIC", heic)]
    {
        let (status, body) = upload(&app, &token, bytes, name).await;
        assert_eq!(status, 415, "{name}: {body}");
        assert_eq!(body["error"]["code"], "unsupported_photo", "{name}");
    }
    let (status, body) = upload(&app, &token, b"not an image at all".to_vec(), "x.jpg").await;
    assert_eq!((status, body["error"]["code"].as_str()), (415, Some("unsupported_photo")));
}

async fn three_photos_at_most_the_same_one_once_and_a_day_to_add_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.report().await;
    let first_token = token(&receipt);
    let first = jpeg(&picture(300, 200));
    assert_eq!(upload(&app, &first_token, first.clone(), "a.jpg").await.0, 201);
    let (status, again) = upload(&app, &first_token, first, "a-again.jpg").await;
    assert_eq!(status, 200, "the same photo is stored once: {again}");
    assert_eq!(upload(&app, &first_token, png(&picture(310, 200)), "b.png").await.0, 201);
    let third = jpeg(&picture(320, 200));
    assert_eq!(upload(&app, &first_token, third.clone(), "c.jpg").await.0, 201);
    let (status, body) = upload(&app, &first_token, jpeg(&picture(330, 200)), "d.jpg").await;
    assert_eq!((status, &field_codes(&body)["photo"]), (422, &json!(["too_many"])), "a fourth");
    assert_eq!(upload(&app, &first_token, third, "c.jpg").await.0, 200, "a retry of the third is no fourth");
    assert_eq!(app.count("photo").await, 3);

    let later = app.report().await;
    let backend = app.db.get_database_backend();
    let yesterday = Utc::now() - Duration::hours(25);
    let id: i64 = later["id"].as_str().unwrap().rsplit('-').next().unwrap().parse().unwrap();
    let sql = crate::helpers::sql(app.database.backend, "UPDATE report SET received_at = $1 WHERE id = $2");
    app.db.execute(Statement::from_sql_and_values(backend, sql, [yesterday.into(), id.into()])).await.unwrap();
    let (status, body) = upload(&app, &token(&later), jpeg(&picture(300, 200)), "late.jpg").await;
    assert_eq!((status, &field_codes(&body)["photo"]), (422, &json!(["too_old"])));
    let (status, _) = upload(&app, &first_token, jpeg(&picture(300, 200)), "a.jpg").await;
    assert_eq!(status, 200, "a photo already held is acknowledged again, whatever the limits");
}

async fn an_oversized_upload_is_refused_without_being_read(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.media.max_photo_bytes = 200 * 1024).await;
    let receipt = app.report().await;
    let (status, body) = upload(&app, &token(&receipt), vec![0xFF; 600 * 1024], "big.jpg").await;
    assert_eq!((status, body["error"]["code"].as_str()), (413, Some("payload_too_large")));
}

async fn the_public_sees_a_photo_only_when_moderated_and_not_hidden(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let (_, photo) = upload(&app, &token(&receipt), jpeg(&picture(300, 200)), "a.jpg").await;
    let url = photo["url"].as_str().unwrap();
    assert_eq!(fetch(&app, url, None).await.0, 404, "not before the report is public");
    let track_path = format!("/api/v1/track/{}", token(&receipt));
    let track = || app.get(&track_path);
    assert_eq!(track().await.json::<Value>().await.unwrap()["photos"], json!([]));
    let id = receipt["id"].as_str().unwrap();
    let publish = json!({"action": "moderate", "public_visible": true, "reason": "Inga personuppgifter."});
    assert_eq!(coordinator.act(id, publish).await.0, 200);
    let response = app.get(url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("inline; filename=\"trygg-"));
    assert_eq!(track().await.json::<Value>().await.unwrap()["photos"].as_array().unwrap().len(), 1);
    let actions = format!("/api/v1/photos/{}/actions", photo["id"]);
    let stray = coordinator.post(&actions, &json!({"action": "hide", "colour": "red"})).await;
    assert_eq!(stray.status(), 400, "unknown fields are refused beside every action");
    let hide = coordinator.post(&actions, &json!({"action": "hide"})).await;
    assert_eq!(hide.status(), 200);
    assert_eq!(fetch(&app, url, None).await.0, 404, "hidden from the public");
    assert_eq!(fetch(&app, url, Some(&coordinator)).await.0, 200, "staff still see it");
    assert_eq!(track().await.json::<Value>().await.unwrap()["photos"], json!([]));
}

async fn a_coordinator_blurs_a_face_and_the_unblurred_version_is_gone(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let (_, photo) = upload(&app, &token(&receipt), jpeg(&picture(400, 300)), "a.jpg").await;
    let blur = json!({"action": "blur", "rects": [{"x": 0.25, "y": 0.25, "width": 0.5, "height": 0.5}]});
    let staff = app.staff(Role::Staff).await;
    let refused = staff.post(&format!("/api/v1/photos/{}/actions", photo["id"]), &blur).await;
    assert_eq!(refused.status(), 403);
    let blurred: Value =
        coordinator.post(&format!("/api/v1/photos/{}/actions", photo["id"]), &blur).await.json().await.unwrap();
    assert_ne!(blurred["url"], photo["url"], "a new version, named by its content");
    assert_eq!(fetch(&app, photo["url"].as_str().unwrap(), Some(&coordinator)).await.0, 404, "the original is deleted");
    let (status, bytes) = fetch(&app, blurred["url"].as_str().unwrap(), Some(&coordinator)).await;
    assert_eq!(status, 200);
    let image = image::load_from_memory(&bytes).unwrap().to_rgb8();
    let centre = image.get_pixel(200, 150);
    let neighbour = image.get_pixel(204, 150);
    assert!(centre.0.iter().zip(neighbour.0).all(|(a, b)| a.abs_diff(b) < 12), "the centre is smoothed");
    let detail: Value =
        coordinator.get(&format!("/api/v1/reports/{}", receipt["id"].as_str().unwrap())).await.json().await.unwrap();
    let redacted = detail["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "photo_redacted").unwrap();
    assert_eq!(redacted["actor_user_id"], coordinator.user_id);
    let corner =
        json!({"action": "blur", "rects": [{"x": 0.0, "y": 0.9999999999999999, "width": 5e-324, "height": 5e-324}]});
    let corner = coordinator.post(&format!("/api/v1/photos/{}/actions", photo["id"]), &corner).await;
    assert_eq!(corner.status(), 200, "a pixel at the bottom edge is a rectangle too");
}

async fn staff_add_photos_to_their_own_inrapporter_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let (mine, theirs) = (app.staff(Role::Staff).await, app.staff(Role::Staff).await);
    let receipt: Value = mine.post("/api/v1/inrapporter", &valid_inrapport()).await.json().await.unwrap();
    let id = receipt["reports"][0].as_str().unwrap();
    let send = |staff: &Staff<'_>| {
        let form = Form::new().part("photo", Part::bytes(jpeg(&picture(300, 200))).file_name("x.jpg"));
        app.client
            .post(format!("{}/api/v1/reports/{id}/photos", app.address))
            .header("Cookie", staff.cookie.clone())
            .header("Origin", app.origin())
            .multipart(form)
            .send()
    };
    assert_eq!(send(&theirs).await.unwrap().status(), 403);
    assert_eq!(send(&mine).await.unwrap().status(), 201);
}

crate::on_both_backends!(
    a_stored_photo_is_upright_and_carries_nothing_but_pixels,
    hostile_and_broken_files_are_refused,
    three_photos_at_most_the_same_one_once_and_a_day_to_add_them,
    an_oversized_upload_is_refused_without_being_read,
    the_public_sees_a_photo_only_when_moderated_and_not_hidden,
    a_coordinator_blurs_a_face_and_the_unblurred_version_is_gone,
    staff_add_photos_to_their_own_inrapporter_only,
);

/// Against a real S3-protocol server the test command starts (moto's server mode on loopback):
/// `TRYGG_TEST_S3=http://127.0.0.1:PORT`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_round_trip_through_an_s3_store() {
    let endpoint = std::env::var("TRYGG_TEST_S3")
        .expect("TRYGG_TEST_S3 must name the S3 server scripts/test.sh starts (moto_server on loopback)");
    let bucket = format!("trygg-{}", uuid::Uuid::new_v4().simple());
    let created = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.unwrap();
    assert!(created.status().is_success(), "creating the bucket: {}", created.status());
    let app = spawn_app_with(Backend::Sqlite, |s| {
        s.media.store = trygg::config::MediaStoreKind::S3;
        s.media.s3.bucket = bucket.clone();
        s.media.s3.endpoint = endpoint.clone();
        s.media.s3.region = "eu-north-1".into();
    })
    .await;
    let coordinator = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let original = jpeg(&picture(500, 300));
    let (status, photo) = upload(&app, &token(&receipt), original, "a.jpg").await;
    assert_eq!(status, 201, "{photo}");
    let listing = reqwest::get(format!("{endpoint}/{bucket}?list-type=2")).await.unwrap().text().await.unwrap();
    assert!(listing.contains("photos/") && listing.contains("-thumb.jpg"), "{listing}");
    let (status, bytes) = fetch(&app, photo["url"].as_str().unwrap(), Some(&coordinator)).await;
    assert_eq!(status, 200);
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 500);
}
