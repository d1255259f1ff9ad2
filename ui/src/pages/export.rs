//! Export for the journal system (the legal record is made there): the record and SBAR as
//! Swedish text to copy, the HL7 FHIR R4 Bundle, and the handover sheet to print. All made on
//! the phone by the model, offline.

use crate::api;
use crate::app::use_ctx;
use crate::components::field::alert;
use crate::hooks::use_slot;
use crate::strings::S;
use samverka_model::JobId;
use samverka_model::app::{Failure, JobExport};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Which form of the export is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Text,
    Fhir,
    Sheet,
}

/// Props.
#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The job.
    pub job: JobId,
}

/// Selects the text of `id` and asks the webview to copy it; the selection stays either way,
/// so where copying is not allowed the nurse copies it by hand.
fn copy(id: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    if let Some(area) = doc
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        area.select();
    }
    doc.dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
}

/// The export card.
#[function_component(ExportCard)]
pub fn export_card(p: &ExportProps) -> Html {
    let ctx = use_ctx();
    let export = use_slot(|| None::<JobExport>);
    let shown = use_slot(|| None::<Shown>);
    let failure = use_slot(|| None::<Failure>);
    let copied = use_slot(|| None::<bool>);
    let open = |what: Shown| {
        let (export, shown, failure, copied, job) = (
            export.clone(),
            shown.clone(),
            failure.clone(),
            copied.clone(),
            p.job,
        );
        Callback::from(move |_| {
            let (export, shown, failure, copied) = (
                export.clone(),
                shown.clone(),
                failure.clone(),
                copied.clone(),
            );
            copied.set(None);
            // Made again at every tap: the export is of the job as it stands now.
            spawn_local(async move {
                match api::export_job(job).await {
                    Ok(e) => {
                        failure.set(None);
                        export.set(Some(e));
                        shown.set(Some(what));
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let copy_button = |id: &'static str| {
        let copied = copied.clone();
        html! {
            <button class="secondary" id={format!("copy-{id}")} onclick={move |_| copied.set(Some(copy(id)))}>{ ctx.t(S::Copy) }</button>
        }
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let body = match (&*export, *shown) {
        (Some(e), Some(Shown::Text)) => html! {
            <>
                <textarea id="export-text" class="export-text" readonly=true rows="16" value={e.text.clone()} />
                { copy_button("export-text") }
            </>
        },
        (Some(e), Some(Shown::Fhir)) => html! {
            <>
                <p class="muted">{ ctx.t(S::ExportFhirHelp) }</p>
                <textarea id="export-fhir" class="export-text mono" readonly=true rows="16" value={e.fhir.clone()} />
                { copy_button("export-fhir") }
            </>
        },
        (Some(e), Some(Shown::Sheet)) => html! {
            <>
                <button class="primary" id="print-sheet" onclick={print}>{ ctx.t(S::Print) }</button>
                // The model escapes every text it puts in the sheet (export::sheet).
                <div class="print-area" id="handover-sheet">{ Html::from_html_unchecked(AttrValue::from(e.sheet.clone())) }</div>
            </>
        },
        _ => html! {},
    };
    html! {
        <section class="card" id="export">
            <h3>{ ctx.t(S::ExportTitle) }</h3>
            <div class="row">
                <button class="secondary" id="export-as-text" onclick={open(Shown::Text)}>{ ctx.t(S::ExportText) }</button>
                <button class="secondary" id="export-as-fhir" onclick={open(Shown::Fhir)}>{ ctx.t(S::ExportFhir) }</button>
                <button class="secondary" id="export-as-sheet" onclick={open(Shown::Sheet)}>{ ctx.t(S::ExportSheet) }</button>
            </div>
            { alert("field-error", failure.as_ref().map(|f| f.message.clone())) }
            { body }
            if let Some(ok) = *copied {
                <p class="muted" id="copied" role="status">{ if ok { ctx.t(S::Copied) } else { ctx.t(S::CopyByHand) } }</p>
            }
        </section>
    }
}
