//! The model's Swedish strings: validation messages, labels and the phrases of the SBAR draft.
//! One table, so wording is reviewed in one place and the UI can reuse the labels. Every
//! message a nurse may be shown also has a row in `crate::msg`: its stable key and English.

use crate::form::{Benefit, InfoMatched, PreventedVisit};
use crate::job::{JobType, Requester, Status, Step};
use crate::msg::{self, Arg, Message};
use crate::news2::RiskBand;
use crate::record::{InterventionKind, Route, Sex};
use crate::vitals::Acvpu;

/// Shown when the region's address is not a web address.
pub const REGION_URL: &str = "Ange adressen med https://, t.ex. https://samverka.regionen.se (http:// bara till den egna datorn).";
/// Shown when an enrolment code has characters the region never issues.
pub const ENROLLMENT_CODE: &str = "Koden består av bokstäver, siffror och bindestreck.";
/// A personal identity number in the wrong shape.
pub const PNR_FORMAT: &str = "Skriv personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN.";
/// A personal identity number whose date part is no date.
pub const PNR_DATE: &str = "Datumdelen i personnumret är inget giltigt datum.";
/// A personal identity number born after today.
pub const PNR_FUTURE: &str = "Datumdelen i personnumret ligger i framtiden.";
/// A personal identity number whose check digit does not match.
pub const PNR_CHECKSUM: &str = "Kontrollsiffran stämmer inte – kontrollera personnumret.";
/// A name that is too long or has control characters.
pub const NAME_INVALID: &str = "Namnet får vara högst 200 tecken vanlig text.";
/// A PIN that is not 6–12 digits.
pub const PIN_FORMAT: &str = "PIN-koden ska vara 6–12 siffror.";
/// A PIN that is the first thing a finder would try.
pub const PIN_TRIVIAL: &str =
    "Välj en PIN-kod som är svårare att gissa (inte samma siffra eller en följd).";
/// A command refused because the app is locked.
pub const LOCKED: &str = "Appen är låst. Lås upp med din PIN-kod.";
/// The repeated PIN differs.
pub const PIN_MISMATCH: &str = "PIN-koderna är inte lika.";
/// A text with a NUL character (pasted from somewhere; the region cannot store it).
pub const TEXT_CONTROL_CHARACTER: &str =
    "Texten innehåller ett osynligt styrtecken som inte kan sparas. Skriv in texten igen.";
