//! A printable handover sheet (överrapportering) as an HTML fragment, for the UI to show and the
//! platform to print on A4.
//!
//! The fragment has no script, no inline style and no attribute but `class`, so it fits the
//! app's CSP; every text is escaped with [`super::escape_html`]. The
//! stylesheet lives in `ui/`; these are the classes it styles:
//!
//! | class | element |
//! |---|---|
//! | `handover-sheet` | the `<article>` around everything; `practice` added for a practice job |
//! | `hs-practice` | the ÖVNING banner at the top of a practice job |
//! | `hs-header` | the `<header>`: title, job type, unit, times |
//! | `hs-title` | the `<h1>` |
//! | `hs-meta` | a `<dl>` of label/value pairs (header, patient) |
//! | `hs-section` | each `<section>` |
//! | `hs-patient` | the patient section |
//! | `hs-sbar` | the SBAR section: a grid of four boxes |
//! | `hs-sbar-box` | one SBAR box (`<div>` with an `<h3>` and `<p>`s) |
//! | `hs-vitals` | latest vital signs with NEWS2 |
//! | `hs-news2` | the NEWS2 line, plus `hs-news2-low`, `-low-medium`, `-medium`, `-high` |
//! | `hs-table` | the tables (interventions, drugs, holders) |
//! | `hs-position` | the position line |
//! | `hs-note` | a quiet note (corrected items left out, nothing recorded) |
//! | `hs-signatures` | the signature block; `hs-signature` one line to sign on |
//! | `hs-footer` | when and from what the sheet was made |

use super::{
    ExportContext, ExportError, alarm, current, escape_html as esc, intervention_words,
    news2_words, said, times, vital_parts, withdrawn, withdrawn_note,
};
use crate::news2::RiskBand;
use crate::sv;
use crate::view::JobView;

