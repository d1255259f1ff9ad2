//! The coaches' corner on the phone: the quality test's banks and the practice scenarios from
//! the installed content, results taken offline until the region has them, the unit's
//! introduction list as last fetched, and practice jobs started from a scenario.

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::{OptionalExtension, Transaction, params};
use samverka_content::markdown;
use samverka_model::coach::{
    IntroductionList, QUIZ_TIME_LIMIT_SECS, QuestionBank, QuizResult, QuizSetup, Scenario,
    StoredQuizResult, grade,
};
use samverka_model::content::ContentBundle;
use samverka_model::{Entry, JobHeader, MunicipalityId, PerformerKind, Timestamp, UnitId, UserId};

/// Stores a bundle's banks and scenarios; called inside `install_content`'s transaction, after
/// the tables were emptied, so they change together with the documents they name.
///
/// Scenario bodies are stored as HTML made by the same renderer as documents (raw HTML shown as
/// text, `doc:` links as app anchors), so the app shows them as it shows guidelines.
pub(crate) fn insert_content(tx: &Transaction<'_>, b: &ContentBundle) -> Result<(), StoreError> {
    let mut bank =
        tx.prepare("INSERT INTO content_question_banks (position, id, bank) VALUES (?1, ?2, ?3)")?;
    for (pos, qb) in (1i64..).zip(&b.question_banks) {
        bank.execute(params![pos, qb.id, to_json("question bank", qb)?])?;
    }
    let mut scenario =
        tx.prepare("INSERT INTO content_scenarios (position, id, scenario) VALUES (?1, ?2, ?3)")?;
    for (pos, s) in (1i64..).zip(&b.scenarios) {
        let shown = Scenario {
            body: markdown::to_html(&s.body),
            ..s.clone()
        };
        scenario.execute(params![pos, s.id, to_json("scenario", &shown)?])?;
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(what: &str, value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::corrupt(what.to_owned(), e))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::corrupt(what.to_owned(), e))
}

impl Store {
    /// What the phone needs to give the quality test offline: the installed content's banks.
    pub fn quiz_setup(&self) -> Result<QuizSetup, StoreError> {
        let banks = self.json_rows::<QuestionBank>(
            "question bank",
            "SELECT bank FROM content_question_banks ORDER BY position",
        )?;
        Ok(QuizSetup {
            content_version: self.content_status()?.version,
            banks,
            time_limit_secs: QUIZ_TIME_LIMIT_SECS,
        })
    }

    /// The installed content's practice scenarios, in publishing order (bodies as HTML).
    pub fn scenarios(&self) -> Result<Vec<Scenario>, StoreError> {
        self.json_rows(
            "scenario",
            "SELECT scenario FROM content_scenarios ORDER BY position",
        )
    }

    /// One scenario by id (its body as HTML).
    pub fn scenario(&self, id: &str) -> Result<Option<Scenario>, StoreError> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT scenario FROM content_scenarios WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| from_json("scenario", &j)).transpose()
    }

    /// Grades a test handed in (or timed out) now against the installed banks and keeps it
    /// until the region has it: a new id, the nurse and unit given (the enrolment's), the
    /// installed content's version. `None` when no content is installed (there was no test to
    /// take). Questions not in the banks are left out, as [`grade`] does.
    pub fn submit_quiz(
        &mut self,
        nurse: &UserId,
        unit: &UnitId,
        started_at: Timestamp,
        chosen: &[(String, Option<usize>)],
        now: Timestamp,
    ) -> Result<Option<QuizResult>, StoreError> {
        let setup = self.quiz_setup()?;
        let Some(content_version) = setup.content_version else {
            return Ok(None);
        };
        let result = QuizResult {
            id: uuid::Uuid::new_v4(),
            nurse: nurse.clone(),
            unit: unit.clone(),
            content_version,
            started_at,
            finished_at: now,
            answers: grade(&setup.banks, chosen),
        };
        self.save_quiz_result(&result)?;
        Ok(Some(result))
    }

    /// The municipality of `unit` in the installed content, if it names the unit.
    pub fn unit_municipality(&self, unit: &UnitId) -> Result<Option<MunicipalityId>, StoreError> {
        let m: Option<String> = self
            .conn()
            .query_row(
                "SELECT municipality FROM content_units WHERE id = ?1",
                [unit.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(m.map(MunicipalityId::new))
    }

    /// Keeps a taken test until the region has it. Saving the same result again changes
    /// nothing (the id is the test's).
    pub fn save_quiz_result(&mut self, result: &QuizResult) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO quiz_results (id, result, finished_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO NOTHING",
            params![
                result.id.to_string(),
                to_json("quiz result", result)?,
                result.finished_at.millis()
            ],
        )?;
        Ok(())
    }

    /// Every result on the phone, newest first.
    pub fn quiz_results(&self) -> Result<Vec<StoredQuizResult>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT result, synced_at FROM quiz_results ORDER BY finished_at DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(json, synced)| {
                Ok(StoredQuizResult {
                    result: from_json("quiz result", &json)?,
                    synced_at: synced.map(Timestamp),
                })
            })
            .collect()
    }

    /// The results the region does not have yet, oldest first (the order they were taken).
    pub fn unsynced_quiz_results(&self) -> Result<Vec<QuizResult>, StoreError> {
        self.json_rows(
            "quiz result",
            "SELECT result FROM quiz_results WHERE synced_at IS NULL ORDER BY finished_at, id",
        )
    }

    /// The region acknowledged result `id` at `at`; it is not sent again.
    pub fn mark_quiz_synced(&mut self, id: uuid::Uuid, at: Timestamp) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE quiz_results SET synced_at = ?2 WHERE id = ?1 AND synced_at IS NULL",
            params![id.to_string(), at.millis()],
        )?;
        Ok(())
    }

    /// Keeps the region's newest introduction list, replacing the one before.
    pub fn set_introduction(&mut self, list: &IntroductionList) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO introduction_cache (singleton, list) VALUES (1, ?1)
             ON CONFLICT (singleton) DO UPDATE SET list = excluded.list",
            [to_json("introduction list", list)?],
        )?;
        Ok(())
    }

    /// The introduction list as last fetched, if ever.
    pub fn introduction(&self) -> Result<Option<IntroductionList>, StoreError> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT list FROM introduction_cache WHERE singleton = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| from_json("introduction list", &j)).transpose()
    }

    /// Starts a practice job from scenario `scenario_id`: a job of the scenario's type in
    /// `unit` (and `municipality`, when known), marked as practice so it is never counted in
    /// statistics. `None` when the installed content has no such scenario.
    pub fn start_practice(
        &mut self,
        author: &UserId,
        scenario_id: &str,
        unit: &UnitId,
        municipality: Option<&MunicipalityId>,
        now: Timestamp,
    ) -> Result<Option<Entry>, StoreError> {
        let Some(scenario) = self.scenario(scenario_id)? else {
            return Ok(None);
        };
        // Asked for as a real job of its type would be (the model's usual requester), by the
        // unit's municipality if it has one, and never counted.
        let mut header = JobHeader::on_call(
            scenario.job_type,
            PerformerKind::Municipal,
            unit.clone(),
            now,
        );
        header.practice = true;
        header.performer.municipality = municipality.cloned();
        self.create_job(author, header, now).map(Some)
    }

    fn json_rows<T: serde::de::DeserializeOwned>(
        &self,
        what: &str,
        sql: &str,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter().map(|j| from_json(what, j)).collect()
    }
}
