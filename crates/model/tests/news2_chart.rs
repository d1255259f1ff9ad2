//! NEWS2 against the published chart (RCP 2017), at every band edge, plus a property test
//! against a reference that reads the chart as a table of ranges.
#![allow(clippy::unwrap_used, missing_docs)]

use proptest::prelude::*;
use samverka_model::news2::{self, Parameter, RiskBand, Spo2Scale};
use samverka_model::vitals::{Acvpu, Tenths, VitalSigns};

#[test]
fn resp_rate_edges() {
    for (rr, want) in [
        (0, 3),
        (8, 3),
        (9, 1),
        (11, 1),
        (12, 0),
        (20, 0),
        (21, 2),
        (24, 2),
        (25, 3),
        (60, 3),
    ] {
        assert_eq!(news2::resp_rate(rr), want, "resp rate {rr}");
    }
}

#[test]
fn spo2_scale1_edges() {
    for (s, want) in [
        (70, 3),
        (91, 3),
        (92, 2),
        (93, 2),
        (94, 1),
        (95, 1),
        (96, 0),
        (100, 0),
    ] {
        assert_eq!(news2::spo2_scale1(s), want, "SpO2 {s}");
    }
}

#[test]
fn spo2_scale2_edges() {
    let air = Some(false);
    let o2 = Some(true);
    let cases = [
        (83, air, Some(3)),
        (84, air, Some(2)),
        (85, o2, Some(2)),
        (86, air, Some(1)),
        (87, o2, Some(1)),
        (88, air, Some(0)),
        (92, o2, Some(0)),
        (93, air, Some(0)),
        (100, air, Some(0)),
        (93, o2, Some(1)),
        (94, o2, Some(1)),
        (95, o2, Some(2)),
        (96, o2, Some(2)),
        (97, o2, Some(3)),
        (100, o2, Some(3)),
        (93, None, None),
        (88, None, Some(0)),
    ];
    for (s, oxygen, want) in cases {
        assert_eq!(
            news2::spo2_scale2(s, oxygen),
            want,
            "SpO2 {s} oxygen {oxygen:?}"
        );
    }
}

#[test]
fn systolic_edges() {
    for (s, want) in [
        (60, 3),
        (90, 3),
        (91, 2),
        (100, 2),
        (101, 1),
        (110, 1),
        (111, 0),
        (219, 0),
        (220, 3),
    ] {
        assert_eq!(news2::systolic(s), want, "systolic {s}");
    }
}

#[test]
fn pulse_edges() {
    for (p, want) in [
        (30, 3),
        (40, 3),
        (41, 1),
        (50, 1),
        (51, 0),
        (90, 0),
        (91, 1),
        (110, 1),
        (111, 2),
        (130, 2),
        (131, 3),
    ] {
        assert_eq!(news2::pulse(p), want, "pulse {p}");
    }
}

#[test]
fn temperature_edges() {
    for (t, want) in [
        (34.0, 3),
        (35.0, 3),
        (35.1, 1),
        (36.0, 1),
        (36.1, 0),
        (38.0, 0),
        (38.1, 1),
        (39.0, 1),
        (39.1, 2),
        (41.0, 2),
    ] {
        assert_eq!(
            news2::temperature(Tenths::from_f64(t)),
            want,
            "temperature {t}"
        );
    }
}

#[test]
fn consciousness_and_oxygen() {
    assert_eq!(news2::consciousness(Acvpu::Alert), 0);
    for a in [
        Acvpu::Confusion,
        Acvpu::Voice,
        Acvpu::Pain,
        Acvpu::Unresponsive,
    ] {
        assert_eq!(news2::consciousness(a), 3);
    }
    assert_eq!(news2::air_or_oxygen(true), 2);
    assert_eq!(news2::air_or_oxygen(false), 0);
}

#[test]
fn risk_bands_at_their_edges() {
    assert_eq!(news2::band(0, false), RiskBand::Low);
    assert_eq!(news2::band(4, false), RiskBand::Low);
    assert_eq!(news2::band(3, true), RiskBand::LowMedium);
    assert_eq!(news2::band(4, true), RiskBand::LowMedium);
    assert_eq!(news2::band(5, false), RiskBand::Medium);
    assert_eq!(news2::band(6, true), RiskBand::Medium);
    assert_eq!(news2::band(7, false), RiskBand::High);
    assert_eq!(news2::band(20, true), RiskBand::High);
}

fn full(rr: u16, spo2: u16, o2: bool, sbp: u16, hr: u16, acvpu: Acvpu, t: f64) -> VitalSigns {
    VitalSigns {
        resp_rate: Some(rr),
        spo2: Some(spo2),
        on_oxygen: Some(o2),
        systolic: Some(sbp),
        pulse: Some(hr),
        acvpu: Some(acvpu),
        temperature: Some(Tenths::from_f64(t)),
        ..VitalSigns::default()
    }
}