/// A text longer than the region stores (64 KiB).
pub const TEXT_TOO_LONG: &str = "Texten är för lång: högst 64 kB (ungefär 30 sidor).";
/// A vital sign typed on the number pad that is no number.
pub const NOT_A_NUMBER: &str = "Ange ett tal.";
/// A required field is empty.
pub const REQUIRED: &str = "Måste fyllas i.";
/// Decline and abort need a reason.
pub const REASON_REQUIRED: &str = "Ange en orsak.";
/// Only IVPA can be aborted.
pub const ABORT_IVPA_ONLY: &str = "Bara IVPA-uppdrag kan avbrytas av larmcentralen.";
/// A vital-sign set needs its time.
pub const VITALS_TIME_REQUIRED: &str = "Ange när värdena togs.";
/// A vital-sign set with nothing in it.
pub const VITALS_EMPTY: &str = "Fyll i minst ett värde.";
/// Diastolic at or above systolic.
pub const DIASTOLIC_ABOVE_SYSTOLIC: &str = "Diastoliskt tryck måste vara lägre än systoliskt.";
/// Age outside 0–120.
pub const AGE_RANGE: &str = "Ålder måste vara 0–120 år.";
/// "Other" intervention without a description.
pub const INTERVENTION_DETAIL: &str = "Beskriv åtgärden.";
/// A drug without a name.
pub const DRUG_NAME: &str = "Ange läkemedel.";
/// A drug without a dose.
pub const DRUG_DOSE: &str = "Ange dos med enhet.";
/// A dose without a number.
pub const DRUG_DOSE_NUMBER: &str = "Dosen måste innehålla ett tal, t.ex. 0,5 mg.";
/// Minutes before the ambulance outside the range.
pub const MINUTES_RANGE: &str = "Ange 1–180 minuter.";
/// A code that is not in the region's list.
pub const UNKNOWN_CHOICE: &str = "Välj ett alternativ i listan.";
/// A requester the lists in force do not offer for the job's type.
pub const REQUESTER_NOT_FOR_TYPE: &str = "Beställaren ger inte den här uppdragsformen.";
/// How a code no list in force has is labelled (with the code beside it).
pub const UNKNOWN_CODE: &str = "Okänd kod";
/// An IVPA-only field on another job type.
pub const IVPA_ONLY: &str = "Gäller bara IVPA-uppdrag.";
/// Minutes given when the nurse did not arrive first.
pub const MINUTES_ONLY_BEFORE: &str = "Anges bara när du kom före ambulansen.";
/// IVPA performed by the ambulance.
pub const IVPA_MUNICIPAL: &str = "IVPA-uppdrag utförs av kommunens sjuksköterska.";
/// The form is submitted.
pub const FORM_LOCKED: &str = "Blanketten är inskickad och kan inte ändras.";
/// The form was already submitted.
pub const ALREADY_SUBMITTED: &str = "Blanketten är redan inskickad.";
/// The form says another job type than the job.
pub const FORM_JOB_TYPE_MISMATCH: &str = "Uppdragstypen stämmer inte med uppdraget.";
/// An entry for a job that does not exist.
pub const UNKNOWN_JOB: &str = "Uppdraget finns inte.";
/// A guideline or quick reference the phone does not hold (an old link, a newer bundle).
pub const UNKNOWN_DOCUMENT: &str = "Dokumentet finns inte i telefonens version av riktlinjerna.";
/// A contact the phone does not hold.
pub const UNKNOWN_CONTACT: &str = "Kontakten finns inte längre i kontaktlistan.";
/// A job created twice.
pub const JOB_EXISTS: &str = "Uppdraget finns redan.";
/// A correction of a step that never happened.
pub const CORRECT_MISSING_MARK: &str = "Det finns ingen tid att rätta här.";
/// A time before the alarm.
pub const TIME_BEFORE_REQUEST: &str = "Tiden kan inte vara före larmet/beställningen.";
/// A correction of an entry that does not exist.
pub const UNKNOWN_ENTRY: &str = "Posten som ska rättas finns inte.";
/// A correction of an entry already corrected.
pub const ALREADY_SUPERSEDED: &str = "Posten är redan rättad eller struken.";
/// A patch that changes nothing.
pub const NOTHING_TO_SAVE: &str = "Inget att spara.";
/// A patch that names a field the document lacks.
pub const UNKNOWN_FIELD: &str = "Okänt fält.";

/// SBAR draft: "requested by".
pub const REQUESTED_BY: &str = "beställt av";
/// SBAR draft: "chief complaint".
pub const CHIEF_COMPLAINT: &str = "Kontaktorsak";
/// SBAR draft: "arrived at".
pub const ARRIVED_AT: &str = "Framme kl";
/// SBAR draft: "alarm at".
pub const ALARM_AT: &str = "Larm/beställning kl";
/// SBAR draft: "patient".
pub const PATIENT: &str = "Patient";
/// SBAR draft: NEWS2 over incomplete vitals.
pub const INCOMPLETE_SUFFIX: &str = ", ofullständig";
/// SBAR draft: on oxygen.
pub const ON_OXYGEN: &str = " med syrgas";
/// SBAR draft: on air.
pub const ON_AIR: &str = " utan syrgas";
/// SBAR draft: interventions heading.
pub const INTERVENTIONS: &str = "Åtgärder";
/// SBAR draft: drugs heading.
pub const DRUGS: &str = "Läkemedel";
/// SBAR draft: NEWS2 trend.
pub const NEWS2_TREND: &str = "NEWS2 över tid:";

