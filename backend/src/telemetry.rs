//! Structured logs to stderr, filtered by `RUST_LOG` (default: info for Trygg, warn elsewhere).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn,trygg=info,actix_server=info"));
    // A second init (tests start many apps in one process) is harmless and ignored.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
