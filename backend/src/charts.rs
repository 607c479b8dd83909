//! The printed lägesbild's pictures, drawn on the server as SVG with plotters: reports by
//! category with their change, the time-of-day × weekday grid, the 13-month trend, and a map of
//! the municipality in SWEREF 99 TM (area outlines, report places, hotspot circles) that needs no
//! tile server. Residents' reports are blue, staff's inrapporter orange, in every picture.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::domain::area::AreaIndex;
use crate::domain::lagesbild::content::MonthCount;
use crate::domain::lagesbild::figures::{Change, Count, Figures};
use crate::domain::lang::Lang;
use crate::geo::sweref::to_sweref99tm;

const RESIDENTS: RGBColor = RGBColor(31, 95, 168);
const STAFF: RGBColor = RGBColor(214, 111, 0);
const INK: RGBColor = RGBColor(30, 30, 30);
const FAINT: RGBColor = RGBColor(200, 200, 200);
const FONT: &str = "sans-serif";

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draws with `draw` on a `width` × `height` SVG and returns it; a drawing error becomes one.
fn svg(width: u32, height: u32, draw: impl FnOnce(&Area<'_>) -> Result<(), String>) -> anyhow::Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow::anyhow!("{e}"))?;
        draw(&root).map_err(|e| anyhow::anyhow!(e))?;
        root.present().map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(out)
}

fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// "+30 %", "−50 %", "få" / "few", "ny" / "new".
pub fn change_label(change: &Change, lang: Lang) -> String {
    match change.percent {
        _ if change.few => lang.pick("få", "few"),
        None => lang.pick("ny", "new"),
        Some(p) if p >= 0.5 => format!("+{p:.0} %"),
        Some(p) if p <= -0.5 => format!("−{:.0} %", -p),
        Some(_) => "±0 %".to_owned(),
    }
}

/// Horizontal bars for the biggest categories, residents' and staff's stacked, with the change
/// since the previous period beside each.
pub fn categories(figures: &Figures, name: impl Fn(&str) -> String, lang: Lang) -> anyhow::Result<String> {
    let lines: Vec<_> = figures.by_category.iter().take(12).collect();
    let max = lines.iter().map(|l| l.count.total()).max().unwrap_or(1).max(1);
    let height = 40 + 28 * lines.len().max(1) as u32;
    svg(720, height, |root| {
        let (label_w, bar_w) = (220_i32, 400_f64);
        for (row, line) in lines.iter().enumerate() {
            let y = 20 + 28 * row as i32;
            let err = |e: DrawingAreaErrorKind<_>| e.to_string();
            root.draw(&Text::new(name(&line.key), (8, y + 6), text(13))).map_err(err)?;
            let scale = |n: u64| (n as f64 / max as f64 * bar_w).round() as i32;
            let (r, s) = (scale(line.count.residents), scale(line.count.staff));
            root.draw(&Rectangle::new([(label_w, y), (label_w + r, y + 20)], RESIDENTS.filled())).map_err(err)?;
            root.draw(&Rectangle::new([(label_w + r, y), (label_w + r + s, y + 20)], STAFF.filled())).map_err(err)?;
            let label = format!("{}  ({})", line.count.total(), change_label(&line.vs_previous, lang));
            root.draw(&Text::new(label, (label_w + r + s + 8, y + 6), text(13))).map_err(err)?;
        }
        Ok(())
    })
}

/// The time-of-day × weekday grid: darker where more happened, with the count in each cell.
pub fn time_grid(figures: &Figures, lang: Lang) -> anyhow::Result<String> {
    let days = lang
        .choose(["mån", "tis", "ons", "tor", "fre", "lör", "sön"], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    let parts = lang.choose(["morgon", "dag", "kväll", "natt"], ["morning", "day", "evening", "night"]);
    let max = figures.time_grid.iter().flatten().map(Count::total).max().unwrap_or(1).max(1);
    svg(600, 240, |root| {
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
        for (d, day) in days.iter().enumerate() {
            root.draw(&Text::new(day.to_string(), (110 + 66 * d as i32 + 20, 14), text(13))).map_err(err)?;
        }
        for (row, cells) in figures.time_grid.iter().enumerate() {
            let y = 28 + 50 * row as i32;
            root.draw(&Text::new(parts[row].to_string(), (8, y + 18), text(13))).map_err(err)?;
            for (d, cell) in cells.iter().enumerate() {
                let x = 110 + 66 * d as i32;
                let shade = 1.0 - 0.8 * cell.total() as f64 / max as f64;
                let fill =
                    RGBColor((31.0 + 224.0 * shade) as u8, (95.0 + 160.0 * shade) as u8, (168.0 + 87.0 * shade) as u8);
                root.draw(&Rectangle::new([(x, y), (x + 62, y + 46)], fill.filled())).map_err(err)?;
                let ink = if shade < 0.5 { WHITE } else { INK };
                let count = (FONT, 14).into_font().color(&ink);
                root.draw(&Text::new(cell.total().to_string(), (x + 24, y + 16), count)).map_err(err)?;
            }
        }
        Ok(())
    })
}

/// Reports per month, 13 months, residents' and staff's stacked.
pub fn trend(months: &[MonthCount]) -> anyhow::Result<String> {
    let max = months.iter().map(|m| m.count.total()).max().unwrap_or(1).max(1);
    svg(720, 260, |root| {
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
        let width = 680 / months.len().max(1) as i32;
        for (i, month) in months.iter().enumerate() {
            let x = 20 + width * i as i32;
            let scale = |n: u64| (n as f64 / max as f64 * 190.0).round() as i32;
            let (r, s) = (scale(month.count.residents), scale(month.count.staff));
            let base = 220;
            root.draw(&Rectangle::new([(x, base - r), (x + width - 6, base)], RESIDENTS.filled())).map_err(err)?;
            root.draw(&Rectangle::new([(x, base - r - s), (x + width - 6, base - r)], STAFF.filled())).map_err(err)?;
            root.draw(&Text::new(month.count.total().to_string(), (x + 4, base - r - s - 14), text(11)))
                .map_err(err)?;
            root.draw(&Text::new(month.month[2..].to_owned(), (x, base + 8), text(11))).map_err(err)?;
        }
        Ok(())
    })
}

/// The municipality in SWEREF 99 TM: area outlines, the period's report places (blue residents,
/// orange staff) and the hotspots as numbered circles of their radius.
pub fn map(areas: &AreaIndex, figures: &Figures) -> anyhow::Result<String> {
    let outline: Vec<Vec<(f64, f64)>> = areas
        .sorted()
        .iter()
        .flat_map(|a| {
            a.definition
                .geometry
                .0
                .iter()
                .map(|p| p.exterior().0.iter().filter_map(|c| to_sweref99tm(c.y, c.x)).collect())
        })
        .collect();
    let all = outline.iter().flatten();
    let (min_e, max_e) = all.clone().fold((f64::MAX, f64::MIN), |(lo, hi), (e, _)| (lo.min(*e), hi.max(*e)));
    let (min_n, max_n) = all.fold((f64::MAX, f64::MIN), |(lo, hi), (_, n)| (lo.min(*n), hi.max(*n)));
    let (width, span_e, span_n) = (640_u32, (max_e - min_e).max(1.0), (max_n - min_n).max(1.0));
    let height = ((width as f64) * span_n / span_e).round().clamp(200.0, 1000.0) as u32;
    let metres_per_px = span_e / width as f64;
    svg(width + 20, height + 20, |root| {
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
        let px =
            |(e, n): (f64, f64)| (10 + ((e - min_e) / metres_per_px) as i32, 10 + ((max_n - n) / metres_per_px) as i32);
        for ring in &outline {
            let points: Vec<(i32, i32)> = ring.iter().map(|p| px(*p)).collect();
            root.draw(&PathElement::new(points, INK.stroke_width(1))).map_err(err)?;
        }
        for place in &figures.places {
            let Some(at) = to_sweref99tm(place.lat, place.lon) else { continue };
            let colour = if place.count.staff > place.count.residents { STAFF } else { RESIDENTS };
            let size = 2 + (place.count.total() as f64).sqrt().round() as i32;
            root.draw(&Circle::new(px(at), size, colour.mix(0.7).filled())).map_err(err)?;
        }
        for hotspot in &figures.hotspots {
            let Some(at) = to_sweref99tm(hotspot.lat, hotspot.lon) else { continue };
            let radius = ((hotspot.radius_m.max(60.0)) / metres_per_px).ceil() as i32 + 6;
            root.draw(&Circle::new(px(at), radius, RED.stroke_width(2))).map_err(err)?;
            let (x, y) = px(at);
            root.draw(&Text::new(hotspot.rank.to_string(), (x + radius, y - radius), text(14))).map_err(err)?;
        }
        root.draw(&PathElement::new(
            vec![(10, height as i32 + 14), (10 + (5000.0 / metres_per_px) as i32, height as i32 + 14)],
            FAINT.stroke_width(3),
        ))
        .map_err(err)?;
        root.draw(&Text::new("5 km", (14 + (5000.0 / metres_per_px) as i32, height as i32 + 8), text(11)))
            .map_err(err)?;
        Ok(())
    })
}
