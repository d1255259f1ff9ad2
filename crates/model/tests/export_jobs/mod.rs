//! Jobs to export, shared by the export tests: a whole IVPA callout and its variants.
#![allow(dead_code, clippy::unwrap_used)]

use crate::common::*;
use samverka_model::doc::Patch;
use samverka_model::entry::ItemKind;
use samverka_model::export::ExportContext;
use samverka_model::holder::{HandOn, Holder};
use samverka_model::identity::{PatientIdentity, PersonalNumber};
use samverka_model::job::JobType;
use samverka_model::position::{MissingReason, PositionFix};
use samverka_model::record::{DrugGiven, Intervention, InterventionKind, RecordText, Route, Sex};
use samverka_model::sbar::SbarText;
use samverka_model::vitals::{Acvpu, Tenths, VitalSigns};
use samverka_model::{Entry, EntryBody, JobId, JobView, MunicipalityId, Step, UserId};

/// What varies between the exported jobs.
#[derive(Clone, Copy)]
pub struct Shape {
    pub position: Option<bool>,
    pub identity: bool,
    pub practice: bool,
    pub hostile: bool,
}

pub const FULL: Shape = Shape {
    position: Some(true),
    identity: true,
    practice: false,
    hostile: false,
};

pub const HOSTILE: &str = r#"<script>alert("x")</script> & 'citat'"#;

/// The export context of the tests: names for the unit, municipality and nurses, made at
/// 05:10 Swedish time (T0 is 02:58 UTC, 03:58 CET).
pub fn ctx() -> ExportContext {
    let mut c = ExportContext::new(at(72));
    c.unit_name = Some("Tanums hemsjukvård".to_owned());
    c.municipality_names
        .insert(MunicipalityId::new("tanum"), "Tanum".to_owned());
    c.municipality_names
        .insert(MunicipalityId::new("orust"), "Orust".to_owned());
    c.nurse_names
        .insert(UserId::new("nurse-1"), "Anna Andersson".to_owned());
    c.nurse_names
        .insert(UserId::new("nurse-2"), "Bodil Berg".to_owned());
    c
}

/// An IVPA callout from alarm to done, with every part of the record: three current vital-sign
/// sets (the last with a systolic pressure only, new confusion, RLS-85 and GCS) and a
/// corrected one, a retracted drug and a hand-on between the two nurses.
pub fn ivpa(shape: Shape) -> JobView {
    job(JobType::Ivpa, job_id(1), shape)
}

