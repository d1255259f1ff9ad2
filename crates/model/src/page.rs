//! The job as its screen shows it: what the phone's UI reads after every tap.
//!
//! The shell builds a [`JobPage`] from the job's read model ([`JobView`]) and the form's lists
//! in force. It holds what the five tabs show and no more — no stamps, authors, tombstones or
//! per-field history — with the model's work already done: the statistics form pre-filled with
//! its lists, the timeline's steps for the job's type, the position in words. So the UI's
//! wasm carries neither that code nor a reader for the whole `JobView`, which was a third of
//! its serde (issue #19). The `JobView` stays the one truth; this is a view of it.

use crate::form::{FormOptions, ListKind, StatsForm, unknown_label};
use crate::holder::{Holder, Holding};
use crate::identity::PatientIdentity;
use crate::ids::{JobId, MunicipalityId};
use crate::job::{JobType, Status, Step};
use crate::position::{MissingReason, PositionFix};
use crate::record::{DrugGiven, Intervention, RecordText};
use crate::sbar::SbarText;
use crate::timestamp::Timestamp;
use crate::view::JobView;
use crate::vitals::VitalSigns;
use serde::{Deserialize, Serialize};

/// One job, as its tabs show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobPage {
    /// The job.
    pub id: JobId,
    /// Its type, once the creating entry is known.
    pub job_type: Option<JobType>,
    /// A practice job (a coach's scenario).
    pub practice: bool,
    /// Where the job stands.
    pub status: Status,
    /// When the alarm came.
    pub alarm: Option<Timestamp>,
    /// The steps a job of this type shows, in order, with the time of each that happened.
    pub steps: Vec<StepRow>,
    /// Whether the nurse may still decline (nothing accepted yet).
    pub can_decline: bool,
    /// Whether the nurse may abort (an IVPA callout on its way).
    pub can_abort: bool,
    /// Whether "arrived" has been tapped: only then is there a position to show.
    pub arrived: bool,
    /// The position at arrival, or the fact that there is none.
    pub position: Option<PositionLine>,
    /// The emergency record's text fields.
    pub record: RecordText,
    /// The current vital-sign sets, oldest first (the UI scores them as it scores the pad).
    pub vitals: Vec<VitalSigns>,
    /// The current interventions, oldest first.
    pub interventions: Vec<Intervention>,
    /// The current drugs given, oldest first.
    pub drugs: Vec<DrugGiven>,
    /// SBAR as saved.
    pub sbar: SbarText,
    /// The identifying part, empty until entered and after the purge.
    pub identity: PatientIdentity,
    /// The statistics form.
    pub form: FormPage,
    /// Who holds the job now.
    pub holder: Option<Holder>,
    /// Everyone who has held it, first the creator.
    pub holder_history: Vec<Holding>,
}

/// One step of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRow {
    /// The step.
    pub step: Step,
    /// When it happened (the newest correction), `None` while it has not.
    pub at: Option<Timestamp>,
}

/// The position at arrival, as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionLine {
    /// The fix in words (coordinates and accuracy, or why there is none), in Swedish.
    pub text: String,
    /// The municipality: the nearest one to the fix, or the one the nurse picked.
    pub municipality: Option<MunicipalityId>,
    /// Why there is no fix; `None` when located.
    pub missing: Option<MissingReason>,
    /// The municipality to offer first when the nurse must pick one: the picked one, else the
    /// performing unit's.
    pub suggested: Option<MunicipalityId>,
}

/// A code of the form's lists with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeLabel {
    /// The stored code.
    pub code: String,
    /// What the nurse reads.
    pub label: String,
}

/// The statistics form as its tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormPage {
    /// The answers: the job's, overlaid by every field the nurse set herself.
    pub form: StatsForm,
    /// Keys of the fields answered from the job and not (yet) by the nurse.
    pub from_job: Vec<String>,
    /// A problem the chief complaint suggests, while the nurse has chosen none.
    pub suggested_problem: Option<CodeLabel>,
    /// When the form was submitted; it is locked from then on.
    pub submitted_at: Option<Timestamp>,
    /// The phone has no lists yet (no content has arrived).
    pub lists_missing: bool,
    /// The requesters for the form's job type.
    pub requesters: Vec<CodeLabel>,
    /// The problems.
    pub problems: Vec<CodeLabel>,
    /// The actions.
    pub actions: Vec<CodeLabel>,
}

/// The steps a job of type `t` shows on its timeline, in order: the IVPA callout also has the
/// ambulance's arrival; decline and abort are not steps the nurse walks through.
pub fn steps_for(t: Option<JobType>) -> Vec<Step> {
    let mut s = vec![Step::Accept, Step::Depart, Step::Arrive];
    if t == Some(JobType::Ivpa) {
        s.push(Step::AmbulanceArrive);
    }
    s.extend([Step::HandOver, Step::Complete]);
    s
}

