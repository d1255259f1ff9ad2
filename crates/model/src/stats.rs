//! Statistics from the submitted forms: the annual report's and the quarterly figures' counts,
//! computed the same way on a phone, in the region's SQL, and in tests.
//!
//! Every counted job is a [`StatsRow`] (its form, date and unit). Each row falls into one key of
//! every [`Dim`] (the `Action` dimension: one per action taken), and the statistics are
//! [`Cell`]s: how many rows of a job type and outcome have a key, with the sum of their IVPA
//! minutes. The region stores each row's keys as columns, so its SQL only groups and counts;
//! [`aggregate`] does the same in memory.

use crate::codes::{code, from_code};
use crate::error::{CommandError, ErrorCode, Errors, FieldError};
use crate::form::{
    Arrival, Benefit, FormLists, InfoMatched, ListKind, Outcome, PreventedVisit, StatsForm,
};
use crate::ids::{JobId, MunicipalityId, UnitId};
use crate::job::{JobType, PerformerKind, Requester};
use crate::record::Sex;
use crate::timestamp::{Timestamp, Zone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The key of a question nobody answered.
pub const UNANSWERED: &str = "unanswered";

/// One counted job. Practice jobs never become rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsRow {
    /// The job (an imported paper form keeps its own number).
    pub job_id: String,
    /// The job's day in Swedish time, `YYYY-MM-DD`.
    pub date: String,
    /// The unit that did it (unknown for imported paper forms).
    pub unit: Option<UnitId>,
    /// The form as submitted; job type and outcome are always set.
    pub form: StatsForm,
}

impl StatsRow {
    /// The row a submitted form makes, or `None` for a practice job (never counted) or a form
    /// without job type or outcome (the model never submits one).
    pub fn from_submission(
        job: &JobId,
        unit: &UnitId,
        practice: bool,
        requested_at: Timestamp,
        form: &StatsForm,
    ) -> Option<Self> {
        if practice || form.job_type.is_none() || form.outcome.is_none() {
            return None;
        }
        Some(Self {
            job_id: job.to_string(),
            date: requested_at.date(Zone::Sweden),
            unit: Some(unit.clone()),
            form: form.clone(),
        })
    }

    /// The row's key in `dim`, for the dimensions with one key per row (all but
    /// [`Dim::Action`]).
    pub fn key(&self, dim: Dim) -> String {
        dim.keys(self)
            .into_iter()
            .next()
            .unwrap_or_else(|| UNANSWERED.to_owned())
    }
}

/// A way of splitting the jobs: each is a column in the region's table, named by its key ([`Dim::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dim {
    /// Every job once (key `all`).
    Total,
    /// Municipal nurse or ambulance.
    Performer,
    /// Municipality.
    Municipality,
    /// Unit.
    Unit,
    /// Who asked.
    Requester,
    /// Patient's sex.
    Sex,
    /// Patient's age band ([`age_band`]).
    AgeBand,
    /// The problem.
    Problem,
    /// Each action taken.
    Action,
    /// Right care level (yes/no).
    RightCareLevel,
    /// Stayed at home (yes) or needed a higher care level (no).
    StayedHome,
    /// Did the information match.
    InfoMatched,
    /// Which visit was prevented.
    PreventedVisit,
    /// Benefit to the patient.
    Benefit,
    /// IVPA arrival relative to the ambulance.
    Arrival,
    /// IVPA minutes before the ambulance, in the report's buckets ([`minutes_bucket`]).
    Minutes,
}
crate::keyed!(Dim {
    Total = "total",
    Performer = "performer",
    Municipality = "municipality",
    Unit = "unit",
    Requester = "requester",
    Sex = "sex",
    AgeBand = "age_band",
    Problem = "problem",
    Action = "action",
    RightCareLevel = "right_care_level",
    StayedHome = "stayed_home",
    InfoMatched = "info_matched",
    PreventedVisit = "prevented_visit",
    Benefit = "benefit",
    Arrival = "arrival",
    Minutes = "minutes",
});

