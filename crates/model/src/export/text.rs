//! The emergency record and SBAR as plain Swedish text, to copy into the journal system.
//!
//! Sections come in the order a journal note has them: Uppdrag, Tider, Patient (only while the
//! identity is held), Position, Kontaktorsak och ABCDE, Vitalparametrar with NEWS2, Åtgärder,
//! Läkemedel, Anteckningar, SBAR. An empty section says "Ej dokumenterat" rather than
//! vanishing, so the reader sees that nothing was written, not an export that lost a part.
//! A practice job is marked ÖVNING on the first line.

use super::{
    ExportContext, ExportError, alarm, current, intervention_words, news2_words, said, times,
    vital_parts, withdrawn, withdrawn_note,
};
use crate::news2;
use crate::sv;
use crate::view::JobView;

/// The job as journal text. Lines end in `\n`; no line carries markup.
pub fn journal_text(view: &JobView, ctx: &ExportContext) -> Result<String, ExportError> {
    let header = view.header.as_ref().ok_or(ExportError::NotCreated)?;
    let h = &header.value;
    let day = alarm(view);
    let t = |at| ctx.time(at, day);
    let mut out = Text::default();

    if h.practice {
        out.line(sv::EXPORT_PRACTICE_BANNER);
    }
    out.line(&format!(
        "{} – {}",
        sv::EXPORT_TITLE,
        sv::job_type(h.job_type)
    ));

    out.heading(sv::EXPORT_JOB);
    out.field(sv::EXPORT_JOB_TYPE, sv::job_type(h.job_type));
    out.field(sv::EXPORT_REQUESTER, &sv::requester(&h.requester));
    out.field(
        sv::EXPORT_PERFORMER,
        &format!(
            "{} ({})",
            ctx.unit(view),
            sv::export_performer_kind(h.performer.kind)
        ),
    );
    let municipality = view
        .position
        .as_ref()
        .and_then(|p| p.value.municipality())
        .or(h.performer.municipality.as_ref());
    if let Some(m) = municipality {
        out.field(sv::EXPORT_MUNICIPALITY, &ctx.municipality(m));
    }
    out.field(sv::EXPORT_STATUS, sv::status_label(view.status()));
    let holders: Vec<String> = view
        .holder_history()
        .iter()
        .map(|x| format!("{} ({})", ctx.holder(&x.holder), t(x.since)))
        .collect();
    if !holders.is_empty() {
        out.field(sv::EXPORT_NURSES, &holders.join(", "));
    }

    out.heading(sv::EXPORT_TIMES);
    for (label, at, reason) in times(view) {
        match reason {
            Some(r) => out.field(
                label,
                &format!("{} – {}: {r}", ctx.date_time(at), sv::EXPORT_REASON),
            ),
            None => out.field(label, &ctx.date_time(at)),
        }
    }

    let identity = &view.identity.value;
    if !identity.is_empty() {
        out.heading(sv::EXPORT_PATIENT);
        if let Some(p) = &identity.personal_number {
            let label = if p.is_coordination_number() {
                sv::EXPORT_COORDINATION_NUMBER
            } else {
                sv::EXPORT_PERSONAL_NUMBER
            };
            // The journal needs the whole number to file the note under the right patient.
            out.field(label, &p.formatted());
        }
        if let Some(n) = said(&identity.name) {
            out.field(sv::EXPORT_NAME, n);
        }
    }
    let rec = &view.record.value;
    let sex_age = match (rec.patient_sex, rec.patient_age) {
        (Some(s), Some(a)) => Some(format!("{}, {a} år", sv::sex(s))),
        (Some(s), None) => Some(sv::sex(s).to_owned()),
        (None, Some(a)) => Some(format!("{a} år")),
        (None, None) => None,
    };
    if let Some(sa) = sex_age {
        if identity.is_empty() {
            out.heading(sv::EXPORT_PATIENT);
        }
        out.field(sv::EXPORT_SEX_AGE, &sa);
    }

    out.heading(sv::EXPORT_POSITION);
    match &view.position {
        Some(p) => out.line(&format!("{} ({})", p.value.describe_sv(), t(p.value.at()))),
        None => out.line(sv::EXPORT_NOT_RECORDED),
    }

    out.heading(sv::EXPORT_COMPLAINT_ABCDE);
    let mut any = false;
    for (label, text) in [
        (sv::CHIEF_COMPLAINT, &rec.chief_complaint),
        (sv::EXPORT_AIRWAY, &rec.airway),
        (sv::EXPORT_BREATHING, &rec.breathing),
        (sv::EXPORT_CIRCULATION, &rec.circulation),
        (sv::EXPORT_DISABILITY, &rec.disability),
        (sv::EXPORT_EXPOSURE, &rec.exposure),
    ] {
        if let Some(x) = said(text) {
            out.field(label, x);
            any = true;
        }
    }
    if !any {
        out.line(sv::EXPORT_NOT_RECORDED);
    }

    out.heading(sv::EXPORT_VITALS);
    let scale = view.spo2_scale();
    let mut vitals = current(&view.vitals).peekable();
    if vitals.peek().is_none() {
        out.line(sv::EXPORT_NOT_RECORDED);
    }
    for item in vitals {
        let v = &item.value;
        let at = v.taken_at.map(&t).unwrap_or_default();
        out.line(&format!(
            "{at}: {}. {}.",
            vital_parts(v).join(", "),
            news2_words(&news2::score(v, scale))
        ));
    }
    if scale == news2::Spo2Scale::Scale2 {
        out.line(sv::EXPORT_SPO2_SCALE2);
    }
    out.note(withdrawn_note(withdrawn(&view.vitals)));

    out.heading(sv::INTERVENTIONS);
    let mut interventions = current(&view.interventions).peekable();
    if interventions.peek().is_none() {
        out.line(sv::EXPORT_NOT_RECORDED);
    }
    for i in interventions {
        out.line(&format!(
            "{}: {}",
            t(i.value.at),
            intervention_words(&i.value)
        ));
    }
    out.note(withdrawn_note(withdrawn(&view.interventions)));

    out.heading(sv::DRUGS);
    let mut drugs = current(&view.drugs).peekable();
    if drugs.peek().is_none() {
        out.line(sv::EXPORT_NOT_RECORDED);
    }
    for d in drugs {
        let d = &d.value;
        out.line(&format!(
            "{}: {}, {}, {}",
            t(d.at),
            d.drug.trim(),
            d.dose.trim(),
            sv::route(d.route)
        ));
    }
    out.note(withdrawn_note(withdrawn(&view.drugs)));

    out.heading(sv::EXPORT_NOTES);
    out.line(said(&rec.notes).unwrap_or(sv::EXPORT_NOT_RECORDED));

    out.heading(sv::EXPORT_SBAR);
    let s = &view.sbar.value;
    for (label, text) in [
        (sv::EXPORT_SBAR_S, &s.situation),
        (sv::EXPORT_SBAR_B, &s.background),
        (sv::EXPORT_SBAR_A, &s.assessment),
        (sv::EXPORT_SBAR_R, &s.recommendation),
    ] {
        out.field(label, said(text).unwrap_or(sv::EXPORT_NOT_RECORDED));
    }
    if let Some(r) = said(&s.recipient) {
        out.field(sv::EXPORT_HANDED_TO, r);
    }
    if let Some(at) = s.handed_over_at {
        out.field(sv::EXPORT_HANDED_AT, &t(at));
    }

    out.blank();
    out.line(&sv::export_generated(&ctx.date_time(ctx.generated_at)));
    Ok(out.0)
}

/// A text being written: headings set off by a blank line, fields as "Label: value".
#[derive(Default)]
struct Text(String);

impl Text {
    fn line(&mut self, s: &str) {
        // One entry per line: a nurse's line breaks stay, but indented so a heading is never
        // mistaken for her text.
        let mut lines = s.lines();
        if let Some(first) = lines.next() {
            self.0.push_str(first.trim_end());
        }
        for l in lines {
            self.0.push_str("\n  ");
            self.0.push_str(l.trim_end());
        }
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }

    fn heading(&mut self, s: &str) {
        self.blank();
        self.line(&s.to_uppercase());
    }

    fn field(&mut self, label: &str, value: &str) {
        self.line(&format!("{label}: {value}"));
    }

    fn note(&mut self, note: Option<String>) {
        if let Some(n) = note {
            self.line(&n);
        }
    }
}
