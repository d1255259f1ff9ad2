//! The region's content on the phone: install a bundle whole or not at all, list and open
//! documents, the contacts, and what the phone holds.

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use samverka_content::markdown;
use samverka_model::codes;
use samverka_model::content::{
    Audience, Contact, ContentStatus, DocKind, DocumentPage, DocumentSummary, GeoPoint,
    Municipality, PublishedContent,
};
use samverka_model::form::{FormLists, FormOptions};
use samverka_model::{MunicipalityId, Timestamp, UnitId};

/// A stored code back as its enum; an unknown one is a database someone edited by hand.
pub(crate) fn from_code<T: samverka_model::keyed::Keyed>(
    what: &str,
    code: String,
) -> Result<T, StoreError> {
    codes::from_code(&code).ok_or_else(|| {
        StoreError::corrupt(
            what.to_owned(),
            std::io::Error::other(format!("unknown code {code:?}")),
        )
    })
}

/// Guideline chapters in their number order ("2" before "10", "B" after the digits); quick
/// references after them.
fn chapter_key(chapter: Option<&str>) -> (u8, u64, String) {
    match chapter {
        Some(c) => match c.parse::<u64>() {
            Ok(n) => (0, n, String::new()),
            Err(_) => (1, 0, c.to_owned()),
        },
        None => (2, 0, String::new()),
    }
}

/// The form's lists of the installed content, every version (empty before any arrived).
pub(crate) fn installed_form_lists(conn: &rusqlite::Connection) -> Result<FormLists, StoreError> {
    let mut stmt = conn.prepare("SELECT lists FROM content_form_lists ORDER BY position")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut versions = Vec::new();
    for json in rows {
        versions.push(
            serde_json::from_str::<FormOptions>(&json?)
                .map_err(|e| StoreError::corrupt("form lists", e))?,
        );
    }
    Ok(FormLists::new(versions))
}

/// The tables a bundle fills; all emptied when the next one is installed.
const CONTENT_TABLES: [&str; 9] = [
    "content_form_lists",
    "content_documents",
    "content_question_banks",
    "content_scenarios",
    "content_search",
    "content_contacts",
    "content_municipalities",
    "content_units",
    "content_synonyms",
];