impl JobPage {
    /// The page of `view`, with the form's lists in force on the job's day (`None` before any
    /// content with lists arrived).
    pub fn new(view: &JobView, options: Option<&FormOptions>) -> Self {
        let job_type = view.job_type();
        let status = view.status();
        let header = view.header.as_ref().map(|h| &h.value);
        let position = view.position.as_ref().map(|s| {
            let fix = &s.value;
            let missing = match fix {
                PositionFix::Located { .. } => None,
                PositionFix::Missing { reason, .. } => Some(*reason),
            };
            PositionLine {
                text: fix.describe_sv(),
                municipality: fix.municipality().cloned(),
                missing,
                suggested: fix
                    .municipality()
                    .cloned()
                    .or_else(|| header.and_then(|h| h.performer.municipality.clone())),
            }
        });
        Self {
            id: view.id,
            job_type,
            practice: view.is_practice(),
            status,
            alarm: header.map(|h| h.requested_at),
            steps: steps_for(job_type)
                .into_iter()
                .map(|step| StepRow {
                    step,
                    at: view.mark(step).map(|m| m.value.at),
                })
                .collect(),
            can_decline: status == Status::Requested,
            can_abort: job_type == Some(JobType::Ivpa)
                && matches!(status, Status::Accepted | Status::EnRoute),
            arrived: view.mark(Step::Arrive).is_some(),
            position,
            record: view.record.value.clone(),
            vitals: view.vitals.current().map(|i| i.value.clone()).collect(),
            interventions: view
                .interventions
                .current()
                .map(|i| i.value.clone())
                .collect(),
            drugs: view.drugs.current().map(|i| i.value.clone()).collect(),
            sbar: view.sbar.value.clone(),
            identity: view.identity.value.clone(),
            form: FormPage::new(view, options),
            holder: view.holder(),
            holder_history: view.holder_history(),
        }
    }
}

