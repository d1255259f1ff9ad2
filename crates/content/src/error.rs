//! What is wrong with the content, and where.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong, at a file and line an editor can jump to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, relative to the content directory.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong, for the person who wrote it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Everything wrong with a content directory, sorted by file and line. Publishing refuses the
/// whole directory while there is any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Collects problems while the loader reads on, so one run reports all of them.
#[derive(Debug, Default)]
pub(crate) struct Report {
    problems: Vec<Problem>,
}

impl Report {
    pub(crate) fn add(
        &mut self,
        file: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            file: file.into(),
            line,
            message: message.into(),
        });
    }

    pub(crate) fn finish<T>(mut self, value: T) -> Result<T, Problems> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            self.problems.sort();
            self.problems.dedup();
            Err(Problems(self.problems))
        }
    }
}