/// GCS with one or two of its three parts.
pub const GCS_ALL_PARTS: &str = "GCS kräver alla tre delarna: ögon, verbalt och motoriskt svar.";

// Formatted messages: their templates, in Swedish and English, are rows of `crate::msg`'s
// table; these keep the names the model's checks call them by. Each is a `Message` (its key and
// arguments), whose `Display` is the Swedish.

/// The message for a value outside what is possible; the limits are given in the field's unit.
pub fn out_of_range(field: &str, lo: i64, hi: i64) -> Message {
    msg::out_of_range(field, lo, hi)
}

/// The message for a step that is not allowed now.
pub fn illegal_step(status: Status, step: Step) -> Message {
    msg::illegal_step(status, step)
}

/// The message for a time out of order with another step's.
pub fn time_order(other: Step, must_be_after: bool) -> Message {
    msg::time_order(other, must_be_after)
}

/// A step as a verb phrase ("markera framme").
pub fn step_verb(step: Step) -> &'static str {
    match step {
        Step::Accept => "ta emot uppdraget",
        Step::Decline => "avböja uppdraget",
        Step::Depart => "markera avfärd",
        Step::Arrive => "markera framme",
        Step::AmbulanceArrive => "markera att ambulansen kom",
        Step::HandOver => "markera överlämnat",
        Step::Complete => "avsluta uppdraget",
        Step::Abort => "avbryta uppdraget",
    }
}

/// A step's timeline label.
pub fn step_label(step: Step) -> &'static str {
    match step {
        Step::Accept => "Mottaget",
        Step::Decline => "Avböjt",
        Step::Depart => "Avfärd",
        Step::Arrive => "Framme",
        Step::AmbulanceArrive => "Ambulans på plats",
        Step::HandOver => "Överlämnat",
        Step::Complete => "Avslutat",
        Step::Abort => "Avbrutet",
    }
}

/// A status in lower case, to follow "uppdraget är".
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Requested => "beställt",
        Status::Accepted => "mottaget",
        Status::EnRoute => "på väg",
        Status::OnScene => "på plats",
        Status::HandedOver => "överlämnat",
        Status::Done => "avslutat",
        Status::Declined => "avböjt",
        Status::Aborted => "avbrutet",
    }
}

/// A job type's name.
pub fn job_type(t: JobType) -> &'static str {
    match t {
        JobType::NurseLine => "1177-uppdrag",
        JobType::Assistance => "Assistansuppdrag",
        JobType::Ivpa => "IVPA-uppdrag",
        JobType::MavaDirect => "MÄVA-direkt",
    }
}

/// A requester's name inside a sentence ("uppdrag från ambulansen"), for the codes the model
/// knows; another code from the region's lists is said as its code.
pub fn requester(r: &Requester) -> std::borrow::Cow<'static, str> {
    let word = match r.as_str() {
        "nurse_line" => "1177",
        "dispatch" => "SOS Alarm/SvLc",
        "municipal_primary_care" => "kommunal primärvård",
        "home_care" => "hemtjänst/trygghetslarm",
        "ambulance" => "ambulansen",
        "mobile_team" => "mobilt närsjukvårdsteam",
        "mava" => "MÄVA",
        "health_centre" => "vårdcentral/jourcentral",
        other => return std::borrow::Cow::Owned(other.to_owned()),
    };
    std::borrow::Cow::Borrowed(word)
}

/// A NEWS2 risk band.
pub fn band(b: RiskBand) -> &'static str {
    match b {
        RiskBand::Low => "låg risk",
        RiskBand::LowMedium => "låg–medel risk",
        RiskBand::Medium => "medelhög risk",
        RiskBand::High => "hög risk",
    }
}

