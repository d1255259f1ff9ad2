//! The statistics tables' SQL, shared by both stores: the same statements with each store's
//! placeholders, so SQLite and PostgreSQL count exactly alike (and like the model).

use super::{StorageError, corrupt, u64_of};
use samverka_model::codes;
use samverka_model::stats::{Cell, Dim, Filter, StatsRow};

/// Who wrote a stats row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A form submitted in the app.
    App,
    /// A historical paper form.
    Import,
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::App => "app",
            Source::Import => "import",
        }
    }
}

/// The dimensions with a column each in `stats_forms`: all but `Total` (every row) and
/// `Action` (a table of its own).
pub(crate) fn key_dims() -> impl Iterator<Item = Dim> {
    Dim::ALL
        .into_iter()
        .filter(|d| !matches!(d, Dim::Total | Dim::Action))
}

/// The values of one stats row, in the order of [`upsert_sql`]'s placeholders.
pub(crate) struct RowValues {
    /// job_id, source, hlc, date, job_type, outcome (placeholders 1–6).
    pub head: [String; 6],
    /// minutes_value (7).
    pub minutes: Option<i64>,
    /// One key per [`key_dims`] (8…).
    pub keys: Vec<String>,
    /// The actions, for `stats_form_actions`.
    pub actions: Vec<String>,
    /// The form as JSON, for `stats_form_docs`.
    pub form: String,
}

/// The values to store for `row`.
pub(crate) fn row_values(row: &StatsRow, source: Source, hlc: &str) -> RowValues {
    RowValues {
        head: [
            row.job_id.clone(),
            source.code().to_owned(),
            hlc.to_owned(),
            row.date.clone(),
            code(&row.form.job_type),
            code(&row.form.outcome),
        ],
        minutes: row.form.minutes_before_ambulance.map(i64::from),
        form: serde_json::to_string(&row.form).unwrap_or_default(),
        keys: key_dims().map(|d| row.key(d)).collect(),
        actions: Dim::Action.keys(row),
    }
}

fn code<T: samverka_model::keyed::Keyed>(v: &Option<T>) -> String {
    v.as_ref().map(codes::code).unwrap_or_default()
}

/// The columns before the keys, in [`RowValues`] order (`head`, then `minutes_value`).
const HEAD_COLUMNS: [&str; 7] = [
    "job_id",
    "source",
    "hlc",
    "date",
    "job_type",
    "outcome",
    "minutes_value",
];

/// Stores (or replaces) a row's form document.
pub(crate) fn doc_upsert_sql(ph: &dyn Fn(usize) -> String) -> String {
    format!(
        "INSERT INTO stats_form_docs (job_id, form) VALUES ({}, {})
         ON CONFLICT (job_id) DO UPDATE SET form = excluded.form",
        ph(1),
        ph(2)
    )
}

/// Inserts a stats row, or replaces an app row by a later submission of the same job.
pub(crate) fn upsert_sql(ph: &dyn Fn(usize) -> String) -> String {
    let keys: Vec<&str> = key_dims().map(Dim::key).collect();
    let columns = HEAD_COLUMNS
        .into_iter()
        .chain(keys.iter().copied())
        .collect::<Vec<_>>();
    let values = (1..=columns.len()).map(ph).collect::<Vec<_>>();
    let updates = columns[1..]
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>();
    format!(
        "INSERT INTO stats_forms ({}) VALUES ({}) ON CONFLICT (job_id) DO UPDATE SET {}
         WHERE stats_forms.source = 'app' AND excluded.hlc > stats_forms.hlc",
        columns.join(", "),
        values.join(", "),
        updates.join(", ")
    )
}

