//! Every word the UI shows. The words of [`S`] come from the shell in the nurse's language
//! ([`load`]; the table is `samverka_texts`, compiled into the shell, not into this wasm).
//! Domain labels reuse the model's Swedish table (`samverka_model::sv`) so a term is worded
//! once; their English is here.

use samverka_model::form::{Arrival, Benefit, InfoMatched, Outcome, PreventedVisit};
use samverka_model::news2::RiskBand;
use samverka_model::record::{InterventionKind, Route, Sex};
use samverka_model::settings::Language;
use samverka_model::vitals::Acvpu;
use samverka_model::{JobType, PerformerKind, Status, Step, sv};
use std::cell::Cell;

pub use samverka_texts::S;

/// What the app shows before the shell has answered, so before any words are loaded.
pub const LOADING: &str = "Laddar…";

thread_local! {
    /// The words the shell sent, per language (`Language as usize`), kept for the app's life.
    static WORDS: Cell<[Option<&'static [String]>; 2]> = const { Cell::new([None, None]) };
}

/// Whether the words of `lang` are loaded.
pub fn has_words(lang: Language) -> bool {
    WORDS.with(Cell::get)[lang as usize].is_some()
}

/// Keeps the words the shell sent for `lang`, in [`S`]'s order. Leaked on purpose: a language
/// is loaded at most once and then lives as long as the app, so [`tr`] can hand the markup a
/// `&'static str`. A list of the wrong length (a shell and a UI from different builds) is
/// refused with its length.
pub fn load(lang: Language, words: Vec<String>) -> Result<(), usize> {
    if words.len() != samverka_texts::COUNT {
        return Err(words.len());
    }
    let words: &'static [String] = Box::leak(words.into_boxed_slice());
    WORDS.with(|w| {
        let mut all = w.get();
        all[lang as usize] = Some(words);
        w.set(all);
    });
    Ok(())
}

/// The text in `lang`: empty until that language's words are loaded, which the app does with
/// the shell's first answer, before it draws anything but [`LOADING`]. Not inlined: it is
/// called in hundreds of places.
#[inline(never)]
pub fn tr(lang: Language, s: S) -> &'static str {
    WORDS.with(Cell::get)[lang as usize]
        .and_then(|words| words.get(s as usize))
        .map_or("", String::as_str)
}

/// Loads both languages straight from the table, as the shell would send them.
#[cfg(test)]
pub fn load_for_tests() {
    for lang in [Language::Sv, Language::En] {
        let words = samverka_texts::words(lang)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(load(lang, words), Ok(()));
    }
}

/// Picks the Swedish label from the model's table or the English one given here.
fn pick(lang: Language, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Sv => sv,
        Language::En => en,
    }
}

/// A job type's name.
pub fn job_type(lang: Language, t: JobType) -> &'static str {
    let en = match t {
        JobType::NurseLine => "1177 job",
        JobType::Assistance => "Assistance job",
        JobType::Ivpa => "IVPA",
        JobType::MavaDirect => "MÄVA direct",
    };
    pick(lang, sv::job_type(t), en)
}

/// A job type as a screen's title: the short name a phone's top bar has room for.
pub fn job_type_short(lang: Language, t: JobType) -> &'static str {
    match (lang, t) {
        (_, JobType::NurseLine) => "1177",
        (Language::Sv, JobType::Assistance) => "Assistans",
        (Language::En, JobType::Assistance) => "Assistance",
        (_, JobType::Ivpa) => "IVPA",
        (Language::Sv, JobType::MavaDirect) => "MÄVA-direkt",
        (Language::En, JobType::MavaDirect) => "MÄVA direct",
    }
}

/// A timeline step's label.
pub fn step(lang: Language, s: Step) -> &'static str {
    let en = match s {
        Step::Accept => "Accepted",
        Step::Decline => "Declined",
        Step::Depart => "Departed",
        Step::Arrive => "Arrived",
        Step::AmbulanceArrive => "Ambulance arrived",
        Step::HandOver => "Handed over",
        Step::Complete => "Done",
        Step::Abort => "Aborted",
    };
    pick(lang, sv::step_label(s), en)
}

/// A status's label.
pub fn status(lang: Language, s: Status) -> &'static str {
    let en = match s {
        Status::Requested => "Requested",
        Status::Accepted => "Accepted",
        Status::Declined => "Declined",
        Status::EnRoute => "En route",
        Status::OnScene => "On scene",
        Status::HandedOver => "Handed over",
        Status::Done => "Done",
        Status::Aborted => "Aborted",
    };
    pick(lang, sv::status_label(s), en)
}

/// A NEWS2 risk band's name.
pub fn band(lang: Language, b: RiskBand) -> &'static str {
    let en = match b {
        RiskBand::Low => "Low",
        RiskBand::LowMedium => "Low–medium",
        RiskBand::Medium => "Medium",
        RiskBand::High => "High",
    };
    pick(lang, sv::band(b), en)
}

/// Sex.
pub fn sex(lang: Language, s: Sex) -> &'static str {
    let en = match s {
        Sex::Female => "Female",
        Sex::Male => "Male",
        Sex::Unknown => "Unknown",
    };
    pick(lang, sv::sex(s), en)
}

/// ACVPU level.
pub fn acvpu(lang: Language, a: Acvpu) -> &'static str {
    let en = match a {
        Acvpu::Alert => "A",
        Acvpu::Confusion => "C",
        Acvpu::Voice => "V",
        Acvpu::Pain => "P",
        Acvpu::Unresponsive => "U",
    };
    pick(lang, sv::acvpu(a), en)
}

