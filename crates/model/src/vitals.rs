//! One set of vital signs (vitalparametrar) taken at one time.

use crate::error::{CommandError, ErrorCode, Errors};
use crate::sv;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A decimal with one digit after the point (temperature °C, glucose mmol/L), held as an integer
/// number of tenths so band edges such as 35.0 / 35.1 compare exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub i32);

impl Tenths {
    /// From a decimal, rounded to the nearest tenth.
    pub fn from_f64(v: f64) -> Self {
        Self((v * 10.0).round() as i32)
    }
    /// As a decimal.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }
    /// Swedish notation with a decimal comma, e.g. "37,2".
    pub fn sv(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{},{}", self.0.abs() / 10, self.0.abs() % 10)
    }
}

impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if !v.is_finite() {
            return Err(serde::de::Error::custom("not a finite number"));
        }
        Ok(Self::from_f64(v))
    }
}

/// Level of consciousness on the ACVPU scale used by NEWS2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acvpu {
    /// Alert.
    Alert,
    /// New confusion.
    Confusion,
    /// Responds to voice.
    Voice,
    /// Responds to pain.
    Pain,
    /// Unresponsive.
    Unresponsive,
}

/// One set of vital signs. Every measurement is optional: on scene a nurse takes what she can.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VitalSigns {
    /// When they were taken (not when they were typed).
    pub taken_at: Option<Timestamp>,
    /// Respiratory rate, breaths per minute.
    pub resp_rate: Option<u16>,
    /// Oxygen saturation, %.
    pub spo2: Option<u16>,
    /// Whether the patient was on supplemental oxygen when SpO2 was taken.
    pub on_oxygen: Option<bool>,
    /// Pulse, beats per minute.
    pub pulse: Option<u16>,
    /// Systolic blood pressure, mmHg.
    pub systolic: Option<u16>,
    /// Diastolic blood pressure, mmHg.
    pub diastolic: Option<u16>,
    /// Body temperature, °C.
    pub temperature: Option<Tenths>,
    /// Consciousness, ACVPU.
    pub acvpu: Option<Acvpu>,
    /// Consciousness, RLS-85 (1 alert … 8 no response to pain).
    pub rls85: Option<u8>,
    /// Blood glucose, mmol/L.
    pub glucose: Option<Tenths>,
    /// Pain, 0–10.
    pub pain: Option<u8>,
}

/// Limits of what a measurement can be at all. These catch typing errors (a pulse of 800);
/// they are not clinical thresholds and say nothing about what is normal.
struct Limit {
    field: &'static str,
    lo: i64,
    hi: i64,
}

const LIMITS: [Limit; 9] = [
    Limit {
        field: "vitals.resp_rate",
        lo: 0,
        hi: 80,
    },
    Limit {
        field: "vitals.spo2",
        lo: 0,
        hi: 100,
    },
    Limit {
        field: "vitals.pulse",
        lo: 0,
        hi: 300,
    },
    Limit {
        field: "vitals.systolic",
        lo: 0,
        hi: 300,
    },
    Limit {
        field: "vitals.diastolic",
        lo: 0,
        hi: 250,
    },
    Limit {
        field: "vitals.temperature",
        lo: 200,
        hi: 450,
    }, // tenths of °C
    Limit {
        field: "vitals.rls85",
        lo: 1,
        hi: 8,
    },
    Limit {
        field: "vitals.glucose",
        lo: 0,
        hi: 600,
    }, // tenths of mmol/L
    Limit {
        field: "vitals.pain",
        lo: 0,
        hi: 10,
    },
];

impl VitalSigns {
    /// Whether nothing at all was measured.
    pub fn is_empty(&self) -> bool {
        self.resp_rate.is_none()
            && self.spo2.is_none()
            && self.on_oxygen.is_none()
            && self.pulse.is_none()
            && self.systolic.is_none()
            && self.diastolic.is_none()
            && self.temperature.is_none()
            && self.acvpu.is_none()
            && self.rls85.is_none()
            && self.glucose.is_none()
            && self.pain.is_none()
    }

    fn values(&self) -> [Option<i64>; 9] {
        [
            self.resp_rate.map(i64::from),
            self.spo2.map(i64::from),
            self.pulse.map(i64::from),
            self.systolic.map(i64::from),
            self.diastolic.map(i64::from),
            self.temperature.map(|t| i64::from(t.0)),
            self.rls85.map(i64::from),
            self.glucose.map(|g| i64::from(g.0)),
            self.pain.map(i64::from),
        ]
    }

    /// Checks that every value is possible, and that the set says something and has a time.
    pub fn validate(&self) -> Result<(), CommandError> {
        let mut errors = Errors::default();
        if self.taken_at.is_none() {
            errors.push(
                "vitals.taken_at",
                ErrorCode::Required,
                sv::VITALS_TIME_REQUIRED,
            );
        }
        if self.is_empty() {
            errors.push("vitals", ErrorCode::Required, sv::VITALS_EMPTY);
        }
        for (limit, value) in LIMITS.iter().zip(self.values()) {
            if let Some(v) = value
                && (v < limit.lo || v > limit.hi)
            {
                errors.push(
                    limit.field,
                    ErrorCode::OutOfRange,
                    sv::out_of_range(limit.field, limit.lo, limit.hi),
                );
            }
        }
        if let (Some(sys), Some(dia)) = (self.systolic, self.diastolic)
            && dia >= sys
        {
            errors.push(
                "vitals.diastolic",
                ErrorCode::OutOfRange,
                sv::DIASTOLIC_ABOVE_SYSTOLIC,
            );
        }
        errors.into_result()
    }
}