#[test]
fn a_healthy_adult_scores_zero_and_a_sick_one_high() {
    let ok = news2::score(
        &full(16, 98, false, 125, 72, Acvpu::Alert, 36.8),
        Spo2Scale::Scale1,
    );
    assert_eq!(
        (ok.total, ok.band, ok.is_complete()),
        (0, RiskBand::Low, true)
    );
    // RR 24 (2), SpO2 93 (2), oxygen (2), SBP 105 (1), pulse 115 (2), confusion (3), 38.5 (1) = 13
    let sick = news2::score(
        &full(24, 93, true, 105, 115, Acvpu::Confusion, 38.5),
        Spo2Scale::Scale1,
    );
    assert_eq!((sick.total, sick.band), (13, RiskBand::High));
    // A single 3 with a low aggregate.
    let one_three = news2::score(
        &full(16, 98, false, 125, 72, Acvpu::Voice, 36.8),
        Spo2Scale::Scale1,
    );
    assert_eq!((one_three.total, one_three.band), (3, RiskBand::LowMedium));
}

#[test]
fn missing_parameters_are_reported_not_scored_as_zero() {
    let v = VitalSigns {
        pulse: Some(120),
        ..VitalSigns::default()
    };
    let s = news2::score(&v, Spo2Scale::Scale1);
    assert_eq!(s.total, 2);
    assert!(!s.is_complete());
    assert_eq!(s.missing.len(), 6);
    assert!(s.missing.contains(&Parameter::RespRate));
    // On scale 2, SpO2 ≥ 93 without knowing about oxygen cannot be scored.
    let v = VitalSigns {
        spo2: Some(95),
        ..VitalSigns::default()
    };
    assert!(
        news2::score(&v, Spo2Scale::Scale2)
            .missing
            .contains(&Parameter::Spo2)
    );
}

/// The chart as rows of (low, high, score), read off the published table.
fn lookup(rows: &[(i64, i64, u8)], v: i64) -> u8 {
    rows.iter()
        .find(|(lo, hi, _)| *lo <= v && v <= *hi)
        .map(|r| r.2)
        .unwrap()
}
const RR: &[(i64, i64, u8)] = &[
    (0, 8, 3),
    (9, 11, 1),
    (12, 20, 0),
    (21, 24, 2),
    (25, 999, 3),
];
const SPO2_1: &[(i64, i64, u8)] = &[(0, 91, 3), (92, 93, 2), (94, 95, 1), (96, 100, 0)];
const SPO2_2_O2: &[(i64, i64, u8)] = &[
    (0, 83, 3),
    (84, 85, 2),
    (86, 87, 1),
    (88, 92, 0),
    (93, 94, 1),
    (95, 96, 2),
    (97, 100, 3),
];
const SPO2_2_AIR: &[(i64, i64, u8)] = &[(0, 83, 3), (84, 85, 2), (86, 87, 1), (88, 100, 0)];
const SBP: &[(i64, i64, u8)] = &[
    (0, 90, 3),
    (91, 100, 2),
    (101, 110, 1),
    (111, 219, 0),
    (220, 999, 3),
];
const HR: &[(i64, i64, u8)] = &[
    (0, 40, 3),
    (41, 50, 1),
    (51, 90, 0),
    (91, 110, 1),
    (111, 130, 2),
    (131, 999, 3),
];
const TEMP_TENTHS: &[(i64, i64, u8)] = &[
    (0, 350, 3),
    (351, 360, 1),
    (361, 380, 0),
    (381, 390, 1),
    (391, 999, 2),
];

proptest! {
    #[test]
    fn score_matches_the_chart_table(
        rr in 0u16..60, spo2 in 60u16..=100, o2 in any::<bool>(), sbp in 50u16..260,
        hr in 20u16..200, alert in any::<bool>(), t in 300i32..430, scale2 in any::<bool>(),
    ) {
        let v = VitalSigns {
            resp_rate: Some(rr), spo2: Some(spo2), on_oxygen: Some(o2), systolic: Some(sbp),
            pulse: Some(hr), acvpu: Some(if alert { Acvpu::Alert } else { Acvpu::Pain }),
            temperature: Some(Tenths(t)), ..VitalSigns::default()
        };
        let scale = if scale2 { Spo2Scale::Scale2 } else { Spo2Scale::Scale1 };
        let s = news2::score(&v, scale);
        let spo2_rows = match (scale2, o2) { (false, _) => SPO2_1, (true, true) => SPO2_2_O2, (true, false) => SPO2_2_AIR };
        let want = [
            lookup(RR, rr.into()), lookup(spo2_rows, spo2.into()), if o2 { 2 } else { 0 },
            lookup(SBP, sbp.into()), lookup(HR, hr.into()), if alert { 0 } else { 3 },
            lookup(TEMP_TENTHS, t.into()),
        ];
        let got: Vec<u8> = Parameter::ALL.iter().map(|p| s.sub_score(*p).unwrap()).collect();
        prop_assert_eq!(&got[..], &want[..]);
        let total: u8 = want.iter().sum();
        prop_assert_eq!(s.total, total);
        let band = if total >= 7 { RiskBand::High } else if total >= 5 { RiskBand::Medium }
            else if want.contains(&3) { RiskBand::LowMedium } else { RiskBand::Low };
        prop_assert_eq!(s.band, band);
    }
}
