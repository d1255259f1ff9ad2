//! Where the nurse was when she arrived: a position with its accuracy from the platform, or
//! the plain fact that there is none. A missing position is its own variant, never a zero or a
//! guessed coordinate, so nothing downstream (the record, an export) can print one.

use crate::content::Municipality;
use crate::error::{CommandError, ErrorCode, FieldError};
use crate::ids::MunicipalityId;
use crate::sv;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Degrees are stored as integers of 10⁻⁷ degrees (about 1 cm), so entries stay `Eq` and
/// serialise exactly on every platform.
pub const E7: f64 = 10_000_000.0;

/// The worst accuracy worth recording; a coarser fix says nothing about the address.
pub const MAX_ACCURACY_M: u32 = 50_000;

/// How far from every reference point a position is taken as outside the region's
/// municipalities: a position there pre-fills nothing rather than the wrong municipality.
pub const MAX_REFERENCE_KM: f64 = 60.0;

/// Why the phone has no position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingReason {
    /// The platform has no location service (a desktop).
    Unavailable,
    /// The nurse or the system refused the app location access.
    Denied,
    /// Asked, but no fix came in time (indoors, no satellites).
    NoFix,
}
crate::keyed!(MissingReason {
    Unavailable = "unavailable",
    Denied = "denied",
    NoFix = "no_fix",
});

impl MissingReason {
    /// Why, in Swedish, as the record says it.
    pub fn sv(self) -> &'static str {
        match self {
            Self::Unavailable => sv::POSITION_MISSING_UNAVAILABLE,
            Self::Denied => sv::POSITION_MISSING_DENIED,
            Self::NoFix => sv::POSITION_MISSING_NO_FIX,
        }
    }
}

/// The position recorded at arrival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, tag = "fix", rename_all = "snake_case")]
pub enum PositionFix {
    /// The platform's fix.
    Located {
        /// Latitude in 10⁻⁷ degrees (WGS84).
        lat_e7: i32,
        /// Longitude in 10⁻⁷ degrees (WGS84).
        lon_e7: i32,
        /// The platform's accuracy radius in metres (rounded up).
        accuracy_m: u32,
        /// When the fix was taken.
        at: Timestamp,
        /// The municipality whose reference point is nearest, if any is within
        /// [`MAX_REFERENCE_KM`]: worked out on the phone, offline, from the region's content.
        #[serde(default, skip_serializing_if = "crate::wire::none")]
        municipality: Option<MunicipalityId>,
    },
    /// No position: the record says so.
    Missing {
        /// Why.
        reason: MissingReason,
        /// When the nurse arrived without one.
        at: Timestamp,
        /// The municipality the nurse picked instead.
        #[serde(default, skip_serializing_if = "crate::wire::none")]
        municipality: Option<MunicipalityId>,
    },
}

impl PositionFix {
    /// A fix from the platform's decimal degrees and accuracy, placed in the nearest
    /// municipality of `municipalities`. Refuses what no real fix can be.
    pub fn located(
        lat: f64,
        lon: f64,
        accuracy_m: f64,
        at: Timestamp,
        municipalities: &[Municipality],
    ) -> Result<Self, CommandError> {
        let fix = Self::Located {
            lat_e7: to_e7(lat, 90.0)?,
            lon_e7: to_e7(lon, 180.0)?,
            accuracy_m: to_accuracy(accuracy_m)?,
            at,
            municipality: nearest_municipality(lat, lon, municipalities),
        };
        fix.validate()?;
        Ok(fix)
    }

    /// The municipality this fix places the job in.
    pub fn municipality(&self) -> Option<&MunicipalityId> {
        match self {
            Self::Located { municipality, .. } | Self::Missing { municipality, .. } => {
                municipality.as_ref()
            }
        }
    }

    /// When it was taken (or found missing).
    pub fn at(&self) -> Timestamp {
        match self {
            Self::Located { at, .. } | Self::Missing { at, .. } => *at,
        }
    }

    /// Decimal degrees (latitude, longitude) and accuracy in metres, only for a real fix.
    pub fn coordinates(&self) -> Option<(f64, f64, u32)> {
        match self {
            Self::Located {
                lat_e7,
                lon_e7,
                accuracy_m,
                ..
            } => Some((
                f64::from(*lat_e7) / E7,
                f64::from(*lon_e7) / E7,
                *accuracy_m,
            )),
            Self::Missing { .. } => None,
        }
    }

    /// The record's line, in Swedish: degrees with six decimals and the accuracy, or
    /// "Position saknas" with the reason. Never a coordinate for a missing fix.
    pub fn describe_sv(&self) -> String {
        match self {
            Self::Located {
                lat_e7,
                lon_e7,
                accuracy_m,
                ..
            } => {
                let (lat, lon) = (f64::from(*lat_e7) / E7, f64::from(*lon_e7) / E7);
                let ns = if lat >= 0.0 { 'N' } else { 'S' };
                let ew = if lon >= 0.0 { 'E' } else { 'W' };
                format!(
                    "{:.6}° {ns}, {:.6}° {ew} (±{accuracy_m} m)",
                    lat.abs(),
                    lon.abs()
                )
                .replace('.', ",")
            }
            Self::Missing { reason, .. } => format!("{} ({})", sv::POSITION_MISSING, reason.sv()),
        }
    }