impl Dim {
    /// Every dimension, in report order.
    pub const ALL: [Dim; 16] = [
        Dim::Total,
        Dim::Performer,
        Dim::Municipality,
        Dim::Unit,
        Dim::Requester,
        Dim::Sex,
        Dim::AgeBand,
        Dim::Problem,
        Dim::Action,
        Dim::RightCareLevel,
        Dim::StayedHome,
        Dim::InfoMatched,
        Dim::PreventedVisit,
        Dim::Benefit,
        Dim::Arrival,
        Dim::Minutes,
    ];

    /// The keys `row` has in this dimension: one, except for actions (one per action).
    pub fn keys(self, row: &StatsRow) -> Vec<String> {
        let f = &row.form;
        let one = |k: Option<String>| vec![k.unwrap_or_else(|| UNANSWERED.to_owned())];
        match self {
            Dim::Total => vec!["all".to_owned()],
            Dim::Performer => one(f.performer.map(|p| code(&p))),
            Dim::Municipality => one(f.municipality.as_ref().map(|m| m.0.clone())),
            Dim::Unit => one(row.unit.as_ref().map(|u| u.0.clone())),
            Dim::Requester => one(f.requester.as_ref().map(|r| r.as_str().to_owned())),
            Dim::Sex => one(f.patient_sex.map(|s| code(&s))),
            Dim::AgeBand => one(f.patient_age.map(|a| age_band(a).to_owned())),
            Dim::Problem => one(f.problem.clone()),
            Dim::Action => match f.actions.as_deref() {
                Some(a) if !a.is_empty() => {
                    let mut a = a.to_vec();
                    a.sort();
                    a.dedup();
                    a
                }
                _ => one(None),
            },
            Dim::RightCareLevel => one(f.right_care_level.map(yes_no)),
            Dim::StayedHome => one(f.stayed_home.map(yes_no)),
            Dim::InfoMatched => one(f.info_matched.map(|v| code(&v))),
            Dim::PreventedVisit => one(f.prevented_visit.map(|v| code(&v))),
            Dim::Benefit => one(f.benefit.map(|v| code(&v))),
            Dim::Arrival => one(f.arrival.map(|v| code(&v))),
            Dim::Minutes => one(f
                .minutes_before_ambulance
                .map(|m| minutes_bucket(m).to_owned())),
        }
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

/// The annual report's age bands: ten years each ("80–89 år"), with children 0–17 counted
/// apart, as the report does since IVPA took children (1 April 2025); 18–29 is what is left of
/// the second decade, and 90 and over is one band.
pub const AGE_BANDS: [&str; 9] = [
    "0-17", "18-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+",
];

/// The band of [`AGE_BANDS`] an age falls in.
pub fn age_band(age: u16) -> &'static str {
    match age {
        0..=17 => AGE_BANDS[0],
        18..=29 => AGE_BANDS[1],
        30..=89 => AGE_BANDS[usize::from(age / 10 - 1)],
        _ => AGE_BANDS[8],
    }
}

/// The annual report's IVPA time-gain buckets: ≤5, ≤10, … ≤40 minutes, and over 40.
pub fn minutes_bucket(minutes: u16) -> &'static str {
    match minutes {
        0..=5 => "le5",
        6..=10 => "le10",
        11..=15 => "le15",
        16..=20 => "le20",
        21..=25 => "le25",
        26..=30 => "le30",
        31..=35 => "le35",
        36..=40 => "le40",
        _ => "gt40",
    }
}

/// Which jobs to count. Dates are `YYYY-MM-DD`; `to` is exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filter {
    /// First day counted.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub from: Option<String>,
    /// First day not counted.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub to: Option<String>,
    /// One job type.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub job_type: Option<JobType>,
    /// Municipal or ambulance.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub performer: Option<PerformerKind>,
    /// One municipality.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub municipality: Option<MunicipalityId>,
    /// One unit.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub unit: Option<UnitId>,
    /// One requester.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub requester: Option<Requester>,
}