/// Sex, capitalised as a sentence start.
pub fn sex(s: Sex) -> &'static str {
    match s {
        Sex::Female => "Kvinna",
        Sex::Male => "Man",
        Sex::Unknown => "Kön okänt",
    }
}

/// ACVPU level.
pub fn acvpu(a: Acvpu) -> &'static str {
    match a {
        Acvpu::Alert => "vaken (A)",
        Acvpu::Confusion => "nytillkommen förvirring (C)",
        Acvpu::Voice => "reagerar på tilltal (V)",
        Acvpu::Pain => "reagerar på smärta (P)",
        Acvpu::Unresponsive => "reagerar inte (U)",
    }
}

/// An intervention kind.
pub fn intervention(k: &InterventionKind) -> &'static str {
    match k {
        InterventionKind::Cpr => "HLR",
        InterventionKind::Defibrillation => "Defibrillering",
        InterventionKind::AirwayAdjunct => "Luftvägshjälpmedel",
        InterventionKind::Oxygen => "Syrgas",
        InterventionKind::PeripheralIv => "PVK",
        InterventionKind::BleedingControl => "Blödningskontroll",
        InterventionKind::Positioning => "Lägesändring",
        InterventionKind::Other => "Annan åtgärd",
    }
}

/// A route of administration.
pub fn route(r: Route) -> &'static str {
    match r {
        Route::Iv => "iv",
        Route::Im => "im",
        Route::Sc => "sc",
        Route::Oral => "po",
        Route::Sublingual => "sublingualt",
        Route::Inhalation => "inhalation",
        Route::Nasal => "nasalt",
        Route::Rectal => "rektalt",
        Route::Io => "io",
    }
}

/// Information matched.
pub fn info_matched(i: InfoMatched) -> &'static str {
    match i {
        InfoMatched::No => "Stämde inte",
        InfoMatched::Yes => "Stämde",
        InfoMatched::Well => "Stämde bra",
        InfoMatched::VeryWell => "Stämde mycket bra",
    }
}

/// Prevented visit.
pub fn prevented_visit(p: PreventedVisit) -> &'static str {
    match p {
        PreventedVisit::Emergency => "Akutmottagning",
        PreventedVisit::PrimaryCare => "Vårdcentral/jourcentral",
        PreventedVisit::None => "Inget",
    }
}

/// Benefit to the patient.
pub fn benefit(b: Benefit) -> &'static str {
    match b {
        Benefit::None => "Ingen nytta",
        Benefit::Little => "Liten nytta",
        Benefit::Some => "Nytta",
        Benefit::Good => "God nytta",
        Benefit::VeryGood => "Mycket god nytta",
    }
}

// Handing a job on, and the position at arrival.

/// A closed job cannot be handed on.
pub const HAND_ON_CLOSED: &str = "Uppdraget är avslutat och kan inte lämnas över.";
/// Handing a job to whoever already holds it.
pub const HAND_ON_SAME_HOLDER: &str = "Uppdraget ligger redan där.";
/// A hand-on without a receiver.
pub const HAND_ON_TO_WHOM: &str = "Välj vem som ska ta över uppdraget.";
/// A hand-on note over the limit.
pub const HAND_ON_NOTE_TOO_LONG: &str = "Meddelandet får vara högst 500 tecken.";
/// The next shift, as a holder.
pub const NEXT_SHIFT: &str = "Nästa pass";
/// A position with impossible degrees.
pub const POSITION_OUT_OF_RANGE: &str = "Positionen är inte giltig.";
/// A fix too coarse to say anything.
pub const POSITION_TOO_COARSE: &str = "Positionen är för osäker (över 50 km).";
/// A position before the nurse arrived.
pub const POSITION_BEFORE_ARRIVAL: &str = "Positionen sparas när du är framme hos patienten.";
/// The record's line when there is no position.
pub const POSITION_MISSING: &str = "Position saknas";
/// Why: the platform has none.
pub const POSITION_MISSING_UNAVAILABLE: &str = "enheten har ingen platstjänst";
/// Why: access refused.
pub const POSITION_MISSING_DENIED: &str = "appen fick inte använda platsen";
/// Why: no fix in time.
pub const POSITION_MISSING_NO_FIX: &str = "ingen position gick att få";
/// A municipality the region's content does not name.
pub const UNKNOWN_MUNICIPALITY: &str = "Kommunen finns inte i regionens lista.";

