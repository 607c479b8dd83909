use std::path::Path;

use anyhow::Context;

use crate::config::Settings;
use crate::domain::area::parse_areas_file;
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