pub fn job(job_type: JobType, id: JobId, shape: Shape) -> JobView {
    let mut w = Writer::new(1);
    let mut w2 = Writer::new(2);
    let mut log: Vec<Entry> = Vec::new();
    let mut h = header(job_type);
    h.practice = shape.practice;
    let text = |s: &str| {
        if shape.hostile {
            format!("{s} {HOSTILE}")
        } else {
            s.to_owned()
        }
    };
    let step = |step, m| EntryBody::Step {
        step,
        at: at(m),
        reason: None,
    };
    log.push(w.write(id, at(0).0, EntryBody::JobCreated(h)));
    log.push(w.write(id, at(1).0, step(Step::Accept, 1)));
    log.push(w.write(id, at(2).0, step(Step::Depart, 2)));
    log.push(w.write(id, at(11).0, step(Step::Arrive, 11)));
    if let Some(located) = shape.position {
        let fix = if located {
            PositionFix::Located {
                lat_e7: 587_000_000,
                lon_e7: 113_400_000,
                accuracy_m: 13,
                at: at(11),
                municipality: Some(MunicipalityId::new("tanum")),
            }
        } else {
            PositionFix::Missing {
                reason: MissingReason::Denied,
                at: at(11),
                municipality: Some(MunicipalityId::new("orust")),
            }
        };
        log.push(w.write(id, at(11).0, EntryBody::Position(fix)));
    }
    log.push(w.write(
        id,
        at(12).0,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some(text("Bröstsmärta sedan en timme")),
            airway: Some("Fri".to_owned()),
            breathing: Some("Ansträngd, AF 24".to_owned()),
            circulation: Some("Blek, kallsvettig".to_owned()),
            disability: Some("Vaken, orienterad".to_owned()),
            exposure: Some("Inga yttre skador".to_owned()),
            notes: Some(text("Anhörig på plats.\nNitroglycerin i hemmet.")),
            patient_sex: Some(Sex::Female),
            patient_age: Some(84),
            spo2_scale: None,
        })),
    ));
    if shape.identity {
        log.push(w.write(
            id,
            at(12).0,
            EntryBody::Identity(Patch::set(PatientIdentity {
                personal_number: Some(PersonalNumber::try_from("191212121212".to_owned()).unwrap()),
                name: Some(text("Tolvan Tolvansson")),
            })),
        ));
    }
    let vitals = |m, pulse| VitalSigns {
        taken_at: Some(at(m)),
        resp_rate: Some(24),
        spo2: Some(93),
        on_oxygen: Some(false),
        pulse: Some(pulse),
        systolic: Some(105),
        diastolic: Some(60),
        temperature: Some(Tenths(384)),
        acvpu: Some(Acvpu::Alert),
        rls85: Some(1),
        glucose: Some(Tenths(62)),
        pain: Some(6),
        gcs_eye: Some(4),
        gcs_verbal: Some(5),
        gcs_motor: Some(6),
    };
    let first = w.write(
        id,
        at(13).0,
        EntryBody::Vitals {
            vitals: vitals(13, 180),
            supersedes: None,
        },
    );
    let first_ref = first.entry_ref();
    log.push(first);
    // A mistyped pulse, corrected.
    log.push(w.write(
        id,
        at(14).0,
        EntryBody::Vitals {
            vitals: vitals(13, 118),
            supersedes: Some(first_ref),
        },
    ));
    log.push(w.write(
        id,
        at(15).0,
        EntryBody::Intervention {
            intervention: Intervention {
                at: at(15),
                kind: InterventionKind::Oxygen,
                detail: "2 l/min".to_owned(),
            },
            supersedes: None,
        },
    ));
    log.push(w.write(
        id,
        at(16).0,
        EntryBody::Intervention {
            intervention: Intervention {
                at: at(16),
                kind: InterventionKind::Other,
                detail: text("EKG taget"),
            },
            supersedes: None,
        },
    ));
    log.push(w.write(
        id,
        at(17).0,
        EntryBody::Drug {
            drug: DrugGiven {
                at: at(17),
                drug: text("Nitroglycerin"),
                dose: "0,4 mg".to_owned(),
                route: Route::Sublingual,
            },
            supersedes: None,
        },
    ));
    let wrong = w.write(
        id,
        at(18).0,
        EntryBody::Drug {
            drug: DrugGiven {
                at: at(18),
                drug: "Morfin".to_owned(),
                dose: "5 mg".to_owned(),
                route: Route::Iv,
            },
            supersedes: None,
        },
    );
    let wrong_ref = wrong.entry_ref();
    log.push(wrong);
    log.push(w.write(
        id,
        at(19).0,
        EntryBody::Retracted {
            list: ItemKind::Drug,
            target: wrong_ref,
            reason: "Fel patientjournal".to_owned(),
        },
    ));
    log.push(w.write(
        id,
        at(20).0,
        EntryBody::Drug {
            drug: DrugGiven {
                at: at(20),
                drug: "Acetylsalicylsyra".to_owned(),
                dose: "2 tabletter".to_owned(),
                route: Route::Oral,
            },
            supersedes: None,
        },
    ));
    log.push(w.write(
        id,
        at(22).0,
        EntryBody::Vitals {
            vitals: VitalSigns {
                taken_at: Some(at(22)),
                resp_rate: Some(20),
                spo2: Some(96),
                on_oxygen: Some(true),
                pulse: Some(96),
                systolic: Some(120),
                diastolic: Some(70),
                acvpu: Some(Acvpu::Alert),
                ..VitalSigns::default()
            },
            supersedes: None,
        },
    ));
    log.push(w.write(
        id,
        at(23).0,
        EntryBody::HandedOn(HandOn {
            to: Holder::Nurse(w2.author.clone()),
            at: at(23),
            note: Some(text("Tar över dokumentationen")),
        }),
    ));
    log.push(w2.write(id, at(24).0, step(Step::AmbulanceArrive, 24)));
    // The third set, by the nurse who took over: a palpated systolic pressure (no diastolic),
    // new confusion, RLS and GCS, glucose and pain.
    log.push(w2.write(
        id,
        at(25).0,
        EntryBody::Vitals {
            vitals: VitalSigns {
                taken_at: Some(at(25)),
                resp_rate: Some(22),
                spo2: Some(94),
                on_oxygen: Some(true),
                pulse: Some(104),
                systolic: Some(98),
                diastolic: None,
                temperature: Some(Tenths(381)),
                acvpu: Some(Acvpu::Confusion),
                rls85: Some(2),
                glucose: Some(Tenths(58)),
                pain: Some(4),
                gcs_eye: Some(4),
                gcs_verbal: Some(4),
                gcs_motor: Some(6),
            },
            supersedes: None,
        },
    ));
    log.push(w2.write(
        id,
        at(25).0,
        EntryBody::Sbar(Patch::set(SbarText {
            situation: Some(text("84-årig kvinna med bröstsmärta, NEWS2 6.")),
            background: Some("Hjärtsvikt, tidigare infarkt.".to_owned()),
            assessment: Some("Påverkad, förbättrad efter syrgas.".to_owned()),
            recommendation: Some("Transport till akutmottagning.".to_owned()),
            recipient: Some("Ambulans 3410".to_owned()),
            handed_over_at: Some(at(26)),
        })),
    ));
    log.push(w2.write(id, at(26).0, step(Step::HandOver, 26)));
    log.push(w2.write(id, at(30).0, step(Step::Complete, 30)));
    JobView::fold(id, &log)
}
