//! Locks the app after the nurse's idle time and whenever the page becomes hidden (another app,
//! the home button, the screen turned off). The shell locks on the platform's own lifecycle
//! event too (`src-tauri/src/lifecycle.rs`) and says so with the `lock-state` event, so the
//! lock does not depend on the webview noticing. While
//! she types without saving, it tells the shell now and then that she is still there, so the
//! shell's own idle check never locks her out mid-sentence.

use crate::api;
use samverka_model::lock::LockState;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

/// How often, at most, typing is reported to the shell.
const PING_EVERY_MS: f64 = 15_000.0;

/// Starts watching for the lifetime of the page. `lock` mirrors the root's lock state;
/// `on_lock` receives the shell's state after it locked.
pub fn watch(lock: Rc<RefCell<Option<LockState>>>, on_lock: Callback<LockState>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let last = Rc::new(Cell::new(js_sys::Date::now()));
    let last_ping = Rc::new(Cell::new(0.0));
    let is_open = {
        let lock = Rc::clone(&lock);
        move || {
            lock.borrow()
                .as_ref()
                .is_some_and(|l| l.has_pin && !l.locked)
        }
    };
    let lock_now = {
        let on_lock = on_lock.clone();
        move || {
            let on_lock = on_lock.clone();
            spawn_local(async move {
                if let Ok(state) = api::lock_now().await {
                    on_lock.emit(state);
                }
            });
        }
    };

    let activity = {
        let (last, last_ping, on_lock) = (Rc::clone(&last), Rc::clone(&last_ping), on_lock.clone());
        Closure::<dyn FnMut()>::new(move || {
            let now = js_sys::Date::now();
            last.set(now);
            if now - last_ping.get() >= PING_EVERY_MS {
                last_ping.set(now);
                let on_lock = on_lock.clone();
                spawn_local(async move {
                    // The shell locked on its own (its idle check): show the lock screen.
                    if let Ok(false) = api::still_here().await
                        && let Ok(state) = api::lock_state().await
                    {
                        on_lock.emit(state);
                    }
                });
            }
        })
    };
    for event in ["pointerdown", "keydown", "input"] {
        let _ = document.add_event_listener_with_callback(event, activity.as_ref().unchecked_ref());
    }
    activity.forget();

    let tick = {
        let (lock, last, is_open, lock_now) = (
            Rc::clone(&lock),
            Rc::clone(&last),
            is_open.clone(),
            lock_now.clone(),
        );
        Closure::<dyn FnMut()>::new(move || {
            let idle_ms = lock
                .borrow()
                .as_ref()
                .map_or(0.0, |l| f64::from(l.idle_secs) * 1000.0);
            if is_open() && js_sys::Date::now() - last.get() >= idle_ms {
                lock_now();
            }
        })
    };
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        tick.as_ref().unchecked_ref(),
        1000,
    );
    tick.forget();

    let hidden = {
        let doc = document.clone();
        Closure::<dyn FnMut()>::new(move || {
            if doc.hidden() && is_open() {
                lock_now();
            }
        })
    };
    let _ = document
        .add_event_listener_with_callback("visibilitychange", hidden.as_ref().unchecked_ref());
    hidden.forget();
}
