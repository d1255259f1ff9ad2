//! CSV as the region writes it (the statistics for the API and the dashboard): the `csv` crate
//! quotes, and every cell is neutralised by OWASP's rule against CSV injection, so a value a
//! phone or an import put there can never become a formula in a spreadsheet.

use samverka_model::codes::code;
use samverka_model::stats::{Report, TOTALS_KEYS};

/// The first characters a spreadsheet reads as a formula or a control (OWASP, "CSV
/// Injection"): `=`, `+`, `-`, `@`, tab, carriage return, line feed, and the full-width
/// forms some spreadsheets also read as the ASCII ones.
const FORMULA_STARTS: [char; 11] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// A cell as it may be written: one that starts like a formula gets a leading `'`, which
/// spreadsheets show as text and never evaluate.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The report's cells as CSV: `dimension,job_type,outcome,key,count,minutes`; then its totals
/// as rows of the dimension `totals` (job type, or `all`; no outcome; the key `done`,
/// `done_including_aborted`, `declined` or `aborted`), the names the API and the dashboard use.
pub fn report_csv(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![
        [
            "dimension",
            "job_type",
            "outcome",
            "key",
            "count",
            "minutes",
        ]
        .map(str::to_owned),
    ];
    for c in &report.cells {
        rows.push([
            c.dim.key().to_owned(),
            code(&c.job_type),
            code(&c.outcome),
            c.key.clone(),
            c.count.to_string(),
            c.minutes.to_string(),
        ]);
    }
    for t in report.totals() {
        let job_type = t.job_type.map_or_else(|| "all".to_owned(), |j| code(&j));
        for (key, n) in TOTALS_KEYS.iter().zip(t.figures()) {
            rows.push([
                "totals".to_owned(),
                job_type.clone(),
                String::new(),
                (*key).to_owned(),
                n.to_string(),
                "0".to_owned(),
            ]);
        }
    }
    for row in &rows {
        // Writing to a Vec cannot fail; a row that could not be written would be left out
        // rather than end the answer half-way.
        if let Err(e) = w.write_record(row.iter().map(|cell| neutralise(cell).into_owned())) {
            tracing::error!(error = %e, "a CSV row could not be written");
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use samverka_model::JobType;
    use samverka_model::form::Outcome;
    use samverka_model::stats::{Cell, Dim, Filter};

    fn cell(key: &str) -> Cell {
        Cell {
            dim: Dim::Municipality,
            job_type: JobType::Ivpa,
            outcome: Outcome::Done,
            key: key.to_owned(),
            count: 3,
            minutes: 0,
        }
    }

    #[test]
    fn a_line_per_cell_and_no_cell_starts_like_a_formula() {
        let report = Report {
            filter: Filter::default(),
            cells: [
                "orust",
                "=HYPERLINK(\"http://x\",\"y\")",
                "+1",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "a,b",
                "\u{ff1d}1+1",
            ]
            .map(cell)
            .to_vec(),
        };
        let csv = report_csv(&report);
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(
            r.headers().unwrap(),
            vec![
                "dimension",
                "job_type",
                "outcome",
                "key",
                "count",
                "minutes"
            ]
        );
        let keys: Vec<String> = r
            .records()
            .map(|rec| rec.unwrap())
            .filter(|rec| &rec[0] != "totals")
            .map(|rec| rec[3].to_owned())
            .collect();
        assert_eq!(keys.len(), report.cells.len());
        assert_eq!(keys[0], "orust");
        assert_eq!(keys[7], "a,b");
        for k in &keys[1..7] {
            assert!(k.starts_with('\''), "{k:?}");
        }
        assert!(keys[8].starts_with('\''));
        assert!(csv.contains("municipality,ivpa,done,orust,3,0\n"), "{csv}");
        // The totals under their names: no municipality cell is counted as a job here.
        assert!(csv.contains("totals,all,,done,0,0\n"), "{csv}");
        assert!(
            csv.contains("totals,ivpa,,done_including_aborted,0,0\n"),
            "{csv}"
        );
    }
}