/// The handover sheet as `<article class="handover-sheet">…</article>`.
pub fn handover_sheet(view: &JobView, ctx: &ExportContext) -> Result<String, ExportError> {
    let header = view.header.as_ref().ok_or(ExportError::NotCreated)?;
    let h = &header.value;
    let day = alarm(view);
    let t = |at| esc(&ctx.time(at, day));
    let mut o = String::new();

    o.push_str(if h.practice {
        r#"<article class="handover-sheet practice">"#
    } else {
        r#"<article class="handover-sheet">"#
    });
    if h.practice {
        o.push_str(&format!(
            r#"<p class="hs-practice">{}</p>"#,
            esc(sv::EXPORT_PRACTICE_BANNER)
        ));
    }

    // Header: what, who, when.
    o.push_str(r#"<header class="hs-header">"#);
    o.push_str(&format!(
        r#"<h1 class="hs-title">{} – {}</h1>"#,
        esc(sv::EXPORT_SHEET_TITLE),
        esc(sv::job_type(h.job_type))
    ));
    o.push_str(r#"<dl class="hs-meta">"#);
    dl(
        &mut o,
        sv::EXPORT_REQUESTER,
        &esc(&sv::requester(&h.requester)),
    );
    dl(
        &mut o,
        sv::EXPORT_PERFORMER,
        &esc(&format!(
            "{} ({})",
            ctx.unit(view),
            sv::export_performer_kind(h.performer.kind)
        )),
    );
    dl(
        &mut o,
        sv::EXPORT_STATUS,
        &esc(sv::status_label(view.status())),
    );
    for (label, at, reason) in times(view) {
        let mut v = esc(&ctx.date_time(at));
        if let Some(r) = reason {
            v.push_str(&format!(" – {}: {}", esc(sv::EXPORT_REASON), esc(r)));
        }
        dl(&mut o, label, &v);
    }
    o.push_str("</dl></header>");

    // Patient.
    let identity = &view.identity.value;
    let rec = &view.record.value;
    o.push_str(&format!(
        r#"<section class="hs-section hs-patient"><h2>{}</h2><dl class="hs-meta">"#,
        esc(sv::EXPORT_PATIENT)
    ));
    if let Some(n) = said(&identity.name) {
        dl(&mut o, sv::EXPORT_NAME, &esc(n));
    }
    if let Some(p) = &identity.personal_number {
        let label = if p.is_coordination_number() {
            sv::EXPORT_COORDINATION_NUMBER
        } else {
            sv::EXPORT_PERSONAL_NUMBER
        };
        dl(&mut o, label, &esc(&p.formatted()));
    }
    let sex_age = match (rec.patient_sex, rec.patient_age) {
        (Some(s), Some(a)) => format!("{}, {a} år", sv::sex(s)),
        (Some(s), None) => sv::sex(s).to_owned(),
        (None, Some(a)) => format!("{a} år"),
        (None, None) => sv::EXPORT_NOT_RECORDED.to_owned(),
    };
    dl(&mut o, sv::EXPORT_SEX_AGE, &esc(&sex_age));
    if let Some(c) = said(&rec.chief_complaint) {
        dl(&mut o, sv::CHIEF_COMPLAINT, &esc(c));
    }
    o.push_str("</dl></section>");

    // SBAR in four boxes.
    let s = &view.sbar.value;
    o.push_str(&format!(
        r#"<section class="hs-section hs-sbar"><h2>{}</h2>"#,
        esc(sv::EXPORT_SBAR)
    ));
    for (label, text) in [
        (sv::EXPORT_SBAR_S, &s.situation),
        (sv::EXPORT_SBAR_B, &s.background),
        (sv::EXPORT_SBAR_A, &s.assessment),
        (sv::EXPORT_SBAR_R, &s.recommendation),
    ] {
        o.push_str(&format!(
            r#"<div class="hs-sbar-box"><h3>{}</h3>{}</div>"#,
            esc(label),
            paragraphs(said(text))
        ));
    }
    o.push_str("</section>");

    // Latest vital signs with NEWS2.
    o.push_str(&format!(
        r#"<section class="hs-section hs-vitals"><h2>{}</h2>"#,
        esc(sv::EXPORT_LATEST_VITALS)
    ));
    match view.latest_vitals() {
        Some((item, score)) => {
            let at = item.value.taken_at.map(&t).unwrap_or_default();
            o.push_str(&format!(
                "<p>{at}: {}</p>",
                esc(&vital_parts(&item.value).join(", "))
            ));
            let band = match score.band {
                RiskBand::Low => "low",
                RiskBand::LowMedium => "low-medium",
                RiskBand::Medium => "medium",
                RiskBand::High => "high",
            };
            o.push_str(&format!(
                r#"<p class="hs-news2 hs-news2-{band}">{}</p>"#,
                esc(&news2_words(&score))
            ));
        }
        None => note(&mut o, sv::EXPORT_NOT_RECORDED),
    }
    if let Some(n) = withdrawn_note(withdrawn(&view.vitals)) {
        note(&mut o, &n);
    }
    o.push_str("</section>");

    // Interventions.
    section_table(
        &mut o,
        sv::INTERVENTIONS,
        &[sv::EXPORT_TIME, sv::EXPORT_WHAT],
        current(&view.interventions)
            .map(|i| vec![t(i.value.at), esc(&intervention_words(&i.value))])
            .collect(),
        withdrawn(&view.interventions),
    );

    // Drugs.
    section_table(
        &mut o,
        sv::DRUGS,
        &[
            sv::EXPORT_TIME,
            sv::EXPORT_DRUG,
            sv::EXPORT_DOSE,
            sv::EXPORT_ROUTE,
        ],
        current(&view.drugs)
            .map(|d| {
                vec![
                    t(d.value.at),
                    esc(d.value.drug.trim()),
                    esc(d.value.dose.trim()),
                    esc(sv::route(d.value.route)),
                ]
            })
            .collect(),
        withdrawn(&view.drugs),
    );

    // Position.
    let position = match &view.position {
        Some(p) => format!(
            "{} ({})",
            p.value.describe_sv(),
            ctx.time(p.value.at(), day)
        ),
        None => sv::EXPORT_NOT_RECORDED.to_owned(),
    };
    o.push_str(&format!(
        r#"<p class="hs-position"><strong>{}:</strong> {}</p>"#,
        esc(sv::EXPORT_POSITION),
        esc(&position)
    ));

    // Holder history.
    section_table(
        &mut o,
        sv::EXPORT_HOLDERS,
        &[sv::EXPORT_SINCE, sv::EXPORT_WHO, sv::EXPORT_NOTE],
        view.holder_history()
            .iter()
            .map(|x| {
                vec![
                    t(x.since),
                    esc(&ctx.holder(&x.holder)),
                    esc(said(&x.note).unwrap_or("")),
                ]
            })
            .collect(),
        0,
    );

    // Signatures.
    o.push_str(r#"<section class="hs-section hs-signatures">"#);
    for label in [
        sv::EXPORT_SIGN_FROM,
        sv::EXPORT_SIGN_TO,
        sv::EXPORT_SIGN_WHEN,
    ] {
        o.push_str(&format!(r#"<p class="hs-signature">{}</p>"#, esc(label)));
    }
    o.push_str("</section>");

    o.push_str(&format!(
        r#"<footer class="hs-footer">{}</footer></article>"#,
        esc(&sv::export_generated(&ctx.date_time(ctx.generated_at)))
    ));
    Ok(o)
}

fn dl(o: &mut String, label: &str, escaped_value: &str) {
    o.push_str(&format!("<dt>{}</dt><dd>{escaped_value}</dd>", esc(label)));
}

fn note(o: &mut String, text: &str) {
    o.push_str(&format!(r#"<p class="hs-note">{}</p>"#, esc(text)));
}

/// A nurse's text as paragraphs (her line breaks kept), or "Ej dokumenterat".
fn paragraphs(text: Option<&str>) -> String {
    match text {
        Some(t) => t
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!("<p>{}</p>", esc(l)))
            .collect(),
        None => format!(r#"<p class="hs-note">{}</p>"#, esc(sv::EXPORT_NOT_RECORDED)),
    }
}

/// A section with a table of already escaped cells, or a note when there are no rows.
fn section_table(
    o: &mut String,
    title: &str,
    columns: &[&str],
    rows: Vec<Vec<String>>,
    withdrawn_n: usize,
) {
    o.push_str(&format!(
        r#"<section class="hs-section"><h2>{}</h2>"#,
        esc(title)
    ));
    if rows.is_empty() {
        note(o, sv::EXPORT_NOT_RECORDED);
    } else {
        o.push_str(r#"<table class="hs-table"><thead><tr>"#);
        for c in columns {
            o.push_str(&format!("<th>{}</th>", esc(c)));
        }
        o.push_str("</tr></thead><tbody>");
        for row in rows {
            o.push_str("<tr>");
            for cell in row {
                o.push_str(&format!("<td>{cell}</td>"));
            }
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table>");
    }
    if let Some(n) = withdrawn_note(withdrawn_n) {
        note(o, &n);
    }
    o.push_str("</section>");
}
