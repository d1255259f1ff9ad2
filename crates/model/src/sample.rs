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
        requester: job_type.usual_requester(PerformerKind::Municipal),
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

/// The `i`-th submitted statistics form of a `job_type` job: every answer varied
/// deterministically (different strides, so the answers do not move together), valid for the
/// type. For statistics tests and benchmarks.
pub fn form(i: u64, job_type: JobType, municipality: &MunicipalityId) -> StatsForm {
    use crate::form::{Arrival, InfoMatched, Outcome, PreventedVisit};
    use crate::record::Sex;
    let pick = |n: u64, stride: u64| (i.wrapping_mul(stride) / 3 + i) % n;
    let ivpa = job_type == JobType::Ivpa;
    let outcome = match pick(20, 7) {
        0 => Outcome::Declined,
        1 if ivpa => Outcome::Aborted,
        _ => Outcome::Done,
    };
    let problems = [
        "chest_pain",
        "breathing",
        "neurological",
        "catheter",
        "wound",
        "fall",
    ];
    let actions = [
        "assessment",
        "ecg",
        "oxygen",
        "catheter_care",
        "coordination",
    ];
    StatsForm {
        job_type: Some(job_type),
        // A requester that asks for this type (the lists check it).
        requester: Some(match job_type {
            JobType::Ivpa => Requester::DISPATCH,
            JobType::NurseLine => Requester::NURSE_LINE,
            JobType::Assistance => [
                Requester::DISPATCH,
                Requester::AMBULANCE,
                Requester::HOME_CARE,
            ][pick(3, 5) as usize]
                .clone(),
            JobType::MavaDirect => {
                [Requester::AMBULANCE, Requester::HEALTH_CENTRE][pick(2, 5) as usize].clone()
            }
        }),
        performer: Some(if pick(4, 3) == 0 {
            PerformerKind::Ambulance
        } else {
            PerformerKind::Municipal
        }),
        municipality: Some(municipality.clone()),
        outcome: Some(outcome),
        declined_reason: (outcome == Outcome::Declined).then(|| "Annat uppdrag".to_owned()),
        patient_sex: Some([Sex::Female, Sex::Male, Sex::Unknown][pick(3, 11) as usize]),
        patient_age: (pick(10, 13) != 0).then(|| (pick(97, 17) + 1) as u16),
        problem: Some(problems[pick(6, 19) as usize].to_owned()),
        actions: Some(
            (0..pick(3, 23))
                .map(|k| actions[((i + k * 2) % 5) as usize].to_owned())
                .collect(),
        ),
        right_care_level: Some(pick(10, 29) != 0),
        stayed_home: Some(pick(6, 31) != 0),
        info_matched: Some(
            [
                InfoMatched::No,
                InfoMatched::Yes,
                InfoMatched::Well,
                InfoMatched::VeryWell,
            ][pick(4, 37) as usize],
        ),
        prevented_visit: Some(
            [
                PreventedVisit::Emergency,
                PreventedVisit::PrimaryCare,
                PreventedVisit::None,
            ][pick(3, 41) as usize],
        ),
        benefit: Some(
            [
                Benefit::None,
                Benefit::Little,
                Benefit::Some,
                Benefit::Good,
                Benefit::VeryGood,
            ][pick(5, 43) as usize],
        ),
        arrival: ivpa.then(|| {
            [
                Arrival::Before,
                Arrival::Before,
                Arrival::Same,
                Arrival::After,
                Arrival::AfterRescue,
            ][pick(5, 47) as usize]
        }),
        minutes_before_ambulance: (ivpa && pick(5, 47) < 2).then(|| (pick(45, 53) + 1) as u16),
    }
}
