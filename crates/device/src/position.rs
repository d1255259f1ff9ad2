//! The position at arrival, as the phone records it: the platform's reading (or the lack of
//! one) becomes a [`PositionFix`] placed in a municipality with the installed content, offline.

use crate::error::StoreError;
use crate::store::Store;
use samverka_model::position::{MissingReason, PositionFix};
use samverka_model::sv;
use samverka_model::{
    CommandError, Entry, EntryBody, ErrorCode, FieldError, JobId, MunicipalityId, Timestamp, UserId,
};

/// What the platform answered when asked where the phone is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PositionReading {
    /// A fix in WGS84 decimal degrees with its accuracy radius in metres.
    Fix {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
        /// Accuracy radius, metres.
        accuracy_m: f64,
    },
    /// No fix, and why.
    Missing(MissingReason),
}

impl Store {
    /// Records where the nurse is at arrival. A fix is placed in the nearest municipality of
    /// the installed content; a missing reading is recorded as missing (with `municipality`
    /// if the nurse picked one), never as a coordinate.
    pub fn record_position(
        &mut self,
        author: &UserId,
        job: JobId,
        reading: PositionReading,
        municipality: Option<MunicipalityId>,
        now: Timestamp,
    ) -> Result<Entry, StoreError> {
        let fix = match reading {
            PositionReading::Fix {
                lat,
                lon,
                accuracy_m,
            } => PositionFix::located(lat, lon, accuracy_m, now, &self.municipalities()?)?,
            PositionReading::Missing(reason) => {
                if let Some(m) = &municipality {
                    self.known_municipality(m)?;
                }
                PositionFix::Missing {
                    reason,
                    at: now,
                    municipality,
                }
            }
        };
        self.record(author, job, EntryBody::Position(fix), now)
    }

    /// Refuses a municipality the installed content does not name.
    fn known_municipality(&self, id: &MunicipalityId) -> Result<(), StoreError> {
        if self.municipalities()?.iter().any(|m| &m.id == id) {
            return Ok(());
        }
        let refusal: CommandError = FieldError::new(
            "position.municipality",
            ErrorCode::Unknown,
            sv::UNKNOWN_MUNICIPALITY,
        )
        .into();
        Err(refusal.into())
    }
}
