//! A job from alarm to submitted form: the status machine, validation with field-level
//! Swedish errors, corrections kept in history, the SBAR draft and the form's pre-fill.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_model::doc::Patch;
use samverka_model::entry::ItemKind;
use samverka_model::form::{
    self, Arrival, Benefit, FormOptions, InfoMatched, Outcome, PreventedVisit, StatsForm,
};
use samverka_model::history::field_history;
use samverka_model::job::check_step;
use samverka_model::record::{DrugGiven, Intervention, InterventionKind, RecordText, Route, Sex};
use samverka_model::sbar;
use samverka_model::vitals::{Acvpu, Tenths, VitalSigns};
use samverka_model::{
    CommandError, Entry, EntryBody, ErrorCode, JobType, JobView, PerformerKind, Requester, Status,
    Step,
};

/// Applies `body` as a tap: checked against the view first, like the device store does.
fn tap(
    view: &mut JobView,
    log: &mut Vec<Entry>,
    w: &mut Writer,
    minute: i64,
    body: EntryBody,
) -> Result<Entry, CommandError> {
    view.check(&body, Some(&FormOptions::sample()))?;
    let e = w.write(view.id, T0 + minute * MIN, body);
    view.apply(&e);
    log.push(e.clone());
    Ok(e)
}

fn step(s: Step, minute: i64) -> EntryBody {
    EntryBody::Step {
        step: s,
        at: at(minute),
        reason: None,
    }
}

fn new_job(job_type: JobType) -> (JobView, Vec<Entry>, Writer) {
    let mut w = Writer::new(1);
    let mut view = JobView::new(job_id(1));
    let mut log = Vec::new();
    tap(
        &mut view,
        &mut log,
        &mut w,
        0,
        EntryBody::JobCreated(header(job_type)),
    )
    .unwrap();
    (view, log, w)
}

#[test]
fn every_status_step_pair_is_legal_exactly_where_the_chain_says() {
    use Status as S;
    use Step as T;
    let legal = [
        (S::Requested, T::Accept),
        (S::Requested, T::Decline),
        (S::Accepted, T::Depart),
        (S::Accepted, T::Abort),
        (S::Accepted, T::AmbulanceArrive),
        (S::EnRoute, T::Arrive),
        (S::EnRoute, T::Abort),
        (S::EnRoute, T::AmbulanceArrive),
        (S::OnScene, T::HandOver),
        (S::OnScene, T::Complete),
        (S::OnScene, T::AmbulanceArrive),
        (S::HandedOver, T::Complete),
        (S::HandedOver, T::AmbulanceArrive),
    ];
    let statuses = [
        S::Requested,
        S::Accepted,
        S::EnRoute,
        S::OnScene,
        S::HandedOver,
        S::Done,
        S::Declined,
        S::Aborted,
    ];
    for status in statuses {
        for s in Step::ALL {
            let got = check_step(JobType::Ivpa, status, s, false, Some("orsak"));
            assert_eq!(
                got.is_ok(),
                legal.contains(&(status, s)),
                "{status:?} → {s:?}: {got:?}"
            );
            if let Err(e) = got {
                assert_eq!(e.field, s.field_key());
                assert_eq!(e.code, ErrorCode::IllegalTransition);
                assert!(e.message.starts_with("Kan inte"), "{}", e.message);
            }
        }
    }
}

#[test]
fn only_ivpa_can_be_aborted_and_only_with_a_reason() {
    let err = check_step(
        JobType::NurseLine,
        Status::EnRoute,
        Step::Abort,
        false,
        Some("avbeställt"),
    )
    .unwrap_err();
    assert_eq!(
        (err.field.as_str(), err.code),
        ("timeline.abort", ErrorCode::NotApplicable)
    );
    let err = check_step(
        JobType::Ivpa,
        Status::EnRoute,
        Step::Abort,
        false,
        Some("  "),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Required);
    let err = check_step(JobType::Ivpa, Status::Requested, Step::Decline, false, None).unwrap_err();
    assert_eq!(
        (err.field.as_str(), err.message.as_str()),
        ("timeline.decline", "Ange en orsak.")
    );
    // The ambulance's arrival is noted once; a change is a correction.
    assert!(
        check_step(
            JobType::Ivpa,
            Status::OnScene,
            Step::AmbulanceArrive,
            true,
            None
        )
        .is_err()
    );
}

