//! The read model of one job: the fold of its entries, and the checks a new tap must pass.

use crate::doc::{Doc, DocFields, Patch};
use crate::entry::{Entry, EntryBody, ItemKind};
use crate::error::{CommandError, ErrorCode, FieldError};
use crate::form::{self, Arrival, FormOptions, Outcome, StatsForm};
use crate::hlc::Hlc;
use crate::holder::{self, HandOn, Holder, Holding, StampedHandOn};
use crate::identity::PatientIdentity;
use crate::ids::{EntryRef, JobId, UserId};
use crate::items::{Item, ItemList, Timed};
use crate::job::{self, JobHeader, JobType, Status, Step};
use crate::news2::{self, News2, Spo2Scale};
use crate::position::PositionFix;
use crate::record::{DrugGiven, Intervention, RecordText};
use crate::sbar::SbarText;
use crate::sv;
use crate::timestamp::Timestamp;
use crate::vitals::VitalSigns;
use serde::{Deserialize, Serialize};

/// A stamp later than any real one: applying a patch with it shows what the patch would make of
/// the document, for checking a tap before it is stamped. Never stored.
const PREVIEW: Hlc = Hlc {
    wall: u64::MAX,
    counter: u32::MAX,
    node: crate::ids::DeviceId(uuid::Uuid::max()),
};

/// A value with the stamp and author of the entry that set it (a last-writer-wins register).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped<T> {
    /// The value.
    pub value: T,
    /// The stamp of the entry that set it.
    pub hlc: Hlc,
    /// Who set it.
    pub author: UserId,
}

impl<T> Stamped<T> {
    /// Sets `slot` to `value` if `hlc` is newer than what it holds.
    fn merge(slot: &mut Option<Stamped<T>>, value: T, hlc: Hlc, author: &UserId) {
        if slot.as_ref().is_none_or(|s| hlc > s.hlc) {
            *slot = Some(Stamped {
                value,
                hlc,
                author: author.clone(),
            });
        }
    }
}

/// A time on the timeline, with its reason for decline and abort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// When.
    pub at: Timestamp,
    /// Why (decline, abort).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub reason: Option<String>,
}

/// The submitted statistics form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    /// When it was submitted.
    pub at: Timestamp,
    /// The form as submitted.
    pub form: StatsForm,
}

/// Everything known about one job: the fold of its entries.
///
/// [`JobView::apply`] is commutative and idempotent: scalar fields are last-writer-wins by
/// [`Hlc`], lists are sets keyed by entry with tombstones, and the status is derived from which
/// timeline marks exist. So phones that hold the same entries show the same job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    /// The job.
    pub id: JobId,
    /// Type, requester, performer; `None` until the creating entry has arrived.
    pub header: Option<Stamped<JobHeader>>,
    /// One mark per step that happened, in [`Step::ALL`] order.
    pub timeline: Vec<(Step, Stamped<Mark>)>,
    /// Chief complaint, ABCDE, notes, patient sex and age, SpO2 scale.
    pub record: Doc<RecordText>,
    /// Vital signs.
    pub vitals: ItemList<VitalSigns>,
    /// Interventions.
    pub interventions: ItemList<Intervention>,
    /// Drugs given.
    pub drugs: ItemList<DrugGiven>,
    /// The SBAR handover.
    pub sbar: Doc<SbarText>,
    /// The identifying part: personal identity number and name. Empty until entered, and again
    /// after the device purged it.
    #[serde(default)]
    pub identity: Doc<PatientIdentity>,
    /// The statistics form being filled in.
    pub form: Doc<StatsForm>,
    /// Every hand-on to another nurse or the next shift, in HLC order.
    #[serde(default)]
    pub hand_ons: Vec<StampedHandOn>,
    /// The position at arrival, or the fact that there is none (the newest recorded wins).
    #[serde(default)]
    pub position: Option<Stamped<PositionFix>>,
    /// The statistics form once submitted.
    pub submitted: Option<Stamped<Submitted>>,
    /// The newest stamp folded in.
    pub last_hlc: Option<Hlc>,
}

impl JobView {
    /// An empty view of job `id`, before any entry.
    pub fn new(id: JobId) -> Self {
        Self {
            id,
            header: None,
            timeline: Vec::new(),
            record: Doc::default(),
            vitals: ItemList::default(),
            interventions: ItemList::default(),
            drugs: ItemList::default(),
            sbar: Doc::default(),
            identity: Doc::default(),
            form: Doc::default(),
            hand_ons: Vec::new(),
            position: None,
            submitted: None,
            last_hlc: None,
        }
    }

