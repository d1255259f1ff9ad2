//! The coaches' corner: the introduction checklist from the training plan, the derived
//! "ready for IVPA", and the yearly quality test on the treatment guidelines (question banks are
//! content; a result is graded here, on the phone, offline).

use crate::ids::{UnitId, UserId};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use time::Date;

// Days travel as `2026-11-25` in JSON, as people and the dashboard read them.
time::serde::format_description!(iso_day, Date, "[year]-[month]-[day]");

/// An item of the training plan a new nurse goes through with her coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrainingItem {
    /// Introduction by the samverkanscoach (forms, SBAR, record, quick references, contacts).
    CoachIntroduction,
    /// S-HLR, adult.
    SHlrAdult,
    /// S-HLR, child.
    SHlrChild,
    /// The treatment-guideline course.
    GuidelineCourse,
    /// The yearly quality test (passed within 12 months).
    QualityTest,
    /// AMLS (optional).
    Amls,
    /// A scenario exercise.
    ScenarioExercise,
}
crate::keyed!(TrainingItem {
    CoachIntroduction = "coach_introduction",
    SHlrAdult = "s_hlr_adult",
    SHlrChild = "s_hlr_child",
    GuidelineCourse = "guideline_course",
    QualityTest = "quality_test",
    Amls = "amls",
    ScenarioExercise = "scenario_exercise",
});

impl TrainingItem {
    /// Every item, in the training plan's order.
    pub const ALL: [TrainingItem; 7] = [
        TrainingItem::CoachIntroduction,
        TrainingItem::SHlrAdult,
        TrainingItem::SHlrChild,
        TrainingItem::GuidelineCourse,
        TrainingItem::QualityTest,
        TrainingItem::Amls,
        TrainingItem::ScenarioExercise,
    ];

    /// Whether "ready for IVPA" needs it (AMLS is optional).
    pub fn mandatory(self) -> bool {
        self != TrainingItem::Amls
    }
}

/// One item of a nurse's checklist confirmed done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistMark {
    /// The nurse.
    pub nurse: UserId,
    /// Her unit.
    pub unit: UnitId,
    /// Which item.
    pub item: TrainingItem,
    /// The day it was done.
    #[serde(with = "iso_day")]
    pub done_on: Date,
    /// Who confirmed it (the coach's name).
    pub confirmed_by: String,
}

/// How long a passed quality test counts, in months.
pub const QUALITY_TEST_VALID_MONTHS: u8 = 12;
/// The share of right answers that passes the quality test, in percent.
pub const PASS_PERCENT: u32 = 80;

/// A nurse's readiness for IVPA on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// All mandatory items done and a passed quality test within 12 months.
    pub ready: bool,
    /// Mandatory items not (or no longer) done.
    pub missing: Vec<TrainingItem>,
    /// The last day the newest passed quality test counts, if there is one.
    #[serde(with = "iso_day::option")]
    pub quality_test_valid_until: Option<Date>,
}

/// The last day a test passed on `passed_on` counts: 12 calendar months on (the same day of the
/// month, or the month's last day when it has fewer).
pub fn valid_until(passed_on: Date) -> Date {
    let months = i32::from(passed_on.month() as u8) - 1 + i32::from(QUALITY_TEST_VALID_MONTHS);
    let year = passed_on.year() + months / 12;
    let month = time::Month::try_from(u8::try_from(months % 12 + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let last = month.length(year);
    Date::from_calendar_date(year, month, passed_on.day().min(last)).unwrap_or(passed_on)
}

/// Derives readiness on `today` from the checklist and the passed quality tests' days. The
/// quality-test item counts only through a passed test still within its 12 months; a
/// checklist mark for it alone is not enough.
pub fn readiness(marks: &[ChecklistMark], passed_tests: &[Date], today: Date) -> Readiness {
    let valid_until = passed_tests
        .iter()
        .filter(|d| **d <= today)
        .map(|d| valid_until(*d))
        .max();
    let test_ok = valid_until.is_some_and(|v| today <= v);
    let missing: Vec<TrainingItem> = TrainingItem::ALL
        .into_iter()
        .filter(|i| i.mandatory())
        .filter(|i| match i {
            TrainingItem::QualityTest => !test_ok,
            item => !marks.iter().any(|m| m.item == *item && m.done_on <= today),
        })
        .collect();
    Readiness {
        ready: missing.is_empty(),
        missing,
        quality_test_valid_until: valid_until,
    }
}

/// One multiple-choice question of a bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id within the region's content (results refer to it).
    pub id: String,
    /// The question.
    pub text: String,
    /// The options, in the order shown.
    pub options: Vec<String>,
    /// The index of the right option.
    pub correct: usize,
    /// The passage the question tests, `<guideline id>#<section anchor>`
    /// (`stroke-vuxen#atgarder`): where a nurse reads the answer.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub passage: Option<String>,
    /// The words of that passage the right answer rests on, quoted as written.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub quote: Option<String>,
}

/// The questions on one guideline chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionBank {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The guideline document the questions are on (a document id in the same bundle).
    pub chapter: String,
    /// The questions.
    pub questions: Vec<Question>,
}

