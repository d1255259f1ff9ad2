//! The fold is a merge: the same entries from up to three phones, applied in any order and any
//! number of times, give identical read models.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use proptest::prelude::*;
use samverka_model::doc::Patch;
use samverka_model::entry::ItemKind;
use samverka_model::form::{Arrival, Benefit, StatsForm};
use samverka_model::holder::{HandOn, Holder};
use samverka_model::position::{MissingReason, PositionFix};
use samverka_model::record::{DrugGiven, Intervention, InterventionKind, RecordText, Route, Sex};
use samverka_model::sbar::SbarText;
use samverka_model::vitals::{Acvpu, Tenths, VitalSigns};
use samverka_model::{EntryBody, EntryRef, JobType, JobView, Step};
use samverka_model::{MunicipalityId, UserId};

/// One thing a phone may do, with indices resolved against what was written before.
#[derive(Debug, Clone)]
enum Op {
    Step(usize, i64),
    Correct(usize, i64),
    Complaint(u8),
    ClearNotes,
    Age(u16),
    Form(u8),
    Submit,
    Vitals(u16, u16, Option<usize>),
    Intervention(i64, Option<usize>),
    Drug(i64, Option<usize>),
    Retract(usize),
    Sbar(u8),
    HandOn(u8),
    Position(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..8usize, 0..90i64).prop_map(|(s, m)| Op::Step(s, m)),
        (0..8usize, 0..90i64).prop_map(|(s, m)| Op::Correct(s, m)),
        (0..4u8).prop_map(Op::Complaint),
        Just(Op::ClearNotes),
        (0..121u16).prop_map(Op::Age),
        (0..4u8).prop_map(Op::Form),
        Just(Op::Submit),
        (40..160u16, 80..100u16, proptest::option::of(0..40usize))
            .prop_map(|(p, s, t)| Op::Vitals(p, s, t)),
        (0..90i64, proptest::option::of(0..40usize)).prop_map(|(m, t)| Op::Intervention(m, t)),
        (0..90i64, proptest::option::of(0..40usize)).prop_map(|(m, t)| Op::Drug(m, t)),
        (0..40usize).prop_map(Op::Retract),
        (0..3u8).prop_map(Op::Sbar),
        (0..3u8).prop_map(Op::HandOn),
        (0..3u8).prop_map(Op::Position),
    ]
}

fn body(op: &Op, written: &[EntryRef]) -> EntryBody {
    let pick = |i: &Option<usize>| i.and_then(|i| written.get(i % written.len().max(1)).copied());
    match op {
        Op::Step(s, m) => EntryBody::Step {
            step: Step::ALL[*s],
            at: at(*m),
            reason: Some("orsak".into()),
        },
        Op::Correct(s, m) => EntryBody::TimeCorrected {
            step: Step::ALL[*s],
            at: at(*m),
            reason: None,
        },
        Op::Complaint(c) => EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some(
                ["Bröstsmärta", "Andnöd", "Medvetslös", "Fall"][*c as usize].into(),
            ),
            notes: Some(format!("anteckning {c}")),
            ..RecordText::default()
        })),
        Op::ClearNotes => EntryBody::Record(Patch {
            set: RecordText::default(),
            clear: vec!["notes".into()],
        }),
        Op::Age(a) => EntryBody::Record(Patch::set(RecordText {
            patient_age: Some(*a),
            patient_sex: Some(if a % 2 == 0 { Sex::Female } else { Sex::Male }),
            ..RecordText::default()
        })),
        Op::Form(f) => EntryBody::Form(Patch::set(StatsForm {
            benefit: Some(
                [
                    Benefit::None,
                    Benefit::Some,
                    Benefit::Good,
                    Benefit::VeryGood,
                ][*f as usize],
            ),
            arrival: (*f > 1).then_some(Arrival::Before),
            minutes_before_ambulance: (*f > 1).then_some(u16::from(*f) * 4),
            ..StatsForm::default()
        })),
        Op::Submit => EntryBody::FormSubmitted {
            at: at(95),
            form: StatsForm {
                job_type: Some(JobType::Ivpa),
                ..StatsForm::default()
            },
        },
        Op::Vitals(p, s, t) => EntryBody::Vitals {
            vitals: VitalSigns {
                taken_at: Some(at(i64::from(*p % 60))),
                pulse: Some(*p),
                spo2: Some(*s),
                on_oxygen: Some(p % 2 == 0),
                temperature: Some(Tenths(350 + i32::from(*p % 40))),
                acvpu: Some(Acvpu::Alert),
                ..VitalSigns::default()
            },
            supersedes: pick(t),
        },
        Op::Intervention(m, t) => EntryBody::Intervention {
            intervention: Intervention {
                at: at(*m),
                kind: InterventionKind::Oxygen,
                detail: format!("{m} l/min"),
            },
            supersedes: pick(t),
        },
        Op::Drug(m, t) => EntryBody::Drug {
            drug: DrugGiven {
                at: at(*m),
                drug: "Läkemedel X".into(),
                dose: format!("{m} mg"),
                route: Route::Iv,
            },
            supersedes: pick(t),
        },
        Op::Retract(t) => EntryBody::Retracted {
            list: [ItemKind::Vitals, ItemKind::Intervention, ItemKind::Drug][t % 3],
            target: written[t % written.len()],
            reason: "fel patient".into(),
        },
        Op::Sbar(s) => EntryBody::Sbar(Patch::set(SbarText {
            situation: Some(format!("situation {s}")),
            recipient: (*s == 2).then(|| "Ambulans 1234".into()),
            ..SbarText::default()
        })),
        Op::HandOn(n) => EntryBody::HandedOn(HandOn {
            to: if *n == 0 {
                Holder::NextShift
            } else {
                Holder::Nurse(UserId::new(format!("nurse-{n}")))
            },
            at: at(i64::from(*n)),
            note: None,
        }),
        Op::Position(n) => EntryBody::Position(if *n == 0 {
            PositionFix::Missing {
                reason: MissingReason::Unavailable,
                at: at(3),
                municipality: Some(MunicipalityId::new("orust")),
            }
        } else {
            PositionFix::Located {
                lat_e7: 582_380_000 + i32::from(*n),
                lon_e7: 116_700_000,
                accuracy_m: 10,
                at: at(3),
                municipality: Some(MunicipalityId::new("orust")),
            }
        }),
    }
}