    /// Folds entries (of this job; others are ignored) into a fresh view.
    pub fn fold<'a>(id: JobId, entries: impl IntoIterator<Item = &'a Entry>) -> Self {
        let mut view = Self::new(id);
        for e in entries {
            view.apply(e);
        }
        view
    }

    /// Merges one entry into the view. Total: an entry that would have been refused as a tap
    /// (say two phones raced) is still merged by the rules above, never dropped, because it is
    /// part of the record.
    pub fn apply(&mut self, e: &Entry) {
        if e.job != self.id {
            return;
        }
        let me = e.entry_ref();
        match &e.body {
            EntryBody::JobCreated(h) => {
                Stamped::merge(&mut self.header, h.clone(), e.hlc, &e.author)
            }
            EntryBody::Step { step, at, reason }
            | EntryBody::TimeCorrected { step, at, reason } => {
                let mark = Mark {
                    at: *at,
                    reason: reason.clone(),
                };
                match self.timeline.binary_search_by(|(s, _)| s.cmp(step)) {
                    Ok(i) => {
                        let mut slot = Some(self.timeline[i].1.clone());
                        Stamped::merge(&mut slot, mark, e.hlc, &e.author);
                        if let Some(s) = slot {
                            self.timeline[i].1 = s;
                        }
                    }
                    Err(i) => self.timeline.insert(
                        i,
                        (
                            *step,
                            Stamped {
                                value: mark,
                                hlc: e.hlc,
                                author: e.author.clone(),
                            },
                        ),
                    ),
                }
            }
            EntryBody::Record(p) => self.record.apply(p, e.hlc),
            EntryBody::Sbar(p) => self.sbar.apply(p, e.hlc),
            EntryBody::Identity(p) => self.identity.apply(p, e.hlc),
            EntryBody::Form(p) => self.form.apply(p, e.hlc),
            EntryBody::FormSubmitted { at, form } => Stamped::merge(
                &mut self.submitted,
                Submitted {
                    at: *at,
                    form: form.clone(),
                },
                e.hlc,
                &e.author,
            ),
            EntryBody::Vitals { vitals, supersedes } => {
                self.vitals
                    .insert(me, e.hlc, e.author.clone(), vitals.clone());
                if let Some(t) = supersedes {
                    self.vitals.tombstone(*t, me);
                }
            }
            EntryBody::Intervention {
                intervention,
                supersedes,
            } => {
                self.interventions
                    .insert(me, e.hlc, e.author.clone(), intervention.clone());
                if let Some(t) = supersedes {
                    self.interventions.tombstone(*t, me);
                }
            }
            EntryBody::Drug { drug, supersedes } => {
                self.drugs.insert(me, e.hlc, e.author.clone(), drug.clone());
                if let Some(t) = supersedes {
                    self.drugs.tombstone(*t, me);
                }
            }
            EntryBody::HandedOn(h) => holder::insert(
                &mut self.hand_ons,
                StampedHandOn {
                    hand_on: h.clone(),
                    hlc: e.hlc,
                    by: e.author.clone(),
                },
            ),
            EntryBody::Position(p) => {
                Stamped::merge(&mut self.position, p.clone(), e.hlc, &e.author)
            }
            EntryBody::Retracted { list, target, .. } => match list {
                ItemKind::Vitals => self.vitals.tombstone(*target, me),
                ItemKind::Intervention => self.interventions.tombstone(*target, me),
                ItemKind::Drug => self.drugs.tombstone(*target, me),
            },
        }
        if self.last_hlc.is_none_or(|l| e.hlc > l) {
            self.last_hlc = Some(e.hlc);
        }
    }

    /// The job's type, once the creating entry is known.
    pub fn job_type(&self) -> Option<JobType> {
        self.header.as_ref().map(|h| h.value.job_type)
    }

    /// Whether this is a practice job.
    pub fn is_practice(&self) -> bool {
        self.header.as_ref().is_some_and(|h| h.value.practice)
    }

    /// Who holds the job now: the last hand-on's receiver, or the nurse who created it.
    pub fn holder(&self) -> Option<Holder> {
        match self.hand_ons.last() {
            Some(h) => Some(h.hand_on.to.clone()),
            None => self
                .header
                .as_ref()
                .map(|h| Holder::Nurse(h.author.clone())),
        }
    }

    /// Whether `user` holds the job now.
    pub fn is_held_by(&self, user: &UserId) -> bool {
        matches!(self.holder(), Some(Holder::Nurse(u)) if &u == user)
    }

    /// Everyone who has held the job, first the creator, in the order it was handed on.
    pub fn holder_history(&self) -> Vec<Holding> {
        let Some(header) = &self.header else {
            return Vec::new();
        };
        let first = Holding {
            holder: Holder::Nurse(header.author.clone()),
            since: header.value.requested_at,
            by: header.author.clone(),
            note: None,
        };
        std::iter::once(first)
            .chain(self.hand_ons.iter().map(|h| Holding {
                holder: h.hand_on.to.clone(),
                since: h.hand_on.at,
                by: h.by.clone(),
                note: h.hand_on.note.clone(),
            }))
            .collect()
    }

    /// The mark of one step, if it happened.
    pub fn mark(&self, step: Step) -> Option<&Stamped<Mark>> {
        self.timeline
            .iter()
            .find(|(s, _)| *s == step)
            .map(|(_, m)| m)
    }

    /// The status, derived from the marks. A decline or an abort wins over anything a racing
    /// phone recorded, then the furthest step reached.
    pub fn status(&self) -> Status {
        let has = |s| self.mark(s).is_some();
        if has(Step::Decline) {
            Status::Declined
        } else if has(Step::Abort) {
            Status::Aborted
        } else if has(Step::Complete) {
            Status::Done
        } else if has(Step::HandOver) {
            Status::HandedOver
        } else if has(Step::Arrive) {
            Status::OnScene
        } else if has(Step::Depart) {
            Status::EnRoute
        } else if has(Step::Accept) {
            Status::Accepted
        } else {
            Status::Requested
        }
    }

    /// The SpO2 scale chosen for this patient (scale 1 unless a clinician chose scale 2).
    pub fn spo2_scale(&self) -> Spo2Scale {
        self.record.value.spo2_scale.unwrap_or_default()
    }

    /// The current vital-sign sets with their NEWS2, oldest first.
    pub fn vitals_scored(&self) -> Vec<(&Item<VitalSigns>, News2)> {
        let scale = self.spo2_scale();
        self.vitals
            .current()
            .map(|i| (i, news2::score(&i.value, scale)))
            .collect()
    }

    /// The latest current vital-sign set with its NEWS2.
    pub fn latest_vitals(&self) -> Option<(&Item<VitalSigns>, News2)> {
        self.vitals_scored().pop()
    }

    /// The statistics form as the nurse should see it: what can be read off the job (type,
    /// requester, performer, municipality, outcome, patient, IVPA arrival and minutes from the
    /// timeline), overlaid by every field the nurse has set herself.
    pub fn effective_form(&self) -> StatsForm {
        overlay(self.derived_form(), &self.form)
    }

    /// What the job alone says of the form, before the nurse's own answers.
    pub(crate) fn derived_form(&self) -> StatsForm {
        let mut derived = StatsForm::default();
        if let Some(h) = &self.header {
            let h = &h.value;
            derived.job_type = Some(h.job_type);
            derived.requester = Some(h.requester.clone());
            derived.performer = Some(h.performer.kind);
            derived.municipality = h.performer.municipality.clone();
        }
        // Where the nurse was beats where the unit is based: an ambulance works in many
        // municipalities, and a municipal nurse may help a neighbour.
        if let Some(m) = self.position.as_ref().and_then(|p| p.value.municipality()) {
            derived.municipality = Some(m.clone());
        }
        derived.outcome = match self.status() {
            Status::Declined => Some(Outcome::Declined),
            Status::Aborted => Some(Outcome::Aborted),
            Status::OnScene | Status::HandedOver | Status::Done => Some(Outcome::Done),
            _ => None,
        };
        derived.declined_reason = self
            .mark(Step::Decline)
            .and_then(|m| m.value.reason.clone());
        derived.patient_sex = self.record.value.patient_sex;
        derived.patient_age = self.record.value.patient_age;
        if self.job_type() == Some(JobType::Ivpa)
            && let (Some(nurse), Some(ambulance)) =
                (self.mark(Step::Arrive), self.mark(Step::AmbulanceArrive))
        {
            let gain = nurse.value.at.minutes_until(ambulance.value.at);
            if gain >= 1 {
                derived.arrival = Some(Arrival::Before);
                derived.minutes_before_ambulance = u16::try_from(gain).ok();
            } else if gain == 0 {
                derived.arrival = Some(Arrival::Same);
            } else {
                derived.arrival = Some(Arrival::After);
            }
        }
        derived
    }

    /// Checks whether `body` may be recorded on this job now, as a tap on this phone.
    /// `options` are the region's form lists in force for the job's day (`None` before any
    /// arrived: codes are then checked only for their form).
    pub fn check(
        &self,
        body: &EntryBody,
        options: Option<&FormOptions>,
    ) -> Result<(), CommandError> {
        // What the region would refuse for good is refused at the tap, next to the field,
        // instead of stopping the phone's sync later (a pasted NUL, a text over 64 KiB).
        if let Some(why) = serde_json::to_value(body)
            .ok()
            .as_ref()
            .and_then(crate::sync::bad_text)
        {
            let message = if why.contains("NUL") {
                sv::TEXT_CONTROL_CHARACTER
            } else {
                sv::TEXT_TOO_LONG
            };
            return Err(FieldError::new("text", ErrorCode::Invalid, message).into());
        }
        let Some(header) = &self.header else {
            return match body {
                EntryBody::JobCreated(_) => Ok(()),
                _ => Err(FieldError::new("job", ErrorCode::Unknown, sv::UNKNOWN_JOB).into()),
            };
        };
        let job_type = header.value.job_type;
        match body {
            EntryBody::JobCreated(_) => {
                Err(FieldError::new("job", ErrorCode::AlreadyExists, sv::JOB_EXISTS).into())
            }
            EntryBody::Step { step, at, reason } => {
                let marked = self.mark(*step).is_some();
                job::check_step(job_type, self.status(), *step, marked, reason.as_deref())?;
                self.check_time_order(*step, *at)
            }
            EntryBody::TimeCorrected { step, at, reason } => {
                if self.mark(*step).is_none() {
                    return Err(FieldError::new(
                        step.field_key(),
                        ErrorCode::Unknown,
                        sv::CORRECT_MISSING_MARK,
                    )
                    .into());
                }
                if step.needs_reason() && reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    return Err(FieldError::new(
                        step.field_key(),
                        ErrorCode::Required,
                        sv::REASON_REQUIRED,
                    )
                    .into());
                }
                self.check_time_order(*step, *at)
            }
            EntryBody::Record(p) => {
                check_patch(p)?;
                p.set.validate()
            }
            EntryBody::Sbar(p) => check_patch(p),
            EntryBody::Identity(p) => {
                check_patch(p)?;
                p.set.validate()
            }
            EntryBody::Form(p) => {
                if self.submitted.is_some() {
                    return Err(FieldError::new("form", ErrorCode::Locked, sv::FORM_LOCKED).into());
                }
                check_patch(p)?;
                let mut preview = self.form.clone();
                preview.apply(p, PREVIEW);
                form::validate_values(&overlay(self.effective_form(), &preview), options)
            }
            EntryBody::FormSubmitted { form, .. } => {
                if self.submitted.is_some() {
                    return Err(
                        FieldError::new("form", ErrorCode::Locked, sv::ALREADY_SUBMITTED).into(),
                    );
                }
                if form.job_type != Some(job_type) {
                    return Err(FieldError::new(
                        "form.job_type",
                        ErrorCode::OutOfRange,
                        sv::FORM_JOB_TYPE_MISMATCH,
                    )
                    .into());
                }
                form::validate(form, options)
            }
            EntryBody::Vitals { vitals, supersedes } => {
                if let Some(t) = supersedes {
                    check_target(&self.vitals, *t, "vitals")?;
                }
                vitals.validate()
            }
            EntryBody::Intervention {
                intervention,
                supersedes,
            } => {
                if let Some(t) = supersedes {
                    check_target(&self.interventions, *t, "interventions")?;
                }
                intervention.validate()
            }
            EntryBody::Drug { drug, supersedes } => {
                if let Some(t) = supersedes {
                    check_target(&self.drugs, *t, "drugs")?;
                }
                drug.validate()
            }
            EntryBody::HandedOn(h) => self.check_hand_on(h),
            EntryBody::Position(p) => {
                if self.mark(Step::Arrive).is_none() {
                    return Err(FieldError::new(
                        "position",
                        ErrorCode::IllegalTransition,
                        sv::POSITION_BEFORE_ARRIVAL,
                    )
                    .into());
                }
                p.validate()
            }
            EntryBody::Retracted {
                list,
                target,
                reason,
            } => {
                match list {
                    ItemKind::Vitals => check_target(&self.vitals, *target, list.list_key())?,
                    ItemKind::Intervention => {
                        check_target(&self.interventions, *target, list.list_key())?
                    }
                    ItemKind::Drug => check_target(&self.drugs, *target, list.list_key())?,
                }
                if reason.trim().is_empty() {
                    return Err(FieldError::new(
                        format!("{}.reason", list.list_key()),
                        ErrorCode::Required,
                        sv::REASON_REQUIRED,
                    )
                    .into());
                }
                Ok(())
            }
        }
    }

    /// A step's time must not be before the steps it follows nor after the steps that follow
    /// it (alarm ≤ accepted ≤ departed ≤ arrived ≤ handed over ≤ done). Catches a mistyped
    /// correction before it lands in a medical record.
    /// A job can be handed on while it is open, to someone other than its holder.
    fn check_hand_on(&self, h: &HandOn) -> Result<(), CommandError> {
        if self.status().is_closed() {
            return Err(FieldError::new("holder", ErrorCode::Locked, sv::HAND_ON_CLOSED).into());
        }
        if self.holder().as_ref() == Some(&h.to) {
            return Err(
                FieldError::new("holder", ErrorCode::Invalid, sv::HAND_ON_SAME_HOLDER).into(),
            );
        }
        if let Holder::Nurse(u) = &h.to
            && u.as_str().trim().is_empty()
        {
            return Err(FieldError::new("holder", ErrorCode::Required, sv::HAND_ON_TO_WHOM).into());
        }
        if h.note
            .as_deref()
            .is_some_and(|n| n.chars().count() > holder::MAX_NOTE_CHARS)
        {
            return Err(FieldError::new(
                "holder.note",
                ErrorCode::OutOfRange,
                sv::HAND_ON_NOTE_TOO_LONG,
            )
            .into());
        }
        Ok(())
    }

    fn check_time_order(&self, step: Step, at: Timestamp) -> Result<(), CommandError> {
        let rank = |s: Step| match s {
            Step::Accept | Step::Decline => 1,
            Step::Depart | Step::Abort => 2,
            Step::Arrive => 3,
            Step::HandOver => 4,
            Step::Complete => 5,
            Step::AmbulanceArrive => 1,
        };
        let field = step.field_key();
        if let Some(h) = &self.header
            && at < h.value.requested_at
        {
            return Err(
                FieldError::new(field, ErrorCode::OutOfRange, sv::TIME_BEFORE_REQUEST).into(),
            );
        }
        for (other, mark) in &self.timeline {
            if *other == step || *other == Step::AmbulanceArrive {
                continue;
            }
            let before = rank(*other) < rank(step) && mark.value.at > at;
            let after =
                step != Step::AmbulanceArrive && rank(*other) > rank(step) && mark.value.at < at;
            if before || after {
                return Err(FieldError::new(
                    field,
                    ErrorCode::OutOfRange,
                    sv::time_order(*other, before),
                )
                .into());
            }
        }
        Ok(())
    }
}