/// The WHERE clause of a report: placeholders 1–7 are the filter's values in
/// [`samverka_model::stats::Filter::column_values`] order; a NULL value filters nothing.
fn filter_sql(ph: &dyn Fn(usize) -> String, table: &str) -> String {
    let cols = [
        "date",
        "date",
        "job_type",
        "performer",
        "municipality",
        "unit",
        "requester",
    ];
    cols.iter()
        .enumerate()
        .map(|(i, c)| {
            let p = ph(i + 1);
            let op = match i {
                0 => ">=",
                1 => "<",
                _ => "=",
            };
            format!("({p} IS NULL OR {table}{c} {op} {p})")
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// PostgreSQL's report for some dimensions in one pass over the table (`GROUPING SETS`), each
/// row `(job_type, outcome, grouping mask, the dims' key columns…, count, minutes)`; the mask
/// says which dimension a row counts ([`grouped_dim`]). With `total`, also the `Total` counts.
/// With `months`, only the forms of the months in placeholder 8 (a `text[]`; the roll-up's
/// partly covered months, found by `stats_forms_by_month`).
pub(crate) fn report_sql_grouping_sets(dims: &[Dim], total: bool, months: bool) -> String {
    let keys: Vec<&str> = dims.iter().map(|d| d.key()).collect();
    let sets = total
        .then(|| "()".to_owned())
        .into_iter()
        .chain(keys.iter().map(|k| format!("({k})")))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT job_type, outcome, GROUPING({keys}) AS g, {keys}, count(*),
                CAST(coalesce(sum(minutes_value), 0) AS BIGINT)
         FROM stats_forms WHERE {filter}{months}
         GROUP BY job_type, outcome, GROUPING SETS ({sets})",
        keys = keys.join(", "),
        filter = filter_sql(&|n| format!("${n}::text"), ""),
        months = months_sql(months, ""),
    )
}

/// The condition on placeholder 8's months, if asked for.
fn months_sql(months: bool, table: &str) -> String {
    if months {
        format!(" AND substr({table}date, 1, 7) = ANY($8::text[])")
    } else {
        String::new()
    }
}

/// Which of `n` dimensions a `GROUPING(…)` mask of [`report_sql_grouping_sets`] stands for:
/// `None` for the total, else the index of the one column grouped by.
pub(crate) fn grouped_dim(mask: i32, n: usize) -> Option<usize> {
    (0..n).find(|i| mask & (1 << (n - 1 - i)) == 0)
}

/// PostgreSQL's counts per action, with the same filter placeholders (and `months` as in
/// [`report_sql_grouping_sets`]).
pub(crate) fn actions_sql(months: bool) -> String {
    format!(
        "SELECT f.job_type, f.outcome, coalesce(a.action, 'unanswered'), count(*),
                CAST(coalesce(sum(f.minutes_value), 0) AS BIGINT)
         FROM stats_forms f LEFT JOIN stats_form_actions a ON a.job_id = f.job_id
         WHERE {}{} GROUP BY f.job_type, f.outcome, coalesce(a.action, 'unanswered')",
        filter_sql(&|n| format!("${n}::text"), "f."),
        months_sql(months, "f."),
    )
}

/// PostgreSQL's roll-up (`stats_rollup`, migration 13): a report's months it answers and the
/// months it leaves to the forms. A form's month is its date's first 7 characters; a month
/// strictly after `from`'s first 7 and strictly before `to`'s lies wholly inside the period
/// whatever its forms' days (every string starting with it compares with `from` and `to` as
/// the month does), so the roll-up counts it; the months of `from` and `to` themselves are
/// counted from the forms with the whole filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RollupPlan {
    /// Roll-up months after this one (placeholder 1; `None`: from the first).
    pub after: Option<String>,
    /// Roll-up months before this one (placeholder 2; `None`: to the last).
    pub before: Option<String>,
    /// The months counted from the forms.
    pub edges: Vec<String>,
}

/// The roll-up's month of a date.
pub(crate) fn month_of(date: &str) -> String {
    date.chars().take(7).collect()
}

impl RollupPlan {
    /// How to count `filter` with the roll-up, or `None` when it filters on a column the
    /// roll-up does not keep (performer, municipality, unit, requester): then the forms count.
    pub(crate) fn of(filter: &Filter) -> Option<Self> {
        let answers = filter.performer.is_none()
            && filter.municipality.is_none()
            && filter.unit.is_none()
            && filter.requester.is_none();
        answers.then(|| {
            let after = filter.from.as_deref().map(month_of);
            let before = filter.to.as_deref().map(month_of);
            let mut edges: Vec<String> = after.iter().chain(&before).cloned().collect();
            edges.dedup();
            Self {
                after,
                before,
                edges,
            }
        })
    }
}

/// The roll-up's counts for a [`RollupPlan`]: placeholders 1 and 2 its months, 3 the job type;
/// rows `(dimension, job_type, outcome, key, count, minutes)` as [`report_sql`]'s.
pub(crate) fn rollup_sql() -> &'static str {
    "SELECT dim, job_type, outcome, key, CAST(sum(n) AS BIGINT), CAST(sum(minutes) AS BIGINT)
     FROM stats_rollup
     WHERE ($1::text IS NULL OR month > $1::text) AND ($2::text IS NULL OR month < $2::text)
       AND ($3::text IS NULL OR job_type = $3::text)
     GROUP BY dim, job_type, outcome, key
     HAVING sum(n) <> 0"
}

