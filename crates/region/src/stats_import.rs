//! Reading a file of historical (paper) statistics forms: every bad line reported with its
//! number and, for a refused value, the values its column takes; nothing stored while any line
//! is bad. Codes are checked against the published content: the form's lists in force on each
//! line's date, and the municipalities.

use samverka_model::stats::{IMPORT_COLUMNS, ImportContent, StatsRow, row_from_import};
use std::collections::HashMap;

/// A line that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number in the file.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Reads the CSV text of an import file: a header line with exactly [`IMPORT_COLUMNS`], then one
/// form per line, checked against `content`. Either every row, or every bad line.
pub fn read(text: &str, content: &ImportContent) -> Result<Vec<StatsRow>, Vec<BadLine>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut bad = Vec::new();
    match reader.headers() {
        Ok(h) if h.iter().map(str::trim).eq(IMPORT_COLUMNS) => {}
        Ok(h) => bad.push(BadLine {
            line: 1,
            message: format!(
                "the header must be exactly {}; found {}",
                IMPORT_COLUMNS.join(","),
                h.iter().collect::<Vec<_>>().join(",")
            ),
        }),
        Err(e) => bad.push(BadLine {
            line: 1,
            message: format!("not CSV: {e}"),
        }),
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut rows = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                bad.push(BadLine {
                    line,
                    message: format!("not CSV: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let values: Vec<&str> = record.iter().collect();
        match row_from_import(&values, content) {
            Ok(row) => {
                if let Some(first) = first_line.get(&row.job_id) {
                    bad.push(BadLine {
                        line,
                        message: format!("job_id {:?} is also on line {first}", row.job_id),
                    });
                } else {
                    first_line.insert(row.job_id.clone(), line);
                    rows.push(row);
                }
            }
            Err(e) => bad.extend(e.errors.into_iter().map(|f| BadLine {
                line,
                message: f.message,
            })),
        }
    }
    if bad.is_empty() { Ok(rows) } else { Err(bad) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "job_id,date,job_type,performer,municipality,requester,outcome,patient_sex,patient_age,problem,right_care_level,stayed_home,info_matched,prevented_visit,benefit,arrival,minutes_before_ambulance";

    #[test]
    fn good_lines_are_read_and_bad_ones_numbered() {
        let ok = format!(
            "{HEADER}\np-1,2024-01-05,ivpa,municipal,orust,dispatch,done,male,70,chest_pain,yes,yes,well,emergency,good,before,8\np-2,2024-01-06,nurse_line,municipal,orust,nurse_line,declined,,,,,,,,,,\n"
        );
        let content = ImportContent::default();
        let rows = read(&ok, &content).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].form.patient_age, None);

        let bad = format!(
            "{HEADER}\np-1,2024-01-05,ivpa,municipal,orust,dispatch,done,male,70,chest_pain,yes,yes,well,emergency,good,before,8\np-1,2024-01-06,nurse_line,municipal,orust,nurse_line,declined,,,,,,,,,,\np-3,2024-13-01,ivpa,municipal,orust,dispatch,done,male,70,chest_pain,yes,yes,well,emergency,good,before,8\np-4,2024-01-01,ivpa\n"
        );
        let lines: Vec<u64> = read(&bad, &content)
            .expect_err("bad lines")
            .iter()
            .map(|b| b.line)
            .collect();
        assert_eq!(lines, [3, 4, 5]);
        let wrong_header = "job,date\n1,2024-01-01\n";
        assert_eq!(
            read(wrong_header, &content).expect_err("a wrong header")[0].line,
            1
        );
    }
}