impl Filter {
    /// Whether `row` is counted.
    pub fn matches(&self, row: &StatsRow) -> bool {
        let f = &row.form;
        self.from.as_deref().is_none_or(|d| row.date.as_str() >= d)
            && self.to.as_deref().is_none_or(|d| row.date.as_str() < d)
            && self.job_type.is_none_or(|t| f.job_type == Some(t))
            && self.performer.is_none_or(|p| f.performer == Some(p))
            && self
                .municipality
                .as_ref()
                .is_none_or(|m| f.municipality.as_ref() == Some(m))
            && self
                .unit
                .as_ref()
                .is_none_or(|u| row.unit.as_ref() == Some(u))
            && self
                .requester
                .as_ref()
                .is_none_or(|r| f.requester.as_ref() == Some(r))
    }

    /// The filter's values as the region's columns hold them, in a fixed order: from, to,
    /// job_type, performer, municipality, unit, requester.
    pub fn column_values(&self) -> [Option<String>; 7] {
        [
            self.from.clone(),
            self.to.clone(),
            self.job_type.map(|v| code(&v)),
            self.performer.map(|v| code(&v)),
            self.municipality.as_ref().map(|m| m.0.clone()),
            self.unit.as_ref().map(|u| u.0.clone()),
            self.requester.as_ref().map(|v| v.as_str().to_owned()),
        ]
    }
}

/// The same part of the year in `year`, from month-day `from_md` up to (not including) `to_md`
/// (`"01-01"`, `"04-01"` → Jan–Mar): the quarterly report's "Jan–Mar 2024/2025/2026". A `to_md`
/// not after `from_md` ends in the next year. `None` if either is not a day of that year.
pub fn same_period(year: i32, from_md: &str, to_md: &str) -> Option<(String, String)> {
    let from = format!("{year:04}-{from_md}");
    // Checked: the year comes from a request (`years=2147483647` must be refused, not panic).
    let to_year = if to_md > from_md {
        year
    } else {
        year.checked_add(1)?
    };
    let to = format!("{to_year:04}-{to_md}");
    (is_date(&from) && is_date(&to)).then_some((from, to))
}

/// How many counted jobs of a type and outcome have `key` in `dim`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cell {
    /// The dimension.
    pub dim: Dim,
    /// The job type.
    pub job_type: JobType,
    /// Done, declined or aborted.
    pub outcome: Outcome,
    /// The key in the dimension.
    pub key: String,
    /// How many jobs.
    pub count: u64,
    /// The sum of their minutes before the ambulance (IVPA; 0 elsewhere).
    pub minutes: u64,
}

/// Counts `rows` matching `filter` into cells, sorted.
pub fn aggregate<'a>(rows: impl IntoIterator<Item = &'a StatsRow>, filter: &Filter) -> Vec<Cell> {
    let mut acc: BTreeMap<(Dim, JobType, Outcome, String), (u64, u64)> = BTreeMap::new();
    for row in rows.into_iter().filter(|r| filter.matches(r)) {
        let (Some(t), Some(o)) = (row.form.job_type, row.form.outcome) else {
            continue;
        };
        let minutes = u64::from(row.form.minutes_before_ambulance.unwrap_or(0));
        for dim in Dim::ALL {
            for key in dim.keys(row) {
                let e = acc.entry((dim, t, o, key)).or_default();
                e.0 += 1;
                e.1 += minutes;
            }
        }
    }
    let mut cells: Vec<Cell> = acc
        .into_iter()
        .map(|((dim, job_type, outcome, key), (count, minutes))| Cell {
            dim,
            job_type,
            outcome,
            key,
            count,
            minutes,
        })
        .collect();
    cells.sort();
    cells
}

/// The statistics for a filter: the cells, and the questions a report asks of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// What was counted.
    pub filter: Filter,
    /// The counts.
    pub cells: Vec<Cell>,
}

impl Report {
    /// Jobs in `dim` with `key` (any key if `None`), of `job_type` and `outcome` (any if
    /// `None`).
    pub fn count(
        &self,
        dim: Dim,
        job_type: Option<JobType>,
        outcome: Option<Outcome>,
        key: Option<&str>,
    ) -> u64 {
        self.cells
            .iter()
            .filter(|c| {
                c.dim == dim
                    && job_type.is_none_or(|t| c.job_type == t)
                    && outcome.is_none_or(|o| c.outcome == o)
                    && key.is_none_or(|k| c.key == k)
            })
            .map(|c| c.count)
            .sum()
    }