#[test]
fn an_illegal_tap_is_refused_and_loses_nothing() {
    let (mut view, mut log, mut w) = new_job(JobType::Ivpa);
    tap(&mut view, &mut log, &mut w, 1, step(Step::Accept, 1)).unwrap();
    tap(
        &mut view,
        &mut log,
        &mut w,
        2,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some("Medvetslös man".into()),
            ..RecordText::default()
        })),
    )
    .unwrap();
    let before = view.clone();
    let err = tap(&mut view, &mut log, &mut w, 3, step(Step::HandOver, 3)).unwrap_err();
    assert!(err.has("timeline.hand_over"));
    assert_eq!(view, before);
    assert_eq!(log.len(), 3);
    assert_eq!(
        view.record.value.chief_complaint.as_deref(),
        Some("Medvetslös man")
    );
}

#[test]
fn times_must_follow_the_timeline_order() {
    let (mut view, mut log, mut w) = new_job(JobType::Ivpa);
    tap(&mut view, &mut log, &mut w, 1, step(Step::Accept, 1)).unwrap();
    tap(&mut view, &mut log, &mut w, 2, step(Step::Depart, 2)).unwrap();
    let err = tap(&mut view, &mut log, &mut w, 3, step(Step::Arrive, 1)).unwrap_err();
    assert_eq!(err.errors[0].message, "Tiden kan inte vara före ”Avfärd”.");
    let err = tap(&mut view, &mut log, &mut w, 3, step(Step::Accept, -5)).unwrap_err();
    assert!(err.has("timeline.accept"));
    // A correction may not move departure after arrival either.
    tap(&mut view, &mut log, &mut w, 9, step(Step::Arrive, 9)).unwrap();
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        10,
        EntryBody::TimeCorrected {
            step: Step::Depart,
            at: at(12),
            reason: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.errors[0].message, "Tiden kan inte vara efter ”Framme”.");
    // Correcting a step that never happened is refused.
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        10,
        EntryBody::TimeCorrected {
            step: Step::Complete,
            at: at(12),
            reason: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.errors[0].code, ErrorCode::Unknown);
}

#[test]
fn out_of_range_vitals_name_each_field() {
    let (mut view, mut log, mut w) = new_job(JobType::Ivpa);
    let bad = VitalSigns {
        taken_at: Some(at(5)),
        pulse: Some(800),
        spo2: Some(101),
        systolic: Some(80),
        diastolic: Some(90),
        temperature: Some(Tenths::from_f64(52.0)),
        pain: Some(11),
        rls85: Some(0),
        ..VitalSigns::default()
    };
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        5,
        EntryBody::Vitals {
            vitals: bad,
            supersedes: None,
        },
    )
    .unwrap_err();
    for f in [
        "vitals.pulse",
        "vitals.spo2",
        "vitals.diastolic",
        "vitals.temperature",
        "vitals.pain",
        "vitals.rls85",
    ] {
        assert!(err.has(f), "{f} in {err}");
    }
    assert!(
        err.errors
            .iter()
            .any(|e| e.message == "Temperatur måste vara 20,0–45,0 °C.")
    );
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        5,
        EntryBody::Vitals {
            vitals: VitalSigns::default(),
            supersedes: None,
        },
    )
    .unwrap_err();
    assert!(err.has("vitals") && err.has("vitals.taken_at"));
    assert!(view.vitals.items.is_empty());
}

