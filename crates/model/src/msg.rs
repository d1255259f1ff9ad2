//! Every message the model and the shell give a nurse, by a stable key, in Swedish and English:
//! one table, so no key lacks a language and the UI can show an error in the nurse's language
//! from its key and arguments alone (the shell and the region never need to know it).
//!
//! The Swedish is word for word what the app has always said: a row names `sv`'s constant where
//! the model has one, and otherwise (a formatted message, the shell's own) holds the text here.
//! A formatted message is a template with `{name}` placeholders, filled by [`Arg`]s that know
//! how to say themselves in each language (`35,0` / `35.0`, `markera framme` / `mark arrival`).
//!
//! A [`crate::FieldError`] or [`crate::app::Failure`] keeps its Swedish `message` (logs, the
//! region's Swedish pages, an older reader) and carries the key beside it in `msg`.

use crate::job::{Status, Step};
use crate::request::TaskKind;
use crate::settings::Language;
use crate::sv;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::Cell;
use std::fmt;

/// One row of the table: a message's key and its words in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// The stable key the UI receives (`pnr_checksum`).
    pub key: &'static str,
    /// Swedish, as the app has always said it.
    pub sv: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The template in `lang`.
    pub fn template(self, lang: Language) -> &'static str {
        match lang {
            Language::Sv => self.sv,
            Language::En => self.en,
        }
    }

    /// This row said in `lang` with `args`, without looking it up in a table: how the UI
    /// says its own IPC failure, which can come before the shell has sent the table.
    pub fn render(self, lang: Language, args: &Args) -> String {
        fill(self.template(lang), lang, args)
    }

    /// This message with one argument filled in (more with [`Message::with`]).
    pub fn with(self, name: &str, arg: Arg) -> Message {
        Message::from(self).with(name, arg)
    }

    /// The row with `key`, if the table has one.
    pub fn by_key(key: &str) -> Option<Text> {
        rows().iter().copied().find(|t| t.key == key)
    }

    /// The row whose Swedish is exactly `swedish`: how a constant of `sv` handed to
    /// [`crate::FieldError::new`] finds its key (the table's Swedish texts are unique, tested).
    pub fn by_swedish(swedish: &str) -> Option<Text> {
        rows().iter().copied().find(|t| t.sv == swedish)
    }
}

thread_local! {
    /// A table installed at run time: the UI's, sent by the shell ([`install`]).
    static INSTALLED: Cell<Option<&'static [Text]>> = const { Cell::new(None) };
}

/// Installs `rows` as the table this thread says messages from. The UI's wasm is built without
/// the compiled-in table (the `table` feature, 8.5 KB of it gzipped, issue #19) and installs
/// the one the shell sends; elsewhere nothing needs to.
pub fn install(rows: &'static [Text]) {
    INSTALLED.with(|t| t.set(Some(rows)));
}

/// The table messages are said from: the installed one, else the compiled-in [`ALL`] (none
/// without the `table` feature, until one is installed: a message then shows its key).
fn rows() -> &'static [Text] {
    if let Some(rows) = INSTALLED.with(Cell::get) {
        return rows;
    }
    #[cfg(feature = "table")]
    {
        ALL
    }
    #[cfg(not(feature = "table"))]
    {
        &[]
    }
}

/// A message as it crosses to the UI: its key and, for a formatted one, its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The row's key.
    pub key: String,
    /// The placeholders' values by name.
    #[serde(default, skip_serializing_if = "crate::wire::no_args")]
    pub args: Args,
}

/// A message's arguments by name, kept sorted by name and written as a JSON object: what a
/// `BTreeMap` gave, without a B-tree's code in the UI's wasm for the one or two arguments a
/// message has (issue #19).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args(Vec<(String, Arg)>);

impl Args {
    /// Sets `name` to `arg`, replacing an argument of that name.
    pub fn insert(&mut self, name: String, arg: Arg) {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
            Ok(i) => self.0[i].1 = arg,
            Err(i) => self.0.insert(i, (name, arg)),
        }
    }

    /// The argument named `name`.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, a)| a)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Args {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ArgsVisitor;
        impl<'de> Visitor<'de> for ArgsVisitor {
            type Value = Args;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of arguments")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Args, A::Error> {
                let mut args = Args::default();
                while let Some((name, arg)) = map.next_entry::<String, Arg>()? {
                    args.insert(name, arg);
                }
                Ok(args)
            }
        }
        d.deserialize_map(ArgsVisitor)
    }
}

impl From<Text> for Message {
    fn from(t: Text) -> Self {
        Self {
            key: t.key.to_owned(),
            args: Args::default(),
        }
    }
}

impl Message {
    /// The same message with `name` set to `arg`.
    pub fn with(mut self, name: &str, arg: Arg) -> Self {
        self.args.insert(name.to_owned(), arg);
        self
    }

    /// The message in `lang`, or `None` for a key this build's table lacks (a newer peer's):
    /// the caller then shows the Swedish it was sent with.
    pub fn render(&self, lang: Language) -> Option<String> {
        let template = Text::by_key(&self.key)?.template(lang);
        Some(fill(template, lang, &self.args))
    }
}

/// The Swedish, for logs and for the places that take the message as a string.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.render(Language::Sv) {
            Some(s) => f.write_str(&s),
            None => f.write_str(&self.key),
        }
    }
}

/// A value inside a formatted message, said in the message's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// A whole number.
    Int(i64),
    /// Tenths of a unit, written with the language's decimal mark (`355` → `35,5` / `35.5`).
    Tenths(i64),
    /// Text said the same in every language (a date, a clock time, a code, a region's words).
    Text(String),
    /// A timeline step as something to do ("markera framme" / "mark arrival").
    StepVerb(Step),
    /// A timeline step's label ("Framme" / "Arrived").
    Step(Step),
    /// A status, to follow "the job is" ("på plats" / "on scene").
    Status(Status),
    /// A task inside a sentence ("kateter" / "catheter care").
    Task(TaskKind),
}