    /// The keys seen in `dim`, sorted.
    pub fn keys(&self, dim: Dim) -> Vec<String> {
        let mut k: Vec<String> = self
            .cells
            .iter()
            .filter(|c| c.dim == dim)
            .map(|c| c.key.clone())
            .collect();
        k.sort();
        k.dedup();
        k
    }

    /// The mean IVPA minutes before the ambulance over the forms that gave them.
    pub fn ivpa_minutes_mean(&self) -> Option<f64> {
        let answered = self.cells.iter().filter(|c| {
            c.dim == Dim::Minutes && c.job_type == JobType::Ivpa && c.key != UNANSWERED
        });
        let (n, sum) = answered.fold((0u64, 0u64), |(n, s), c| {
            (n.saturating_add(c.count), s.saturating_add(c.minutes))
        });
        (n > 0).then(|| sum as f64 / n as f64)
    }
}

/// A job type's totals (or all types'), under the names the API, the CSV and the dashboard all
/// use: `done` is the outcome *done*; `done_including_aborted` adds the IVPA jobs dispatch
/// aborted, which the annual report counts as carried out ("utförda": 1,365 in 2025, of which
/// 1,355 done and 10 aborted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// The job type; `None` for all types together.
    pub job_type: Option<JobType>,
    /// Outcome done.
    pub done: u64,
    /// Done, and IVPA aborted by dispatch: the report's "utförda".
    pub done_including_aborted: u64,
    /// Declined.
    pub declined: u64,
    /// IVPA aborted by dispatch.
    pub aborted: u64,
}

/// The names of [`Totals`]' figures, in the order the CSV writes them.
pub const TOTALS_KEYS: [&str; 4] = ["done", "done_including_aborted", "declined", "aborted"];

impl Totals {
    /// The figures in [`TOTALS_KEYS`] order.
    pub fn figures(&self) -> [u64; 4] {
        [
            self.done,
            self.done_including_aborted,
            self.declined,
            self.aborted,
        ]
    }
}

impl Report {
    /// The jobs the report counts as carried out ("utförda"): done, and IVPA aborted by
    /// dispatch; in `dim` with `key` (any if `None`), of `job_type` (any if `None`).
    pub fn done_including_aborted(
        &self,
        dim: Dim,
        job_type: Option<JobType>,
        key: Option<&str>,
    ) -> u64 {
        self.count(dim, job_type, Some(Outcome::Done), key)
            + self.count(dim, job_type, Some(Outcome::Aborted), key)
    }

    /// The totals of each job type, then of all together.
    pub fn totals(&self) -> Vec<Totals> {
        JobType::ALL
            .iter()
            .map(|t| Some(*t))
            .chain([None])
            .map(|t| {
                let n = |o: Outcome| self.count(Dim::Total, t, Some(o), None);
                Totals {
                    job_type: t,
                    done: n(Outcome::Done),
                    done_including_aborted: n(Outcome::Done) + n(Outcome::Aborted),
                    declined: n(Outcome::Declined),
                    aborted: n(Outcome::Aborted),
                }
            })
            .collect()
    }
}

/// The columns of a historical-forms import file, in order.
pub const IMPORT_COLUMNS: [&str; 17] = [
    "job_id",
    "date",
    "job_type",
    "performer",
    "municipality",
    "requester",
    "outcome",
    "patient_sex",
    "patient_age",
    "problem",
    "right_care_level",
    "stayed_home",
    "info_matched",
    "prevented_visit",
    "benefit",
    "arrival",
    "minutes_before_ambulance",
];

/// What an import line is checked against: the region's published content. Empty when none
/// is published; then a code is only checked for its form ([`crate::form::is_code`]) and any
/// municipality code is taken.
#[derive(Debug, Clone, Default)]
pub struct ImportContent {
    /// The form's lists, every version: a line is checked against the one in force on its
    /// date.
    pub lists: FormLists,
    /// The municipalities' codes.
    pub municipalities: Vec<MunicipalityId>,
}