/// One answered question of a taken test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The question's id.
    pub question: String,
    /// The bank it came from.
    pub bank: String,
    /// The option chosen, if any before time ran out.
    pub chosen: Option<usize>,
    /// Whether it was the right one.
    pub correct: bool,
}

/// A taken quality test: graded on the phone, synced to the region once (its id makes a
/// repeated upload a no-op).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizResult {
    /// Made on the phone when the test starts.
    pub id: uuid::Uuid,
    /// Who took it.
    pub nurse: UserId,
    /// Her unit.
    pub unit: UnitId,
    /// The content version whose banks were used.
    pub content_version: u64,
    /// When it started.
    pub started_at: Timestamp,
    /// When it was handed in (or time ran out).
    pub finished_at: Timestamp,
    /// Every question asked, answered or not.
    pub answers: Vec<Answer>,
}

impl QuizResult {
    /// Right answers.
    pub fn right(&self) -> usize {
        self.answers.iter().filter(|a| a.correct).count()
    }

    /// Whether at least [`PASS_PERCENT`] of the questions were answered right.
    pub fn passed(&self) -> bool {
        let asked = u32::try_from(self.answers.len()).unwrap_or(u32::MAX);
        let right = u32::try_from(self.right()).unwrap_or(0);
        asked > 0 && right * 100 >= asked * PASS_PERCENT
    }
}

/// Grades chosen options against the banks. Unknown questions are left out.
pub fn grade(banks: &[QuestionBank], chosen: &[(String, Option<usize>)]) -> Vec<Answer> {
    chosen
        .iter()
        .filter_map(|(qid, pick)| {
            banks.iter().find_map(|b| {
                b.questions.iter().find(|q| q.id == *qid).map(|q| Answer {
                    question: q.id.clone(),
                    bank: b.id.clone(),
                    chosen: *pick,
                    correct: *pick == Some(q.correct),
                })
            })
        })
        .collect()
}

/// A practice scenario a coach starts and a nurse documents as a practice job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// Its id.
    pub id: String,
    /// Its title, e.g. "Barn med första kramp".
    pub title: String,
    /// The job type the practice job gets.
    pub job_type: crate::JobType,
    /// Adult, child or both.
    pub audience: crate::content::Audience,
    /// What the coach reads out and what the nurse should show (Markdown, rendered to HTML
    /// when published, like documents).
    pub body: String,
    /// The guideline documents it practises (document ids in the same bundle).
    pub chapters: Vec<String>,
}

/// How long the quality test may take, by default.
pub const QUIZ_TIME_LIMIT_SECS: u32 = 20 * 60;

/// One nurse of a unit on the coach's introduction list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NurseIntroduction {
    /// The nurse.
    pub nurse: UserId,
    /// Her confirmed items.
    pub marks: Vec<ChecklistMark>,
    /// Days she passed the quality test.
    pub passed_tests: Vec<PassedTest>,
    /// Derived on the day the list was made.
    pub readiness: Readiness,
    /// Her name as colleagues and a journal know her ("Anna Andersson"), when the region has
    /// one; the phone keeps it offline for hand-on and the journal export. Absent from lists
    /// made by a region that keeps no names (older ones read as `None`).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub display_name: Option<String>,
}

/// A passed quality test's day (its own type so it travels as `2026-11-25`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PassedTest(#[serde(with = "iso_day")] pub Date);

/// A unit's introduction list, as the region made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroductionList {
    /// The unit.
    pub unit: UnitId,
    /// When the region made it (the phone shows it offline with this time).
    pub made_at: Timestamp,
    /// Its nurses, by name.
    pub nurses: Vec<NurseIntroduction>,
}