    /// Checks a fix that came from elsewhere (another phone, the UI).
    pub fn validate(&self) -> Result<(), CommandError> {
        if let Self::Located {
            lat_e7,
            lon_e7,
            accuracy_m,
            ..
        } = self
        {
            let bad = |field: &str, message: &str| {
                Err(FieldError::new(field, ErrorCode::OutOfRange, message).into())
            };
            if lat_e7.unsigned_abs() > 900_000_000 {
                return bad("position.lat", sv::POSITION_OUT_OF_RANGE);
            }
            if lon_e7.unsigned_abs() > 1_800_000_000 {
                return bad("position.lon", sv::POSITION_OUT_OF_RANGE);
            }
            if *accuracy_m > MAX_ACCURACY_M {
                return bad("position.accuracy", sv::POSITION_TOO_COARSE);
            }
        }
        Ok(())
    }
}

fn to_e7(degrees: f64, limit: f64) -> Result<i32, CommandError> {
    if !degrees.is_finite() || degrees.abs() > limit {
        return Err(
            FieldError::new("position", ErrorCode::OutOfRange, sv::POSITION_OUT_OF_RANGE).into(),
        );
    }
    // In range by the check above: |degrees × 10⁷| ≤ 1.8 × 10⁹ < i32::MAX.
    Ok((degrees * E7).round() as i32)
}

fn to_accuracy(metres: f64) -> Result<u32, CommandError> {
    if !metres.is_finite() || metres < 0.0 || metres > f64::from(MAX_ACCURACY_M) {
        return Err(FieldError::new(
            "position.accuracy",
            ErrorCode::OutOfRange,
            sv::POSITION_TOO_COARSE,
        )
        .into());
    }
    Ok(metres.ceil() as u32)
}

/// Great-circle distance in kilometres (haversine on a sphere of the mean Earth radius).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_KM: f64 = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
}

/// The municipality whose reference point is nearest to the position, if one is within
/// [`MAX_REFERENCE_KM`]. Reference points are main towns, so near a border this is a
/// suggestion the nurse can change on the form, not a fact.
pub fn nearest_municipality(
    lat: f64,
    lon: f64,
    municipalities: &[Municipality],
) -> Option<MunicipalityId> {
    municipalities
        .iter()
        .map(|m| (distance_km(lat, lon, m.reference.lat, m.reference.lon), m))
        .filter(|(d, _)| *d <= MAX_REFERENCE_KM)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, m)| m.id.clone())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::content::{GeoPoint, IvpaService};

    fn town(id: &str, lat: f64, lon: f64) -> Municipality {
        Municipality {
            id: MunicipalityId::new(id),
            name: id.to_owned(),
            ivpa: IvpaService::Full,
            reference: GeoPoint { lat, lon },
        }
    }

    fn towns() -> Vec<Municipality> {
        vec![
            town("stromstad", 58.9380, 11.1720),
            town("tanum", 58.7236, 11.3250),
            town("uddevalla", 58.3490, 11.9380),
        ]
    }

    #[test]
    fn a_fix_near_tanumshede_is_placed_in_tanum() {
        let fix = PositionFix::located(58.70, 11.34, 12.4, Timestamp(0), &towns()).unwrap();
        assert_eq!(fix.municipality(), Some(&MunicipalityId::new("tanum")));
        let (lat, lon, acc) = fix.coordinates().unwrap();
        assert!((lat - 58.70).abs() < 1e-7 && (lon - 11.34).abs() < 1e-7);
        assert_eq!(acc, 13);
        assert_eq!(fix.describe_sv(), "58,700000° N, 11,340000° E (±13 m)");
    }

    #[test]
    fn a_fix_far_from_every_town_places_nowhere() {
        // Stockholm: 400 km from the nearest reference point.
        let fix = PositionFix::located(59.33, 18.06, 5.0, Timestamp(0), &towns()).unwrap();
        assert_eq!(fix.municipality(), None);
    }

    #[test]
    fn impossible_fixes_are_refused() {
        for (lat, lon, acc) in [
            (91.0, 11.0, 5.0),
            (58.0, 181.0, 5.0),
            (f64::NAN, 11.0, 5.0),
            (58.0, 11.0, -1.0),
            (58.0, 11.0, 60_000.0),
        ] {
            assert!(PositionFix::located(lat, lon, acc, Timestamp(0), &towns()).is_err());
        }
    }

    #[test]
    fn a_missing_position_has_no_coordinates_and_serialises_none() {
        let fix = PositionFix::Missing {
            reason: MissingReason::Unavailable,
            at: Timestamp(0),
            municipality: Some(MunicipalityId::new("orust")),
        };
        assert_eq!(fix.coordinates(), None);
        let json = serde_json::to_string(&fix).unwrap();
        assert!(!json.contains("lat") && !json.contains("lon"), "{json}");
        assert_eq!(
            fix.describe_sv(),
            "Position saknas (enheten har ingen platstjänst)"
        );
    }

    #[test]
    fn distance_is_roughly_right() {
        // Strömstad – Uddevalla by air: 65.5 km north–south and 44.4 km east–west, so 79 km.
        let d = distance_km(58.9380, 11.1720, 58.3490, 11.9380);
        assert!((78.5..79.5).contains(&d), "{d}");
    }
}