fn ivpa_callout() -> (JobView, Vec<Entry>, Writer) {
    let (mut v, mut log, mut w) = new_job(JobType::Ivpa);
    let t = &mut |v: &mut JobView, log: &mut Vec<Entry>, w: &mut Writer, m: i64, b: EntryBody| {
        tap(v, log, w, m, b).unwrap()
    };
    t(&mut v, &mut log, &mut w, 1, step(Step::Accept, 1));
    t(&mut v, &mut log, &mut w, 2, step(Step::Depart, 2));
    t(&mut v, &mut log, &mut w, 9, step(Step::Arrive, 9));
    t(
        &mut v,
        &mut log,
        &mut w,
        10,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some("Bröstsmärta".into()),
            airway: Some("Fri".into()),
            breathing: Some("Ansträngd".into()),
            patient_sex: Some(Sex::Male),
            patient_age: Some(78),
            ..RecordText::default()
        })),
    );
    let vitals = |m: i64, rr: u16, hr: u16| VitalSigns {
        taken_at: Some(at(m)),
        resp_rate: Some(rr),
        spo2: Some(93),
        on_oxygen: Some(false),
        pulse: Some(hr),
        systolic: Some(105),
        diastolic: Some(70),
        acvpu: Some(Acvpu::Alert),
        temperature: Some(Tenths::from_f64(37.2)),
        ..VitalSigns::default()
    };
    t(
        &mut v,
        &mut log,
        &mut w,
        11,
        EntryBody::Vitals {
            vitals: vitals(11, 26, 118),
            supersedes: None,
        },
    );
    t(
        &mut v,
        &mut log,
        &mut w,
        12,
        EntryBody::Intervention {
            intervention: Intervention {
                at: at(12),
                kind: InterventionKind::Oxygen,
                detail: "5 l/min".into(),
            },
            supersedes: None,
        },
    );
    t(
        &mut v,
        &mut log,
        &mut w,
        13,
        EntryBody::Drug {
            drug: DrugGiven {
                at: at(13),
                drug: "Glyceryltrinitrat".into(),
                dose: "0,4 mg".into(),
                route: Route::Sublingual,
            },
            supersedes: None,
        },
    );
    t(
        &mut v,
        &mut log,
        &mut w,
        18,
        EntryBody::Vitals {
            vitals: vitals(18, 20, 96),
            supersedes: None,
        },
    );
    t(
        &mut v,
        &mut log,
        &mut w,
        21,
        step(Step::AmbulanceArrive, 21),
    );
    (v, log, w)
}

#[test]
fn the_sbar_draft_carries_vitals_news2_interventions_and_drugs_with_times() {
    let (view, _, _) = ivpa_callout();
    // 2026-03-14 is winter time: CET, UTC+1.
    let d = sbar::draft(&view, samverka_model::timestamp::Zone::Sweden);
    let s = d.situation.unwrap();
    assert!(
        s.starts_with("IVPA-uppdrag, beställt av SOS Alarm/SvLc."),
        "{s}"
    );
    assert!(
        s.contains("Kontaktorsak: Bröstsmärta.") && s.contains("Framme kl 04:07."),
        "{s}"
    );
    // Latest set: RR 20 (0), SpO2 93 (2), air (0), SBP 105 (1), pulse 96 (1), A (0), 37.2 (0) = 4.
    assert!(s.contains("NEWS2 4 (låg risk) kl 04:16."), "{s}");
    let b = d.background.unwrap();
    assert!(
        b.contains("Man, 78 år.") && b.contains("Larm/beställning kl 03:58."),
        "{b}"
    );
    let a = d.assessment.unwrap();
    assert!(a.contains("A: Fri.") && a.contains("B: Ansträngd."), "{a}");
    assert!(a.contains("Kl 04:09: AF 26 [3], SpO2 93 % utan syrgas [2], puls 118 [2], BT 105/70 [1], temp 37,2 [0], vaken (A) [0]. NEWS2 8."), "{a}");
    let r = d.recommendation.unwrap();
    assert!(r.contains("Syrgas (5 l/min) kl 04:10"), "{r}");
    assert!(
        r.contains("Glyceryltrinitrat 0,4 mg sublingualt kl 04:11"),
        "{r}"
    );
    assert!(r.contains("NEWS2 över tid: 8 → 4."), "{r}");
}