/// What the phone needs to give the quality test offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizSetup {
    /// The content version the banks come from (`None`: no content yet).
    pub content_version: Option<u64>,
    /// The banks.
    pub banks: Vec<QuestionBank>,
    /// The time allowed.
    pub time_limit_secs: u32,
}

/// A result kept on the phone, and whether the region has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredQuizResult {
    /// The result.
    pub result: QuizResult,
    /// When the region acknowledged it.
    pub synced_at: Option<Timestamp>,
}

/// How a unit's nurses answered one question: what coaches plan scenario exercises from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionStats {
    /// The bank.
    pub bank: String,
    /// The question.
    pub question: String,
    /// The question's text, from the newest content that has it.
    pub text: String,
    /// Times asked.
    pub asked: u32,
    /// Times answered right.
    pub right: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn all_but_test(nurse: &str) -> Vec<ChecklistMark> {
        TrainingItem::ALL
            .into_iter()
            .filter(|i| *i != TrainingItem::QualityTest && *i != TrainingItem::Amls)
            .map(|item| ChecklistMark {
                nurse: UserId::new(nurse),
                unit: UnitId::new("u"),
                item,
                done_on: date!(2025 - 09 - 01),
                confirmed_by: "coach".into(),
            })
            .collect()
    }

    #[test]
    fn a_test_eleven_months_old_counts_and_one_thirteen_months_old_does_not() {
        let today = date!(2026 - 11 - 25);
        let marks = all_but_test("anna");
        let eleven = readiness(&marks, &[date!(2025 - 12 - 25)], today);
        assert!(eleven.ready, "{eleven:?}");
        assert_eq!(eleven.quality_test_valid_until, Some(date!(2026 - 12 - 25)));
        let thirteen = readiness(&marks, &[date!(2025 - 10 - 25)], today);
        assert!(!thirteen.ready);
        assert_eq!(thirteen.missing, vec![TrainingItem::QualityTest]);
        // The edge: exactly twelve months ago still counts today, not tomorrow.
        let edge = [date!(2025 - 11 - 25)];
        assert!(readiness(&marks, &edge, today).ready);
        assert!(!readiness(&marks, &edge, date!(2026 - 11 - 26)).ready);
    }

    #[test]
    fn every_mandatory_item_is_needed_and_amls_is_not() {
        let today = date!(2026 - 11 - 25);
        let tests = [date!(2026 - 06 - 01)];
        let mut marks = all_but_test("anna");
        assert!(readiness(&marks, &tests, today).ready);
        marks.retain(|m| m.item != TrainingItem::SHlrChild);
        let r = readiness(&marks, &tests, today);
        assert_eq!(r.missing, vec![TrainingItem::SHlrChild]);
        assert_eq!(readiness(&[], &[], today).missing.len(), 6);
    }

    #[test]
    fn days_are_iso_in_json() {
        let r = readiness(&[], &[date!(2026 - 01 - 31)], date!(2026 - 02 - 01));
        let json = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(json["quality_test_valid_until"], "2027-01-31");
    }

    #[test]
    fn leap_days_and_short_months_end_on_the_months_last_day() {
        assert_eq!(valid_until(date!(2024 - 02 - 29)), date!(2025 - 02 - 28));
        assert_eq!(valid_until(date!(2025 - 12 - 31)), date!(2026 - 12 - 31));
    }

    #[test]
    fn grading_and_passing() {
        let bank = QuestionBank {
            id: "b".into(),
            title: "B".into(),
            chapter: "hjartstopp-vuxen".into(),
            questions: (0..5)
                .map(|i| Question {
                    id: format!("q{i}"),
                    text: "?".into(),
                    options: vec!["a".into(), "b".into()],
                    correct: 1,
                    passage: None,
                    quote: None,
                })
                .collect(),
        };
        let chosen: Vec<(String, Option<usize>)> = (0..5)
            .map(|i| (format!("q{i}"), Some(if i == 0 { 0 } else { 1 })))
            .chain([("unknown".to_owned(), Some(1))])
            .collect();
        let answers = grade(std::slice::from_ref(&bank), &chosen);
        assert_eq!(answers.len(), 5);
        let mut result = QuizResult {
            id: uuid::Uuid::nil(),
            nurse: UserId::new("anna"),
            unit: UnitId::new("u"),
            content_version: 1,
            started_at: Timestamp(0),
            finished_at: Timestamp(1),
            answers,
        };
        assert_eq!(result.right(), 4);
        assert!(result.passed(), "4 of 5 is 80 %");
        result.answers[1].correct = false;
        assert!(!result.passed());
    }
}