impl Arg {
    /// Text said the same in every language.
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    fn say(&self, lang: Language) -> String {
        let en = lang == Language::En;
        match self {
            Arg::Int(n) => n.to_string(),
            Arg::Tenths(v) => {
                let mark = if en { '.' } else { ',' };
                format!("{}{mark}{}", v / 10, v % 10)
            }
            Arg::Text(s) => s.clone(),
            Arg::StepVerb(s) if en => step_verb_en(*s).to_owned(),
            Arg::StepVerb(s) => sv::step_verb(*s).to_owned(),
            Arg::Step(s) if en => step_label_en(*s).to_owned(),
            Arg::Step(s) => sv::step_label(*s).to_owned(),
            Arg::Status(s) if en => status_en(*s).to_owned(),
            Arg::Status(s) => sv::status_label(*s).to_owned(),
            Arg::Task(t) if en => task_en(*t).to_owned(),
            Arg::Task(t) => sv::task_lower(*t).to_owned(),
        }
    }
}

/// `template` with every `{name}` replaced by its argument; a placeholder without one stays as
/// written, so a missing argument shows rather than vanishes.
fn fill(template: &str, lang: Language, args: &Args) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.get(name) {
                    Some(arg) => out.push_str(&arg.say(lang)),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn step_verb_en(step: Step) -> &'static str {
    match step {
        Step::Accept => "accept the job",
        Step::Decline => "decline the job",
        Step::Depart => "mark departure",
        Step::Arrive => "mark arrival",
        Step::AmbulanceArrive => "mark that the ambulance arrived",
        Step::HandOver => "mark handed over",
        Step::Complete => "finish the job",
        Step::Abort => "abort the job",
    }
}

/// A timeline step's label in English, beside `sv::step_label` (the UI's too, through
/// `samverka_texts`).
pub fn step_label_en(step: Step) -> &'static str {
    match step {
        Step::Accept => "Accepted",
        Step::Decline => "Declined",
        Step::Depart => "Departed",
        Step::Arrive => "Arrived",
        Step::AmbulanceArrive => "Ambulance arrived",
        Step::HandOver => "Handed over",
        Step::Complete => "Done",
        Step::Abort => "Aborted",
    }
}

fn status_en(status: Status) -> &'static str {
    match status {
        Status::Requested => "requested",
        Status::Accepted => "accepted",
        Status::EnRoute => "en route",
        Status::OnScene => "on scene",
        Status::HandedOver => "handed over",
        Status::Done => "done",
        Status::Declined => "declined",
        Status::Aborted => "aborted",
    }
}

fn task_en(task: TaskKind) -> &'static str {
    match task {
        TaskKind::Assessment => "an assessment",
        TaskKind::Ecg => "an ECG",
        TaskKind::Catheter => "catheter care",
        TaskKind::WoundCare => "wound care",
        TaskKind::Sampling => "sampling",
        TaskKind::Medication => "medication or an injection",
        TaskKind::Other => "another task",
    }
}