#[test]
fn the_form_is_prefilled_from_the_job_and_validated_per_type() {
    let (mut view, mut log, mut w) = ivpa_callout();
    let f = view.effective_form();
    assert_eq!(f.job_type, Some(JobType::Ivpa));
    assert_eq!(f.requester, Some(Requester::DISPATCH));
    assert_eq!(f.performer, Some(PerformerKind::Municipal));
    assert_eq!((f.patient_sex, f.patient_age), (Some(Sex::Male), Some(78)));
    assert_eq!(f.outcome, Some(Outcome::Done));
    // Arrived 03:58+9 min, ambulance +21 min: twelve minutes first.
    assert_eq!(
        (f.arrival, f.minutes_before_ambulance),
        (Some(Arrival::Before), Some(12))
    );

    // Submitting now names every question still open, and only those.
    let form = view.effective_form();
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        30,
        EntryBody::FormSubmitted { at: at(30), form },
    )
    .unwrap_err();
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "form.problem",
            "form.actions",
            "form.right_care_level",
            "form.stayed_home",
            "form.info_matched",
            "form.prevented_visit",
            "form.benefit",
        ]
    );
    assert!(err.errors.iter().all(|e| e.message == "Måste fyllas i."));

    // A typo is caught when saved, and the values already saved stay.
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        31,
        EntryBody::Form(Patch::set(StatsForm {
            patient_age: Some(130),
            benefit: Some(Benefit::Good),
            ..StatsForm::default()
        })),
    )
    .unwrap_err();
    assert_eq!(err.errors[0].field, "form.patient_age");
    assert_eq!(err.errors[0].message, "Ålder måste vara 0–120 år.");
    tap(
        &mut view,
        &mut log,
        &mut w,
        32,
        EntryBody::Form(Patch::set(StatsForm {
            problem: Some("chest_pain".into()),
            actions: Some(vec!["assessment".into(), "oxygen".into()]),
            right_care_level: Some(true),
            stayed_home: Some(false),
            info_matched: Some(InfoMatched::Well),
            prevented_visit: Some(PreventedVisit::None),
            benefit: Some(Benefit::VeryGood),
            ..StatsForm::default()
        })),
    )
    .unwrap();
    // Minutes are only for a nurse who came first.
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        33,
        EntryBody::Form(Patch::set(StatsForm {
            arrival: Some(Arrival::After),
            ..StatsForm::default()
        })),
    )
    .unwrap_err();
    assert_eq!(err.errors[0].field, "form.minutes_before_ambulance");
    tap(
        &mut view,
        &mut log,
        &mut w,
        34,
        EntryBody::Form(Patch {
            set: StatsForm {
                arrival: Some(Arrival::After),
                ..StatsForm::default()
            },
            clear: vec!["minutes_before_ambulance".into()],
        }),
    )
    .unwrap();
    let f = view.effective_form();
    assert_eq!(
        (f.arrival, f.minutes_before_ambulance),
        (Some(Arrival::After), None)
    );

    tap(
        &mut view,
        &mut log,
        &mut w,
        35,
        EntryBody::FormSubmitted {
            at: at(35),
            form: f.clone(),
        },
    )
    .unwrap();
    assert_eq!(view.submitted.as_ref().unwrap().value.form, f);
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        36,
        EntryBody::Form(Patch::set(StatsForm {
            benefit: Some(Benefit::Little),
            ..StatsForm::default()
        })),
    )
    .unwrap_err();
    assert_eq!(
        (err.errors[0].field.as_str(), err.errors[0].code),
        ("form", ErrorCode::Locked)
    );
}