// Assistance requests from health centres (VC/JC), `crate::request`.

/// The quick reference's conditions, shown above the request form.
pub const REQ_CONDITIONS: [&str; 7] = [
    "Gäller patienter som inte är i behov av akut vård. Akut vård: ring 112.",
    "Uppdraget utförs jourtid när vårdcentralen har stängt: vardagar 17–08, helger, helgdagar, midsommar-, jul- och nyårsafton (undantag: EKG).",
    "Bedömning eller åtgärd på sjuksköterskenivå i patientens hem, som en tillfällig insats inom närmaste tiden.",
    "Gäller patienter som inte är inskrivna i kommunal primärvård (undantag: EKG).",
    "Kommunal primärvård utför uppdrag på patienter över 18 år. Ambulansen utför uppdrag på patienter i alla åldrar.",
    "Läkarordination ska finnas för åtgärd som ska utföras i hemmet (kateter, sår, provtagning, läkemedel).",
    "EKG-registrering av ambulans görs dagtid när vårdcentralen har öppet och gäller även patienter inskrivna i kommunal primärvård.",
];
/// No unit chosen.
pub const REQ_CHOOSE_UNIT: &str = "Välj den enhet som ska få förfrågan.";
/// A yes/no question left unanswered.
pub const REQ_ANSWER_YES_NO: &str = "Svara ja eller nej.";
/// The patient needs acute care.
pub const REQ_ACUTE: &str = "Patienten behöver akut vård: ring 112. Assistansuppdrag gäller bara patienter som inte behöver akut vård.";
/// An ECG asked of the ambulance outside opening hours.
pub const REQ_ECG_DAYTIME: &str =
    "EKG-registrering av ambulans görs dagtid när vårdcentralen har öppet (vardagar 08–17).";
/// An ECG in the daytime asked of a municipal unit.
pub const REQ_ECG_AMBULANCE: &str =
    "EKG dagtid när vårdcentralen har öppet görs av ambulansen – välj en ambulansenhet.";
/// The patient is enrolled in municipal primary care.
pub const REQ_ENROLLED: &str = "Assistansuppdrag gäller patienter som inte är inskrivna i kommunal primärvård (undantag: EKG av ambulans). Kontakta patientens hemsjukvård.";
/// A visit time in the past.
pub const REQ_VISIT_PAST: &str = "Besökstiden har redan passerat.";
/// A visit time too far ahead.
pub const REQ_VISIT_TOO_FAR: &str =
    "Assistansuppdrag är en tillfällig insats inom närmaste tiden: högst 7 dygn fram.";
/// A visit time that is no date and time.
pub const REQ_VISIT_FORMAT: &str =
    "Ange besöksdatum som ÅÅÅÅ-MM-DD och tid som TT:MM, eller lämna båda tomma för nu.";
/// A visit time in the hour skipped when summer time starts.
pub const REQ_VISIT_NO_SUCH_TIME: &str =
    "Den tiden finns inte den natten (klockan ställs fram). Välj en annan tid.";
/// A visit time in the hour the clock shows twice when summer time ends.
pub const REQ_VISIT_TWICE: &str = "Den natten visar klockan den tiden två gånger (klockan ställs tillbaka). Välj S för den första (sommartid) eller V för den andra (vintertid).";
/// A phone number that is no phone number.
pub const REQ_PHONE: &str = "Ange ett telefonnummer med 5–15 siffror, t.ex. 0522-123 45.";

