//! The photo pipeline and where its output is kept. Decoding is CPU work: it runs on blocking
//! threads, at most one per CPU at a time, so uploads never stall intake or the queue.

pub mod pipeline;
pub mod redact;
pub mod store;

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::domain::photo::PhotoLimits;
use pipeline::{PhotoError, Processed};

/// Runs photo work off the async executor, a bounded number at a time.
#[derive(Clone)]
pub struct PhotoWork {
    permits: Arc<Semaphore>,
    pub limits: PhotoLimits,
}

impl PhotoWork {
    pub fn new(limits: PhotoLimits) -> Self {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        PhotoWork { permits: Arc::new(Semaphore::new(cpus)), limits }
    }

    pub async fn process(&self, bytes: Vec<u8>) -> anyhow::Result<Result<Processed, PhotoError>> {
        let limits = self.limits;
        self.run(move || pipeline::process(&bytes, &limits)).await
    }

    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
        let _permit = self.permits.acquire().await?;
        Ok(tokio::task::spawn_blocking(work).await?)
    }
}
