//! The SQLite baseline for scripts/bench.sh: SQLite itself (rusqlite, no HTTP, no ORM), inserting
//! the row and the `received` event intake writes, in one transaction per report, with the pragmas
//! Trygg uses (WAL, synchronous=FULL). One writer, as SQLite has. Prints
//! `sqlite-baseline 1 requests rate_per_s p50_ms p99_ms 0`.
//! Usage: bench-sqlite-baseline FILE SECONDS (FILE: a database `trygg migrate` made).

use std::time::{Duration, Instant};

use rusqlite::{params, Connection};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, file, seconds] = args.as_slice() else { anyhow::bail!("usage: bench-sqlite-baseline FILE SECONDS") };
    let mut db = Connection::open(file)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "FULL")?;
    db.pragma_update(None, "foreign_keys", "ON")?;
    let (category, area): (i64, i64) =
        db.query_row("SELECT (SELECT MIN(id) FROM category), (SELECT MIN(id) FROM area)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let deadline = Instant::now() + Duration::from_secs(seconds.parse()?);
    let started = Instant::now();
    let mut latencies = Vec::new();
    while Instant::now() < deadline {
        let sent = Instant::now();
        let now = chrono::Utc::now().to_rfc3339();
        let tx = db.transaction()?;
        tx.execute(
            "INSERT INTO report (client_id, tracking_token_hash, tracking_salt, body_hash, source, category_id,
               description, lat, lon, accuracy_m, area_id, occurred_at, feeling, contact_consent, status,
               received_at, updated_at, search_text, duplicate_count, public_visible)
             VALUES (?1, ?2, ?3, ?4, 'pwa', ?5, 'Krossad ruta i busskuren, glas överallt.', 58.0795, 13.024, NULL,
               ?6, ?7, 3, 0, 'new', ?7, ?7, 'krossad ruta i busskuren, glas överallt.', 0, 0)",
            params![
                uuid::Uuid::new_v4(),
                uuid::Uuid::new_v4().simple().to_string(),
                uuid::Uuid::new_v4().simple().to_string(),
                uuid::Uuid::new_v4().simple().to_string(),
                category,
                area,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO report_event (report_id, kind, status, public, actor, created_at)
             VALUES (?1, 'received', 'new', 1, 'reporter', ?2)",
            params![id, now],
        )?;
        tx.commit()?;
        latencies.push(sent.elapsed());
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "sqlite-baseline 1 {} {:.1} {:.2} {:.2} 0",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        at(0.5),
        at(0.99)
    );
    Ok(())
}