/// The values a column of an import file takes on `date`, as the README and a refusal list
/// them: the fixed answers of the form, or the codes of the content in force. `None` for the
/// columns that take free text or numbers (`job_id`, `date`, `patient_age`,
/// `minutes_before_ambulance`) or whose codes are not published.
pub fn import_allowed(column: &str, date: &str, content: &ImportContent) -> Option<Vec<String>> {
    let fixed = |v: &[&str]| Some(v.iter().map(|s| (*s).to_owned()).collect());
    let listed = |kind: ListKind| {
        content
            .lists
            .in_force(date)
            .map(|o| o.codes(kind).into_iter().map(str::to_owned).collect())
    };
    match column {
        "job_type" => Some(JobType::ALL.iter().map(code).collect()),
        "performer" => fixed(&["municipal", "ambulance"]),
        "outcome" => fixed(&["done", "declined", "aborted"]),
        "patient_sex" => fixed(&["female", "male", "unknown"]),
        "right_care_level" | "stayed_home" => fixed(&["yes", "no"]),
        "info_matched" => fixed(&["no", "yes", "well", "very_well"]),
        "prevented_visit" => fixed(&["emergency", "primary_care", "none"]),
        "benefit" => fixed(&["none", "little", "some", "good", "very_good"]),
        "arrival" => fixed(&["before", "same", "after", "after_rescue"]),
        "requester" => listed(ListKind::Requester),
        "problem" => listed(ListKind::Problem),
        "municipality" => (!content.municipalities.is_empty()).then(|| {
            content
                .municipalities
                .iter()
                .map(|m| m.as_str().to_owned())
                .collect()
        }),
        _ => None,
    }
}

/// Reads one line of an import file (values in [`IMPORT_COLUMNS`] order) into a row; every
/// wrong value is a field error naming its column and the values it takes (the codes from
/// `content`'s lists in force on the line's date).
pub fn row_from_import(values: &[&str], content: &ImportContent) -> Result<StatsRow, CommandError> {
    if values.len() != IMPORT_COLUMNS.len() {
        return Err(FieldError::new(
            "line",
            ErrorCode::Invalid,
            format!(
                "{} columns, expected {} ({})",
                values.len(),
                IMPORT_COLUMNS.len(),
                IMPORT_COLUMNS.join(",")
            ),
        )
        .into());
    }
    let mut e = Errors::default();
    let v = |i: usize| values[i].trim();
    let opt = |i: usize| Some(v(i)).filter(|s| !s.is_empty());

    let job_id = v(0).to_owned();
    if job_id.is_empty() {
        e.push("job_id", ErrorCode::Required, "job_id is empty");
    }
    let date = v(1).to_owned();
    if !is_date(&date) {
        e.push(
            "date",
            ErrorCode::Invalid,
            format!("date {date:?} is not YYYY-MM-DD"),
        );
    }
    let allowed = |column: &str| import_allowed(column, &date, content);
    let form = StatsForm {
        job_type: required_enum(&mut e, "job_type", opt(2)),
        performer: optional_enum(&mut e, "performer", opt(3)),
        municipality: opt(4).and_then(|m| {
            listed_code(&mut e, "municipality", m, allowed("municipality")).map(MunicipalityId::new)
        }),
        requester: opt(5)
            .and_then(|r| listed_code(&mut e, "requester", r, allowed("requester")))
            .map(Requester::new),
        outcome: required_enum(&mut e, "outcome", opt(6)),
        declined_reason: None,
        patient_sex: optional_enum::<Sex>(&mut e, "patient_sex", opt(7)),
        patient_age: opt(8).and_then(|a| match a.parse::<u16>() {
            Ok(n) if n <= crate::record::MAX_AGE => Some(n),
            _ => {
                e.push(
                    "patient_age",
                    ErrorCode::Invalid,
                    format!(
                        "patient_age {a:?} is not an age in years (0–{})",
                        crate::record::MAX_AGE
                    ),
                );
                None
            }
        }),
        problem: opt(9).and_then(|p| listed_code(&mut e, "problem", p, allowed("problem"))),
        actions: None,
        right_care_level: yes_no_value(&mut e, "right_care_level", opt(10)),
        stayed_home: yes_no_value(&mut e, "stayed_home", opt(11)),
        info_matched: optional_enum::<InfoMatched>(&mut e, "info_matched", opt(12)),
        prevented_visit: optional_enum::<PreventedVisit>(&mut e, "prevented_visit", opt(13)),
        benefit: optional_enum::<Benefit>(&mut e, "benefit", opt(14)),
        arrival: optional_enum::<Arrival>(&mut e, "arrival", opt(15)),
        minutes_before_ambulance: opt(16).and_then(|m| match m.parse::<u16>() {
            Ok(n) if n <= crate::form::MAX_MINUTES_BEFORE_AMBULANCE => Some(n),
            _ => {
                e.push(
                    "minutes_before_ambulance",
                    ErrorCode::Invalid,
                    format!(
                        "minutes_before_ambulance {m:?} is not 0–{}",
                        crate::form::MAX_MINUTES_BEFORE_AMBULANCE
                    ),
                );
                None
            }
        }),
    };
    if form.job_type.is_some_and(|t| t != JobType::Ivpa)
        && (form.arrival.is_some() || form.minutes_before_ambulance.is_some())
    {
        e.push(
            "arrival",
            ErrorCode::Invalid,
            "arrival and minutes are asked for IVPA jobs only",
        );
    }
    if form.outcome == Some(Outcome::Aborted) && form.job_type.is_some_and(|t| t != JobType::Ivpa) {
        e.push(
            "outcome",
            ErrorCode::Invalid,
            "only IVPA jobs are aborted by dispatch",
        );
    }
    if let (Some(r), Some(t), Some(o)) = (
        &form.requester,
        form.job_type,
        content.lists.in_force(&date),
    ) && o.label(ListKind::Requester, r.as_str()).is_some()
        && !o.requesters_for(t).any(|c| c.code == *r)
    {
        let takes: Vec<&str> = o.requesters_for(t).map(|c| c.code.as_str()).collect();
        e.push(
            "requester",
            ErrorCode::NotApplicable,
            format!(
                "requester {:?} does not ask for {} jobs in the form's lists {}; allowed for {}: {}",
                r.as_str(),
                code(&t),
                o.version,
                code(&t),
                takes.join(", ")
            ),
        );
    }
    e.into_result()?;
    Ok(StatsRow {
        job_id,
        date,
        unit: None,
        form,
    })
}

