//! Rules the UI's taps follow, kept in the model and tested here: what SBAR's "handed over"
//! writes, the requester a new job starts with, and how the home screen lists the open jobs.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_model::app::{HomeLists, JobSummary};
use samverka_model::form::FormOptions;
use samverka_model::holder::Holder;
use samverka_model::sbar::{self, SbarText};
use samverka_model::{
    EntryBody, JobHeader, JobId, JobType, JobView, PerformerKind, Requester, Status, Step,
    Timestamp, UnitId, UserId,
};
use uuid::Uuid;

fn job_at(steps: &[Step]) -> JobView {
    let mut w = Writer::new(1);
    let mut view = JobView::new(job_id(1));
    let mut bodies = vec![EntryBody::JobCreated(header(JobType::Ivpa))];
    bodies.extend(steps.iter().zip(1..).map(|(&step, m)| EntryBody::Step {
        step,
        at: at(m),
        reason: None,
    }));
    for (body, m) in bodies.into_iter().zip(0..) {
        view.check(&body, Some(&FormOptions::sample())).unwrap();
        let e = w.write(view.id, T0 + m * MIN, body);
        view.apply(&e);
    }
    view
}

fn text() -> SbarText {
    SbarText {
        situation: Some("IVPA, bröstsmärta".into()),
        recipient: Some("Ambulans 4711".into()),
        ..SbarText::default()
    }
}

fn sbar_of(body: &EntryBody) -> &SbarText {
    match body {
        EntryBody::Sbar(p) => &p.set,
        other => panic!("not the SBAR text: {other:?}"),
    }
}

#[test]
fn handing_over_on_scene_writes_the_text_and_the_step_at_one_instant() {
    let view = job_at(&[Step::Accept, Step::Depart, Step::Arrive]);
    assert_eq!(view.status(), Status::OnScene);
    let bodies = sbar::save(&view, text(), true, at(30));
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert_eq!(sbar_of(&bodies[0]).handed_over_at, Some(at(30)));
    assert_eq!(
        sbar_of(&bodies[0]).recipient.as_deref(),
        Some("Ambulans 4711")
    );
    assert_eq!(
        bodies[1],
        EntryBody::Step {
            step: Step::HandOver,
            at: at(30),
            reason: None
        }
    );
    // In this order the job accepts both, one after the other: what the store's one
    // transaction checks.
    let mut w = Writer::new(1);
    let mut v = view.clone();
    for b in bodies {
        v.check(&b, Some(&FormOptions::sample())).unwrap();
        let e = w.write(v.id, T0 + 30 * MIN, b);
        v.apply(&e);
    }
    assert_eq!(v.status(), Status::HandedOver);
}

#[test]
fn saving_without_handing_over_writes_the_text_alone_and_no_time() {
    let view = job_at(&[Step::Accept, Step::Depart, Step::Arrive]);
    let bodies = sbar::save(&view, text(), false, at(30));
    assert_eq!(bodies.len(), 1);
    assert_eq!(sbar_of(&bodies[0]).handed_over_at, None);
}

#[test]
fn a_handover_adds_no_step_the_timeline_has_or_cannot_take() {
    // Already marked handed over (a colleague's phone, or the timeline tab): the text only.
    let handed = job_at(&[Step::Accept, Step::Depart, Step::Arrive, Step::HandOver]);
    let bodies = sbar::save(&handed, text(), true, at(40));
    assert_eq!(bodies.len(), 1);
    assert_eq!(sbar_of(&bodies[0]).handed_over_at, Some(at(40)));
    // Not there yet (only accepted): the step would be refused, so it is not asked for.
    let accepted = job_at(&[Step::Accept]);
    assert_eq!(sbar::save(&accepted, text(), true, at(40)).len(), 1);
}

#[test]
fn a_new_job_starts_with_its_types_usual_requester() {
    use PerformerKind::{Ambulance, Municipal};
    let cases = [
        (JobType::Ivpa, Municipal, Requester::DISPATCH),
        (JobType::Ivpa, Ambulance, Requester::DISPATCH),
        (JobType::NurseLine, Municipal, Requester::NURSE_LINE),
        (JobType::NurseLine, Ambulance, Requester::NURSE_LINE),
        (JobType::Assistance, Municipal, Requester::AMBULANCE),
        (JobType::Assistance, Ambulance, Requester::HEALTH_CENTRE),
        (JobType::MavaDirect, Municipal, Requester::AMBULANCE),
        (JobType::MavaDirect, Ambulance, Requester::AMBULANCE),
    ];
    for (t, kind, want) in cases {
        assert_eq!(t.usual_requester(kind), want, "{t:?} by {kind:?}");
    }
    let h = JobHeader::on_call(JobType::Assistance, Ambulance, UnitId::new("amb-1"), at(5));
    assert_eq!(h.requester, Requester::HEALTH_CENTRE);
    assert_eq!(h.performer.kind, Ambulance);
    assert_eq!(h.performer.unit, UnitId::new("amb-1"));
    assert_eq!(h.performer.municipality, None);
    assert!(!h.practice);
    assert_eq!(h.requested_at, at(5));
}

fn summary(n: u8, minute: Option<i64>, holder: Option<Holder>, practice: bool) -> JobSummary {
    JobSummary {
        id: JobId(Uuid::from_bytes([n; 16])),
        job_type: Some(JobType::Ivpa),
        status: Status::Accepted,
        requested_at: minute.map(|m| Timestamp(T0 + m * MIN)),
        practice,
        chief_complaint: None,
        holder,
    }
}

fn ids(list: &[JobSummary]) -> Vec<u8> {
    list.iter().map(|j| j.id.0.as_bytes()[0]).collect()
}

#[test]
fn home_lists_the_nurses_own_the_next_shifts_colleagues_and_practice_apart_newest_first() {
    let me = UserId::new("nurse-1");
    let colleague = Holder::Nurse(UserId::new("nurse-2"));
    let mine = Holder::Nurse(me.clone());
    let jobs = vec![
        summary(1, Some(10), Some(mine.clone()), false),
        summary(2, Some(30), Some(colleague.clone()), false),
        summary(3, Some(20), Some(Holder::NextShift), false),
        // A practice job is practice whoever holds it.
        summary(4, Some(40), Some(colleague.clone()), true),
        summary(5, Some(50), Some(mine.clone()), false),
        // Nobody named (a header not arrived yet): listed as the nurse's, last.
        summary(6, None, None, false),
        summary(7, Some(5), Some(colleague), false),
        summary(8, Some(50), Some(mine), false),
    ];
    let lists = HomeLists::sort(jobs.clone(), Some(&me));
    // Ties (5 and 8 at minute 50) by id, so every phone shows the same order.
    assert_eq!(ids(&lists.mine), [5, 8, 1, 6]);
    assert_eq!(ids(&lists.next_shift), [3]);
    assert_eq!(ids(&lists.others), [2, 7]);
    assert_eq!(ids(&lists.practice), [4]);
    // The order the jobs came in does not matter.
    let mut reversed = jobs.clone();
    reversed.reverse();
    assert_eq!(HomeLists::sort(reversed, Some(&me)), lists);
    // Before enrolment there is no "me": a job a named nurse holds is not hers.
    let unenrolled = HomeLists::sort(jobs, None);
    assert_eq!(ids(&unenrolled.mine), [6]);
    assert_eq!(ids(&unenrolled.others), [5, 8, 2, 1, 7]);
}
