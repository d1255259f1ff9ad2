//! The sync state, always on screen: offline / N waiting / synced HH:MM.

use crate::app::Ctx;
use crate::strings::S;
use samverka_model::app::SyncStatus;
use samverka_model::msg::{self, Arg, Message};
use samverka_model::settings::Language;
use samverka_model::timestamp::Zone;
use yew::prelude::*;

/// The words for a sync state, e.g. "Offline · 3 väntar" or "Synkad 03:12". When the region
/// refused something the badge says that instead of the last sync's time, short enough for a
/// phone's top bar ("Fel klocka · 1 i karantän", "2 väntar · 1 i karantän"); home says it in
/// full ([`crate::components::held_back`]).
pub fn describe(lang: Language, s: &SyncStatus) -> String {
    let t = |k| crate::strings::tr(lang, k);
    if !s.enrolled {
        return t(S::SyncNotEnrolled).to_owned();
    }
    if !s.clock_wrong && s.quarantined == 0 {
        return state(lang, s);
    }
    let say = |m: Message| m.render(lang).unwrap_or_else(|| m.to_string());
    let mut parts = Vec::new();
    if s.clock_wrong {
        parts.push(say(msg::CLOCK_WRONG_SHORT.into()));
    } else if !s.online {
        parts.push(t(S::SyncOffline).to_owned());
    }
    if s.pending > 0 {
        parts.push(format!("{} {}", s.pending, t(S::SyncWaiting)));
    }
    if s.quarantined > 0 {
        let n = Arg::Int(i64::try_from(s.quarantined).unwrap_or(i64::MAX));
        parts.push(say(msg::QUARANTINE_SHORT.with("n", n)));
    }
    parts.join(" · ")
}

/// Offline, waiting or synced.
fn state(lang: Language, s: &SyncStatus) -> String {
    let t = |k| crate::strings::tr(lang, k);
    let waiting = format!("{} {}", s.pending, t(S::SyncWaiting));
    match (s.online, s.pending) {
        (false, 0) => t(S::SyncOffline).to_owned(),
        (false, _) => format!("{} · {waiting}", t(S::SyncOffline)),
        (true, 0) => match s.last_synced_at {
            Some(at) => format!("{} {}", t(S::SyncSynced), at.hhmm(Zone::Sweden)),
            None => t(S::SyncNever).to_owned(),
        },
        (true, _) => waiting,
    }
}

/// The badge; its data attributes let tests read the state without parsing words. A function
/// of the context, not a component of its own: the screens that show it re-render with the
/// context anyway.
#[inline(never)]
pub fn sync_badge(ctx: &Ctx) -> Html {
    let s = &ctx.sync;
    let class = match (s.enrolled, s.online, s.pending) {
        (false, _, _) => "sync sync-none",
        (true, false, _) => "sync sync-offline",
        (true, true, 0) => "sync sync-ok",
        (true, true, _) => "sync sync-waiting",
    };
    let problem = s.enrolled && (s.clock_wrong || s.quarantined > 0);
    // Tapping the badge syncs now; the answer arrives as the next sync-state event.
    let onclick = |_| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = crate::api::sync_now().await;
        })
    };
    html! {
        <button id="sync-state" class={if problem { format!("{class} sync-problem") } else { class.to_owned() }}
                role="status" aria-live="polite" title={ctx.t(S::SyncNow)} {onclick}
                data-online={s.online.to_string()} data-pending={s.pending.to_string()}
                data-quarantined={s.quarantined.to_string()}
                data-clock-wrong={s.clock_wrong.to_string()}>
            { describe(ctx.lang, s) }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_model::Timestamp;

    fn status(online: bool, pending: u64) -> SyncStatus {
        SyncStatus {
            enrolled: true,
            online,
            pending,
            last_synced_at: Some(Timestamp(1_768_432_200_000)),
            last_error: None,
            ..SyncStatus::default()
        }
    }

    #[test]
    fn the_badge_says_offline_waiting_or_synced() {
        crate::strings::load_for_tests();
        assert_eq!(
            describe(Language::Sv, &status(false, 3)),
            "Offline · 3 väntar"
        );
        assert_eq!(describe(Language::Sv, &status(false, 0)), "Offline");
        assert_eq!(describe(Language::Sv, &status(true, 2)), "2 väntar");
        assert_eq!(describe(Language::Sv, &status(true, 0)), "Synkad 00:10");
        assert_eq!(
            describe(Language::En, &status(false, 1)),
            "Offline · 1 waiting"
        );
    }

    #[test]
    fn the_badge_puts_a_wrong_clock_and_the_held_back_count_first() {
        crate::strings::load_for_tests();
        let s = SyncStatus {
            clock_wrong: true,
            quarantined: 3,
            ..status(true, 2)
        };
        assert_eq!(
            describe(Language::Sv, &s),
            "Fel klocka · 2 väntar · 3 i karantän"
        );
        assert_eq!(
            describe(Language::En, &s),
            "Wrong clock · 2 waiting · 3 in quarantine"
        );
        let held = SyncStatus {
            quarantined: 1,
            ..status(true, 0)
        };
        assert_eq!(describe(Language::Sv, &held), "1 i karantän");
        let offline = SyncStatus {
            quarantined: 1,
            ..status(false, 4)
        };
        assert_eq!(
            describe(Language::Sv, &offline),
            "Offline · 4 väntar · 1 i karantän"
        );
    }
}