/// Declares the table: a constant per row and [`ALL`], so a row cannot be left out of it.
macro_rules! table {
    ($($(#[doc = $doc:literal])+ $name:ident $key:literal: $sv:expr => $en:expr;)+) => {
        $(
            $(#[doc = $doc])+
            pub const $name: Text = Text { key: $key, sv: $sv, en: $en };
        )+
        /// Every row, in the table's order.
        pub const ALL: &[Text] = &[$($name),+];
    };
}

table! {
    // Enrolment and the lock.
    /// The region's address is not a web address.
    REGION_URL "region_url": sv::REGION_URL =>
        "Give the address with https://, e.g. https://samverka.regionen.se (http:// only to this computer).";
    /// An enrolment code with characters the region never issues.
    ENROLLMENT_CODE "enrollment_code": sv::ENROLLMENT_CODE =>
        "The code consists of letters, digits and hyphens.";
    /// A PIN that is not 6–12 digits.
    PIN_FORMAT "pin_format": sv::PIN_FORMAT => "The PIN must be 6–12 digits.";
    /// A PIN a finder would try first.
    PIN_TRIVIAL "pin_trivial": sv::PIN_TRIVIAL =>
        "Choose a PIN that is harder to guess (not the same digit or a sequence).";
    /// The app is locked.
    LOCKED "locked": sv::LOCKED => "The app is locked. Unlock it with your PIN.";
    /// The repeated PIN differs.
    PIN_MISMATCH "pin_mismatch": sv::PIN_MISMATCH => "The PINs do not match.";

    // The patient's identity.
    /// A personal identity number in the wrong shape.
    PNR_FORMAT "pnr_format": sv::PNR_FORMAT =>
        "Write the personal identity number as YYYYMMDD-NNNN or YYMMDD-NNNN.";
    /// A personal identity number whose date part is no date.
    PNR_DATE "pnr_date": sv::PNR_DATE =>
        "The date part of the personal identity number is not a valid date.";
    /// A personal identity number born after today.
    PNR_FUTURE "pnr_future": sv::PNR_FUTURE =>
        "The date part of the personal identity number is in the future.";
    /// A personal identity number whose check digit does not match.
    PNR_CHECKSUM "pnr_checksum": sv::PNR_CHECKSUM =>
        "The check digit does not match – check the personal identity number.";
    /// A name too long or with control characters.
    NAME_INVALID "name_invalid": sv::NAME_INVALID =>
        "The name may be at most 200 characters of plain text.";

    // Taps on a job.
    /// A text with a NUL character.
    TEXT_CONTROL_CHARACTER "text_control_character": sv::TEXT_CONTROL_CHARACTER => "The text holds an invisible control character that cannot be saved. Type the text again.";
    /// A text longer than the region stores.
    TEXT_TOO_LONG "text_too_long": sv::TEXT_TOO_LONG => "The text is too long: at most 64 kB (about 30 pages).";
    /// A vital sign typed on the number pad that is no number.
    NOT_A_NUMBER "not_a_number": sv::NOT_A_NUMBER => "Enter a number.";
    /// A required field is empty.
    REQUIRED "required": sv::REQUIRED => "Required.";
    /// Decline and abort need a reason.
    REASON_REQUIRED "reason_required": sv::REASON_REQUIRED => "Give a reason.";
    /// Only IVPA can be aborted.
    ABORT_IVPA_ONLY "abort_ivpa_only": sv::ABORT_IVPA_ONLY =>
        "Only IVPA jobs can be aborted by the dispatch centre.";
    /// A vital-sign set without its time.
    VITALS_TIME_REQUIRED "vitals_time_required": sv::VITALS_TIME_REQUIRED =>
        "Give the time the values were taken.";
    /// A vital-sign set with nothing in it.
    VITALS_EMPTY "vitals_empty": sv::VITALS_EMPTY => "Fill in at least one value.";
    /// Diastolic at or above systolic.
    DIASTOLIC_ABOVE_SYSTOLIC "diastolic_above_systolic": sv::DIASTOLIC_ABOVE_SYSTOLIC =>
        "Diastolic pressure must be lower than systolic.";
    /// GCS with one or two of its three parts.
    GCS_ALL_PARTS "gcs_all_parts": sv::GCS_ALL_PARTS =>
        "GCS needs all three parts: eye, verbal and motor response.";
    /// Age outside 0–120.
    AGE_RANGE "age_range": sv::AGE_RANGE => "Age must be 0–120 years.";
    /// "Other" intervention without a description.
    INTERVENTION_DETAIL "intervention_detail": sv::INTERVENTION_DETAIL =>
        "Describe the intervention.";
    /// A drug without a name.
    DRUG_NAME "drug_name": sv::DRUG_NAME => "Give the drug.";
    /// A drug without a dose.
    DRUG_DOSE "drug_dose": sv::DRUG_DOSE => "Give the dose with its unit.";
    /// A dose without a number.
    DRUG_DOSE_NUMBER "drug_dose_number": sv::DRUG_DOSE_NUMBER =>
        "The dose must contain a number, e.g. 0.5 mg.";
    /// Minutes before the ambulance outside the range.
    MINUTES_RANGE "minutes_range": sv::MINUTES_RANGE => "Give 1–180 minutes.";
    /// A code not in the region's list.
    UNKNOWN_CHOICE "unknown_choice": sv::UNKNOWN_CHOICE => "Choose an option from the list.";
    /// A requester the lists do not offer for the job's type.
    REQUESTER_NOT_FOR_TYPE "requester_not_for_type": sv::REQUESTER_NOT_FOR_TYPE =>
        "This requester does not ask for this type of job.";
    /// An IVPA-only field on another job type.
    IVPA_ONLY "ivpa_only": sv::IVPA_ONLY => "Applies to IVPA jobs only.";
    /// Minutes given when the nurse did not arrive first.
    MINUTES_ONLY_BEFORE "minutes_only_before": sv::MINUTES_ONLY_BEFORE =>
        "Given only when you arrived before the ambulance.";
    /// IVPA performed by the ambulance.
    IVPA_MUNICIPAL "ivpa_municipal": sv::IVPA_MUNICIPAL =>
        "IVPA jobs are performed by the municipality's nurse.";
    /// The form is submitted.
    FORM_LOCKED "form_locked": sv::FORM_LOCKED =>
        "The form has been submitted and cannot be changed.";
    /// The form was already submitted.
    ALREADY_SUBMITTED "already_submitted": sv::ALREADY_SUBMITTED =>
        "The form has already been submitted.";
    /// The form names another job type than the job's.
    FORM_JOB_TYPE_MISMATCH "form_job_type_mismatch": sv::FORM_JOB_TYPE_MISMATCH =>
        "The job type does not match the job.";
    /// An entry for a job that does not exist.
    UNKNOWN_JOB "unknown_job": sv::UNKNOWN_JOB => "The job does not exist.";
    /// A guideline or quick reference the phone does not hold.
    UNKNOWN_DOCUMENT "unknown_document": sv::UNKNOWN_DOCUMENT =>
        "The document is not in this phone's version of the guidelines.";
    /// A contact the phone does not hold.
    UNKNOWN_CONTACT "unknown_contact": sv::UNKNOWN_CONTACT =>
        "The contact is no longer in the contact list.";
    /// A job created twice.
    JOB_EXISTS "job_exists": sv::JOB_EXISTS => "The job already exists.";
    /// A correction of a step that never happened.
    CORRECT_MISSING_MARK "correct_missing_mark": sv::CORRECT_MISSING_MARK =>
        "There is no time to correct here.";
    /// A time before the alarm.
    TIME_BEFORE_REQUEST "time_before_request": sv::TIME_BEFORE_REQUEST =>
        "The time cannot be before the alarm/request.";
    /// A correction of an entry that does not exist.
    UNKNOWN_ENTRY "unknown_entry": sv::UNKNOWN_ENTRY =>
        "The entry to be corrected does not exist.";
    /// A correction of an entry already corrected.
    ALREADY_SUPERSEDED "already_superseded": sv::ALREADY_SUPERSEDED =>
        "The entry has already been corrected or struck.";
    /// A patch that changes nothing.
    NOTHING_TO_SAVE "nothing_to_save": sv::NOTHING_TO_SAVE => "Nothing to save.";
    /// A patch naming a field the document lacks.
    UNKNOWN_FIELD "unknown_field": sv::UNKNOWN_FIELD => "Unknown field.";
    /// A value outside what is possible (`lo`, `hi`).
    OUT_OF_RANGE "out_of_range": "Värdet måste vara {lo}–{hi}." =>
        "The value must be {lo}–{hi}.";
    /// A temperature outside what is possible (`lo`, `hi` in tenths).
    OUT_OF_RANGE_TEMPERATURE "out_of_range_temperature": "Temperatur måste vara {lo}–{hi} °C." =>
        "Temperature must be {lo}–{hi} °C.";
    /// A glucose outside what is possible (`lo`, `hi` in tenths).
    OUT_OF_RANGE_GLUCOSE "out_of_range_glucose": "P-glukos måste vara {lo}–{hi} mmol/l." =>
        "Plasma glucose must be {lo}–{hi} mmol/L.";
    /// GCS eye opening outside its scale.
    OUT_OF_RANGE_GCS_EYE "out_of_range_gcs_eye": "GCS ögonöppning måste vara {lo}–{hi}." =>
        "GCS eye opening must be {lo}–{hi}.";
    /// GCS verbal response outside its scale.
    OUT_OF_RANGE_GCS_VERBAL "out_of_range_gcs_verbal": "GCS verbalt svar måste vara {lo}–{hi}." =>
        "GCS verbal response must be {lo}–{hi}.";
    /// GCS motor response outside its scale.
    OUT_OF_RANGE_GCS_MOTOR "out_of_range_gcs_motor": "GCS motoriskt svar måste vara {lo}–{hi}." =>
        "GCS motor response must be {lo}–{hi}.";
    /// A step not allowed now (`step` as a verb, `status`).
    ILLEGAL_STEP "illegal_step": "Kan inte {step} när uppdraget är {status}." =>
        "Cannot {step} while the job is {status}.";
    /// A time before another step's (`step`).
    TIME_NOT_BEFORE "time_not_before": "Tiden kan inte vara före ”{step}”." =>
        "The time cannot be before “{step}”.";
    /// A time after another step's (`step`).
    TIME_NOT_AFTER "time_not_after": "Tiden kan inte vara efter ”{step}”." =>
        "The time cannot be after “{step}”.";

    // Handing a job on, and the position at arrival.
    /// A closed job cannot be handed on.
    HAND_ON_CLOSED "hand_on_closed": sv::HAND_ON_CLOSED =>
        "The job is finished and cannot be handed on.";
    /// Handing a job to whoever holds it.
    HAND_ON_SAME_HOLDER "hand_on_same_holder": sv::HAND_ON_SAME_HOLDER =>
        "The job is already there.";
    /// A hand-on without a receiver.
    HAND_ON_TO_WHOM "hand_on_to_whom": sv::HAND_ON_TO_WHOM =>
        "Choose who is to take over the job.";
    /// A hand-on note over the limit.
    HAND_ON_NOTE_TOO_LONG "hand_on_note_too_long": sv::HAND_ON_NOTE_TOO_LONG =>
        "The message may be at most 500 characters.";
    /// A position with impossible degrees.
    POSITION_OUT_OF_RANGE "position_out_of_range": sv::POSITION_OUT_OF_RANGE =>
        "The position is not valid.";
    /// A fix too coarse to say anything.
    POSITION_TOO_COARSE "position_too_coarse": sv::POSITION_TOO_COARSE =>
        "The position is too uncertain (over 50 km).";
    /// A position before the nurse arrived.
    POSITION_BEFORE_ARRIVAL "position_before_arrival": sv::POSITION_BEFORE_ARRIVAL =>
        "The position is saved when you arrive at the patient.";
    /// A municipality the region's content does not name.
    UNKNOWN_MUNICIPALITY "unknown_municipality": sv::UNKNOWN_MUNICIPALITY =>
        "The municipality is not in the region's list.";

    // Assistance requests from health centres.
    /// No unit chosen.
    REQ_CHOOSE_UNIT "req_choose_unit": sv::REQ_CHOOSE_UNIT =>
        "Choose the unit that is to receive the request.";
    /// A yes/no question left unanswered.
    REQ_ANSWER_YES_NO "req_answer_yes_no": sv::REQ_ANSWER_YES_NO => "Answer yes or no.";
    /// The patient needs acute care.
    REQ_ACUTE "req_acute": sv::REQ_ACUTE =>
        "The patient needs acute care: call 112. Assistance jobs are only for patients who do not need acute care.";
    /// An ECG asked of the ambulance outside opening hours.
    REQ_ECG_DAYTIME "req_ecg_daytime": sv::REQ_ECG_DAYTIME =>
        "ECG recording by the ambulance is done in the daytime when the health centre is open (weekdays 08–17).";
    /// An ECG in the daytime asked of a municipal unit.
    REQ_ECG_AMBULANCE "req_ecg_ambulance": sv::REQ_ECG_AMBULANCE =>
        "An ECG in the daytime when the health centre is open is done by the ambulance – choose an ambulance unit.";
    /// The patient is enrolled in municipal primary care.
    REQ_ENROLLED "req_enrolled": sv::REQ_ENROLLED =>
        "Assistance jobs are for patients not enrolled in municipal primary care (exception: ECG by the ambulance). Contact the patient's home health care.";
    /// A visit time in the past.
    REQ_VISIT_PAST "req_visit_past": sv::REQ_VISIT_PAST => "The visit time has already passed.";
    /// A visit time too far ahead.
    REQ_VISIT_TOO_FAR "req_visit_too_far": sv::REQ_VISIT_TOO_FAR =>
        "An assistance job is a temporary effort in the near future: at most 7 days ahead.";
    /// A visit time that is no date and time.
    REQ_VISIT_FORMAT "req_visit_format": sv::REQ_VISIT_FORMAT =>
        "Give the visit date as YYYY-MM-DD and the time as HH:MM, or leave both empty for now.";
    /// A visit time in the hour skipped when summer time starts.
    REQ_VISIT_NO_SUCH_TIME "req_visit_no_such_time": sv::REQ_VISIT_NO_SUCH_TIME =>
        "That time does not exist that night (the clocks go forward). Choose another time.";
    /// A visit time in the hour the clock shows twice when summer time ends.
    REQ_VISIT_TWICE "req_visit_twice": sv::REQ_VISIT_TWICE =>
        "That night the clock shows that time twice (the clocks go back). Choose S for the first (summer time) or V for the second (winter time).";
    /// A phone number that is no phone number.
    REQ_PHONE "req_phone": sv::REQ_PHONE =>
        "Give a phone number with 5–15 digits, e.g. 0522-123 45.";
    /// A visit during the health centres' opening hours (`date`, `time`).
    REQ_OFFICE_HOURS "req_office_hours":
        "Uppdrag från VC/JC utförs jourtid när vårdcentralen har stängt (vardagar 17–08, helger och helgdagar). {date} kl {time} har vårdcentralen öppet. Undantag: EKG av ambulans." =>
        "Jobs from health centres are done out of hours, when the health centre is closed (weekdays 17–08, weekends and public holidays). On {date} at {time} the health centre is open. Exception: ECG by the ambulance.";
    /// A patient under 18 for a municipal unit (`age`).
    REQ_UNDER_18 "req_under_18":
        "Kommunal primärvård utför uppdrag på patienter över 18 år; patienten är {age} år. Beställ av ambulansen, som tar alla åldrar." =>
        "Municipal primary care takes patients over 18; the patient is {age}. Ask the ambulance, which takes all ages.";
    /// A treatment task without a doctor's order (`task`).
    REQ_DOCTORS_ORDER "req_doctors_order":
        "Läkarordination krävs för {task} i hemmet. Se till att den finns innan du beställer." =>
        "A doctor's order is needed for {task} in the home. Make sure there is one before you send the request.";
    /// Text too long or with control characters (`max`).
    REQ_TEXT_INVALID "req_text_invalid": "Högst {max} tecken vanlig text." =>
        "At most {max} characters of plain text.";
    /// The phone's answer was refused: answered already elsewhere.
    REQ_ALREADY_ANSWERED "req_already_answered": sv::REQ_ALREADY_ANSWERED =>
        "The request had already been answered from another phone.";
    /// The phone has no such request.
    REQ_UNKNOWN "req_unknown": sv::REQ_UNKNOWN => "The request is not on this phone.";
    /// The phone answered this request already.
    REQ_ANSWERED_HERE "req_answered_here": sv::REQ_ANSWERED_HERE =>
        "You have already answered the request.";

    // Export, sync and quarantine.
    /// An export of a job whose creating entry has not arrived.
    EXPORT_NOT_CREATED "export_not_created": sv::EXPORT_NOT_CREATED =>
        "The job cannot be exported yet: its details have not reached this phone.";
    /// The phone's clock is too far ahead.
    CLOCK_WRONG "clock_wrong": sv::CLOCK_WRONG =>
        "The phone's clock is wrong. Set the right date and time; what was written with the wrong time is in quarantine.";
    /// One entry in quarantine.
    QUARANTINED_ONE "quarantined_one":
        "1 anteckning nekades av regionen och ligger i karantän" =>
        "1 entry was refused by the region and is in quarantine";
    /// `n` entries in quarantine.
    QUARANTINED_MANY "quarantined_many":
        "{n} anteckningar nekades av regionen och ligger i karantän" =>
        "{n} entries were refused by the region and are in quarantine";
    /// What becomes of quarantined entries, beside their count.
    QUARANTINE_KEPT "quarantine_kept":
        "Telefonen behåller dem och en samverkanscoach ser dem i regionens karantän. Inget är raderat." =>
        "The phone keeps them and a coach sees them in the region's quarantine. Nothing was deleted.";
    /// The sync badge's short word for `n` entries in quarantine.
    QUARANTINE_SHORT "quarantine_short": "{n} i karantän" => "{n} in quarantine";
    /// The sync badge's short word for a clock too far ahead.
    CLOCK_WRONG_SHORT "clock_wrong_short": "Fel klocka" => "Wrong clock";
    /// Refused for good: written in another nurse's name.
    REFUSAL_FOREIGN_AUTHOR "refusal_foreign_author":
        "Skriven i en annan sjuksköterskas namn än telefonens" =>
        "Written in the name of another nurse than the phone's";
    /// Refused for good: stamped by another phone.
    REFUSAL_FOREIGN_NODE "refusal_foreign_node": "Tidsstämplad av en annan telefon" =>
        "Time-stamped by another phone";
    /// Refused for good: the clock too far ahead.
    REFUSAL_CLOCK_AHEAD "refusal_clock_ahead": "Telefonens klocka gick fel (för långt fram)" =>
        "The phone's clock was wrong (too far ahead)";
    /// Refused for good: unreadable.
    REFUSAL_INVALID_ENTRY "refusal_invalid_entry": "Kan inte läsas av regionen" =>
        "The region cannot read it";
    /// Refused for good: a form code not in the lists.
    REFUSAL_UNKNOWN_CODE "refusal_unknown_code":
        "Ett val i statistikformuläret finns inte i listorna" =>
        "A choice in the statistics form is not in the lists";
    /// Refused for good: another unit's job.
    REFUSAL_FOREIGN_JOB "refusal_foreign_job": "Gäller en annan enhets uppdrag" =>
        "Concerns another unit's job";
    /// Refused for good: a job created for another unit.
    REFUSAL_FOREIGN_UNIT "refusal_foreign_unit": "Uppdraget skapades för en annan enhet" =>
        "The job was created for another unit";
    /// Refused for good: another entry under the same number.
    REFUSAL_ENTRY_CONFLICT "refusal_entry_conflict":
        "Regionen har redan en annan anteckning med samma nummer" =>
        "The region already has another entry with the same number";
    /// Refused for good: a job the region does not know.
    REFUSAL_UNKNOWN_REFERENCE "refusal_unknown_reference":
        "Gäller ett uppdrag som regionen inte känner till" =>
        "Concerns a job the region does not know";
    /// Refused for good, for a reason this build does not know.
    REFUSAL_OTHER "refusal_other": "Nekad av regionen" => "Refused by the region";

    // The shell's own (src-tauri) and the UI's link to it.
    /// The phone's own storage failed; the detail goes to the log.
    STORAGE_FAILED "storage_failed":
        "Kunde inte spara på telefonen. Det som redan var sparat finns kvar. Försök igen." =>
        "Could not save on the phone. What was already saved is still there. Try again.";
    /// A job before enrolment.
    ENROL_FIRST "enrol_first":
        "Skriv in telefonen i regionen under Inställningar innan första uppdraget." =>
        "Enrol the phone with the region under Settings before the first job.";
    /// The quality test has not reached the phone.
    QUIZ_MISSING "quiz_missing":
        "Kvalitetstestet finns inte på telefonen ännu. Synka med regionen först." =>
        "The quality test is not on the phone yet. Sync with the region first.";
    /// A practice scenario the installed content lacks.
    SCENARIO_MISSING "scenario_missing":
        "Övningsscenariot finns inte i telefonens version av innehållet." =>
        "The practice scenario is not in this phone's version of the content.";
    /// Asking the platform for the position failed outright (`detail`).
    POSITION_FAILED "position_failed": "Kunde inte läsa telefonens position ({detail})." =>
        "Could not read the phone's position ({detail}).";
    /// The region does not know the phone.
    DEVICE_UNKNOWN "device_unknown":
        "Regionen känner inte igen telefonen. Be coachen om en ny inskrivningskod." =>
        "The region does not recognise the phone. Ask the coach for a new enrolment code.";
    /// The region revoked the phone.
    DEVICE_REVOKED "device_revoked":
        "Regionen har spärrat telefonen. Patientuppgifterna på den har raderats. Be coachen om en ny inskrivningskod." =>
        "The region has blocked the phone. The patient data on it has been deleted. Ask the coach for a new enrolment code.";
    /// The region's certificate is refused.
    TLS_REFUSED "tls_refused":
        "Regionens certifikat godtas inte. Kontrollera adressen; en lokal region behöver sitt certifikat (SAMVERKA_REGION_CA)." =>
        "The region's certificate is not accepted. Check the address; a local region needs its certificate (SAMVERKA_REGION_CA).";
    /// The certificate to trust cannot be read.
    CERTIFICATE_UNREADABLE "certificate_unreadable":
        "Certifikatet som telefonen ska lita på går inte att läsa (SAMVERKA_REGION_CA)." =>
        "The certificate the phone is to trust cannot be read (SAMVERKA_REGION_CA).";
    /// The region refused the enrolment code (`code`).
    CODE_REFUSED "code_refused":
        "Regionen godtog inte koden ({code}). Koden kan vara använd eller för gammal; be coachen om en ny." =>
        "The region did not accept the code ({code}). The code may have been used or be too old; ask the coach for a new one.";
    /// The region refused with its own words (`message`, `code`).
    REGION_SAID "region_said": "Regionen svarade: {message} ({code})." =>
        "The region answered: {message} ({code}).";
    /// Not enrolled.
    NOT_ENROLLED "not_enrolled": "Telefonen är inte inskriven i någon region än." =>
        "The phone is not enrolled with any region yet.";
    /// The region cannot be reached for now.
    REGION_UNREACHABLE "region_unreachable":
        "Når inte regionen. Kontrollera adressen och nätet; allt sparas på telefonen under tiden." =>
        "Cannot reach the region. Check the address and the network; everything is saved on the phone meanwhile.";
    /// The region cannot be reached, with why (`detail`).
    REGION_FAILED "region_failed": "Kunde inte nå regionen: {detail}" =>
        "Could not reach the region: {detail}";
    /// The UI could not reach the shell (`detail`).
    IPC_FAILED "ipc_failed":
        "Appen kunde inte nå sin lagring ({detail}). Det som är sparat finns kvar." =>
        "The app could not reach its storage ({detail}). What is saved is still there.";
}

/// A value outside what is possible; `lo` and `hi` in the field's unit (tenths for
/// temperature and glucose).
pub fn out_of_range(field: &str, lo: i64, hi: i64) -> Message {
    let (text, arg): (Text, fn(i64) -> Arg) = match field {
        "vitals.temperature" => (OUT_OF_RANGE_TEMPERATURE, Arg::Tenths),
        "vitals.glucose" => (OUT_OF_RANGE_GLUCOSE, Arg::Tenths),
        "vitals.gcs_eye" => (OUT_OF_RANGE_GCS_EYE, Arg::Int),
        "vitals.gcs_verbal" => (OUT_OF_RANGE_GCS_VERBAL, Arg::Int),
        "vitals.gcs_motor" => (OUT_OF_RANGE_GCS_MOTOR, Arg::Int),
        _ => (OUT_OF_RANGE, Arg::Int),
    };
    text.with("lo", arg(lo)).with("hi", arg(hi))
}

/// A step not allowed from `status`.
pub fn illegal_step(status: Status, step: Step) -> Message {
    ILLEGAL_STEP
        .with("step", Arg::StepVerb(step))
        .with("status", Arg::Status(status))
}

/// A time out of order with `other`'s: it must be after it (`must_be_after`) or before it.
pub fn time_order(other: Step, must_be_after: bool) -> Message {
    let text = if must_be_after {
        TIME_NOT_BEFORE
    } else {
        TIME_NOT_AFTER
    };
    text.with("step", Arg::Step(other))
}

/// How many of the phone's entries the region refused for good.
pub fn quarantined(n: u64) -> Message {
    match n {
        1 => QUARANTINED_ONE.into(),
        n => QUARANTINED_MANY.with("n", Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))),
    }
}

/// Why the region refused an entry for good, by its code (`crate::sync::refusal`).
pub fn refusal(code: &str) -> Text {
    match code {
        "foreign_author" => REFUSAL_FOREIGN_AUTHOR,
        "foreign_node" => REFUSAL_FOREIGN_NODE,
        "clock_ahead" => REFUSAL_CLOCK_AHEAD,
        "invalid_entry" => REFUSAL_INVALID_ENTRY,
        "unknown_code" => REFUSAL_UNKNOWN_CODE,
        "foreign_job" => REFUSAL_FOREIGN_JOB,
        "foreign_unit" => REFUSAL_FOREIGN_UNIT,
        "entry_conflict" => REFUSAL_ENTRY_CONFLICT,
        "unknown_reference" => REFUSAL_UNKNOWN_REFERENCE,
        _ => REFUSAL_OTHER,
    }
}

/// What an error says, as the constructors of [`crate::FieldError`] and
/// [`crate::app::Failure`] take it: a message of the table, or words from outside it (the UI's
/// own, already in the nurse's language; a region's), which stay as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// A message of the table.
    Keyed(Message),
    /// Words without a key.
    Plain(String),
}

