//! A job exported for the journal system, built on the phone (offline) from the job's view,
//! the names the installed content gives its unit and municipalities, and the nurses' names
//! from the unit's staff list the phone keeps for hand-on (the introduction list as last
//! fetched).

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::OptionalExtension;
use samverka_model::app::JobExport;
use samverka_model::export::{ExportContext, escape_html, fhir, sheet, text};
use samverka_model::{JobId, JobView, Timestamp};

/// The app's stylesheet: the handover sheet printed outside the app looks as the app prints
/// it (the `hs-*` classes, and `@media print`: A4, only the sheet).
const APP_STYLESHEET: &str = include_str!("../../../ui/style.css");

impl Store {
    /// The job as Swedish text, as an HL7 FHIR R4 Bundle (pretty JSON) and as the printable
    /// handover sheet, made at `now`. `None` if the phone does not know the job.
    pub fn export_job(&self, job: JobId, now: Timestamp) -> Result<Option<JobExport>, StoreError> {
        let Some(view) = self.job(job)? else {
            return Ok(None);
        };
        let ctx = self.export_context(&view, now)?;
        let bundle = fhir::bundle(&view, &ctx).map_err(refused)?;
        Ok(Some(JobExport {
            text: text::journal_text(&view, &ctx).map_err(refused)?,
            fhir: serde_json::to_string_pretty(&bundle)
                .map_err(|e| StoreError::corrupt(format!("job {job} as FHIR"), e))?,
            sheet: sheet::handover_sheet(&view, &ctx).map_err(refused)?,
        }))
    }

    /// What the export knows besides the job: the unit's and municipalities' names from the
    /// installed content, and the nurses' display names from the cached staff list.
    fn export_context(&self, view: &JobView, now: Timestamp) -> Result<ExportContext, StoreError> {
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
        if let Some(list) = self.introduction()? {
            ctx.nurse_names = list
                .nurses
                .into_iter()
                .filter_map(|n| Some((n.nurse, n.display_name?)))
                .collect();
        }
        Ok(ctx)
    }
}

/// The handover sheet as a whole HTML page (UTF-8, the app's stylesheet inline), to open in a
/// browser and print on A4 outside the app: what `samverka-device export --format sheet`
/// writes, and what the A4 print test prints.
pub fn sheet_page(fragment: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{APP_STYLESHEET}</style></head>\
         <body><div class=\"print-area\">{fragment}</div></body></html>\n",
        escape_html(samverka_model::sv::EXPORT_SHEET_TITLE)
    )
}

/// A job that cannot be exported yet is a refusal the nurse sees, not a storage failure.
fn refused(e: samverka_model::export::ExportError) -> StoreError {
    StoreError::Rejected(
        samverka_model::FieldError::new("export", samverka_model::ErrorCode::Unknown, e.message())
            .into(),
    )
}