impl FormPage {
    /// The form of `view` pre-filled by the model, with its lists: the ones in force
    /// (requesters for the form's job type), then any code the form holds that they lack,
    /// labelled unknown with its code — never dropped from the screen.
    pub fn new(view: &JobView, options: Option<&FormOptions>) -> Self {
        let empty = FormOptions::default();
        let lists = options.unwrap_or(&empty);
        let draft = view.form_draft(lists);
        let form = draft.form;
        let label_of = |kind: ListKind, code: &str| CodeLabel {
            code: code.to_owned(),
            label: lists
                .label(kind, code)
                .map_or_else(|| unknown_label(code), str::to_owned),
        };
        let with_held = |mut list: Vec<CodeLabel>, kind: ListKind, held: Vec<&str>| {
            for code in held {
                if !list.iter().any(|c| c.code == code) {
                    list.push(label_of(kind, code));
                }
            }
            list
        };
        let requesters = with_held(
            form.job_type
                .map(|t| {
                    lists
                        .requesters_for(t)
                        .map(|r| CodeLabel {
                            code: r.code.as_str().to_owned(),
                            label: r.label_sv.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            ListKind::Requester,
            form.requester.iter().map(|r| r.as_str()).collect(),
        );
        let choices = |list: &[crate::form::Choice]| -> Vec<CodeLabel> {
            list.iter()
                .map(|c| CodeLabel {
                    code: c.code.clone(),
                    label: c.label_sv.clone(),
                })
                .collect()
        };
        let problems = with_held(
            choices(&lists.problems),
            ListKind::Problem,
            form.problem.iter().map(String::as_str).collect(),
        );
        let actions = with_held(
            choices(&lists.actions),
            ListKind::Action,
            form.actions.iter().flatten().map(String::as_str).collect(),
        );
        Self {
            from_job: draft.from_job.iter().map(|k| (*k).to_owned()).collect(),
            suggested_problem: draft
                .suggested_problem
                .as_deref()
                .map(|c| label_of(ListKind::Problem, c)),
            submitted_at: view.submitted.as_ref().map(|s| s.value.at),
            lists_missing: options.is_none(),
            requesters,
            problems,
            actions,
            form,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Entry, EntryBody};
    use crate::form::{Choice, RequesterChoice};
    use crate::hlc::Hlc;
    use crate::ids::{DeviceId, UnitId, UserId};
    use crate::job::{JobHeader, Performer, PerformerKind, Requester};

    fn entry(job: JobId, n: u64, body: EntryBody) -> Entry {
        Entry {
            device: DeviceId(uuid::Uuid::nil()),
            seq: n + 1,
            job,
            hlc: Hlc {
                wall: 1_700_000_000_000 + n,
                counter: 0,
                node: DeviceId(uuid::Uuid::nil()),
            },
            author: UserId::new("anna"),
            body,
        }
    }

    fn ivpa(job: JobId) -> Entry {
        entry(
            job,
            0,
            EntryBody::JobCreated(JobHeader {
                job_type: JobType::Ivpa,
                requester: Requester::new("dispatch"),
                performer: Performer {
                    kind: PerformerKind::Municipal,
                    unit: UnitId::new("u1"),
                    municipality: Some(MunicipalityId::new("1480")),
                },
                practice: false,
                requested_at: Timestamp::from_millis(1_700_000_000_000),
            }),
        )
    }

    fn lists() -> FormOptions {
        FormOptions {
            problems: vec![Choice {
                code: "chest_pain".into(),
                label_sv: "Bröstsmärta".into(),
            }],
            requesters: vec![RequesterChoice {
                code: Requester::new("dispatch"),
                label_sv: "SOS Alarm".into(),
                job_types: vec![JobType::Ivpa],
            }],
            ..FormOptions::default()
        }
    }

    #[test]
    fn an_ivpa_job_shows_the_ambulance_step_and_can_be_aborted_on_its_way() {
        let job = JobId::from_uuid(uuid::Uuid::from_u128(7));
        let mut view = JobView::new(job);
        view.apply(&ivpa(job));
        let page = JobPage::new(&view, None);
        let steps: Vec<Step> = page.steps.iter().map(|r| r.step).collect();
        assert_eq!(steps, steps_for(Some(JobType::Ivpa)));
        assert!(steps.contains(&Step::AmbulanceArrive));
        assert!(page.can_decline && !page.can_abort && !page.arrived);
        let at = Timestamp::from_millis(1_700_000_060_000);
        for (n, step) in [(1, Step::Accept), (2, Step::Depart)] {
            view.apply(&entry(
                job,
                n,
                EntryBody::Step {
                    step,
                    at,
                    reason: None,
                },
            ));
        }
        let page = JobPage::new(&view, None);
        assert!(!page.can_decline && page.can_abort);
        assert_eq!(page.steps[1].at, Some(at));
        assert_eq!(page.steps[2].at, None);
        assert_eq!(page.status, Status::EnRoute);
        assert_eq!(
            steps_for(Some(JobType::Assistance)).len() + 1,
            steps_for(Some(JobType::Ivpa)).len()
        );
    }

    #[test]
    fn the_form_comes_prefilled_with_its_lists_and_keeps_a_code_they_lack() {
        let job = JobId::from_uuid(uuid::Uuid::from_u128(7));
        let mut view = JobView::new(job);
        view.apply(&ivpa(job));
        view.apply(&entry(
            job,
            1,
            EntryBody::Form(crate::doc::Patch::set(StatsForm {
                problem: Some("retired_code".into()),
                ..StatsForm::default()
            })),
        ));
        let page = JobPage::new(&view, Some(&lists()));
        let form = &page.form;
        assert_eq!(form.form.job_type, Some(JobType::Ivpa));
        assert!(form.from_job.iter().any(|k| k == "job_type"), "{form:?}");
        assert!(!form.from_job.iter().any(|k| k == "problem"));
        assert_eq!(form.requesters.len(), 1);
        assert_eq!(form.requesters[0].label, "SOS Alarm");
        assert_eq!(form.problems[0].code, "chest_pain");
        let held = &form.problems[1];
        assert_eq!(held.code, "retired_code");
        assert_eq!(held.label, unknown_label("retired_code"));
        assert!(!form.lists_missing && form.submitted_at.is_none());
        assert!(JobPage::new(&view, None).form.lists_missing);
    }

    /// The page crosses to the UI positionally (`crate::wire`): every field, some empty and
    /// some not, comes back as it went.
    #[test]
    fn a_page_crosses_to_the_ui_whole() -> Result<(), crate::wire::WireError> {
        let job = JobId::from_uuid(uuid::Uuid::from_u128(7));
        let mut view = JobView::new(job);
        view.apply(&ivpa(job));
        let bare = JobPage::new(&view, None);
        view.apply(&entry(
            job,
            1,
            EntryBody::Form(crate::doc::Patch::set(StatsForm {
                problem: Some("chest_pain".into()),
                patient_age: Some(84),
                ..StatsForm::default()
            })),
        ));
        let filled = JobPage::new(&view, Some(&lists()));
        for page in [bare, filled] {
            let back: JobPage = crate::wire::decode(&crate::wire::encode(&page)?)?;
            assert_eq!(back, page);
        }
        Ok(())
    }
}
