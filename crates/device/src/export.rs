//! A job exported for the journal system, built on the phone (offline) from the job's view and
//! the names the installed content gives its unit and municipalities.

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::OptionalExtension;
use samverka_model::app::JobExport;
use samverka_model::export::{ExportContext, fhir, sheet, text};
use samverka_model::{JobId, Timestamp};

impl Store {
    /// The job as Swedish text, as an HL7 FHIR R4 Bundle (pretty JSON) and as the printable
    /// handover sheet, made at `now`. `None` if the phone does not know the job.
    pub fn export_job(&self, job: JobId, now: Timestamp) -> Result<Option<JobExport>, StoreError> {
        let Some(view) = self.job(job)? else {
            return Ok(None);
        };
        let mut ctx = ExportContext::new(now);
        ctx.municipality_names = self
            .municipalities()?
            .into_iter()
            .map(|m| (m.id, m.name))
            .collect();
        if let Some(h) = &view.header {
            ctx.unit_name = self
                .conn()
                .query_row(
                    "SELECT name FROM content_units WHERE id = ?1",
                    [h.value.performer.unit.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
        }
        let bundle = fhir::bundle(&view, &ctx).map_err(refused)?;
        Ok(Some(JobExport {
            text: text::journal_text(&view, &ctx).map_err(refused)?,
            fhir: serde_json::to_string_pretty(&bundle)
                .map_err(|e| StoreError::corrupt(format!("job {job} as FHIR"), e))?,
            sheet: sheet::handover_sheet(&view, &ctx).map_err(refused)?,
        }))
    }
}

/// A job that cannot be exported yet is a refusal the nurse sees, not a storage failure.
fn refused(e: samverka_model::export::ExportError) -> StoreError {
    StoreError::Rejected(
        samverka_model::FieldError::new("export", samverka_model::ErrorCode::Unknown, e.message())
            .into(),
    )
}