impl Said {
    /// The Swedish (or the plain words) and the key, for the error's two fields.
    pub fn into_parts(self) -> (String, Option<Message>) {
        match self {
            Said::Keyed(m) => (m.to_string(), Some(m)),
            Said::Plain(s) => (s, None),
        }
    }
}

impl From<Text> for Said {
    fn from(t: Text) -> Self {
        Said::Keyed(t.into())
    }
}

impl From<Message> for Said {
    fn from(m: Message) -> Self {
        Said::Keyed(m)
    }
}

/// A constant of `sv` finds its row by its Swedish; other words stay plain.
impl From<&str> for Said {
    fn from(s: &str) -> Self {
        match Text::by_swedish(s) {
            Some(t) => t.into(),
            None => Said::Plain(s.to_owned()),
        }
    }
}

impl From<String> for Said {
    fn from(s: String) -> Self {
        match Text::by_swedish(&s) {
            Some(t) => t.into(),
            None => Said::Plain(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn an_installed_table_is_the_one_messages_are_said_from() {
        // What the UI does with the table the shell sent: its own rows, leaked for the app's
        // life; each test runs on its own thread, so this one's table is its own.
        static SENT: [Text; 1] = [Text {
            key: "clock_wrong",
            sv: "Klockan går fel (som skickat)",
            en: "The clock is wrong (as sent)",
        }];
        install(&SENT);
        let m = Message::from(CLOCK_WRONG);
        assert_eq!(m.render(Language::En).as_deref(), Some(SENT[0].en));
        assert_eq!(m.to_string(), SENT[0].sv);
        assert_eq!(Text::by_swedish(SENT[0].sv), Some(SENT[0]));
        // A key the installed table lacks shows as its key, as with a newer peer's message.
        assert_eq!(Message::from(REQUIRED).render(Language::Sv), None);
        assert_eq!(Message::from(REQUIRED).to_string(), REQUIRED.key);
    }

    /// The placeholders' names in `template`, in order.
    fn placeholders(template: &str) -> Vec<&str> {
        let mut names = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            names.push(&after[..close]);
            rest = &after[close + 1..];
        }
        names
    }

    #[test]
    fn every_key_has_both_languages_once() {
        let mut keys = BTreeSet::new();
        let mut swedish = BTreeSet::new();
        for t in ALL {
            assert!(!t.key.trim().is_empty(), "a row without a key: {t:?}");
            assert!(!t.sv.trim().is_empty(), "{}: no Swedish", t.key);
            assert!(!t.en.trim().is_empty(), "{}: no English", t.key);
            assert!(keys.insert(t.key), "{}: the key twice", t.key);
            // A constant of `sv` finds its key by its Swedish, so no two rows may share it.
            assert!(
                swedish.insert(t.sv),
                "{}: the same Swedish as another row",
                t.key
            );
            assert!(
                t.key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{}: keys are snake_case",
                t.key
            );
        }
    }

    #[test]
    fn both_languages_have_the_same_placeholders() {
        for t in ALL {
            let mut sv = placeholders(t.sv);
            let mut en = placeholders(t.en);
            sv.sort_unstable();
            en.sort_unstable();
            assert_eq!(sv, en, "{}: the languages fill different blanks", t.key);
        }
    }

    #[test]
    fn english_is_not_swedish_left_over() {
        for t in ALL {
            assert!(
                !t.en.contains(['å', 'ä', 'ö', 'Å', 'Ä', 'Ö']),
                "{}: the English has Swedish letters: {}",
                t.key,
                t.en
            );
            assert_ne!(t.sv, t.en, "{}: not translated", t.key);
        }
    }

    #[test]
    fn formatted_messages_say_in_swedish_what_they_always_said() {
        assert_eq!(
            out_of_range("vitals.temperature", 300, 440).to_string(),
            "Temperatur måste vara 30,0–44,0 °C."
        );
        assert_eq!(
            out_of_range("vitals.glucose", 5, 500).to_string(),
            "P-glukos måste vara 0,5–50,0 mmol/l."
        );
        assert_eq!(
            out_of_range("vitals.pulse", 20, 300).to_string(),
            "Värdet måste vara 20–300."
        );
        assert_eq!(
            illegal_step(Status::Requested, Step::Arrive).to_string(),
            "Kan inte markera framme när uppdraget är beställt."
        );
        assert_eq!(
            time_order(Step::Depart, true).to_string(),
            "Tiden kan inte vara före ”Avfärd”."
        );
        assert_eq!(
            time_order(Step::Arrive, false).to_string(),
            "Tiden kan inte vara efter ”Framme”."
        );
        assert_eq!(
            quarantined(1).to_string(),
            "1 anteckning nekades av regionen och ligger i karantän"
        );
        assert_eq!(
            quarantined(3).to_string(),
            "3 anteckningar nekades av regionen och ligger i karantän"
        );
    }

    #[test]
    fn formatted_messages_in_english_use_english_words_and_decimal_points() {
        let en = |m: Message| m.render(Language::En).unwrap_or_default();
        assert_eq!(
            en(out_of_range("vitals.temperature", 300, 440)),
            "Temperature must be 30.0–44.0 °C."
        );
        assert_eq!(
            en(illegal_step(Status::OnScene, Step::Depart)),
            "Cannot mark departure while the job is on scene."
        );
        assert_eq!(
            en(time_order(Step::Arrive, true)),
            "The time cannot be before “Arrived”."
        );
        assert_eq!(
            en(REQ_DOCTORS_ORDER.with("task", Arg::Task(TaskKind::Catheter))),
            "A doctor's order is needed for catheter care in the home. Make sure there is one before you send the request."
        );
    }

    #[test]
    fn the_quarantine_and_refusal_texts_are_svs() {
        for n in [1, 2, 40] {
            assert_eq!(quarantined(n).to_string(), sv::quarantined(n));
        }
        for code in [
            "foreign_author",
            "foreign_node",
            "clock_ahead",
            "invalid_entry",
            "unknown_code",
            "foreign_job",
            "foreign_unit",
            "entry_conflict",
            "unknown_reference",
            "something_new",
        ] {
            assert_eq!(refusal(code).sv, sv::refusal(code), "{code}");
        }
    }

    #[test]
    fn a_swedish_constant_finds_its_key_and_other_words_stay_plain() {
        let (text, msg) = Said::from(sv::PNR_CHECKSUM).into_parts();
        assert_eq!(text, sv::PNR_CHECKSUM);
        assert_eq!(msg.map(|m| m.key), Some("pnr_checksum".to_owned()));
        let (text, msg) = Said::from("Not a number".to_owned()).into_parts();
        assert_eq!((text.as_str(), msg), ("Not a number", None));
    }

    #[test]
    fn arguments_are_an_object_sorted_by_name_the_last_of_a_name_kept()
    -> Result<(), serde_json::Error> {
        let m = Message::from(OUT_OF_RANGE)
            .with("lo", Arg::Int(1))
            .with("hi", Arg::Int(9))
            .with("lo", Arg::Int(2));
        let json = serde_json::to_string(&m)?;
        assert_eq!(
            json,
            r#"{"key":"out_of_range","args":{"hi":{"int":9},"lo":{"int":2}}}"#
        );
        assert_eq!(serde_json::from_str::<Message>(&json)?, m);
        let twice: Message = serde_json::from_str(
            r#"{"key":"out_of_range","args":{"lo":{"int":1},"hi":{"int":9},"lo":{"int":3}}}"#,
        )?;
        assert_eq!(twice.args.get("lo"), Some(&Arg::Int(3)));
        assert_eq!(
            twice.render(Language::En).as_deref(),
            Some("The value must be 3–9.")
        );
        assert_eq!(
            serde_json::to_string(&Message::from(OUT_OF_RANGE))?,
            r#"{"key":"out_of_range"}"#
        );
        assert!(serde_json::from_str::<Message>(r#"{"key":"out_of_range","args":[]}"#).is_err());
        Ok(())
    }

    #[test]
    fn an_unknown_key_renders_nothing_and_a_missing_argument_shows() {
        let m = Message {
            key: "from_a_newer_build".into(),
            args: Args::default(),
        };
        assert_eq!(m.render(Language::En), None);
        assert_eq!(
            Message::from(OUT_OF_RANGE).render(Language::En).as_deref(),
            Some("The value must be {lo}–{hi}.")
        );
    }

    /// The model's checks, fed what a nurse or a requester gets wrong: every error they give
    /// has a key this table knows, so none is left in Swedish for an English-speaking nurse.
    #[test]
    fn the_models_checks_give_only_keyed_errors() {
        use crate::request::{RequestForm, RequestUnit, check};
        use crate::timestamp::Timestamp;
        use crate::vitals::VitalSigns;
        use crate::{FieldError, JobView, form, lock};
        let now = Timestamp::from_millis(1_767_225_600_000);
        let mut errors: Vec<FieldError> = Vec::new();
        errors.extend(crate::app::check_region_url("nowhere").err());
        errors.extend(crate::app::check_enrollment_code("").err());
        errors.extend(crate::app::check_enrollment_code("a;b").err());
        errors.extend(lock::check_new_pin("12", "13"));
        errors.extend(lock::check_new_pin("111111", "111111"));
        let today = time::macros::date!(2026 - 01 - 01);
        for typed in ["x", "19991332-0000", "20990101-0000", "19121212-1213"] {
            if let Err(e) = crate::identity::PersonalNumber::parse(typed, today) {
                errors.push(FieldError::new(
                    "pnr",
                    crate::ErrorCode::Invalid,
                    e.message(),
                ));
            }
        }
        let vitals = VitalSigns {
            taken_at: Some(now),
            pulse: Some(400),
            temperature: Some(crate::vitals::Tenths(500)),
            systolic: Some(80),
            diastolic: Some(90),
            gcs_eye: Some(9),
            ..VitalSigns::default()
        };
        errors.extend(
            vitals
                .validate()
                .err()
                .map(|e| e.errors)
                .unwrap_or_default(),
        );
        errors.extend(
            VitalSigns::default()
                .validate()
                .err()
                .map(|e| e.errors)
                .unwrap_or_default(),
        );
        let stats = form::StatsForm {
            minutes_before_ambulance: Some(999),
            ..form::StatsForm::default()
        };
        errors.extend(
            form::validate(&stats, Some(&form::FormOptions::sample()))
                .err()
                .map(|e| e.errors)
                .unwrap_or_default(),
        );
        let units = [RequestUnit {
            id: crate::UnitId::new("u"),
            name: "U".into(),
            kind: crate::PerformerKind::Municipal,
        }];
        for form in [
            RequestForm::default(),
            RequestForm {
                unit: "nope".into(),
                personal_number: "19121212-1213".into(),
                visit_date: "2026-13-01".into(),
                patient_phone: "1".into(),
                acute: Some(true),
                ..RequestForm::default()
            },
        ] {
            errors.extend(
                check(&form, &units, now)
                    .err()
                    .map(|e| e.errors)
                    .unwrap_or_default(),
            );
        }
        let view = JobView::new(crate::JobId(uuid::Uuid::nil()));
        let step = crate::EntryBody::Step {
            step: Step::Arrive,
            at: now,
            reason: None,
        };
        errors.extend(
            view.check(&step, Some(&crate::form::FormOptions::sample()))
                .err()
                .map(|e| e.errors)
                .unwrap_or_default(),
        );
        assert!(errors.len() > 20, "the sweep found too little: {errors:?}");
        for e in &errors {
            let key = e.msg.as_ref().map(|m| m.key.as_str());
            assert!(
                key.and_then(Text::by_key).is_some(),
                "{}: {:?} has no key",
                e.field,
                e.message
            );
        }
    }

    #[test]
    fn a_message_crosses_as_key_and_arguments() {
        let m = out_of_range("vitals.glucose", 5, 500);
        let json = serde_json::to_value(&m).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "key": "out_of_range_glucose",
                "args": { "hi": { "tenths": 500 }, "lo": { "tenths": 5 } }
            })
        );
        let back: Message = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, m);
        let plain: Message =
            serde_json::from_str(r#"{"key":"required"}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plain.render(Language::En).as_deref(), Some("Required."));
    }
}
