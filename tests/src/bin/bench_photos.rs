//! The photo pipeline for scripts/bench-photos.sh: `make FILE` writes a 12-megapixel phone-like
//! JPEG (4000 × 3000, quality 92, fine texture, so it is as costly to decode as a real photo);
//! `run FILE N` puts it through Trygg's pipeline (sniff, EXIF, scaled decode, resize, two
//! encodes) N times in this process and prints `trygg-pipeline N median_ms`.

use std::io::Cursor;
use std::time::Instant;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use trygg::domain::photo::PhotoLimits;
use trygg::media::pipeline;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [_, "make", file] => make(file),
        [_, "run", file, runs] => run(file, runs.parse()?),
        _ => anyhow::bail!("usage: bench-photos make FILE | bench-photos run FILE N"),
    }
}

fn make(file: &str) -> anyhow::Result<()> {
    // A deterministic xorshift for the texture; gradients for the shapes.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 48) as u8
    };
    let image = RgbImage::from_fn(4000, 3000, |x, y| {
        let n = noise();
        Rgb([(x / 16) as u8 ^ n, (y / 12) as u8 + n, ((x + y) / 28) as u8 ^ (n / 2)])
    });
    let mut out = Cursor::new(Vec::new());
    JpegEncoder::new_with_quality(&mut out, 92).encode_image(&image)?;
    std::fs::write(file, out.into_inner())?;
    Ok(())
}

fn run(file: &str, runs: usize) -> anyhow::Result<()> {
    let bytes = std::fs::read(file)?;
    let limits = PhotoLimits { max_bytes: usize::MAX, ..PhotoLimits::default() };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let processed = pipeline::process(&bytes, &limits).map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(processed.width.max(processed.height) <= 1600);
    }
    times.sort_by(f64::total_cmp);
    println!("trygg-pipeline {runs} {:.1}", times[runs / 2]);
    Ok(())
}
