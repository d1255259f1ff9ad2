//! `synonyms.txt`: one group of words a nurse may search for interchangeably per line.

use crate::error::Report;
use std::collections::HashMap;
use std::path::Path;

/// Reads the groups; a term in two groups, or a group of one, is a problem.
pub(crate) fn read(rel: &Path, text: &str, report: &mut Report) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut group: Vec<String> = Vec::new();
        for term in line.split(',') {
            let term = term
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if term.is_empty() {
                report.add(
                    rel,
                    line_no,
                    "an empty term (two commas in a row, or a trailing comma)",
                );
                continue;
            }
            if let Some(first) = seen.get(&term) {
                report.add(
                    rel,
                    line_no,
                    format!("{term:?} is already in the group on line {first}"),
                );
                continue;
            }
            seen.insert(term.clone(), line_no);
            group.push(term);
        }
        if group.len() < 2 {
            report.add(
                rel,
                line_no,
                "a group needs at least two terms, separated by commas",
            );
        } else {
            groups.push(group);
        }
    }
    groups
}