/// A visit during the health centres' opening hours (template in `crate::msg`).
pub fn req_office_hours(date: &str, hhmm: &str) -> Message {
    msg::REQ_OFFICE_HOURS
        .with("date", Arg::text(date))
        .with("time", Arg::text(hhmm))
}

/// A patient under 18 for a municipal unit (template in `crate::msg`).
pub fn req_under_18(age: u16) -> Message {
    msg::REQ_UNDER_18.with("age", Arg::Int(age.into()))
}

/// A treatment task without a doctor's order (template in `crate::msg`).
pub fn req_doctors_order(task: crate::request::TaskKind) -> Message {
    msg::REQ_DOCTORS_ORDER.with("task", Arg::Task(task))
}

/// Text that is too long or has control characters (template in `crate::msg`).
pub fn req_text_invalid(max: usize) -> Message {
    msg::REQ_TEXT_INVALID.with("max", Arg::Int(i64::try_from(max).unwrap_or(i64::MAX)))
}

/// A task's name on the form and the phone.
pub fn task(t: crate::request::TaskKind) -> &'static str {
    use crate::request::TaskKind as T;
    match t {
        T::Assessment => "Bedömning",
        T::Ecg => "EKG",
        T::Catheter => "Kateter",
        T::WoundCare => "Omläggning/sår",
        T::Sampling => "Provtagning",
        T::Medication => "Läkemedel/injektion",
        T::Other => "Annat",
    }
}

/// A task in lower case, inside a sentence.
pub(crate) fn task_lower(t: crate::request::TaskKind) -> &'static str {
    use crate::request::TaskKind as T;
    match t {
        T::Assessment => "bedömning",
        T::Ecg => "EKG",
        T::Catheter => "kateter",
        T::WoundCare => "omläggning/sår",
        T::Sampling => "provtagning",
        T::Medication => "läkemedel/injektion",
        T::Other => "annan åtgärd",
    }
}

/// A request's status, as the requester's list shows it.
pub fn request_status(s: crate::request::RequestStatus) -> &'static str {
    use crate::request::RequestStatus as S;
    match s {
        S::Requested => "väntar",
        S::Accepted => "accepterad",
        S::Declined => "avböjd",
    }
}

/// The phone's answer was refused: the request had been answered already.
pub const REQ_ALREADY_ANSWERED: &str = "Förfrågan var redan besvarad från en annan telefon.";
/// The phone has no such request.
pub const REQ_UNKNOWN: &str = "Förfrågan finns inte på telefonen.";
/// The phone answered this request already.
pub const REQ_ANSWERED_HERE: &str = "Du har redan svarat på förfrågan.";

// Export for the journal system, `crate::export`.

/// An export of a job whose creating entry has not arrived.
pub const EXPORT_NOT_CREATED: &str = "Uppdraget går inte att exportera ännu: uppgifterna om uppdraget har inte kommit till telefonen.";
/// First line of a practice job's export.
pub const EXPORT_PRACTICE_BANNER: &str =
    "ÖVNING – inte en verklig patient, förs inte in i journalen";
