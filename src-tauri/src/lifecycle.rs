//! The app going to the background and coming back, from the platform's own lifecycle events.
//!
//! A nurse's phone leaves the app for a call, the home button or a dark screen: the shell locks
//! at once (every patient-data command refused from here) and tells the page, which lays the
//! lock screen over what was on it, so nothing typed is lost. The page's own
//! `visibilitychange` check stays as a second door, but the shell no longer depends on the
//! webview noticing. Coming back wakes the sync loop: the network may have changed meanwhile.
//!
//! Android reports `onPause`/`onResume` and iOS `applicationWillResignActive`/
//! `applicationWillEnterForeground` as the window's `Suspended`/`Resumed`; a desktop has no
//! such event and counts a minimised or hidden window that loses focus as the background, and
//! focus regained as the foreground.

use crate::shell::Shell;
use samverka_model::app::LOCK_STATE_EVENT;
use tauri::{Emitter, Manager, Runtime, Window, WindowEvent};

/// Where the app went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// Out of sight: another app, the home screen, the screen turned off.
    Background,
    /// In front of the nurse again.
    Foreground,
}

/// The lifecycle change a window event means, if any.
pub fn from_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) -> Option<Lifecycle> {
    match event {
        #[cfg(mobile)]
        WindowEvent::Suspended => Some(Lifecycle::Background),
        #[cfg(mobile)]
        WindowEvent::Resumed => Some(Lifecycle::Foreground),
        // Focus leaves a window that is being minimised or hidden; a window merely behind
        // another one is still on the screen and stays open.
        #[cfg(desktop)]
        WindowEvent::Focused(false)
            if window.is_minimized().unwrap_or(false) || !window.is_visible().unwrap_or(true) =>
        {
            Some(Lifecycle::Background)
        }
        // Back in front (or merely focused again): a sync costs nothing when all is sent.
        #[cfg(desktop)]
        WindowEvent::Focused(true) => Some(Lifecycle::Foreground),
        _ => {
            let _ = window;
            None
        }
    }
}

/// Acts on a lifecycle change: the one path for the platform's events and the end-to-end
/// tests' stand-in for them.
pub fn handle<R: Runtime, M: Manager<R> + Emitter<R>>(app: &M, change: Lifecycle) {
    let Some(shell) = app.try_state::<Shell>() else {
        // Before the store is open there is nothing to lock.
        return;
    };
    match change {
        Lifecycle::Background => {
            shell.lock();
            match shell.lock_state() {
                Ok(state) => {
                    tracing::info!(locked = state.locked, "app went to the background");
                    crate::reply::emit(app, LOCK_STATE_EVENT, &state);
                }
                Err(e) => tracing::warn!("reading the lock state: {e}"),
            }
        }
        Lifecycle::Foreground => shell.trigger_sync(),
    }
}