#[test]
fn the_form_draft_fills_itself_from_the_job_and_marks_what_it_filled() {
    let (mut view, mut log, mut w) = ivpa_callout();
    let options = FormOptions::sample();
    let draft = view.form_draft(&options);
    // The record's vital signs, oxygen and drug are the form's actions, in the list's order.
    assert_eq!(
        draft.form.actions,
        Some(vec![
            "assessment".into(),
            "medication".into(),
            "oxygen".into()
        ])
    );
    // The complaint suggests a problem, but the form does not take it by itself.
    assert_eq!(draft.suggested_problem.as_deref(), Some("chest_pain"));
    assert_eq!(draft.form.problem, None);
    for field in [
        "job_type",
        "requester",
        "performer",
        "municipality",
        "outcome",
        "patient_sex",
        "patient_age",
        "actions",
        "arrival",
        "minutes_before_ambulance",
    ] {
        assert!(draft.from_job.contains(field), "{field} is from the job");
    }
    let (answered, applies) = draft.answered();
    assert_eq!((answered, applies), (10, 16), "{draft:?}");

    // The nurse confirms the problem and takes one action off: her answers win and are no
    // longer marked as the job's.
    for patch in [
        Patch::<StatsForm>::set(StatsForm {
            problem: Some("chest_pain".into()),
            ..StatsForm::default()
        }),
        Patch::<StatsForm>::set(StatsForm {
            actions: Some(vec!["assessment".into(), "oxygen".into()]),
            ..StatsForm::default()
        }),
    ] {
        tap(&mut view, &mut log, &mut w, 25, EntryBody::Form(patch)).unwrap();
    }
    let draft = view.form_draft(&options);
    assert_eq!(draft.suggested_problem, None);
    assert_eq!(draft.form.problem.as_deref(), Some("chest_pain"));
    assert_eq!(
        draft.form.actions,
        Some(vec!["assessment".into(), "oxygen".into()])
    );
    assert!(!draft.from_job.contains("actions") && !draft.from_job.contains("problem"));
    assert_eq!(draft.answered(), (11, 16));

    // An action code the list in force lacks is never offered.
    let mut fewer = FormOptions::sample();
    fewer.actions.retain(|c| c.code != "medication");
    let (fresh, _, _) = ivpa_callout();
    assert_eq!(
        fresh.form_draft(&fewer).form.actions,
        Some(vec!["assessment".into(), "oxygen".into()])
    );
}

#[test]
fn declined_needs_type_requester_and_reason_only() {
    let options = FormOptions::sample();
    let mut f = StatsForm {
        job_type: Some(JobType::NurseLine),
        requester: Some(Requester::NURSE_LINE),
        outcome: Some(Outcome::Declined),
        ..StatsForm::default()
    };
    let err = form::validate(&f, Some(&options)).unwrap_err();
    assert_eq!(err.errors.len(), 1);
    assert_eq!(err.errors[0].field, "form.declined_reason");
    f.declined_reason = Some("Ingen sjuksköterska ledig".into());
    form::validate(&f, Some(&options)).unwrap();
}

#[test]
fn ivpa_only_fields_and_abort_are_refused_on_other_types() {
    let options = FormOptions::sample();
    let f = StatsForm {
        job_type: Some(JobType::Assistance),
        requester: Some(Requester::HEALTH_CENTRE),
        outcome: Some(Outcome::Aborted),
        arrival: Some(Arrival::Before),
        minutes_before_ambulance: Some(5),
        ..StatsForm::default()
    };
    let err = form::validate(&f, Some(&options)).unwrap_err();
    for field in [
        "form.arrival",
        "form.minutes_before_ambulance",
        "form.outcome",
    ] {
        assert!(
            err.errors
                .iter()
                .any(|e| e.field == field && e.code == ErrorCode::NotApplicable),
            "{field}: {err}"
        );
    }
    let ivpa = StatsForm {
        job_type: Some(JobType::Ivpa),
        requester: Some(Requester::DISPATCH),
        outcome: Some(Outcome::Aborted),
        performer: Some(PerformerKind::Ambulance),
        municipality: Some(samverka_model::MunicipalityId::new("orust")),
        problem: Some("no_such_problem".into()),
        minutes_before_ambulance: Some(0),
        ..StatsForm::default()
    };
    let err = form::validate(&ivpa, Some(&options)).unwrap_err();
    for field in [
        "form.performer",
        "form.problem",
        "form.minutes_before_ambulance",
    ] {
        assert!(err.has(field), "{field}: {err}");
    }
}

