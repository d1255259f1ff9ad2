//! Export for the journal system. The legal record is made in the organisation's own journal
//! system, so a job leaves the app in three forms, all pure functions over a [`JobView`]:
//!
//! - [`text::journal_text`] — the emergency record and SBAR as plain Swedish text to copy and
//!   paste, sections in the order a journal note has them;
//! - [`fhir::bundle`] — an HL7 FHIR R4 document `Bundle` (Composition with SBAR first, Patient,
//!   the unit and its nurses, Encounter, Location, vital-sign Observations in HL7's R4
//!   vital-signs profiles, the other findings, Procedures, MedicationAdministrations),
//!   validated in the tests against the official R4 JSON schema and HL7's profiles;
//! - [`sheet::handover_sheet`] — a printable A4 handover sheet as an HTML fragment.
//!
//! What the view does not know (names of the unit, municipalities and nurses, and the instant
//! of the export) comes in an [`ExportContext`]; the model reads no clock. Nurses are named by
//! their display names from the unit's staff list; a user id the list lacks is said to be
//! unknown, never given a made-up name.
//!
//! Corrections: like a journal that shows the record as it stands, every export lists only the
//! items that count now. A corrected or retracted vital-sign set, intervention or drug is left
//! out, and the text and sheet say how many were, so a reader knows the app's history holds
//! more. The FHIR bundle carries only current items (a receiving system has no use for a value
//! the nurse withdrew before it was ever sent).

pub mod fhir;
pub mod sheet;
pub mod text;

use crate::holder::Holder;
use crate::ids::{MunicipalityId, UserId};
use crate::items::{Item, ItemList};
use crate::job::Step;
use crate::news2::News2;
use crate::sv;
use crate::timestamp::{Timestamp, Zone};
use crate::view::JobView;
use crate::vitals::VitalSigns;
use std::collections::BTreeMap;

/// What an export needs besides the job: names the region's content and the enrolment know,
/// and the instant of the export. Built by the caller (the device or the UI); every field but
/// the instant may be left empty, and codes are shown instead of names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportContext {
    /// The performing unit's name (e.g. "Orust hemsjukvård"); the unit's code if `None`.
    pub unit_name: Option<String>,
    /// Municipality names by the codes the region publishes.
    pub municipality_names: BTreeMap<MunicipalityId, String>,
    /// Nurses' display names by user id, from the unit's staff list the phone keeps; a user
    /// missing from it is said to be unknown, with her id ([`sv::export_unknown_user`]).
    pub nurse_names: BTreeMap<UserId, String>,
    /// When the export is made (the caller's clock): printed on the text and sheet, the
    /// bundle's timestamp and the Composition's date.
    pub generated_at: Timestamp,
    /// Where clock times are read: [`Zone::Sweden`] for every real export.
    pub zone: Zone,
}

impl ExportContext {
    /// A context with no names, in Swedish time, made at `generated_at`.
    pub fn new(generated_at: Timestamp) -> Self {
        Self {
            unit_name: None,
            municipality_names: BTreeMap::new(),
            nurse_names: BTreeMap::new(),
            generated_at,
            zone: Zone::Sweden,
        }
    }

    /// The unit's name, or its code.
    pub fn unit(&self, view: &JobView) -> String {
        match (&self.unit_name, &view.header) {
            (Some(name), _) if !name.trim().is_empty() => name.trim().to_owned(),
            (_, Some(h)) => h.value.performer.unit.as_str().to_owned(),
            _ => String::new(),
        }
    }

    /// A municipality's name, or its code.
    pub fn municipality(&self, id: &MunicipalityId) -> String {
        self.municipality_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.as_str().to_owned())
    }

    /// A nurse's display name, if the staff list has one.
    pub fn nurse_name(&self, id: &UserId) -> Option<&str> {
        self.nurse_names
            .get(id)
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
    }

    /// A nurse's display name, or "Okänd användare (id)": never a name made up, and never a
    /// bare id that reads like one.
    pub fn nurse(&self, id: &UserId) -> String {
        self.nurse_name(id)
            .map_or_else(|| sv::export_unknown_user(id.as_str()), str::to_owned)
    }

    /// A holder as the record names it: the nurse, or "Nästa pass".
    pub fn holder(&self, h: &Holder) -> String {
        match h {
            Holder::Nurse(u) => self.nurse(u),
            Holder::NextShift => sv::NEXT_SHIFT.to_owned(),
        }
    }

    /// "HH:MM" in the context's zone, with the date first when it is not `day`'s date (a night
    /// shift crosses midnight, and a time without its date would then be a day off).
    pub fn time(&self, at: Timestamp, day: Option<Timestamp>) -> String {
        let same_day = day.is_some_and(|d| d.date(self.zone) == at.date(self.zone));
        if same_day {
            at.hhmm(self.zone)
        } else {
            self.date_time(at)
        }
    }

    /// "YYYY-MM-DD HH:MM" in the context's zone.
    pub fn date_time(&self, at: Timestamp) -> String {
        format!("{} {}", at.date(self.zone), at.hhmm(self.zone))
    }
}

/// Why a job could not be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The job's creating entry has not arrived on this phone: there is no job type, unit or
    /// alarm time to put at the head of a record.
    #[error("the job has no creating entry yet")]
    NotCreated,
}

