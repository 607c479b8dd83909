//! Where photos live: the file system under `data_dir/media` by default, or any S3-compatible
//! store, through the `object_store` crate, so several instances can share one.

use std::sync::Arc;

use anyhow::Context;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};

use crate::config::{MediaSettings, MediaStoreKind, Settings};

#[derive(Clone)]
pub struct PhotoStore {
    store: Arc<dyn ObjectStore>,
}

impl PhotoStore {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let media: &MediaSettings = &settings.media;
        let store: Arc<dyn ObjectStore> = match media.store {
            MediaStoreKind::Fs => {
                let dir = settings.data_dir.join("media");
                std::fs::create_dir_all(&dir).with_context(|| format!("media: creating {}", dir.display()))?;
                Arc::new(LocalFileSystem::new_with_prefix(&dir).with_context(|| format!("media: {}", dir.display()))?)
            }
            MediaStoreKind::S3 => {
                // Keys come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), as
                // for every S3 client; the rest from the settings.
                let mut builder =
                    AmazonS3Builder::from_env().with_bucket_name(&media.s3.bucket).with_region(&media.s3.region);
                if !media.s3.endpoint.is_empty() {
                    builder = builder
                        .with_endpoint(&media.s3.endpoint)
                        .with_allow_http(media.s3.endpoint.starts_with("http://"));
                }
                Arc::new(builder.build().context("media.s3: the S3 store cannot be set up")?)
            }
        };
        Ok(PhotoStore { store })
    }

    fn path(name: &str) -> Path {
        Path::from(format!("photos/{name}"))
    }

    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store.put(&Self::path(name), PutPayload::from(bytes)).await.with_context(|| format!("storing {name}"))?;
        Ok(())
    }

    /// `None` when the store has no such photo.
    pub async fn get(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        match self.store.get(&Self::path(name)).await {
            Ok(found) => Ok(Some(found.bytes().await.with_context(|| format!("reading {name}"))?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading {name}")),
        }
    }

    pub async fn delete(&self, name: &str) -> anyhow::Result<()> {
        match self.store.delete(&Self::path(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e).with_context(|| format!("deleting {name}")),
        }
    }
}

/// The names a photo is stored under: its display version and its thumbnail.
pub fn display_name(hash: &str) -> String {
    format!("{hash}.jpg")
}

pub fn thumbnail_name(hash: &str) -> String {
    format!("{hash}-thumb.jpg")
}