#[test]
fn a_corrected_vital_set_is_superseded_and_kept_in_history() {
    let (mut view, mut log, mut w) = ivpa_callout();
    let first = view.vitals.current().next().unwrap().entry;
    let corrected = VitalSigns {
        taken_at: Some(at(11)),
        pulse: Some(112),
        ..VitalSigns::default()
    };
    let fix = tap(
        &mut view,
        &mut log,
        &mut w,
        25,
        EntryBody::Vitals {
            vitals: corrected,
            supersedes: Some(first),
        },
    )
    .unwrap();
    assert_eq!(view.vitals.items.len(), 3);
    assert_eq!(view.vitals.current().count(), 2);
    assert_eq!(
        view.vitals
            .items
            .iter()
            .find(|i| i.entry == first)
            .unwrap()
            .superseded_by,
        Some(fix.entry_ref())
    );
    // A second correction of the same set is refused: correct the correction instead.
    let err = tap(
        &mut view,
        &mut log,
        &mut w,
        26,
        EntryBody::Vitals {
            vitals: VitalSigns {
                taken_at: Some(at(11)),
                pulse: Some(110),
                ..VitalSigns::default()
            },
            supersedes: Some(first),
        },
    )
    .unwrap_err();
    assert_eq!(err.errors[0].code, ErrorCode::AlreadyExists);
    let h = field_history(&log, "vitals");
    assert_eq!(h.len(), 3);
    assert_eq!(h.iter().filter(|c| c.current).count(), 2);
    assert!(!h.iter().find(|c| c.entry == first).unwrap().current);

    // Retracting the drug keeps it in history, gone from the current list.
    let drug = view.drugs.current().next().unwrap().entry;
    tap(
        &mut view,
        &mut log,
        &mut w,
        27,
        EntryBody::Retracted {
            list: ItemKind::Drug,
            target: drug,
            reason: "Fel patient".into(),
        },
    )
    .unwrap();
    assert_eq!(view.drugs.current().count(), 0);
    assert_eq!(field_history(&log, "drugs").len(), 2);
}

#[test]
fn a_corrected_time_wins_and_the_old_time_stays_in_history() {
    let (mut view, mut log, mut w) = ivpa_callout();
    tap(
        &mut view,
        &mut log,
        &mut w,
        40,
        EntryBody::TimeCorrected {
            step: Step::Arrive,
            at: at(8),
            reason: None,
        },
    )
    .unwrap();
    assert_eq!(view.mark(Step::Arrive).unwrap().value.at, at(8));
    let h = field_history(&log, "timeline.arrive");
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].value["at"], serde_json::json!(at(9).0));
    assert!(!h[0].current && h[1].current);
    // The form's minutes follow the corrected time.
    assert_eq!(view.effective_form().minutes_before_ambulance, Some(13));
}

