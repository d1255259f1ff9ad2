//! The lock screen: a PIN pad over whatever the nurse was doing. The page below stays mounted
//! (hidden and inert), so nothing typed is lost; the shell refuses patient data until the PIN
//! is right, and makes a guesser wait longer and longer.

use crate::api;
use crate::app::use_ctx;
use crate::components::field::event_value;
use crate::hooks::use_slot;
use crate::strings::S;
use samverka_model::lock::Unlock;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct LockScreenProps {
    /// Milliseconds until an attempt is allowed, when the lock screen opens.
    pub wait_ms: u64,
    /// Called once the PIN was right.
    pub on_unlocked: Callback<()>,
}

fn seconds(ms: u64) -> u64 {
    ms.div_ceil(1000)
}

/// The lock screen.
#[function_component(LockScreen)]
pub fn lock_screen(p: &LockScreenProps) -> Html {
    let ctx = use_ctx();
    let pin = use_slot(String::new);
    let message = use_slot(|| {
        (p.wait_ms > 0).then(|| format!("{} {} s", ctx.t(S::PinWait), seconds(p.wait_ms)))
    });
    let busy = use_slot(|| false);
    let submit = {
        let (pin, message, busy, done, wrong, wait) = (
            pin.clone(),
            message.clone(),
            busy.clone(),
            p.on_unlocked.clone(),
            ctx.t(S::PinWrong),
            ctx.t(S::PinWait),
        );
        move |e: SubmitEvent| {
            e.prevent_default();
            let typed = (*pin).clone();
            let (pin, message, busy, done) =
                (pin.clone(), message.clone(), busy.clone(), done.clone());
            busy.set(true);
            spawn_local(async move {
                match api::unlock(&typed).await {
                    Ok(Unlock::Unlocked) => {
                        pin.set(String::new());
                        message.set(None);
                        done.emit(());
                    }
                    Ok(Unlock::Wrong { wait_ms, .. }) => {
                        pin.set(String::new());
                        message.set(Some(if wait_ms > 0 {
                            format!("{wrong} {wait} {} s", seconds(wait_ms))
                        } else {
                            wrong.to_owned()
                        }));
                    }
                    Ok(Unlock::Wait { wait_ms }) => {
                        message.set(Some(format!("{wait} {} s", seconds(wait_ms))));
                    }
                    Err(f) => message.set(Some(f.message)),
                }
                busy.set(false);
            });
        }
    };
    html! {
        <div class="lock-screen" id="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
            <form class="card" onsubmit={submit} novalidate=true>
                <h1 id="lock-title">{ ctx.t(S::LockedTitle) }</h1>
                <p class="muted">{ ctx.t(S::LockedBody) }</p>
                <label for="unlock-pin">{ ctx.t(S::PinLabel) }</label>
                <input id="unlock-pin" type="password" inputmode="numeric" autocomplete="off" maxlength="12"
                       aria-describedby="unlock-error"
                       value={(*pin).clone()} oninput={ let c = pin.clone(); move |e: InputEvent| c.set(event_value(&e)) } />
                if let Some(m) = (*message).clone() {
                    <p class="error" role="alert" id="unlock-error">{ m }</p>
                }
                <button class="primary wide" id="unlock" type="submit" disabled={*busy}>{ ctx.t(S::UnlockButton) }</button>
            </form>
        </div>
    }
}
