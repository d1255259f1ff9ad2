//! What the region refused of this phone's work, on the home screen: how many entries are held
//! back in quarantine (kept on the phone, seen by a coach) with each one's reason, and that the
//! phone's clock is wrong when the region said so. The words are the model's messages
//! (`samverka_model::msg`), in the nurse's language.

use crate::api;
use crate::app::use_ctx;
use crate::hooks::{use_effect_on, use_slot};
use samverka_model::app::SyncStatus;
use samverka_model::msg::{self, Message};
use samverka_model::settings::Language;
use samverka_model::sync::QuarantinedEntry;
use samverka_model::timestamp::Zone;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// A message of the table in `lang`.
fn say(lang: Language, m: impl Into<Message>) -> String {
    let m = m.into();
    m.render(lang).unwrap_or_else(|| m.to_string())
}

/// The clock's sentence, when the region refused the phone's clock.
pub fn clock_sentence(lang: Language, s: &SyncStatus) -> Option<String> {
    s.clock_wrong.then(|| say(lang, msg::CLOCK_WRONG))
}

/// The held-back entries' sentence: how many, and that the phone keeps them and a coach sees
/// them. `None` when there are none.
pub fn held_back_sentence(lang: Language, s: &SyncStatus) -> Option<String> {
    (s.quarantined > 0).then(|| {
        format!(
            "{}. {}",
            say(lang, msg::quarantined(s.quarantined)),
            say(lang, msg::QUARANTINE_KEPT)
        )
    })
}

/// One held-back entry: when it was refused and why.
pub fn entry_line(lang: Language, e: &QuarantinedEntry) -> String {
    format!(
        "{} {} – {}",
        e.at.date(Zone::Sweden),
        e.at.hhmm(Zone::Sweden),
        say(lang, msg::refusal(&e.code))
    )
}

/// The notice; nothing when the region has refused nothing and the clock is right.
#[function_component(HeldBack)]
pub fn held_back() -> Html {
    let ctx = use_ctx();
    let s = ctx.sync.clone();
    let entries = use_slot(Vec::<QuarantinedEntry>::new);
    {
        // The list behind the count, fetched again when the count changes or the app was
        // unlocked (asked for while locked, it was refused).
        let entries = entries.clone();
        use_effect_on((s.quarantined, ctx.unlocks), move |(n, _)| {
            let n = *n;
            spawn_local(async move {
                if n == 0 {
                    entries.set(Vec::new());
                } else if let Ok(list) = api::quarantine().await {
                    entries.set(list);
                }
            });
        });
    }
    let lang = ctx.lang;
    let clock = clock_sentence(lang, &s);
    let held = held_back_sentence(lang, &s);
    if clock.is_none() && held.is_none() {
        return html! {};
    }
    html! {
        <section class="card notice held-back" id="held-back" role="alert"
                 data-quarantined={s.quarantined.to_string()}
                 data-clock-wrong={s.clock_wrong.to_string()}>
            if let Some(text) = clock {
                <p id="clock-wrong"><strong>{ text }</strong></p>
            }
            if let Some(text) = held {
                <p id="quarantined">{ text }</p>
                if !entries.is_empty() {
                    <ul class="held-back-list" id="quarantined-entries">
                        { for entries.iter().map(|e| html! {
                            <li data-seq={e.seq.to_string()} data-code={e.code.clone()}>
                                { entry_line(lang, e) }
                            </li>
                        }) }
                    </ul>
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::{DeviceId, Timestamp, UserId};

    fn status(quarantined: u64, clock_wrong: bool) -> SyncStatus {
        SyncStatus {
            enrolled: true,
            online: true,
            quarantined,
            clock_wrong,
            ..SyncStatus::default()
        }
    }

    #[test]
    fn the_notice_says_how_many_are_held_back_and_that_a_coach_sees_them() {
        crate::strings::load_for_tests();
        assert_eq!(held_back_sentence(Language::Sv, &status(0, false)), None);
        assert_eq!(clock_sentence(Language::Sv, &status(0, false)), None);
        assert_eq!(
            held_back_sentence(Language::Sv, &status(2, false)).as_deref(),
            Some(
                "2 anteckningar nekades av regionen och ligger i karantän. Telefonen behåller \
                 dem och en samverkanscoach ser dem i regionens karantän. Inget är raderat."
            )
        );
        assert_eq!(
            held_back_sentence(Language::En, &status(1, false)).as_deref(),
            Some(
                "1 entry was refused by the region and is in quarantine. The phone keeps them \
                 and a coach sees them in the region's quarantine. Nothing was deleted."
            )
        );
    }

    #[test]
    fn a_wrong_clock_is_said_in_the_nurses_language() {
        crate::strings::load_for_tests();
        let sv = clock_sentence(Language::Sv, &status(1, true)).unwrap_or_default();
        assert!(sv.starts_with("Telefonens klocka går fel"), "{sv}");
        let en = clock_sentence(Language::En, &status(1, true)).unwrap_or_default();
        assert!(en.starts_with("The phone's clock is wrong"), "{en}");
    }

    #[test]
    fn each_entry_says_when_and_why() {
        crate::strings::load_for_tests();
        let e = QuarantinedEntry {
            device: "00000000-0000-0000-0000-000000000007"
                .parse::<DeviceId>()
                .unwrap_or_else(|_| unreachable!("a device id")),
            seq: 7,
            job: None,
            kind: Some("record".into()),
            user: UserId::new("anna"),
            code: "clock_ahead".into(),
            message: "stamped too far ahead".into(),
            // 2026-01-14 23:10 Swedish time.
            at: Timestamp(1_768_428_600_000),
            reported: true,
        };
        assert_eq!(
            entry_line(Language::Sv, &e),
            "2026-01-14 23:10 – Telefonens klocka gick fel (för långt fram)"
        );
        assert_eq!(
            entry_line(Language::En, &e),
            "2026-01-14 23:10 – The phone's clock was wrong (too far ahead)"
        );
    }
}
