//! The coaches' corner on the region: a unit's introduction list with readiness derived by the
//! model, the quality test's per-question figures with the questions' words from the newest
//! content, and who may read or confirm what. The API ([`crate::api::coach`]) and the
//! dashboard both call these.

use crate::api::ApiError;
use crate::api::staff::StaffSession;
use crate::storage::{Role, SharedStorage, StorageError};
use samverka_model::coach::{
    ChecklistMark, IntroductionList, NurseIntroduction, PassedTest, QuestionBank, QuestionStats,
    readiness,
};
use samverka_model::content::PublishedContent;
use samverka_model::{Timestamp, UnitId, UserId};
use std::cmp::Ordering;

/// The day of an instant in UTC (readiness is decided on the region's UTC date).
pub fn utc_day(at: Timestamp) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at.millis()) * 1_000_000)
        .map(|t| t.date())
        .unwrap_or(time::Date::MIN)
}

/// The unit a staff member asks about: a coach their own (403 `other_unit` for another), an
/// admin the one named (400 `unit_required` without one).
pub fn staff_unit(who: &StaffSession, requested: Option<&str>) -> Result<UnitId, ApiError> {
    let requested = requested
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(UnitId::new);
    match (who.role, requested, &who.unit) {
        (Role::Admin, Some(u), _) => Ok(u),
        (Role::Admin, None, _) => Err(ApiError::bad_request(
            "unit_required",
            "name the unit: ?unit=…",
        )),
        (_, None, Some(own)) => Ok(own.clone()),
        (_, Some(u), Some(own)) if &u == own => Ok(u),
        _ => Err(other_unit()),
    }
}

/// 403 `other_unit`: a coach or nurse asked about another unit than their own.
pub fn other_unit() -> ApiError {
    ApiError::forbidden(
        "other_unit",
        "only the coaches of a unit (and admins) may read or change its coaches' corner",
    )
}

/// 404 `unknown_unit` unless the region knows `unit`.
async fn known(storage: &SharedStorage, unit: &UnitId) -> Result<(), ApiError> {
    if storage.units().await?.iter().any(|u| &u.id == unit) {
        Ok(())
    } else {
        Err(ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "unknown_unit",
            format!("the region has no unit {unit}"),
        ))
    }
}

/// A unit's introduction list made at `now`: every nurse with a mark, a quiz result or an
/// enrolled device, her display name if a coach gave one, her marks, the days she passed the
/// quality test, and her readiness on `now`'s UTC date.
pub async fn introduction(
    storage: &SharedStorage,
    unit: &UnitId,
    now: Timestamp,
) -> Result<IntroductionList, ApiError> {
    known(storage, unit).await?;
    let today = utc_day(now);
    let marks = storage.marks(unit).await?;
    let passed = storage.passed_quiz_results(unit).await?;
    let names: std::collections::BTreeMap<UserId, String> =
        storage.nurse_names(unit).await?.into_iter().collect();
    let nurses = storage
        .unit_nurses(unit)
        .await?
        .into_iter()
        .map(|nurse| {
            let own: Vec<ChecklistMark> =
                marks.iter().filter(|m| m.nurse == nurse).cloned().collect();
            let mut days: Vec<time::Date> = passed
                .iter()
                .filter(|(n, _)| *n == nurse)
                .map(|(_, at)| utc_day(*at))
                .collect();
            days.sort();
            days.dedup();
            NurseIntroduction {
                readiness: readiness(&own, &days, today),
                passed_tests: days.into_iter().map(PassedTest).collect(),
                marks: own,
                // A nurse nobody named stays without one: the phone's export then says
                // "Okänd användare (id)" rather than inventing a name.
                display_name: names.get(&nurse).cloned(),
                nurse,
            }
        })
        .collect();
    Ok(IntroductionList {
        unit: unit.clone(),
        made_at: now,
        nurses,
    })
}