#[test]
fn concurrent_decline_and_arrival_resolve_the_same_way_everywhere() {
    let job = job_id(1);
    let (mut a, mut b) = (Writer::new(1), Writer::new(2));
    let created = a.write(job, T0, EntryBody::JobCreated(header(JobType::NurseLine)));
    let accept = a.write(job, T0 + MIN, step(Step::Accept, 1));
    let decline = b.write(
        job,
        T0 + MIN,
        EntryBody::Step {
            step: Step::Decline,
            at: at(1),
            reason: Some("Upptagen".into()),
        },
    );
    let depart = a.write(job, T0 + 2 * MIN, step(Step::Depart, 2));
    let v1 = JobView::fold(job, [&created, &accept, &decline, &depart]);
    let v2 = JobView::fold(job, [&depart, &decline, &created, &accept]);
    assert_eq!(v1, v2);
    assert_eq!(v1.status(), Status::Declined);
}

#[test]
fn swedish_clock_times_follow_the_summer_time_switch_in_the_night() {
    use samverka_model::timestamp::Zone;
    let utc = |y, m, d, h, min| {
        let date = time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
        let t = time::PrimitiveDateTime::new(date, time::Time::from_hms(h, min, 0).unwrap())
            .assume_utc();
        samverka_model::Timestamp((t.unix_timestamp_nanos() / 1_000_000) as i64)
    };
    // Spring: Sunday 29 March 2026, 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    assert_eq!(utc(2026, 3, 29, 0, 59).hhmm(Zone::Sweden), "01:59");
    assert_eq!(utc(2026, 3, 29, 1, 0).hhmm(Zone::Sweden), "03:00");
    // Autumn: Sunday 25 October 2026, 03:00 CEST becomes 02:00 CET at 01:00 UTC.
    assert_eq!(utc(2026, 10, 25, 0, 59).hhmm(Zone::Sweden), "02:59");
    assert_eq!(utc(2026, 10, 25, 1, 0).hhmm(Zone::Sweden), "02:00");
    // Summer and winter otherwise, and a fixed zone stays fixed.
    assert_eq!(utc(2026, 7, 1, 12, 0).hhmm(Zone::Sweden), "14:00");
    assert_eq!(utc(2026, 12, 24, 23, 30).hhmm(Zone::Sweden), "00:30");
    assert_eq!(
        utc(2026, 7, 1, 12, 0).hhmm(Zone::Fixed(time::UtcOffset::UTC)),
        "12:00"
    );
}

#[test]
fn a_job_handed_on_twice_keeps_every_holder_in_its_history() {
    use samverka_model::UserId;
    use samverka_model::holder::{HandOn, Holder};
    let (mut view, mut log, mut anna) = new_job(JobType::Assistance);
    assert_eq!(view.holder(), Some(Holder::Nurse(anna.author.clone())));
    tap(&mut view, &mut log, &mut anna, 1, step(Step::Accept, 1)).unwrap();
    let to_shift = EntryBody::HandedOn(HandOn {
        to: Holder::NextShift,
        at: at(300),
        note: Some("Kateterbyte kvar, nyckel i nyckelgömma".into()),
    });
    tap(&mut view, &mut log, &mut anna, 300, to_shift.clone()).unwrap();
    // Handing it to where it already lies is refused, with the reason.
    let again = view
        .check(&to_shift, Some(&FormOptions::sample()))
        .unwrap_err();
    assert_eq!(again.errors[0].field, "holder");
    // The morning nurse takes it from the shift.
    let mut berit = Writer::new(2);
    let take = EntryBody::HandedOn(HandOn {
        to: Holder::Nurse(berit.author.clone()),
        at: at(320),
        note: None,
    });
    tap(&mut view, &mut log, &mut berit, 320, take).unwrap();
    assert!(view.is_held_by(&UserId::new("nurse-2")));
    assert!(!view.is_held_by(&anna.author));
    let history = view.holder_history();
    let holders: Vec<_> = history.iter().map(|h| h.holder.clone()).collect();
    assert_eq!(
        holders,
        vec![
            Holder::Nurse(anna.author.clone()),
            Holder::NextShift,
            Holder::Nurse(berit.author.clone())
        ]
    );
    assert_eq!(history[1].by, anna.author);
    assert_eq!(history[1].since, at(300));
    assert_eq!(history[2].by, berit.author);
    // A closed job stays where it is.
    tap(
        &mut view,
        &mut log,
        &mut berit,
        330,
        step(Step::Decline, 330),
    )
    .unwrap_err();
}