/// The export's title.
pub const EXPORT_TITLE: &str = "Akutjournal";
/// Section: the job.
pub const EXPORT_JOB: &str = "Uppdrag";
/// Job type label.
pub const EXPORT_JOB_TYPE: &str = "Uppdragsform";
/// Requester label.
pub const EXPORT_REQUESTER: &str = "Beställare";
/// Performer label.
pub const EXPORT_PERFORMER: &str = "Utförare";
/// Municipality label.
pub const EXPORT_MUNICIPALITY: &str = "Kommun";
/// Status label.
pub const EXPORT_STATUS: &str = "Status";
/// The nurses who held the job.
pub const EXPORT_NURSES: &str = "Ansvarig sjuksköterska";
/// Section: times.
pub const EXPORT_TIMES: &str = "Tider";
/// The alarm or request time.
pub const EXPORT_ALARM: &str = "Larm/beställning";
/// A step's reason.
pub const EXPORT_REASON: &str = "orsak";
/// Section: the patient.
pub const EXPORT_PATIENT: &str = "Patient";
/// Personal identity number label.
pub const EXPORT_PERSONAL_NUMBER: &str = "Personnummer";
/// Coordination number label.
pub const EXPORT_COORDINATION_NUMBER: &str = "Samordningsnummer";
/// Name label.
pub const EXPORT_NAME: &str = "Namn";
/// Sex and age label.
pub const EXPORT_SEX_AGE: &str = "Kön, ålder";
/// Section: position at arrival.
pub const EXPORT_POSITION: &str = "Position vid ankomst";
/// Section: chief complaint and ABCDE.
pub const EXPORT_COMPLAINT_ABCDE: &str = "Kontaktorsak och ABCDE";
/// A — airway.
pub const EXPORT_AIRWAY: &str = "A – Luftväg";
/// B — breathing.
pub const EXPORT_BREATHING: &str = "B – Andning";
/// C — circulation.
pub const EXPORT_CIRCULATION: &str = "C – Cirkulation";
/// D — disability.
pub const EXPORT_DISABILITY: &str = "D – Medvetande/neurologi";
/// E — exposure.
pub const EXPORT_EXPOSURE: &str = "E – Yttre faktorer";
/// Section: vital signs.
pub const EXPORT_VITALS: &str = "Vitalparametrar";
/// NEWS2 scored on the hypercapnic SpO2 scale.
pub const EXPORT_SPO2_SCALE2: &str = "NEWS2 beräknad med SpO2-skala 2 (mål 88–92 %).";
/// Section: notes.
pub const EXPORT_NOTES: &str = "Anteckningar";
/// Section: SBAR.
pub const EXPORT_SBAR: &str = "SBAR";
/// S.
pub const EXPORT_SBAR_S: &str = "S – Situation";
/// B.
pub const EXPORT_SBAR_B: &str = "B – Bakgrund";
/// A.
pub const EXPORT_SBAR_A: &str = "A – Aktuellt tillstånd";
/// R.
pub const EXPORT_SBAR_R: &str = "R – Rekommendation";
/// Who received the handover.
pub const EXPORT_HANDED_TO: &str = "Överlämnat till";
/// When it was handed over.
pub const EXPORT_HANDED_AT: &str = "Överlämnat kl";
/// An empty part of the record.
pub const EXPORT_NOT_RECORDED: &str = "Ej dokumenterat";
/// The latest vital signs, on the handover sheet.
pub const EXPORT_LATEST_VITALS: &str = "Senaste vitalparametrar";
/// The holder history, on the handover sheet.
pub const EXPORT_HOLDERS: &str = "Ansvar för uppdraget";
/// The handover sheet's title.
pub const EXPORT_SHEET_TITLE: &str = "Överrapportering";
/// Signature line: the nurse handing over.
pub const EXPORT_SIGN_FROM: &str = "Överlämnad av (namn, underskrift)";
/// Signature line: who takes over.
pub const EXPORT_SIGN_TO: &str = "Mottagen av (namn, underskrift)";
/// Signature line: date and time.
pub const EXPORT_SIGN_WHEN: &str = "Datum och klockslag";
/// The sheet's time column.
pub const EXPORT_TIME: &str = "Tid";
/// The sheet's drug column.
pub const EXPORT_DRUG: &str = "Preparat";
/// The sheet's dose column.
pub const EXPORT_DOSE: &str = "Dos";
/// The sheet's route column.
pub const EXPORT_ROUTE: &str = "Väg";
/// The sheet's "what" column.
pub const EXPORT_WHAT: &str = "Åtgärd";
/// The sheet's "who" column.
pub const EXPORT_WHO: &str = "Vem";
/// The sheet's "from" column.
pub const EXPORT_SINCE: &str = "Från";
/// The sheet's "note" column.
pub const EXPORT_NOTE: &str = "Meddelande";
/// Where the record comes from, for the FHIR Location without a position.
pub const EXPORT_PLACE_AT_ARRIVAL: &str = "Platsen vid ankomst";

