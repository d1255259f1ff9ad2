//! Realistic sample documentation: the taps of a callout, for benchmarks, load tests and demo
//! data. Not clinical content; values are plausible, not advice.

use crate::doc::Patch;
use crate::entry::EntryBody;
use crate::form::{Benefit, StatsForm};
use crate::ids::{MunicipalityId, UnitId};
use crate::job::{JobHeader, JobType, Performer, PerformerKind, Requester, Step};
use crate::record::{Intervention, InterventionKind, RecordText};
use crate::sbar::SbarText;
use crate::timestamp::Timestamp;
use crate::vitals::{Acvpu, Tenths, VitalSigns};

/// The header of a municipal nurse's job in `unit`.
pub fn header(
    job_type: JobType,
    unit: &UnitId,
    municipality: &MunicipalityId,
    at: Timestamp,
) -> JobHeader {
    JobHeader {
        job_type,
        requester: if job_type == JobType::Ivpa {
            Requester::Dispatch
        } else {
            Requester::NurseLine
        },
        performer: Performer {
            kind: PerformerKind::Municipal,
            unit: unit.clone(),
            municipality: Some(municipality.clone()),
        },
        practice: false,
        requested_at: at,
    }
}

/// The `k`-th tap (k ≥ 1) after a job was created, at `at`: accept, depart, arrive, then a
/// rotation of vital signs, record notes, an intervention, SBAR and a form answer. Every tap is
/// accepted in sequence as long as `at` does not go backwards.
pub fn tap(k: u64, at: Timestamp) -> EntryBody {
    let step = |step| EntryBody::Step {
        step,
        at,
        reason: None,
    };
    match k {
        1 => step(Step::Accept),
        2 => step(Step::Depart),
        3 => step(Step::Arrive),
        _ => match k % 5 {
            0 => EntryBody::Vitals {
                vitals: VitalSigns {
                    taken_at: Some(at),
                    resp_rate: Some(14 + (k % 12) as u16),
                    spo2: Some(90 + (k % 10) as u16),
                    on_oxygen: Some(k.is_multiple_of(3)),
                    pulse: Some(60 + (k % 70) as u16),
                    systolic: Some(100 + (k % 60) as u16),
                    diastolic: Some(60 + (k % 30) as u16),
                    acvpu: Some(Acvpu::Alert),
                    temperature: Some(Tenths(360 + (k % 25) as i32)),
                    ..VitalSigns::default()
                },
                supersedes: None,
            },
            1 => EntryBody::Record(Patch::set(RecordText {
                notes: Some(format!(
                    "Anteckning {k}: andning lugnare, patienten orienterad."
                )),
                ..RecordText::default()
            })),
            2 => EntryBody::Intervention {
                intervention: Intervention {
                    at,
                    kind: InterventionKind::Oxygen,
                    detail: format!("{} l/min", 1 + k % 5),
                },
                supersedes: None,
            },
            3 => EntryBody::Sbar(Patch::set(SbarText {
                situation: Some(format!("Situation uppdaterad ({k}).")),
                ..SbarText::default()
            })),
            _ => EntryBody::Form(Patch::set(StatsForm {
                benefit: Some(if k.is_multiple_of(2) {
                    Benefit::Good
                } else {
                    Benefit::VeryGood
                }),
                ..StatsForm::default()
            })),
        },
    }
}