impl Store {
    /// Replaces the phone's content with `published`, in one transaction: a failure at any
    /// row leaves the previous version whole. An older or equal version is ignored; the answer
    /// says whether anything changed.
    pub fn install_content(
        &mut self,
        published: &PublishedContent,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let version = i64::try_from(published.version).unwrap_or(i64::MAX);
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<i64> = tx
            .query_row(
                "SELECT version FROM content_state WHERE singleton = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if current.is_some_and(|c| c >= version) {
            return Ok(false);
        }
        for table in CONTENT_TABLES {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        let b = &published.bundle;
        {
            let mut doc = tx.prepare(
                "INSERT INTO content_documents
                   (doc_no, id, title, kind, audience, chapter, version, valid_from, owner, sample,
                    html, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut fts =
                tx.prepare("INSERT INTO content_search (rowid, title, body) VALUES (?1, ?2, ?3)")?;
            for (no, d) in (1i64..).zip(&b.documents) {
                let text = markdown::plain_text(&d.body);
                doc.execute(params![
                    no,
                    d.id,
                    d.title,
                    d.kind.key(),
                    d.audience.key(),
                    d.chapter,
                    d.version,
                    d.valid_from,
                    d.owner,
                    d.sample,
                    markdown::to_html(&d.body),
                    text,
                ])?;
                fts.execute(params![no, d.title, text])?;
            }
            let mut contact = tx.prepare(
                "INSERT INTO content_contacts
                   (position, id, name, role, phone, hours, unit, municipality)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (pos, c) in (1i64..).zip(&b.contacts) {
                contact.execute(params![
                    pos,
                    c.id,
                    c.name,
                    c.role,
                    c.phone,
                    c.hours,
                    c.unit.as_ref().map(UnitId::as_str),
                    c.municipality.as_ref().map(MunicipalityId::as_str),
                ])?;
            }
            let mut muni = tx.prepare(
                "INSERT INTO content_municipalities (id, name, ivpa, lat, lon)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for m in &b.municipalities {
                muni.execute(params![
                    m.id.as_str(),
                    m.name,
                    codes::code(&m.ivpa),
                    m.reference.lat,
                    m.reference.lon,
                ])?;
            }
            let mut unit = tx.prepare(
                "INSERT INTO content_units (id, name, kind, municipality) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for u in &b.units {
                unit.execute(params![
                    u.id.as_str(),
                    u.name,
                    codes::code(&u.kind),
                    u.municipality.as_str()
                ])?;
            }
            crate::coach::insert_content(&tx, b)?;
            let mut lists = tx.prepare(
                "INSERT INTO content_form_lists (position, version, valid_from, lists)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (pos, l) in (1i64..).zip(&b.form_lists) {
                let json =
                    serde_json::to_string(l).map_err(|e| StoreError::corrupt("form lists", e))?;
                lists.execute(params![pos, l.version, l.valid_from, json])?;
            }
            let mut syn = tx.prepare("INSERT INTO content_synonyms (term, grp) VALUES (?1, ?2)")?;
            for (grp, group) in (1i64..).zip(&b.synonyms) {
                for term in group {
                    syn.execute(params![term, grp])?;
                }
            }
        }
        tx.execute(
            "INSERT INTO content_state (singleton, version, published_at, sample, installed_at)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (singleton) DO UPDATE SET version = excluded.version,
               published_at = excluded.published_at, sample = excluded.sample,
               installed_at = excluded.installed_at",
            params![
                version,
                published.published_at.millis(),
                b.sample,
                now.millis()
            ],
        )?;
        tx.commit()?;
        // Only now: a failed install leaves the lists the phone had.
        self.set_form_lists(b.form_lists());
        Ok(true)
    }

    /// Which content the phone holds.
    pub fn content_status(&self) -> Result<ContentStatus, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT version, published_at, sample, seen_version FROM content_state
                 WHERE singleton = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, bool>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(match row {
            None => ContentStatus::default(),
            Some((version, published_at, sample, seen)) => ContentStatus {
                version: u64::try_from(version).ok(),
                published_at: Some(Timestamp(published_at)),
                sample,
                unseen: seen < version,
            },
        })
    }

    /// The nurse has seen that a new version arrived.
    pub fn mark_content_seen(&mut self) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE content_state SET seen_version = version WHERE singleton = 1",
            [],
        )?;
        Ok(())
    }

    /// The documents for `audience` (and those for everyone): guideline chapters in order,
    /// then quick references, each by title within.
    pub fn documents(&self, audience: Audience) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, title, kind, audience, chapter FROM content_documents")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut docs = Vec::new();
        for row in rows {
            let (id, title, kind, aud, chapter) = row?;
            let aud: Audience = from_code("document audience", aud)?;
            if !aud.shown_for(audience) {
                continue;
            }
            docs.push(DocumentSummary {
                id,
                title,
                kind: from_code("document kind", kind)?,
                audience: aud,
                chapter,
            });
        }
        docs.sort_by(|a, b| {
            let kind = |k: DocKind| u8::from(k == DocKind::Quickref);
            (kind(a.kind), chapter_key(a.chapter.as_deref()), &a.title).cmp(&(
                kind(b.kind),
                chapter_key(b.chapter.as_deref()),
                &b.title,
            ))
        });
        Ok(docs)
    }

    /// One document, rendered.
    pub fn document(&self, id: &str) -> Result<Option<DocumentPage>, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT id, title, kind, audience, chapter, version, valid_from, owner, sample, html
                 FROM content_documents WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        [
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                        ],
                        r.get::<_, Option<String>>(4)?,
                        [
                            r.get::<_, String>(5)?,
                            r.get::<_, String>(6)?,
                            r.get::<_, String>(7)?,
                        ],
                        r.get::<_, bool>(8)?,
                        r.get::<_, String>(9)?,
                    ))
                },
            )
            .optional()?;
        let Some((
            [id, title, kind, audience],
            chapter,
            [version, valid_from, owner],
            sample,
            html,
        )) = row
        else {
            return Ok(None);
        };
        Ok(Some(DocumentPage {
            id,
            title,
            kind: from_code("document kind", kind)?,
            audience: from_code("document audience", audience)?,
            chapter,
            version,
            valid_from,
            owner,
            sample,
            html,
        }))
    }

    /// The contacts, in the region's order.
    pub fn contacts(&self) -> Result<Vec<Contact>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, role, phone, hours, unit, municipality FROM content_contacts
             ORDER BY position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Contact {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                phone: r.get(3)?,
                hours: r.get(4)?,
                unit: r.get::<_, Option<String>>(5)?.map(UnitId::new),
                municipality: r.get::<_, Option<String>>(6)?.map(MunicipalityId::new),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The municipalities with their reference points, by name.
    pub fn municipalities(&self) -> Result<Vec<Municipality>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, ivpa, lat, lon FROM content_municipalities ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, f64>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, ivpa, lat, lon) = row?;
            out.push(Municipality {
                id: MunicipalityId::new(id),
                name,
                ivpa: from_code("municipality ivpa", ivpa)?,
                reference: GeoPoint { lat, lon },
            });
        }
        Ok(out)
    }
}