/// A code column's value, if `allowed` (the content's codes; `None`: only its form checked).
fn listed_code(
    e: &mut Errors,
    field: &str,
    value: &str,
    allowed: Option<Vec<String>>,
) -> Option<String> {
    let ok = match &allowed {
        Some(codes) => codes.iter().any(|c| c == value),
        None => crate::form::is_code(value) || field == "municipality",
    };
    if ok {
        return Some(value.to_owned());
    }
    let message = match allowed {
        Some(codes) => format!(
            "{field} {value:?} is not one of the allowed values on this date: {}",
            codes.join(", ")
        ),
        None => format!(
            "{field} {value:?} is not a code (lowercase a–z, 0–9 and _, at most {} characters)",
            crate::form::MAX_CODE_LEN
        ),
    };
    e.push(field, ErrorCode::Invalid, message);
    None
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.split('-').all(|p| p.bytes().all(|c| c.is_ascii_digit()))
        && time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE).is_ok()
}

fn optional_enum<T: crate::keyed::Keyed>(
    e: &mut Errors,
    field: &str,
    value: Option<&str>,
) -> Option<T> {
    let v = value?;
    let parsed = from_code(v);
    if parsed.is_none() {
        let allowed = import_allowed(field, "", &ImportContent::default()).unwrap_or_default();
        e.push(
            field,
            ErrorCode::Invalid,
            format!(
                "{field} {v:?} is not one of the allowed values: {}",
                allowed.join(", ")
            ),
        );
    }
    parsed
}

fn required_enum<T: crate::keyed::Keyed>(
    e: &mut Errors,
    field: &str,
    value: Option<&str>,
) -> Option<T> {
    if value.is_none() {
        e.push(field, ErrorCode::Required, format!("{field} is required"));
    }
    optional_enum(e, field, value)
}

fn yes_no_value(e: &mut Errors, field: &str, value: Option<&str>) -> Option<bool> {
    match value? {
        "yes" => Some(true),
        "no" => Some(false),
        other => {
            e.push(
                field,
                ErrorCode::Invalid,
                format!("{field} {other:?} is not one of the allowed values: yes, no"),
            );
            None
        }
    }
}
