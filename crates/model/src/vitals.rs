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
    /// A decimal as typed: digits with at most one decimal comma or point ("37,5", "37.5",
    /// "37", ",5", a leading minus), rounded to the nearest tenth, half away from zero.
    /// `None` for anything else. Read digit by digit rather than through `f64`, whose parser
    /// is code the UI's wasm would carry for this one field (issue #19), and which rounds
    /// 37,45 down.
    pub fn parse(typed: &str) -> Option<Self> {
        let (negative, rest) = match typed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, typed),
        };
        let (whole, fraction) = match rest.find([',', '.']) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
            return None;
        }
        let mut tenths: i32 = 0;
        for b in whole.bytes() {
            tenths = tenths.checked_mul(10)?.checked_add(i32::from(b - b'0'))?;
        }
        let mut fraction = fraction.bytes().map(|b| i32::from(b - b'0'));
        tenths = tenths
            .checked_mul(10)?
            .checked_add(fraction.next().unwrap_or(0))?;
        if fraction.next().is_some_and(|d| d >= 5) {
            tenths = tenths.checked_add(1)?;
        }
        Some(Self(if negative { -tenths } else { tenths }))
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
crate::keyed!(Acvpu {
    Alert = "alert",
    Confusion = "confusion",
    Voice = "voice",
    Pain = "pain",
    Unresponsive = "unresponsive",
});

/// One set of vital signs. Every measurement is optional: on scene a nurse takes what she can.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Glasgow Coma Scale, eye opening (1 none … 4 spontaneous). GCS is recorded whole or not
    /// at all: the three parts together, so the total always means the same thing.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub gcs_eye: Option<u8>,
    /// Glasgow Coma Scale, verbal response (1 none … 5 oriented).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub gcs_verbal: Option<u8>,
    /// Glasgow Coma Scale, motor response (1 none … 6 obeys commands).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub gcs_motor: Option<u8>,
}

/// A whole Glasgow Coma Scale: its three parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Gcs {
    /// Eye opening, 1–4.
    pub eye: u8,
    /// Verbal response, 1–5.
    pub verbal: u8,
    /// Motor response, 1–6.
    pub motor: u8,
}

impl Gcs {
    /// The total, 3–15.
    pub fn total(self) -> u8 {
        self.eye + self.verbal + self.motor
    }
}

/// Limits of what a measurement can be at all. These catch typing errors (a pulse of 800);
/// they are not clinical thresholds and say nothing about what is normal.
struct Limit {
    field: &'static str,
    lo: i64,
    hi: i64,
}

const LIMITS: [Limit; 12] = [
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
    // The Glasgow Coma Scale's parts (Teasdale & Jennett 1974): each has its fixed range.
    Limit {
        field: "vitals.gcs_eye",
        lo: 1,
        hi: 4,
    },
    Limit {
        field: "vitals.gcs_verbal",
        lo: 1,
        hi: 5,
    },
    Limit {
        field: "vitals.gcs_motor",
        lo: 1,
        hi: 6,
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
            && self.gcs_eye.is_none()
            && self.gcs_verbal.is_none()
            && self.gcs_motor.is_none()
    }

    /// The Glasgow Coma Scale, when all three parts were recorded.
    pub fn gcs(&self) -> Option<Gcs> {
        Some(Gcs {
            eye: self.gcs_eye?,
            verbal: self.gcs_verbal?,
            motor: self.gcs_motor?,
        })
    }

    fn values(&self) -> [Option<i64>; 12] {
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
            self.gcs_eye.map(i64::from),
            self.gcs_verbal.map(i64::from),
            self.gcs_motor.map(i64::from),
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
        // A part of GCS alone is no score: the missing parts are asked for by name.
        let parts = [
            ("vitals.gcs_eye", self.gcs_eye),
            ("vitals.gcs_verbal", self.gcs_verbal),
            ("vitals.gcs_motor", self.gcs_motor),
        ];
        if parts.iter().any(|(_, v)| v.is_some()) {
            for (field, v) in parts {
                if v.is_none() {
                    errors.push(field, ErrorCode::Required, sv::GCS_ALL_PARTS);
                }
            }
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: &VitalSigns) -> Vec<String> {
        match v.validate() {
            Ok(()) => Vec::new(),
            Err(e) => e.errors.into_iter().map(|f| f.field).collect(),
        }
    }

    #[test]
    fn a_typed_decimal_is_read_to_the_nearest_tenth() {
        // Every tenth from -50,0 to 60,0, with a comma, a point and (whole ones) without.
        for t in -500..=600 {
            let (sign, a) = (if t < 0 { "-" } else { "" }, i32::abs(t));
            let comma = format!("{sign}{},{}", a / 10, a % 10);
            assert_eq!(Tenths::parse(&comma), Some(Tenths(t)), "{comma}");
            assert_eq!(Tenths::parse(&comma.replace(',', ".")), Some(Tenths(t)));
            if a % 10 == 0 {
                assert_eq!(Tenths::parse(&format!("{sign}{}", a / 10)), Some(Tenths(t)));
            }
        }
        let cases = [
            ("37,45", Some(375)),
            ("37,44", Some(374)),
            ("37,449", Some(374)),
            ("-0,05", Some(-1)),
            (",5", Some(5)),
            ("37,", Some(370)),
            ("007,2", Some(72)),
        ];
        for (typed, tenths) in cases {
            assert_eq!(Tenths::parse(typed), tenths.map(Tenths), "{typed}");
        }
        for bad in [
            "",
            "-",
            ",",
            ".",
            "1e2",
            "37,5,1",
            "37.5.1",
            "abc",
            "3 7",
            "+37",
            "--1",
            "9999999999",
        ] {
            assert_eq!(Tenths::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn gcs_is_recorded_whole_and_in_its_ranges() {
        let at = Some(Timestamp(0));
        let whole = VitalSigns {
            taken_at: at,
            gcs_eye: Some(3),
            gcs_verbal: Some(4),
            gcs_motor: Some(6),
            ..VitalSigns::default()
        };
        assert_eq!(fields(&whole), Vec::<String>::new());
        assert_eq!(whole.gcs().map(Gcs::total), Some(13));
        let part = VitalSigns {
            taken_at: at,
            gcs_eye: Some(3),
            ..VitalSigns::default()
        };
        assert_eq!(fields(&part), ["vitals.gcs_verbal", "vitals.gcs_motor"]);
        assert_eq!(part.gcs(), None);
        let out = VitalSigns {
            taken_at: at,
            gcs_eye: Some(5),
            gcs_verbal: Some(0),
            gcs_motor: Some(7),
            ..VitalSigns::default()
        };
        assert_eq!(
            fields(&out),
            ["vitals.gcs_eye", "vitals.gcs_verbal", "vitals.gcs_motor"]
        );
        assert_eq!(
            sv::out_of_range("vitals.gcs_motor", 1, 6).to_string(),
            "GCS motoriskt svar måste vara 1–6."
        );
    }

    #[test]
    fn an_entry_without_gcs_reads_and_writes_as_before() {
        let old = r#"{"taken_at":0,"resp_rate":12,"spo2":null,"on_oxygen":null,"pulse":null,"systolic":null,"diastolic":null,"temperature":null,"acvpu":null,"rls85":null,"glucose":null,"pain":null}"#;
        let v: VitalSigns = serde_json::from_str(old).unwrap_or_default();
        assert_eq!(v.resp_rate, Some(12));
        assert_eq!(v.gcs_eye, None);
        assert_eq!(serde_json::to_string(&v).ok().as_deref(), Some(old));
    }
}
