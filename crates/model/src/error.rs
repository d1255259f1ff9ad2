//! Errors a nurse can cause. Each names its field by a machine key (`form.patient_age`,
//! `vitals.pulse`, `timeline.arrive`) so the UI can put the message next to that field, and its
//! message by a key of `crate::msg`'s table so the UI can say it in the nurse's language.

use crate::msg::{Message, Said};
use crate::settings::Language;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of problem, for code that reacts to errors rather than showing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
crate::keyed!(ErrorCode {
    Required = "required",
    OutOfRange = "out_of_range",
    NotApplicable = "not_applicable",
    IllegalTransition = "illegal_transition",
    Locked = "locked",
    Unknown = "unknown",
    AlreadyExists = "already_exists",
    Invalid = "invalid",
});

/// One field-level error: which field, what kind, and the message for the nurse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's machine key.
    pub field: String,
    /// What kind of problem.
    pub code: ErrorCode,
    /// What to tell the nurse, in Swedish (or, for words from outside the table, as given).
    pub message: String,
    /// The message's key and arguments in `crate::msg`, from which the UI says it in the
    /// nurse's language; `None` for words from outside the table.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub msg: Option<Message>,
}

impl FieldError {
    /// A new error on `field`. `message` is a row of `crate::msg` (a `Text`, a formatted
    /// `Message`, or a constant of `sv`, which finds its row), or words from outside the table.
    pub fn new(field: impl Into<String>, code: ErrorCode, message: impl Into<Said>) -> Self {
        let (message, msg) = message.into().into_parts();
        Self {
            field: field.into(),
            code,
            message,
            msg,
        }
    }

    /// The message in `lang`: from its key, or as given when it has none this build knows.
    pub fn text(&self, lang: Language) -> String {
        self.msg
            .as_ref()
            .and_then(|m| m.render(lang))
            .unwrap_or_else(|| self.message.clone())
    }

    /// The same error with its `message` said in `lang` (what the UI shows).
    pub fn localized(mut self, lang: Language) -> Self {
        self.message = self.text(lang);
        self
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
    pub(crate) fn push(&mut self, field: &str, code: ErrorCode, message: impl Into<Said>) {
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