#[test]
fn a_closed_job_cannot_be_handed_on() {
    use samverka_model::holder::{HandOn, Holder};
    let (mut view, mut log, mut w) = new_job(JobType::NurseLine);
    let declined = EntryBody::Step {
        step: Step::Decline,
        at: at(1),
        reason: Some("Upptagen på annat uppdrag".into()),
    };
    tap(&mut view, &mut log, &mut w, 1, declined).unwrap();
    let e = view
        .check(
            &EntryBody::HandedOn(HandOn {
                to: Holder::NextShift,
                at: at(2),
                note: None,
            }),
            Some(&FormOptions::sample()),
        )
        .unwrap_err();
    assert_eq!(e.errors[0].code, ErrorCode::Locked);
}

#[test]
fn the_position_at_arrival_prefills_the_municipality_and_a_missing_one_says_so() {
    use samverka_model::MunicipalityId;
    use samverka_model::position::{MissingReason, PositionFix};
    let (mut view, mut log, mut w) = new_job(JobType::Ivpa);
    let missing = EntryBody::Position(PositionFix::Missing {
        reason: MissingReason::Unavailable,
        at: at(9),
        municipality: Some(MunicipalityId::new("sotenas")),
    });
    // Not before arrival.
    let early = view
        .check(&missing, Some(&FormOptions::sample()))
        .unwrap_err();
    assert_eq!(early.errors[0].field, "position");
    for (s, m) in [(Step::Accept, 1), (Step::Depart, 2), (Step::Arrive, 9)] {
        tap(&mut view, &mut log, &mut w, m, step(s, m)).unwrap();
    }
    // Before any position the unit's municipality is the guess.
    assert_eq!(
        view.effective_form().municipality,
        Some(MunicipalityId::new("orust"))
    );
    tap(&mut view, &mut log, &mut w, 9, missing).unwrap();
    assert_eq!(
        view.effective_form().municipality,
        Some(MunicipalityId::new("sotenas"))
    );
    let fix = &view.position.as_ref().unwrap().value;
    assert_eq!(fix.coordinates(), None);
    let json = serde_json::to_string(&view).unwrap();
    assert!(
        !json.contains("lat_e7"),
        "a missing position has no coordinates"
    );
    // What the nurse set herself on the form still wins.
    let own = EntryBody::Form(Patch::set(StatsForm {
        municipality: Some(MunicipalityId::new("tanum")),
        ..StatsForm::default()
    }));
    tap(&mut view, &mut log, &mut w, 10, own).unwrap();
    assert_eq!(
        view.effective_form().municipality,
        Some(MunicipalityId::new("tanum"))
    );
}

#[test]
fn a_text_the_region_would_refuse_is_refused_at_the_tap() {
    let (mut view, mut log, mut w) = new_job(JobType::Ivpa);
    for (notes, key) in [
        (
            "Pastad text\u{0}med NUL".to_owned(),
            "text_control_character",
        ),
        (
            "x".repeat(samverka_model::sync::MAX_TEXT_BYTES + 1),
            "text_too_long",
        ),
    ] {
        let body = EntryBody::Record(Patch::set(RecordText {
            notes: Some(notes),
            ..RecordText::default()
        }));
        let err = tap(&mut view, &mut log, &mut w, 1, body).unwrap_err();
        assert_eq!(
            err.errors[0].msg.as_ref().map(|m| m.key.as_str()),
            Some(key)
        );
    }
    // Nothing was written; an ordinary note is.
    assert_eq!(log.len(), 1);
    let body = EntryBody::Record(Patch::set(RecordText {
        notes: Some("Vanlig anteckning".into()),
        ..RecordText::default()
    }));
    tap(&mut view, &mut log, &mut w, 2, body).unwrap();
}
