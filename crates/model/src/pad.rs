//! Vital signs typed on the number pad, at the speed of speech: the fields in the order a nurse
//! says them, when a value is complete (so the pad moves to the next field by itself), the usual
//! answers the oxygen and consciousness rows start with, and the set the typing makes.
//!
//! A value is complete when no further digit could make it a plausible reading: a respiratory
//! rate has two digits; SpO₂ two, or three when it starts with 1 (100); a pulse or a systolic
//! pressure three when it starts with 1 or 2, else two; a diastolic three when it starts with 1;
//! a temperature or glucose has its one decimal (the comma comes by itself after two digits of
//! temperature); a GCS part one digit. Nothing is lost by the rule: the nurse can always tap a
//! field to go back, and a partial set is saved and scored as partial.

use crate::error::{ErrorCode, FieldError};
use crate::news2::{News2, Spo2Scale, score};
use crate::sv;
use crate::timestamp::Timestamp;
use crate::vitals::{Acvpu, Tenths, VitalSigns};

/// A field of the pad, in the order it is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PadField {
    /// Respiratory rate, breaths/min.
    RespRate,
    /// SpO₂, %.
    Spo2,
    /// Pulse, beats/min.
    Pulse,
    /// Systolic pressure, mmHg.
    Systolic,
    /// Diastolic pressure, mmHg.
    Diastolic,
    /// Temperature, °C with one decimal.
    Temperature,
    /// Glucose, mmol/l with one decimal (not in NEWS2: after the usual set).
    Glucose,
    /// GCS eye opening, 1–4.
    GcsEye,
    /// GCS verbal response, 1–5.
    GcsVerbal,
    /// GCS motor response, 1–6.
    GcsMotor,
}

impl PadField {
    /// Every field, in the order the pad moves through them.
    pub const ORDER: [PadField; 10] = [
        PadField::RespRate,
        PadField::Spo2,
        PadField::Pulse,
        PadField::Systolic,
        PadField::Diastolic,
        PadField::Temperature,
        PadField::Glucose,
        PadField::GcsEye,
        PadField::GcsVerbal,
        PadField::GcsMotor,
    ];

    /// The fields of a usual set (NEWS2's numbers); the pad stops moving on after these.
    pub const USUAL: [PadField; 6] = [
        PadField::RespRate,
        PadField::Spo2,
        PadField::Pulse,
        PadField::Systolic,
        PadField::Diastolic,
        PadField::Temperature,
    ];

    /// The field's key in the vital-sign set (`resp_rate`), as errors name it (`vitals.…`).
    pub fn key(self) -> &'static str {
        match self {
            PadField::RespRate => "resp_rate",
            PadField::Spo2 => "spo2",
            PadField::Pulse => "pulse",
            PadField::Systolic => "systolic",
            PadField::Diastolic => "diastolic",
            PadField::Temperature => "temperature",
            PadField::Glucose => "glucose",
            PadField::GcsEye => "gcs_eye",
            PadField::GcsVerbal => "gcs_verbal",
            PadField::GcsMotor => "gcs_motor",
        }
    }

    /// Whether the value has a decimal.
    pub fn decimal(self) -> bool {
        matches!(self, PadField::Temperature | PadField::Glucose)
    }

    /// Whether `typed` is a complete value of this field (see the module's rule).
    pub fn complete(self, typed: &str) -> bool {
        let digits: Vec<char> = typed.chars().filter(char::is_ascii_digit).collect();
        let first = digits.first().copied();
        match self {
            PadField::RespRate => digits.len() >= 2,
            PadField::Spo2 => digits.len() >= if first == Some('1') { 3 } else { 2 },
            PadField::Pulse | PadField::Systolic => {
                digits.len()
                    >= if matches!(first, Some('1' | '2')) {
                        3
                    } else {
                        2
                    }
            }
            PadField::Diastolic => digits.len() >= if first == Some('1') { 3 } else { 2 },
            PadField::Temperature | PadField::Glucose => typed
                .split_once(',')
                .is_some_and(|(whole, tenth)| !whole.is_empty() && tenth.len() == 1),
            PadField::GcsEye | PadField::GcsVerbal | PadField::GcsMotor => digits.len() == 1,
        }
    }

    /// `typed` after the pad's `key` (a digit, `,` or `⌫`): digits append up to six, one
    /// decimal comma where the field has decimals, backspace removes. A temperature gets its
    /// comma after two digits (35–42 °C), so the nurse types 3 7 5 for 37,5.
    pub fn press(self, typed: &str, key: char) -> String {
        let mut s = typed.to_owned();
        match key {
            '⌫' => {
                s.pop();
            }
            ',' if self.decimal() && !s.contains(',') => s.push(','),
            d if d.is_ascii_digit() && s.len() < 6 && !self.complete(&s) => {
                s.push(d);
                if self == PadField::Temperature && s.len() == 2 && !s.contains(',') {
                    s.push(',');
                }
            }
            _ => {}
        }
        s
    }
}