fn scenario() -> impl Strategy<Value = Vec<samverka_model::Entry>> {
    proptest::collection::vec((0..3u8, 0..3i64, op()), 1..60).prop_map(|ops| {
        let job = job_id(1);
        let mut writers = [Writer::new(1), Writer::new(2), Writer::new(3)];
        let mut wall = T0;
        let mut written: Vec<EntryRef> = Vec::new();
        let mut out =
            vec![writers[0].write(job, wall, EntryBody::JobCreated(header(JobType::Ivpa)))];
        written.push(out[0].entry_ref());
        for (d, dt, op) in ops {
            wall += dt * 1_000;
            let e = writers[d as usize].write(job, wall, body(&op, &written));
            written.push(e.entry_ref());
            out.push(e);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_order_any_duplicates_same_view(
        (entries, shuffled) in scenario().prop_flat_map(|e| (Just(e.clone()), Just(e).prop_shuffle())),
        dup in proptest::collection::vec(0..60usize, 0..10),
    ) {
        let job = job_id(1);
        let in_order = JobView::fold(job, &entries);
        let mut with_dups = shuffled.clone();
        for i in dup {
            with_dups.push(shuffled[i % shuffled.len()].clone());
        }
        let mut reversed = entries.clone();
        reversed.reverse();
        prop_assert_eq!(&in_order, &JobView::fold(job, &shuffled));
        prop_assert_eq!(&in_order, &JobView::fold(job, &with_dups));
        prop_assert_eq!(&in_order, &JobView::fold(job, &reversed));
        // The view survives its own serialisation (the device stores it as JSON).
        let json = serde_json::to_string(&in_order).unwrap();
        prop_assert_eq!(&in_order, &serde_json::from_str::<JobView>(&json).unwrap());
        // Derived answers agree too.
        prop_assert_eq!(in_order.status(), JobView::fold(job, &shuffled).status());
        prop_assert_eq!(in_order.effective_form(), JobView::fold(job, &shuffled).effective_form());
        prop_assert_eq!(in_order.holder_history(), JobView::fold(job, &shuffled).holder_history());
    }

    #[test]
    fn entries_survive_serialisation(entries in scenario()) {
        for e in &entries {
            let json = serde_json::to_string(e).unwrap();
            prop_assert_eq!(e, &serde_json::from_str::<samverka_model::Entry>(&json).unwrap());
            // The stored form: read back whole, and the payload is the same JSON value a
            // `serde_json::Value` of the body holds under "payload".
            let (kind, payload) = e.body.to_parts().unwrap();
            prop_assert_eq!(&e.body, &EntryBody::from_parts(kind, &payload).unwrap());
            let mut tree = serde_json::to_value(&e.body).unwrap();
            prop_assert_eq!(tree["kind"].as_str(), Some(kind));
            prop_assert_eq!(
                serde_json::from_str::<serde_json::Value>(&payload).unwrap(),
                tree["payload"].take()
            );
        }
    }
}

#[test]
fn a_stored_payload_is_one_json_value() {
    let (kind, payload) = EntryBody::JobCreated(header(JobType::Ivpa))
        .to_parts()
        .unwrap();
    assert!(EntryBody::from_parts(kind, &payload).is_ok());
    // Text after the value would otherwise become fields of the whole it is read into.
    for bad in [
        format!("{payload},\"kind\":\"step\""),
        format!("{payload} {payload}"),
        String::new(),
        "{".to_owned(),
    ] {
        assert!(EntryBody::from_parts(kind, &bad).is_err(), "{bad}");
    }
    assert!(EntryBody::from_parts("no_such_kind", &payload).is_err());
    assert!(EntryBody::from_parts("job_created\",\"x", &payload).is_err());
}

#[test]
fn scalar_fields_are_last_writer_wins_and_lists_are_unions() {
    let job = job_id(1);
    let (mut a, mut b) = (Writer::new(1), Writer::new(2));
    let created = a.write(job, T0, EntryBody::JobCreated(header(JobType::Ivpa)));
    // B's clock is behind A's wall clock, but B writes later in HLC terms after observing A.
    let a_complaint = a.write(
        job,
        T0 + 5_000,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some("Bröstsmärta".into()),
            ..RecordText::default()
        })),
    );
    b.clock
        .observe(a_complaint.hlc, (T0 + 1_000) as u64)
        .unwrap();
    let b_complaint = b.write(
        job,
        T0 + 1_000,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some("Bröstsmärta sedan 02.30".into()),
            ..RecordText::default()
        })),
    );
    let va = a.write(job, T0 + 6_000, body(&Op::Vitals(88, 95, None), &[]));
    let vb = b.write(job, T0 + 2_000, body(&Op::Vitals(120, 91, None), &[]));
    let all = [created, b_complaint, a_complaint, vb, va];
    let view = JobView::fold(job, &all);
    assert_eq!(
        view.record.value.chief_complaint.as_deref(),
        Some("Bröstsmärta sedan 02.30")
    );
    assert_eq!(view.vitals.current().count(), 2);
}