/// `derived` with every field of `doc` that has a value laid over it.
pub(crate) fn overlay<T: DocFields>(derived: T, doc: &Doc<T>) -> T {
    let (Ok(serde_json::Value::Object(mut base)), Ok(serde_json::Value::Object(set))) = (
        serde_json::to_value(&derived),
        serde_json::to_value(&doc.value),
    ) else {
        return doc.value.clone();
    };
    // A field stamped but absent from the value was emptied on purpose: the nurse's choice
    // wins over what the job suggests.
    for key in doc.stamps.keys() {
        if !set.contains_key(key) {
            base.remove(key);
        }
    }
    base.extend(set);
    serde_json::from_value(serde_json::Value::Object(base)).unwrap_or_else(|_| doc.value.clone())
}

fn check_patch<T: DocFields>(p: &Patch<T>) -> Result<(), CommandError> {
    if let Some(k) = p.unknown_clears().first() {
        return Err(FieldError::new(
            format!("{}.{k}", T::PREFIX),
            ErrorCode::Unknown,
            sv::UNKNOWN_FIELD,
        )
        .into());
    }
    if p.is_empty() {
        return Err(FieldError::new(T::PREFIX, ErrorCode::Required, sv::NOTHING_TO_SAVE).into());
    }
    Ok(())
}

fn check_target<T: Timed>(
    list: &ItemList<T>,
    target: EntryRef,
    key: &str,
) -> Result<(), CommandError> {
    match list.items.iter().find(|i| i.entry == target) {
        None => Err(FieldError::new(key, ErrorCode::Unknown, sv::UNKNOWN_ENTRY).into()),
        Some(i) if i.superseded_by.is_some() => {
            Err(FieldError::new(key, ErrorCode::AlreadyExists, sv::ALREADY_SUPERSEDED).into())
        }
        Some(_) => Ok(()),
    }
}
