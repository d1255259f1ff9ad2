//! The statistics form as the job fills it in: every answer the job already holds, marked as
//! such, so the nurse at the end of a night confirms rather than types again.
//!
//! Three kinds of answer, never mixed up: what the nurse set herself (always wins), what the
//! job says for certain (type, requester, performer, municipality, outcome, patient, the IVPA
//! arrival and minutes, the actions the record lists), and a *suggestion* for the problem read
//! from the chief complaint, which stays out of the form until she confirms it.

use crate::doc::DocFields;
use crate::form::{FormOptions, StatsForm};
use crate::record::InterventionKind;
use crate::view::{JobView, overlay};
use std::collections::BTreeSet;

/// The form to show for a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormDraft {
    /// The answers: the job's, overlaid by every field the nurse set herself.
    pub form: StatsForm,
    /// Fields answered from the job and not (yet) by the nurse, by their key in
    /// [`StatsForm::FIELDS`]: the form marks them, and any of them can be changed.
    pub from_job: BTreeSet<&'static str>,
    /// A problem the chief complaint suggests, a code of the list in force; only offered while
    /// the nurse has chosen none, and never put into the form without her tap.
    pub suggested_problem: Option<String>,
}

impl FormDraft {
    /// How many of the fields that apply to this job are answered, and how many apply.
    pub fn answered(&self) -> (usize, usize) {
        let value = serde_json::to_value(&self.form).unwrap_or_default();
        let applies = applicable(&self.form);
        let answered = applies
            .iter()
            .filter(|k| value.get(**k).is_some_and(|v| !v.is_null()))
            .count();
        (answered, applies.len())
    }
}

/// The fields a job of this form's type and outcome asks for.
pub fn applicable(form: &StatsForm) -> Vec<&'static str> {
    use crate::form::{Arrival, Outcome};
    use crate::job::JobType;
    let ivpa = form.job_type == Some(JobType::Ivpa);
    let declined = form.outcome == Some(Outcome::Declined);
    StatsForm::FIELDS
        .iter()
        .copied()
        .filter(|k| match *k {
            "declined_reason" => declined,
            "arrival" => ivpa,
            "minutes_before_ambulance" => ivpa && form.arrival == Some(Arrival::Before),
            _ => true,
        })
        .collect()
}

impl JobView {
    /// The statistics form as the job fills it in, with the region's lists in `options`.
    pub fn form_draft(&self, options: &FormOptions) -> FormDraft {
        let mut derived = self.derived_form();
        let actions = self.actions_taken(options);
        if !actions.is_empty() {
            derived.actions = Some(actions);
        }
        let from_job = {
            let derived = serde_json::to_value(&derived).unwrap_or_default();
            StatsForm::FIELDS
                .iter()
                .copied()
                .filter(|k| derived.get(*k).is_some_and(|v| !v.is_null()))
                .filter(|k| !self.form.stamps.contains_key(*k))
                .collect()
        };
        let form = overlay(derived, &self.form);
        let suggested_problem = if form.problem.is_none() {
            self.record
                .value
                .chief_complaint
                .as_deref()
                .and_then(|c| suggest_problem(c, options))
        } else {
            None
        };
        FormDraft {
            form,
            from_job,
            suggested_problem,
        }
    }

    /// The form's action codes the record shows were done: vital signs taken (an assessment),
    /// each current intervention the form has a code for, drugs given. In the list's order,
    /// and only codes the list in force has.
    fn actions_taken(&self, options: &FormOptions) -> Vec<String> {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        if self.vitals.current().next().is_some() {
            done.insert("assessment");
        }
        for item in self.interventions.current() {
            if let Some(code) = action_for(&item.value.kind) {
                done.insert(code);
            }
        }
        if self.drugs.current().next().is_some() {
            done.insert("medication");
        }
        options
            .actions
            .iter()
            .filter(|c| done.contains(c.code.as_str()))
            .map(|c| c.code.clone())
            .collect()
    }
}

