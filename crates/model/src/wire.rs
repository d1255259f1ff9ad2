//! The form the shell's answers cross to the UI in: postcard, a positional binary. The UI's
//! wasm then holds one small decoder and, per answer type, serde's sequence reader, instead of
//! serde-wasm-bindgen's reader of JavaScript objects and serde's map readers with their field
//! names (about 15 KB gzipped of the download a phone makes, issue #19).
//!
//! Positional means that every field is written. The model's `skip_serializing_if` predicates
//! ([`none`], [`empty`], [`no_args`]) leave an empty field out of JSON — the log, the sync, the
//! FHIR export — but not while [`encode`] runs. A type the UI reads is therefore never
//! internally tagged or flattened (a self-describing form would be needed to read those back);
//! [`crate::holder::Holder`] writes a compact form of its own here.

use crate::msg::Args;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::Cell;

thread_local! {
    /// Set while [`encode`] runs on this thread: no field is skipped.
    static DENSE: Cell<bool> = const { Cell::new(false) };
}

/// An answer that could not be written or read in the UI's form.
#[derive(Debug, thiserror::Error)]
#[error("the answer's binary form: {0}")]
pub struct WireError(#[from] postcard::Error);

/// `value` as the UI reads it: every field, in declaration order.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, WireError> {
    /// Restores the flag however the encoding ends (a `Serialize` may panic).
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DENSE.set(self.0);
        }
    }
    let _restore = Restore(DENSE.replace(true));
    Ok(postcard::to_allocvec(value)?)
}

/// A value [`encode`] wrote. Bytes left over are an error: an answer of another type (another
/// build of the shell) is refused rather than read as far as it happens to fit.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WireError> {
    let (value, rest) = postcard::take_from_bytes(bytes)?;
    if rest.is_empty() {
        Ok(value)
    } else {
        Err(WireError(postcard::Error::DeserializeBadEncoding))
    }
}

/// Whether an optional field is left out: when empty, except in [`encode`].
pub fn none<T>(v: &Option<T>) -> bool {
    v.is_none() && !DENSE.get()
}

/// Whether a list is left out: when empty, except in [`encode`].
pub fn empty<T>(v: &[T]) -> bool {
    v.is_empty() && !DENSE.get()
}

/// Whether a message's arguments are left out: when there are none, except in [`encode`].
pub fn no_args(a: &Args) -> bool {
    a.is_empty() && !DENSE.get()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Failure;
    use crate::holder::Holder;
    use crate::msg::{self, Arg};
    use crate::record::RecordText;
    use crate::{ErrorCode, FieldError, UserId};

    #[test]
    fn empty_fields_are_skipped_in_json_and_written_here() -> Result<(), Box<dyn std::error::Error>>
    {
        let partial = RecordText {
            airway: Some("fri".into()),
            ..RecordText::default()
        };
        let json = serde_json::to_string(&partial)?;
        assert_eq!(json, r#"{"airway":"fri"}"#);
        let bytes = encode(&partial)?;
        assert_eq!(decode::<RecordText>(&bytes)?, partial);
        // The flag is down again: JSON after an encoding still skips.
        assert_eq!(serde_json::to_string(&partial).ok(), Some(json));
        Ok(())
    }

    #[test]
    fn failures_and_holders_cross_whole() -> Result<(), WireError> {
        let failures = [
            Failure::new("locked", msg::LOCKED),
            Failure::new("refused", msg::CODE_REFUSED.with("code", Arg::text("x1"))),
            Failure::invalid(vec![FieldError::new(
                "record.patient_age",
                ErrorCode::Invalid,
                "inte ett tal",
            )]),
        ];
        for f in failures {
            assert_eq!(decode::<Failure>(&encode(&f)?)?, f);
        }
        for h in [Holder::Nurse(UserId::new("anna")), Holder::NextShift] {
            assert_eq!(decode::<Holder>(&encode(&h)?)?, h);
        }
        let answer: Result<Option<Holder>, Failure> = Ok(Some(Holder::NextShift));
        assert_eq!(
            decode::<Result<Option<Holder>, Failure>>(&encode(&answer)?)?,
            answer
        );
        Ok(())
    }

    #[test]
    fn an_answer_of_another_type_is_refused() -> Result<(), WireError> {
        let bytes = encode(&(7_u32, String::from("sju")))?;
        assert!(decode::<u32>(&bytes).is_err());
        assert!(decode::<(u32, String, u32)>(&bytes).is_err());
        Ok(())
    }
}
