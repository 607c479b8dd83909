use std::path::Path;

use anyhow::Context;

use crate::config::Settings;
use crate::geo::areas_file::parse_areas_file;
use crate::startup::prepare_database;
use crate::store;

/// `trygg import areas FILE`: validate, then replace the stored areas and re-place every report.
pub async fn areas(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let definitions =
        parse_areas_file(&text).with_context(|| format!("{} is not a valid areas file", file.display()))?;
    let db = prepare_database(settings).await?;
    let summary = store::areas::replace_all(&db, &definitions).await?;
    println!(
        "Imported {} areas ({} removed); {} reports moved to another area. Restart `trygg serve` to use them.",
        summary.areas, summary.removed, summary.reports_reassigned
    );
    Ok(())
}

/// `trygg import crime-stats FILE`: the documented CSV; a file with any bad line imports nothing
/// and every bad line is printed with its number. The same file twice changes nothing.
pub async fn crime_stats(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let db = prepare_database(settings).await?;
    let areas = crate::startup::load_areas(&db, settings).await?;
    let rows = match crate::crime_file::parse(&text, &areas) {
        Ok(rows) => rows,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| e.describe(crate::domain::lang::Lang::En)).collect();
            anyhow::bail!(
                "{} is not a valid crime statistics file; nothing was imported:\n  {}",
                file.display(),
                lines.join("\n  ")
            );
        }
    };
    let done = store::crime_statistics::import_crime(&db, &rows, chrono::Utc::now()).await?;
    println!(
        "Imported {} rows: {} new, {} changed, {} unchanged.",
        rows.len(),
        done.inserted,
        done.updated,
        done.unchanged
    );
    Ok(())
}