/// The form's action code for an intervention the record lists, where the form has one.
fn action_for(kind: &InterventionKind) -> Option<&'static str> {
    match kind {
        InterventionKind::Oxygen => Some("oxygen"),
        InterventionKind::Cpr => Some("cpr"),
        InterventionKind::Defibrillation => Some("defibrillation"),
        InterventionKind::PeripheralIv => Some("iv_line"),
        // Airway, bleeding control and positioning are part of the assessment on the form;
        // "other" is the nurse's to name.
        InterventionKind::AirwayAdjunct
        | InterventionKind::BleedingControl
        | InterventionKind::Positioning
        | InterventionKind::Other => None,
    }
}

/// Words of a Swedish chief complaint and the problem they point at, most specific first
/// ("hjärtstopp" before "hjärt…"). Stems, matched at the start of a word.
const COMPLAINT_WORDS: &[(&str, &str)] = &[
    ("hjärtstopp", "cardiac_arrest"),
    ("andas inte", "cardiac_arrest"),
    ("medvetslös", "unconsciousness"),
    ("okontaktbar", "unconsciousness"),
    ("bröstsmärt", "chest_pain"),
    ("ont i bröstet", "chest_pain"),
    ("tryck över bröstet", "chest_pain"),
    ("kramp", "seizures"),
    ("andnöd", "breathing"),
    ("andningsbesvär", "breathing"),
    ("andfådd", "breathing"),
    ("svårt att andas", "breathing"),
    ("bortfall", "neurological"),
    ("förlamning", "neurological"),
    ("sluddr", "neurological"),
    ("talsvårigheter", "neurological"),
    ("stroke", "neurological"),
    ("feber", "fever"),
    ("huvudvärk", "headache"),
    ("kateter", "catheter"),
    ("kad", "catheter"),
    ("näsblod", "nosebleed"),
    ("kräk", "vomiting"),
    ("förvirr", "confusion"),
    ("fallit", "fall"),
    ("fall", "fall"),
    ("ramlat", "fall"),
    ("sår", "wound"),
    ("skada", "trauma"),
    ("trauma", "trauma"),
];

/// The problem a chief complaint suggests, if one of its words points at a code of the list
/// in force. The earliest such word in the text decides ("bröstsmärta, sedan kräkning").
pub fn suggest_problem(complaint: &str, options: &FormOptions) -> Option<String> {
    let text = complaint.to_lowercase();
    let word_starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            c.is_alphanumeric()
                && text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|p| !p.is_alphanumeric())
        })
        .map(|(i, _)| i)
        .collect();
    word_starts
        .iter()
        .find_map(|&start| {
            COMPLAINT_WORDS
                .iter()
                .find(|(word, _)| text[start..].starts_with(word))
                .map(|&(_, code)| code)
        })
        .filter(|code| options.problems.iter().any(|c| c.code == *code))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complaint_suggests_the_problem_its_first_telling_word_names() {
        let o = FormOptions::sample();
        let s = |t: &str| suggest_problem(t, &o);
        assert_eq!(s("Bröstsmärta sedan en timme"), Some("chest_pain".into()));
        assert_eq!(
            s("Hittad på golvet, har fallit, ont i höften"),
            Some("fall".into())
        );
        assert_eq!(s("Andnöd och feber"), Some("breathing".into()));
        assert_eq!(s("Feber, andnöd"), Some("fever".into()));
        assert_eq!(s("KAD stopp"), Some("catheter".into()));
        assert_eq!(s("Hjärtstopp, HLR pågår"), Some("cardiac_arrest".into()));
        // Only at the start of a word: "avfall" is no fall, "besvärlig" no wound.
        assert_eq!(s("Avfallskvarn, besvärlig natt"), None);
        assert_eq!(s(""), None);
    }

    #[test]
    fn a_suggestion_outside_the_list_in_force_is_not_made() {
        let mut o = FormOptions::sample();
        o.problems.retain(|c| c.code != "chest_pain");
        assert_eq!(suggest_problem("Bröstsmärta", &o), None);
    }
}
