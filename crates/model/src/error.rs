//! Errors a nurse can cause. Each names its field by a machine key (`form.patient_age`,
//! `vitals.pulse`, `timeline.arrive`) so the UI can put the Swedish message next to that field.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of problem, for code that reacts to errors rather than showing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A value is needed and missing.
    Required,
    /// A value is outside what is possible or allowed.
    OutOfRange,
    /// A value was given where it does not apply (e.g. IVPA fields on a 1177 job).
    NotApplicable,
    /// A status step that is not allowed from the job's current status.
    IllegalTransition,
    /// The statistics form was submitted and is locked.
    Locked,
    /// The entry refers to something that does not exist (a job, an earlier entry).
    Unknown,
    /// Something that may happen only once happened already.
    AlreadyExists,
    /// A value has the wrong form (an address without `https://`, a code with spaces).
    Invalid,
}

/// One field-level error: which field, what kind, and a Swedish message for the nurse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's machine key.
    pub field: String,
    /// What kind of problem.
    pub code: ErrorCode,
    /// What to tell the nurse, in Swedish.
    pub message: String,
}

impl FieldError {
    /// A new error on `field`.
    pub fn new(field: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A tap the model refused, with every field-level reason at once (a form shows them all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", display_errors(.errors))]
pub struct CommandError {
    /// At least one error.
    pub errors: Vec<FieldError>,
}

fn display_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl CommandError {
    /// Whether any error is on `field`.
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }
}

impl From<FieldError> for CommandError {
    fn from(e: FieldError) -> Self {
        Self { errors: vec![e] }
    }
}

/// Collects field errors and turns them into a result.
#[derive(Debug, Default)]
pub(crate) struct Errors(pub Vec<FieldError>);

impl Errors {
    pub(crate) fn push(&mut self, field: &str, code: ErrorCode, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    pub(crate) fn into_result(self) -> Result<(), CommandError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CommandError { errors: self.0 })
        }
    }
}
