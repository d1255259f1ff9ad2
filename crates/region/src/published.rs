//! What the latest published content says that the region itself needs: the statistics form's
//! lists (every version, so a form is checked and labelled with the lists in force on its job's
//! day) and the municipalities. Read from the stored bundle once per published version
//! ([`ListsCache`]): a push with a form, the dashboard, the import and the report all ask.

use crate::storage::{Storage, StorageError};
use samverka_model::MunicipalityId;
use samverka_model::content::PublishedContent;
use samverka_model::form::{FormLists, ListKind};
use samverka_model::stats::ImportContent;
use std::sync::{Arc, Mutex};

/// The region's published lists.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// The content version they come from; `None` before anything was published.
    pub version: Option<u64>,
    /// The form's lists, every version.
    pub lists: FormLists,
    /// The municipalities: code and name, by name.
    pub municipalities: Vec<(MunicipalityId, String)>,
}

impl Published {
    /// What an import line is checked against.
    pub fn import_content(&self) -> ImportContent {
        ImportContent {
            lists: self.lists.clone(),
            municipalities: self.municipalities.iter().map(|(m, _)| m.clone()).collect(),
        }
    }

    /// How `code` of `kind` is shown for the jobs of `[from, to)`: the lists in force then,
    /// an unknown code said to be unknown with the code.
    pub fn label(
        &self,
        kind: ListKind,
        code: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> String {
        self.lists.label(kind, code, from, to)
    }

    /// A municipality's name, or its code when the content has none.
    pub fn municipality_name(&self, code: &str) -> String {
        self.municipalities
            .iter()
            .find(|(m, _)| m.as_str() == code)
            .map_or_else(|| code.to_owned(), |(_, n)| n.clone())
    }
}

/// Reads the lists of the latest published content.
pub async fn load(storage: &dyn Storage) -> Result<Published, StorageError> {
    let version = storage.latest_content_version().await?;
    load_version(storage, version).await
}

async fn load_version(
    storage: &dyn Storage,
    version: Option<u64>,
) -> Result<Published, StorageError> {
    let Some(v) = version else {
        return Ok(Published::default());
    };
    let Some(stored) = storage.content(v).await? else {
        return Ok(Published::default());
    };
    let published: PublishedContent = serde_json::from_slice(&stored.body)
        .map_err(|e| StorageError::Database(format!("content version {v} does not read: {e}")))?;
    let mut municipalities: Vec<(MunicipalityId, String)> = published
        .bundle
        .municipalities
        .iter()
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();
    municipalities.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Published {
        version: Some(v),
        lists: published.bundle.form_lists(),
        municipalities,
    })
}

/// The latest lists, read again only when a newer content version is published.
#[derive(Debug, Clone, Default)]
pub struct ListsCache(Arc<Mutex<Option<Arc<Published>>>>);

impl ListsCache {
    /// The lists of the latest published content.
    pub async fn get(&self, storage: &dyn Storage) -> Result<Arc<Published>, StorageError> {
        let version = storage.latest_content_version().await?;
        if let Some(held) = self.held()
            && held.version == version
        {
            return Ok(held);
        }
        let fresh = Arc::new(load_version(storage, version).await?);
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(fresh.clone());
        }
        Ok(fresh)
    }

    fn held(&self) -> Option<Arc<Published>> {
        self.0.lock().ok().and_then(|slot| slot.clone())
    }
}