/// What identifies a nurse in the FHIR export's Practitioner: the user id the region gave her.
pub const EXPORT_USER_ID: &str = "Användar-id i Samverka";
/// A blood pressure value that was not measured (the other one was).
pub const EXPORT_NOT_MEASURED: &str = "Ej uppmätt";
/// The RLS-85 observation's name.
pub const EXPORT_RLS85: &str = "RLS-85 (Reaction Level Scale)";
/// The patient's age, in the FHIR document's patient section.
pub const EXPORT_AGE: &str = "Ålder";

/// A user id the unit's staff list has no name for: said as unknown, with the id to trace it.
pub fn export_unknown_user(id: &str) -> String {
    format!("Okänd användare ({id})")
}

/// An RLS-85 level in words (1 alert … 8 no response to pain).
pub fn rls85(level: u8) -> &'static str {
    match level {
        1 => "vaken",
        2 => "slö eller oklar, kontaktbar vid lätt stimulering",
        3 => "mycket slö eller oklar, kontaktbar vid kraftig stimulering",
        4 => "medvetslös, lokaliserar smärta",
        5 => "medvetslös, undandragande rörelse vid smärta",
        6 => "medvetslös, stereotyp böjrörelse vid smärta",
        7 => "medvetslös, stereotyp sträckrörelse vid smärta",
        8 => "medvetslös, ingen reaktion på smärta",
        _ => "utanför skalan",
    }
}

/// The performer kind, in the record's words.
pub fn export_performer_kind(k: crate::job::PerformerKind) -> &'static str {
    match k {
        crate::job::PerformerKind::Municipal => "kommunal sjuksköterska",
        crate::job::PerformerKind::Ambulance => "ambulanssjukvård",
    }
}

/// How many items were corrected or struck and are left out of an export.
pub fn export_withdrawn(n: usize) -> String {
    if n == 1 {
        "1 rättad eller struken post visas inte; den finns kvar i appens historik.".to_owned()
    } else {
        format!("{n} rättade eller strukna poster visas inte; de finns kvar i appens historik.")
    }
}

/// The export's last line.
pub fn export_generated(when: &str) -> String {
    format!("Exporterad från Samverka {when} (svensk tid).")
}

/// The phone's clock is too far ahead: the region refused what was written with it (#16).
pub const CLOCK_WRONG: &str = "Telefonens klocka går fel. Ställ in rätt datum och tid; det som skrevs med fel tid ligger i karantän.";

/// How many of the phone's entries the region refused for good (kept on the phone, shown to a
/// coach).
pub fn quarantined(n: u64) -> String {
    match n {
        1 => "1 anteckning nekades av regionen och ligger i karantän".to_owned(),
        n => format!("{n} anteckningar nekades av regionen och ligger i karantän"),
    }
}

/// Why the region refused an entry for good, by its code (`samverka_model::sync::refusal`).
pub fn refusal(code: &str) -> &'static str {
    match code {
        "foreign_author" => "Skriven i en annan sjuksköterskas namn än telefonens",
        "foreign_node" => "Tidsstämplad av en annan telefon",
        "clock_ahead" => "Telefonens klocka gick fel (för långt fram)",
        "invalid_entry" => "Kan inte läsas av regionen",
        "unknown_code" => "Ett val i statistikformuläret finns inte i listorna",
        "foreign_job" => "Gäller en annan enhets uppdrag",
        "foreign_unit" => "Uppdraget skapades för en annan enhet",
        "entry_conflict" => "Regionen har redan en annan anteckning med samma nummer",
        "unknown_reference" => "Gäller ett uppdrag som regionen inte känner till",
        _ => "Nekad av regionen",
    }
}
