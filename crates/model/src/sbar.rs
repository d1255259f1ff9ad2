//! SBAR, the structured handover: Situation, Background, Assessment (aktuellt tillstånd),
//! Recommendation — and a draft of all four written from the job and its record.

use crate::doc::{DocFields, Patch};
use crate::entry::EntryBody;
use crate::job::Step;
use crate::news2::Parameter;
use crate::sv;
use crate::timestamp::{Timestamp, Zone};
use crate::view::JobView;
use serde::{Deserialize, Serialize};

/// The SBAR handover.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SbarText {
    /// S — situation.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub situation: Option<String>,
    /// B — background.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub background: Option<String>,
    /// A — assessment (aktuellt tillstånd).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub assessment: Option<String>,
    /// R — recommendation.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub recommendation: Option<String>,
    /// Who received the handover (e.g. the ambulance crew, MÄVA's intake nurse).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub recipient: Option<String>,
    /// When it was handed over.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub handed_over_at: Option<Timestamp>,
}

impl DocFields for SbarText {
    const PREFIX: &'static str = "sbar";
    const FIELDS: &'static [&'static str] = &[
        "situation",
        "background",
        "assessment",
        "recommendation",
        "recipient",
        "handed_over_at",
    ];
}

/// Drafts the four SBAR parts from the job and its record, in Swedish, with clock times read in
/// `zone` (each time at its own offset). The nurse edits the draft; nothing here is sent unseen.
///
/// - S: job type, who asked, chief complaint, arrival time, latest NEWS2 and its band.
/// - B: patient sex and age, alarm time, notes.
/// - A: ABCDE findings, every current vital-sign set with its time and NEWS2 sub-scores.
/// - R: interventions and drugs with their times, and the NEWS2 trend.
pub fn draft(job: &JobView, zone: Zone) -> SbarText {
    let t = |ts: Timestamp| ts.hhmm(zone);
    let rec = &job.record.value;

    let mut s = Vec::new();
    if let Some(h) = &job.header {
        s.push(format!(
            "{}, {} {}.",
            sv::job_type(h.value.job_type),
            sv::REQUESTED_BY,
            sv::requester(&h.value.requester)
        ));
    }
    if let Some(c) = nonempty(&rec.chief_complaint) {
        s.push(format!("{}: {c}.", sv::CHIEF_COMPLAINT));
    }
    if let Some(m) = job.mark(Step::Arrive) {
        s.push(format!("{} {}.", sv::ARRIVED_AT, t(m.value.at)));
    }
    let latest = job.latest_vitals();
    if let Some((item, score)) = &latest {
        let at = item.value.taken_at.map(t).unwrap_or_default();
        s.push(format!(
            "NEWS2 {} ({}{}) kl {at}.",
            score.total,
            sv::band(score.band),
            if score.is_complete() {
                ""
            } else {
                sv::INCOMPLETE_SUFFIX
            }
        ));
    }

    let mut b = Vec::new();
    match (rec.patient_sex, rec.patient_age) {
        (Some(sex), Some(age)) => b.push(format!("{}, {age} år.", sv::sex(sex))),
        (Some(sex), None) => b.push(format!("{}.", sv::sex(sex))),
        (None, Some(age)) => b.push(format!("{} {age} år.", sv::PATIENT)),
        (None, None) => {}
    }
    if let Some(h) = &job.header {
        b.push(format!("{} {}.", sv::ALARM_AT, t(h.value.requested_at)));
    }
    if let Some(n) = nonempty(&rec.notes) {
        b.push(n.to_owned());
    }

    let mut a = Vec::new();
    for (label, text) in [
        ("A", &rec.airway),
        ("B", &rec.breathing),
        ("C", &rec.circulation),
        ("D", &rec.disability),
        ("E", &rec.exposure),
    ] {
        if let Some(x) = nonempty(text) {
            a.push(format!("{label}: {x}."));
        }
    }
    for (item, score) in job.vitals_scored() {
        let v = &item.value;
        let mut parts = Vec::new();
        if let Some(x) = v.resp_rate {
            parts.push(format!("AF {x}{}", sub(&score, Parameter::RespRate)));
        }
        if let Some(x) = v.spo2 {
            let o2 = match v.on_oxygen {
                Some(true) => sv::ON_OXYGEN,
                Some(false) => sv::ON_AIR,
                None => "",
            };
            parts.push(format!("SpO2 {x} %{o2}{}", sub(&score, Parameter::Spo2)));
        }
        if let Some(x) = v.pulse {
            parts.push(format!("puls {x}{}", sub(&score, Parameter::Pulse)));
        }
        match (v.systolic, v.diastolic) {
            (Some(s), Some(d)) => {
                parts.push(format!("BT {s}/{d}{}", sub(&score, Parameter::Systolic)))
            }
            (Some(s), None) => parts.push(format!("BT {s}/–{}", sub(&score, Parameter::Systolic))),
            _ => {}
        }
        if let Some(x) = v.temperature {
            parts.push(format!(
                "temp {}{}",
                x.sv(),
                sub(&score, Parameter::Temperature)
            ));
        }
        if let Some(x) = v.acvpu {
            parts.push(format!(
                "{}{}",
                sv::acvpu(x),
                sub(&score, Parameter::Consciousness)
            ));
        }
        if let Some(x) = v.rls85 {
            parts.push(format!("RLS {x}"));
        }
        if let Some(x) = v.glucose {
            parts.push(format!("P-glukos {}", x.sv()));
        }
        if let Some(x) = v.pain {
            parts.push(format!("smärta {x}/10"));
        }
        let at = v.taken_at.map(t).unwrap_or_default();
        a.push(format!(
            "Kl {at}: {}. NEWS2 {}.",
            parts.join(", "),
            score.total
        ));
    }

    let mut r = Vec::new();
    let interventions: Vec<String> = job
        .interventions
        .current()
        .map(|i| {
            let detail = if i.value.detail.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", i.value.detail.trim())
            };
            format!(
                "{}{detail} kl {}",
                sv::intervention(&i.value.kind),
                t(i.value.at)
            )
        })
        .collect();
    if !interventions.is_empty() {
        r.push(format!(
            "{}: {}.",
            sv::INTERVENTIONS,
            interventions.join("; ")
        ));
    }
    let drugs: Vec<String> = job
        .drugs
        .current()
        .map(|d| {
            format!(
                "{} {} {} kl {}",
                d.value.drug,
                d.value.dose,
                sv::route(d.value.route),
                t(d.value.at)
            )
        })
        .collect();
    if !drugs.is_empty() {
        r.push(format!("{}: {}.", sv::DRUGS, drugs.join("; ")));
    }
    let scored = job.vitals_scored();
    if let (Some((_, first)), Some((_, last))) = (scored.first(), scored.last())
        && scored.len() > 1
    {
        r.push(format!(
            "{} {} → {}.",
            sv::NEWS2_TREND,
            first.total,
            last.total
        ));
    }

    let join = |v: Vec<String>| {
        if v.is_empty() {
            None
        } else {
            Some(v.join(" "))
        }
    };
    SbarText {
        situation: join(s),
        background: join(b),
        assessment: join(a),
        recommendation: join(r),
        recipient: None,
        handed_over_at: None,
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn sub(score: &crate::news2::News2, p: Parameter) -> String {
    score
        .sub_score(p)
        .map(|s| format!(" [{s}]"))
        .unwrap_or_default()
}

/// What one tap on SBAR writes, in order: the text (stamped `now` as its handover time when
/// `hand_over`) and, on a handover when the job is at that point of its timeline (not marked
/// handed over yet, and the step allowed now), the timeline's "handed over" step at the same
/// instant. The store writes them in one transaction (`Store::record_all`), so the text never
/// says handed over without the step it implied, nor the step stand without the text.
pub fn save(view: &JobView, mut text: SbarText, hand_over: bool, now: Timestamp) -> Vec<EntryBody> {
    if hand_over {
        text.handed_over_at = Some(now);
    }
    let mut bodies = vec![EntryBody::Sbar(Patch::set(text))];
    if hand_over && view.mark(Step::HandOver).is_none() {
        let step = EntryBody::Step {
            step: Step::HandOver,
            at: now,
            reason: None,
        };
        // A step's check reads no form lists.
        if view.check(&step, None).is_ok() {
            bodies.push(step);
        }
    }
    bodies
}