/// Adds up cells of the same dimension, job type, outcome and key (the roll-up's months and the
/// forms' months of one report); sorted.
pub(crate) fn merge_cells(mut cells: Vec<Cell>) -> Vec<Cell> {
    cells.sort();
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len());
    for c in cells {
        match out.last_mut() {
            Some(last)
                if (last.dim, last.job_type, last.outcome, &last.key)
                    == (c.dim, c.job_type, c.outcome, &c.key) =>
            {
                last.count += c.count;
                last.minutes += c.minutes;
            }
            _ => out.push(c),
        }
    }
    out.sort();
    out
}

/// The report: one `GROUP BY` per dimension, each row `(dimension, job_type, outcome, key,
/// count, minutes)`. Placeholders 1–7 are the filter's values in
/// [`samverka_model::stats::Filter::column_values`] order; a NULL filter value counts all.
pub(crate) fn report_sql(ph: &dyn Fn(usize) -> String) -> String {
    let filter = |t: &str| filter_sql(ph, t);
    let mut parts = vec![format!(
        "SELECT 'total' AS dim, job_type, outcome, 'all' AS key, count(*) AS n,
                CAST(coalesce(sum(minutes_value), 0) AS BIGINT) AS minutes
         FROM stats_forms WHERE {} GROUP BY job_type, outcome",
        filter("")
    )];
    for d in key_dims() {
        let c = d.key();
        parts.push(format!(
            "SELECT '{c}', job_type, outcome, {c}, count(*), CAST(coalesce(sum(minutes_value), 0) AS BIGINT)
             FROM stats_forms WHERE {} GROUP BY job_type, outcome, {c}",
            filter("")
        ));
    }
    parts.push(format!(
        "SELECT 'action', f.job_type, f.outcome, coalesce(a.action, 'unanswered'), count(*),
                CAST(coalesce(sum(f.minutes_value), 0) AS BIGINT)
         FROM stats_forms f LEFT JOIN stats_form_actions a ON a.job_id = f.job_id
         WHERE {} GROUP BY f.job_type, f.outcome, coalesce(a.action, 'unanswered')",
        filter("f.")
    ));
    parts.join("\nUNION ALL\n")
}

fn parse<T: samverka_model::keyed::Keyed>(what: &str, v: &str) -> Result<T, StorageError> {
    codes::from_code(v).ok_or_else(|| corrupt(format!("stats {what} {v:?}")))
}

/// A cell read back from [`report_sql`]'s columns.
pub(crate) fn cell(
    dim: &str,
    job_type: &str,
    outcome: &str,
    key: String,
    count: i64,
    minutes: i64,
) -> Result<Cell, StorageError> {
    Ok(Cell {
        dim: parse("dimension", dim)?,
        job_type: parse("job type", job_type)?,
        outcome: parse("outcome", outcome)?,
        key,
        count: u64_of(count),
        minutes: u64_of(minutes),
    })
}

/// PostgreSQL: many rows in one statement, every column an array (`unnest`); for imports.
pub(crate) fn bulk_insert_sql_pg() -> String {
    let keys: Vec<&str> = key_dims().map(Dim::key).collect();
    let columns: Vec<&str> = HEAD_COLUMNS
        .into_iter()
        .chain(keys.iter().copied())
        .collect();
    let arrays: Vec<String> = (1..=columns.len())
        .map(|n| format!("${n}::{}[]", if n == 7 { "bigint" } else { "text" }))
        .collect();
    format!(
        "INSERT INTO stats_forms ({}) SELECT * FROM unnest({})",
        columns.join(", "),
        arrays.join(", ")
    )
}