/// A vital-sign set being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PadDraft {
    /// What is typed per field, by its place in [`PadField::ORDER`] (its declaration order);
    /// empty where nothing is. An array, not a map: ten fields, and no B-tree code in the UI.
    typed: [String; PadField::ORDER.len()],
    /// On oxygen or air; starts at air, the usual answer, shown as such.
    pub on_oxygen: bool,
    /// Consciousness; starts at alert, the usual answer, shown as such.
    pub acvpu: Acvpu,
    /// Whether the nurse changed (or confirmed) the oxygen row, rather than leaving the usual.
    pub oxygen_set: bool,
    /// Whether the nurse changed (or confirmed) the consciousness row.
    pub acvpu_set: bool,
    /// The field the pad types into; `None` once the usual set is typed.
    pub active: Option<PadField>,
}

impl Default for PadDraft {
    fn default() -> Self {
        Self {
            typed: Default::default(),
            on_oxygen: false,
            acvpu: Acvpu::Alert,
            oxygen_set: false,
            acvpu_set: false,
            active: Some(PadField::RespRate),
        }
    }
}

impl PadDraft {
    /// What is typed in `field`.
    pub fn value(&self, field: PadField) -> &str {
        &self.typed[field as usize]
    }

    /// Sets what is typed in `field` (typed on a hardware keyboard rather than the pad).
    pub fn set(&mut self, field: PadField, text: String) {
        self.typed[field as usize] = text;
    }

    /// The pad's key pressed: into the active field, then on to the next empty field of the
    /// usual set when the value is complete.
    pub fn key(&mut self, key: char) {
        let Some(field) = self.active else {
            return;
        };
        let next = field.press(self.value(field), key);
        let done = next != self.value(field) && field.complete(&next);
        self.set(field, next);
        if done {
            self.active = self.next_after(field);
        }
    }

    /// The nurse tapped `field`: the pad types there.
    pub fn focus(&mut self, field: PadField) {
        self.active = Some(field);
    }

    /// Oxygen or air, set by the nurse.
    pub fn set_oxygen(&mut self, on_oxygen: bool) {
        self.on_oxygen = on_oxygen;
        self.oxygen_set = true;
    }

    /// Consciousness, set by the nurse.
    pub fn set_acvpu(&mut self, acvpu: Acvpu) {
        self.acvpu = acvpu;
        self.acvpu_set = true;
    }

    /// The next field of the usual set after `field` that is still empty.
    fn next_after(&self, field: PadField) -> Option<PadField> {
        PadField::USUAL
            .iter()
            .copied()
            .skip_while(|f| *f != field)
            .skip(1)
            .find(|f| self.value(*f).is_empty())
    }

    /// The set taken at `at`, or every field whose typing is no number. Ranges are the
    /// model's `VitalSigns` checks, run when the set is recorded.
    pub fn vitals(&self, at: Timestamp) -> Result<VitalSigns, Vec<FieldError>> {
        let mut v = VitalSigns {
            taken_at: Some(at),
            on_oxygen: Some(self.on_oxygen),
            acvpu: Some(self.acvpu),
            ..VitalSigns::default()
        };
        let mut errors = Vec::new();
        for field in PadField::ORDER {
            let raw = self.value(field).trim().trim_end_matches(',');
            if raw.is_empty() {
                continue;
            }
            let bad = || {
                FieldError::new(
                    format!("vitals.{}", field.key()),
                    ErrorCode::Invalid,
                    sv::NOT_A_NUMBER,
                )
            };
            if field.decimal() {
                match Tenths::parse(raw) {
                    Some(t) => match field {
                        PadField::Temperature => v.temperature = Some(t),
                        _ => v.glucose = Some(t),
                    },
                    None => errors.push(bad()),
                }
                continue;
            }
            let Ok(n) = raw.parse::<u16>() else {
                errors.push(bad());
                continue;
            };
            // Beyond a byte is beyond every GCS part: the range check says so.
            let part = Some(u8::try_from(n).unwrap_or(u8::MAX));
            match field {
                PadField::RespRate => v.resp_rate = Some(n),
                PadField::Spo2 => v.spo2 = Some(n),
                PadField::Pulse => v.pulse = Some(n),
                PadField::Systolic => v.systolic = Some(n),
                PadField::Diastolic => v.diastolic = Some(n),
                PadField::GcsEye => v.gcs_eye = part,
                PadField::GcsVerbal => v.gcs_verbal = part,
                PadField::GcsMotor => v.gcs_motor = part,
                PadField::Temperature | PadField::Glucose => {}
            }
        }
        if errors.is_empty() {
            Ok(v)
        } else {
            Err(errors)
        }
    }