impl ExportError {
    /// What to tell the nurse, in Swedish.
    pub fn message(self) -> &'static str {
        match self {
            Self::NotCreated => sv::EXPORT_NOT_CREATED,
        }
    }
}

/// The alarm time: the day every other clock time is read against.
pub(crate) fn alarm(view: &JobView) -> Option<Timestamp> {
    view.header.as_ref().map(|h| h.value.requested_at)
}

/// The timeline as the record lists it: alarm first, then every step that happened, in
/// timeline order, with its reason.
pub(crate) fn times(view: &JobView) -> Vec<(&'static str, Timestamp, Option<&str>)> {
    let mut out = Vec::new();
    if let Some(at) = alarm(view) {
        out.push((sv::EXPORT_ALARM, at, None));
    }
    for step in Step::ALL {
        if let Some(m) = view.mark(step) {
            out.push((
                sv::step_label(step),
                m.value.at,
                m.value.reason.as_deref().filter(|r| !r.trim().is_empty()),
            ));
        }
    }
    // Alarm ≤ accepted ≤ … is checked per tap, but marks from racing phones can disagree;
    // a record reads in time order.
    out.sort_by_key(|(_, at, _)| *at);
    out
}

/// How many items of a list no longer count (corrected or retracted).
pub(crate) fn withdrawn<T>(list: &ItemList<T>) -> usize {
    list.items
        .iter()
        .filter(|i| i.superseded_by.is_some())
        .count()
}

/// The note that says how many items were left out, if any.
pub(crate) fn withdrawn_note(n: usize) -> Option<String> {
    (n > 0).then(|| sv::export_withdrawn(n))
}

/// The measured values of one vital-sign set in the record's words and units, in the NEWS2
/// chart's order, then RLS, GCS, glucose and pain.
pub(crate) fn vital_parts(v: &VitalSigns) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(x) = v.resp_rate {
        parts.push(format!("AF {x}/min"));
    }
    if let Some(x) = v.spo2 {
        let o2 = match v.on_oxygen {
            Some(true) => sv::ON_OXYGEN,
            Some(false) => sv::ON_AIR,
            None => "",
        };
        parts.push(format!("SpO2 {x} %{o2}"));
    } else if v.on_oxygen == Some(true) {
        parts.push(sv::ON_OXYGEN.trim().to_owned());
    }
    match (v.systolic, v.diastolic) {
        (Some(s), Some(d)) => parts.push(format!("BT {s}/{d} mmHg")),
        (Some(s), None) => parts.push(format!("BT {s}/– mmHg")),
        (None, Some(d)) => parts.push(format!("BT –/{d} mmHg")),
        (None, None) => {}
    }
    if let Some(x) = v.pulse {
        parts.push(format!("puls {x}/min"));
    }
    if let Some(x) = v.acvpu {
        parts.push(format!("ACVPU {}", sv::acvpu(x)));
    }
    if let Some(x) = v.temperature {
        parts.push(format!("temp {} °C", x.sv()));
    }
    if let Some(x) = v.rls85 {
        parts.push(format!("RLS-85 {x}"));
    }
    if let Some(g) = v.gcs() {
        parts.push(format!(
            "GCS {} (E{} V{} M{})",
            g.total(),
            g.eye,
            g.verbal,
            g.motor
        ));
    }
    if let Some(x) = v.glucose {
        parts.push(format!("P-glukos {} mmol/l", x.sv()));
    }
    if let Some(x) = v.pain {
        parts.push(format!("smärta {x}/10"));
    }
    parts
}

/// "NEWS2 7 (hög risk)", marked incomplete when parameters are missing.
pub(crate) fn news2_words(score: &News2) -> String {
    format!(
        "NEWS2 {} ({}{})",
        score.total,
        sv::band(score.band),
        if score.is_complete() {
            ""
        } else {
            sv::INCOMPLETE_SUFFIX
        }
    )
}

/// An intervention's words: its kind and detail.
pub(crate) fn intervention_words(i: &crate::record::Intervention) -> String {
    let detail = i.detail.trim();
    if detail.is_empty() {
        sv::intervention(&i.kind).to_owned()
    } else {
        format!("{} ({detail})", sv::intervention(&i.kind))
    }
}

/// The current items of a list, oldest first.
pub(crate) fn current<T>(list: &ItemList<T>) -> impl Iterator<Item = &Item<T>> {
    list.items.iter().filter(|i| i.superseded_by.is_none())
}

/// A trimmed text that says something.
pub(crate) fn said(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Escapes text for HTML element content and quoted attribute values: the five characters
/// that can end a text node or an attribute, so no text a nurse typed becomes markup.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            escape_html(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape_html("Åsa 37,5 °C"), "Åsa 37,5 °C");
    }

    #[test]
    fn a_time_on_another_day_carries_its_date() {
        let ctx = ExportContext::new(Timestamp(0));
        // 2026-03-14 23:50 and 2026-03-15 00:20 CET.
        let before = Timestamp(1_773_528_600_000);
        let after = Timestamp(before.0 + 30 * 60_000);
        assert_eq!(ctx.time(before, Some(before)), "23:50");
        assert_eq!(ctx.time(after, Some(before)), "2026-03-15 00:20");
    }
}