/// An intervention kind.
pub fn intervention(lang: Language, k: &InterventionKind) -> &'static str {
    let en = match k {
        InterventionKind::Cpr => "CPR",
        InterventionKind::Defibrillation => "Defibrillation",
        InterventionKind::AirwayAdjunct => "Airway adjunct",
        InterventionKind::Oxygen => "Oxygen",
        InterventionKind::PeripheralIv => "Peripheral IV line",
        InterventionKind::BleedingControl => "Bleeding control",
        InterventionKind::Positioning => "Positioning",
        InterventionKind::Other => "Other",
    };
    pick(lang, sv::intervention(k), en)
}

/// A drug route.
pub fn route(lang: Language, r: Route) -> &'static str {
    let en = match r {
        Route::Iv => "Intravenous",
        Route::Im => "Intramuscular",
        Route::Sc => "Subcutaneous",
        Route::Oral => "Oral",
        Route::Sublingual => "Sublingual",
        Route::Inhalation => "Inhaled",
        Route::Nasal => "Intranasal",
        Route::Rectal => "Rectal",
        Route::Io => "Intraosseous",
    };
    pick(lang, sv::route(r), en)
}

/// Whether the information matched.
pub fn info_matched(lang: Language, i: InfoMatched) -> &'static str {
    let en = match i {
        InfoMatched::No => "No",
        InfoMatched::Yes => "Yes",
        InfoMatched::Well => "Well",
        InfoMatched::VeryWell => "Very well",
    };
    pick(lang, sv::info_matched(i), en)
}

/// A prevented visit.
pub fn prevented_visit(lang: Language, p: PreventedVisit) -> &'static str {
    let en = match p {
        PreventedVisit::Emergency => "Emergency department",
        PreventedVisit::PrimaryCare => "Health centre (VC/JC)",
        PreventedVisit::None => "None",
    };
    pick(lang, sv::prevented_visit(p), en)
}

/// Benefit to the patient.
pub fn benefit(lang: Language, b: Benefit) -> &'static str {
    let en = match b {
        Benefit::None => "None",
        Benefit::Little => "Little",
        Benefit::Some => "Some",
        Benefit::Good => "Good",
        Benefit::VeryGood => "Very good",
    };
    pick(lang, sv::benefit(b), en)
}

/// The job's outcome on the form.
pub fn outcome(lang: Language, o: Outcome) -> &'static str {
    match o {
        Outcome::Done => pick(lang, "Genomfört", "Done"),
        Outcome::Declined => pick(lang, "Nej tack", "Declined"),
        Outcome::Aborted => pick(lang, "Avbrutet", "Aborted"),
    }
}

/// When the IVPA nurse arrived relative to the ambulance.
pub fn arrival(lang: Language, a: Arrival) -> &'static str {
    match a {
        Arrival::Before => pick(lang, "Före ambulansen", "Before the ambulance"),
        Arrival::Same => pick(lang, "Samtidigt", "Same time"),
        Arrival::After => pick(lang, "Efter ambulansen", "After the ambulance"),
        Arrival::AfterRescue => pick(lang, "Efter räddningstjänsten", "After rescue services"),
    }
}

/// Municipal nurse or ambulance.
pub fn performer(lang: Language, p: PerformerKind) -> &'static str {
    match p {
        PerformerKind::Municipal => pick(lang, "Kommunal sjuksköterska", "Municipal nurse"),
        PerformerKind::Ambulance => pick(lang, "Ambulanssjuksköterska", "Ambulance nurse"),
    }
}

/// A training-plan item's name.
pub fn training_item(lang: Language, item: samverka_model::coach::TrainingItem) -> &'static str {
    use samverka_model::coach::TrainingItem as T;
    let (sv, en) = match item {
        T::CoachIntroduction => ("Introduktion av coach", "Introduction by the coach"),
        T::SHlrAdult => ("S-HLR vuxen", "S-HLR adult"),
        T::SHlrChild => ("S-HLR barn", "S-HLR child"),
        T::GuidelineCourse => (
            "Kurs i behandlingsriktlinjerna",
            "Treatment-guideline course",
        ),
        T::QualityTest => (
            "Kvalitetstest (inom 12 månader)",
            "Quality test (within 12 months)",
        ),
        T::Amls => ("AMLS (frivillig)", "AMLS (optional)"),
        T::ScenarioExercise => ("Scenarioövning", "Scenario exercise"),
    };
    if lang == Language::En { en } else { sv }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_looked_up_in_the_loaded_words_of_its_language() {
        assert_eq!(
            tr(Language::Sv, S::OnCall),
            "",
            "nothing before the shell answered"
        );
        load_for_tests();
        assert_eq!(tr(Language::Sv, S::OnCall), "I jour");
        assert_eq!(tr(Language::En, S::OnCall), "On call");
        assert_eq!(tr(Language::En, S::Loading), "Loading…");
        assert_eq!(tr(Language::Sv, S::Loading), LOADING);
    }

    #[test]
    fn words_from_another_build_are_refused() {
        let mut words: Vec<String> = samverka_texts::words(Language::Sv)
            .into_iter()
            .map(String::from)
            .collect();
        words.pop();
        assert_eq!(load(Language::Sv, words), Err(samverka_texts::COUNT - 1));
        assert!(!has_words(Language::Sv));
        assert_eq!(tr(Language::Sv, S::OnCall), "");
    }

    #[test]
    fn domain_labels_come_from_the_model_in_swedish() {
        assert_eq!(
            job_type(Language::Sv, JobType::Ivpa),
            sv::job_type(JobType::Ivpa)
        );
        assert_eq!(
            step(Language::Sv, Step::Arrive),
            sv::step_label(Step::Arrive)
        );
        assert_eq!(step(Language::En, Step::Arrive), "Arrived");
    }
}
