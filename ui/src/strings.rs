//! Every word the UI shows, looked up in the list the shell sent for the nurse's language
//! ([`load`]). The table itself is `samverka_texts`, compiled into the shell, not into this
//! wasm; domain values (job types, steps, form answers) name their text through it too.
use samverka_model::coach::TrainingItem;
use samverka_model::form::{Arrival, Benefit, InfoMatched, Outcome, PreventedVisit};
use samverka_model::msg::{self, Text};
use samverka_model::news2::RiskBand;
use samverka_model::record::{InterventionKind, Route, Sex};
use samverka_model::settings::Language;
use samverka_model::vitals::Acvpu;
use samverka_model::{JobType, PerformerKind, Status, Step};
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

/// Installs the model's message table the shell sent (rows of key, Swedish, English, one
/// after the other), from which every error and notice is said; leaked, like the words, for the
/// app's life. A list that is not whole rows is refused with its length.
pub fn install_messages(flat: Vec<String>) -> Result<(), usize> {
    if !flat.len().is_multiple_of(3) {
        return Err(flat.len());
    }
    let flat: &'static [String] = Box::leak(flat.into_boxed_slice());
    let rows: Vec<Text> = flat
        .chunks_exact(3)
        .map(|row| Text {
            key: &row[0],
            sv: &row[1],
            en: &row[2],
        })
        .collect();
    msg::install(Box::leak(rows.into_boxed_slice()));
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

/// Loads both languages straight from the tables, as the shell would send them.
#[cfg(test)]
pub fn load_for_tests() {
    msg::install(msg::ALL);
    for lang in [Language::Sv, Language::En] {
        let words = samverka_texts::words(lang)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(load(lang, words), Ok(()));
    }
}

/// A job type's name.
pub fn job_type(lang: Language, v: JobType) -> &'static str {
    tr(lang, samverka_texts::job_type(v))
}

/// A job type as a screen's title: the short name a phone's top bar has room for.
pub fn job_type_short(lang: Language, v: JobType) -> &'static str {
    tr(lang, samverka_texts::job_type_short(v))
}

/// A timeline step's label.
pub fn step(lang: Language, v: Step) -> &'static str {
    tr(lang, samverka_texts::step(v))
}

/// A status's label.
pub fn status(lang: Language, v: Status) -> &'static str {
    tr(lang, samverka_texts::status(v))
}

/// A NEWS2 risk band's name.
pub fn band(lang: Language, v: RiskBand) -> &'static str {
    tr(lang, samverka_texts::band(v))
}

/// Sex.
pub fn sex(lang: Language, v: Sex) -> &'static str {
    tr(lang, samverka_texts::sex(v))
}

/// ACVPU level.
pub fn acvpu(lang: Language, v: Acvpu) -> &'static str {
    tr(lang, samverka_texts::acvpu(v))
}

/// An intervention kind.
pub fn intervention(lang: Language, v: &InterventionKind) -> &'static str {
    tr(lang, samverka_texts::intervention(v))
}

/// A drug route.
pub fn route(lang: Language, v: Route) -> &'static str {
    tr(lang, samverka_texts::route(v))
}

/// Whether the information matched.
pub fn info_matched(lang: Language, v: InfoMatched) -> &'static str {
    tr(lang, samverka_texts::info_matched(v))
}

/// A prevented visit.
pub fn prevented_visit(lang: Language, v: PreventedVisit) -> &'static str {
    tr(lang, samverka_texts::prevented_visit(v))
}

/// Benefit to the patient.
pub fn benefit(lang: Language, v: Benefit) -> &'static str {
    tr(lang, samverka_texts::benefit(v))
}

/// The job's outcome on the form.
pub fn outcome(lang: Language, v: Outcome) -> &'static str {
    tr(lang, samverka_texts::outcome(v))
}

/// When the IVPA nurse arrived relative to the ambulance.
pub fn arrival(lang: Language, v: Arrival) -> &'static str {
    tr(lang, samverka_texts::arrival(v))
}

/// Municipal nurse or ambulance.
pub fn performer(lang: Language, v: PerformerKind) -> &'static str {
    tr(lang, samverka_texts::performer(v))
}

/// A training-plan item's name.
pub fn training_item(lang: Language, v: TrainingItem) -> &'static str {
    tr(lang, samverka_texts::training_item(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::sv;

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
        load_for_tests();
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