/// Records a mark confirmed by `who` (a coach of the mark's unit, or an admin), on a day not
/// after `now`'s UTC date + 1 (a day's slack for time zones).
pub async fn confirm(
    storage: &SharedStorage,
    who: &StaffSession,
    mut mark: ChecklistMark,
    now: Timestamp,
) -> Result<ChecklistMark, ApiError> {
    staff_unit(who, Some(mark.unit.as_str()))?;
    known(storage, &mark.unit).await?;
    if mark.nurse.as_str().trim().is_empty() {
        return Err(ApiError::bad_request("invalid_mark", "name the nurse"));
    }
    if utc_day(now).next_day().is_some_and(|t| mark.done_on > t) {
        return Err(ApiError::bad_request(
            "invalid_mark",
            format!("{} is in the future", mark.done_on),
        ));
    }
    mark.confirmed_by = who.name.clone();
    storage.put_mark(&mark, now).await?;
    Ok(mark)
}

/// The question banks of the newest published content (none before any is published, or
/// when it has none).
pub async fn newest_banks(storage: &SharedStorage) -> Result<Vec<QuestionBank>, StorageError> {
    let Some(v) = storage.latest_content_version().await? else {
        return Ok(Vec::new());
    };
    let Some(stored) = storage.content(v).await? else {
        return Ok(Vec::new());
    };
    let published: PublishedContent = serde_json::from_slice(&stored.body)
        .map_err(|e| StorageError::Database(format!("content {v} unreadable: {e}")))?;
    Ok(published.bundle.question_banks)
}

/// How a unit's nurses answered each question, the weakest first (share right ascending; of
/// equal shares the more often asked first), each with its words from the newest content
/// (its id when that content lacks it).
pub async fn quiz_stats(
    storage: &SharedStorage,
    unit: &UnitId,
) -> Result<Vec<QuestionStats>, ApiError> {
    known(storage, unit).await?;
    let banks = newest_banks(storage).await?;
    let mut stats = storage.question_stats(unit).await?;
    for s in &mut stats {
        if let Some(q) = banks
            .iter()
            .filter(|b| b.id == s.bank)
            .flat_map(|b| b.questions.iter())
            .find(|q| q.id == s.question)
        {
            s.text = q.text.clone();
        }
    }
    stats.sort_by(weakest_first);
    Ok(stats)
}

/// Share right ascending (compared exactly, as fractions), then more often asked, then by id.
fn weakest_first(a: &QuestionStats, b: &QuestionStats) -> Ordering {
    let share = |s: &QuestionStats, other: &QuestionStats| {
        u64::from(s.right) * u64::from(other.asked.max(1))
    };
    share(a, b)
        .cmp(&share(b, a))
        .then_with(|| b.asked.cmp(&a.asked))
        .then_with(|| (&a.bank, &a.question).cmp(&(&b.bank, &b.question)))
}

/// A share in whole percent, rounded (`–` when never asked).
pub fn percent(right: u32, asked: u32) -> String {
    (100 * u64::from(right) + u64::from(asked) / 2)
        .checked_div(u64::from(asked))
        .map_or_else(|| "–".to_owned(), |p| format!("{p} %"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, asked: u32, right: u32) -> QuestionStats {
        QuestionStats {
            bank: "b".into(),
            question: id.into(),
            text: id.into(),
            asked,
            right,
        }
    }

    #[test]
    fn the_weakest_question_comes_first() {
        let mut v = [q("a", 3, 3), q("b", 4, 1), q("c", 2, 1), q("d", 4, 2)];
        v.sort_by(weakest_first);
        let ids: Vec<&str> = v.iter().map(|s| s.question.as_str()).collect();
        assert_eq!(ids, ["b", "d", "c", "a"]);
        assert_eq!(percent(1, 3), "33 %");
        assert_eq!(percent(0, 0), "–");
    }

    #[test]
    fn days_are_utc() {
        // 2026-03-14 23:30 UTC is already the 15th in Sweden, still the 14th here.
        let at = Timestamp(1_773_531_000_000);
        assert_eq!(utc_day(at).to_string(), "2026-03-14");
    }
}
