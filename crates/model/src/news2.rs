//! NEWS2, the National Early Warning Score 2 (Royal College of Physicians, 2017).
//!
//! The bands below are the published chart, transcribed; nothing here is derived or tuned.

use crate::vitals::{Acvpu, Tenths, VitalSigns};
use serde::{Deserialize, Serialize};

/// Which SpO2 scale to score by. Scale 2 is for patients with hypercapnic respiratory failure
/// (target 88–92 %), chosen by a clinician for that patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Spo2Scale {
    /// The default scale.
    #[default]
    Scale1,
    /// The hypercapnic scale.
    Scale2,
}
crate::keyed!(Spo2Scale {
    Scale1 = "scale1",
    Scale2 = "scale2",
});

/// The NEWS2 parameters, each scored 0–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parameter {
    /// Respiration rate.
    RespRate,
    /// Oxygen saturation on the chosen scale.
    Spo2,
    /// Air or supplemental oxygen.
    AirOrOxygen,
    /// Systolic blood pressure.
    Systolic,
    /// Pulse.
    Pulse,
    /// Consciousness (ACVPU).
    Consciousness,
    /// Temperature.
    Temperature,
}
crate::keyed!(Parameter {
    RespRate = "resp_rate",
    Spo2 = "spo2",
    AirOrOxygen = "air_or_oxygen",
    Systolic = "systolic",
    Pulse = "pulse",
    Consciousness = "consciousness",
    Temperature = "temperature",
});

impl Parameter {
    /// All seven, in the chart's order.
    pub const ALL: [Parameter; 7] = [
        Parameter::RespRate,
        Parameter::Spo2,
        Parameter::AirOrOxygen,
        Parameter::Systolic,
        Parameter::Pulse,
        Parameter::Consciousness,
        Parameter::Temperature,
    ];
}

/// The clinical risk band of a NEWS2 total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskBand {
    /// Aggregate 0–4.
    Low,
    /// A score of 3 in any single parameter (with an aggregate below 5).
    LowMedium,
    /// Aggregate 5–6.
    Medium,
    /// Aggregate 7 or more.
    High,
}
crate::keyed!(RiskBand {
    Low = "low",
    LowMedium = "low_medium",
    Medium = "medium",
    High = "high",
});

/// A NEWS2 result for one set of vital signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct News2 {
    /// The sub-score of each parameter that was measured, in chart order.
    pub sub_scores: Vec<(Parameter, u8)>,
    /// Parameters that were not measured (or cannot be scored, e.g. SpO2 ≥ 93 on scale 2
    /// without knowing whether the patient is on oxygen).
    pub missing: Vec<Parameter>,
    /// The sum of the sub-scores present.
    pub total: u8,
    /// The risk band of that sum.
    pub band: RiskBand,
}

impl News2 {
    /// Whether all seven parameters were scored, i.e. the total is a real NEWS2.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// The sub-score of one parameter, if it was scored.
    pub fn sub_score(&self, p: Parameter) -> Option<u8> {
        self.sub_scores
            .iter()
            .find(|(q, _)| *q == p)
            .map(|(_, s)| *s)
    }
}

/// Respiration rate per minute: ≤8 3, 9–11 1, 12–20 0, 21–24 2, ≥25 3.
pub fn resp_rate(rr: u16) -> u8 {
    match rr {
        0..=8 => 3,
        9..=11 => 1,
        12..=20 => 0,
        21..=24 => 2,
        _ => 3,
    }
}

/// SpO2 on scale 1: ≤91 3, 92–93 2, 94–95 1, ≥96 0.
pub fn spo2_scale1(spo2: u16) -> u8 {
    match spo2 {
        0..=91 => 3,
        92..=93 => 2,
        94..=95 => 1,
        _ => 0,
    }
}

/// SpO2 on scale 2: ≤83 3, 84–85 2, 86–87 1, 88–92 0, ≥93 on air 0; on oxygen 93–94 1,
/// 95–96 2, ≥97 3. `None` when the value needs the oxygen status and it is unknown.
pub fn spo2_scale2(spo2: u16, on_oxygen: Option<bool>) -> Option<u8> {
    match spo2 {
        0..=83 => Some(3),
        84..=85 => Some(2),
        86..=87 => Some(1),
        88..=92 => Some(0),
        _ => match on_oxygen? {
            false => Some(0),
            true => Some(match spo2 {
                93..=94 => 1,
                95..=96 => 2,
                _ => 3,
            }),
        },
    }
}

/// Air 0, supplemental oxygen 2.
pub fn air_or_oxygen(on_oxygen: bool) -> u8 {
    if on_oxygen { 2 } else { 0 }
}

/// Systolic BP mmHg: ≤90 3, 91–100 2, 101–110 1, 111–219 0, ≥220 3.
pub fn systolic(sbp: u16) -> u8 {
    match sbp {
        0..=90 => 3,
        91..=100 => 2,
        101..=110 => 1,
        111..=219 => 0,
        _ => 3,
    }
}

/// Pulse per minute: ≤40 3, 41–50 1, 51–90 0, 91–110 1, 111–130 2, ≥131 3.
pub fn pulse(hr: u16) -> u8 {
    match hr {
        0..=40 => 3,
        41..=50 => 1,
        51..=90 => 0,
        91..=110 => 1,
        111..=130 => 2,
        _ => 3,
    }
}

/// Alert 0; new confusion, voice, pain or unresponsive 3.
pub fn consciousness(level: Acvpu) -> u8 {
    if level == Acvpu::Alert { 0 } else { 3 }
}

/// Temperature °C: ≤35.0 3, 35.1–36.0 1, 36.1–38.0 0, 38.1–39.0 1, ≥39.1 2.
pub fn temperature(t: Tenths) -> u8 {
    match t.0 {
        i32::MIN..=350 => 3,
        351..=360 => 1,
        361..=380 => 0,
        381..=390 => 1,
        _ => 2,
    }
}

/// The band of a total, given whether any single parameter scored 3.
pub fn band(total: u8, any_three: bool) -> RiskBand {
    match total {
        7.. => RiskBand::High,
        5..=6 => RiskBand::Medium,
        _ if any_three => RiskBand::LowMedium,
        _ => RiskBand::Low,
    }
}

/// Scores one set of vital signs on the given SpO2 scale.
pub fn score(v: &VitalSigns, scale: Spo2Scale) -> News2 {
    let spo2 = v.spo2.and_then(|s| match scale {
        Spo2Scale::Scale1 => Some(spo2_scale1(s)),
        Spo2Scale::Scale2 => spo2_scale2(s, v.on_oxygen),
    });
    let parts = [
        (Parameter::RespRate, v.resp_rate.map(resp_rate)),
        (Parameter::Spo2, spo2),
        (Parameter::AirOrOxygen, v.on_oxygen.map(air_or_oxygen)),
        (Parameter::Systolic, v.systolic.map(systolic)),
        (Parameter::Pulse, v.pulse.map(pulse)),
        (Parameter::Consciousness, v.acvpu.map(consciousness)),
        (Parameter::Temperature, v.temperature.map(temperature)),
    ];
    let sub_scores: Vec<(Parameter, u8)> = parts
        .iter()
        .filter_map(|(p, s)| s.map(|s| (*p, s)))
        .collect();
    let missing = parts
        .iter()
        .filter(|(_, s)| s.is_none())
        .map(|(p, _)| *p)
        .collect();
    let total = sub_scores.iter().map(|(_, s)| s).sum();
    let any_three = sub_scores.iter().any(|(_, s)| *s == 3);
    News2 {
        sub_scores,
        missing,
        total,
        band: band(total, any_three),
    }
}