    /// NEWS2 of what is typed so far, as the values arrive (partial while numbers are missing).
    pub fn news2(&self, scale: Spo2Scale) -> News2 {
        // A field still being typed (or not a number) simply does not count yet.
        let mut complete = self.clone();
        for f in PadField::ORDER {
            if !f.complete(complete.value(f)) {
                complete.set(f, String::new());
            }
        }
        let v = complete
            .vitals(Timestamp::from_millis(0))
            .unwrap_or_default();
        score(&v, scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(field: PadField, keys: &str) -> String {
        keys.chars().fold(String::new(), |s, k| field.press(&s, k))
    }

    #[test]
    fn a_field_is_stored_at_its_place_in_the_order() {
        let mut d = PadDraft::default();
        for (i, f) in PadField::ORDER.into_iter().enumerate() {
            assert_eq!(f as usize, i, "{f:?}");
            d.set(f, i.to_string());
        }
        for (i, f) in PadField::ORDER.into_iter().enumerate() {
            assert_eq!(d.value(f), i.to_string());
        }
    }

    #[test]
    fn a_value_is_complete_when_no_digit_could_make_it_plausible() {
        use PadField::*;
        for (field, value, done) in [
            (RespRate, "1", false),
            (RespRate, "18", true),
            (Spo2, "9", false),
            (Spo2, "94", true),
            (Spo2, "10", false),
            (Spo2, "100", true),
            (Pulse, "8", false),
            (Pulse, "84", true),
            (Pulse, "12", false),
            (Pulse, "124", true),
            (Systolic, "95", true),
            (Systolic, "14", false),
            (Systolic, "145", true),
            (Diastolic, "85", true),
            (Diastolic, "10", false),
            (Diastolic, "105", true),
            (Temperature, "37,", false),
            (Temperature, "37,5", true),
            (Glucose, "5,", false),
            (Glucose, "5,4", true),
            (GcsEye, "4", true),
            (GcsMotor, "", false),
        ] {
            assert_eq!(field.complete(value), done, "{field:?} {value}");
        }
    }

    #[test]
    fn temperature_gets_its_comma_and_a_complete_value_takes_no_more_digits() {
        assert_eq!(typed(PadField::Temperature, "375"), "37,5");
        assert_eq!(typed(PadField::Temperature, "3759"), "37,5");
        assert_eq!(typed(PadField::RespRate, "184"), "18");
        assert_eq!(typed(PadField::Pulse, "12⌫3"), "13");
        assert_eq!(typed(PadField::Spo2, "9,4"), "94");
    }

    #[test]
    fn a_usual_set_is_typed_without_touching_a_field() {
        let mut d = PadDraft::default();
        for k in "18"
            .chars()
            .chain("94".chars())
            .chain("84".chars())
            .chain("145".chars())
            .chain("85".chars())
            .chain("375".chars())
        {
            d.key(k);
        }
        assert_eq!(d.active, None, "the usual set is done");
        let v = d.vitals(Timestamp::from_millis(1)).expect("numbers");
        assert_eq!(
            (v.resp_rate, v.spo2, v.pulse, v.systolic, v.diastolic),
            (Some(18), Some(94), Some(84), Some(145), Some(85))
        );
        assert_eq!(v.temperature, Some(Tenths::from_f64(37.5)));
        // The usual answers are in the set, and not marked as the nurse's.
        assert_eq!((v.on_oxygen, v.acvpu), (Some(false), Some(Acvpu::Alert)));
        assert!(!d.oxygen_set && !d.acvpu_set);
        // RR 18 → 0, SpO₂ 94 → 1, air 0, SBP 145 → 0, pulse 84 → 0, alert 0, 37,5 → 0.
        assert_eq!(d.news2(Spo2Scale::Scale1).total, 1);
    }

    #[test]
    fn the_pad_skips_what_is_typed_already_and_news2_counts_only_complete_values() {
        let mut d = PadDraft::default();
        d.focus(PadField::Pulse);
        for k in "9".chars() {
            d.key(k);
        }
        // Pulse "9" is not complete: it does not count yet.
        assert!(
            d.news2(Spo2Scale::Scale1)
                .missing
                .contains(&crate::news2::Parameter::Pulse)
        );
        d.key('8');
        assert_eq!(d.active, Some(PadField::Systolic));
        d.focus(PadField::RespRate);
        for k in "22".chars() {
            d.key(k);
        }
        // Pulse is typed: after SpO₂ comes systolic.
        assert_eq!(d.active, Some(PadField::Spo2));
        for k in "96".chars() {
            d.key(k);
        }
        assert_eq!(d.active, Some(PadField::Systolic));
    }
}
