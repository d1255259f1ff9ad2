//! How a command's answer crosses to the UI: the whole `Result<T, Failure>` in the model's
//! binary form (`samverka_model::wire`), as raw bytes the webview hands over as an
//! `ArrayBuffer`. A refusal is an answer like any other, so a promise the UI awaits rejects
//! only when the IPC itself fails (Tauri's own words, a string).

use samverka_model::app::Failure;
use samverka_model::wire;
use serde::Serialize;
use tauri::ipc::{InvokeResponseBody, IpcResponse};
use tauri::{Emitter, Runtime};

/// A command's result, as the UI reads it.
pub struct Reply<T>(pub Result<T, Failure>);

/// What a command returns: always a [`Reply`]. Tauri wants a `Result` from an async command
/// that borrows its state; the `Err` side is never used (a refusal is inside the reply).
pub type Replied<T> = Result<Reply<T>, tauri::ipc::InvokeError>;

/// The reply of a command whose work does not wait: `answer`'s result, where `?` refuses.
pub fn reply<T>(answer: impl FnOnce() -> Result<T, Failure>) -> Replied<T> {
    Ok(Reply(answer()))
}

impl<T: Serialize> IpcResponse for Reply<T> {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        let bytes = wire::encode(&self.0).map_err(|e| {
            tracing::error!("answer not encoded: {e}");
            tauri::Error::Io(std::io::Error::other(e))
        })?;
        Ok(InvokeResponseBody::Raw(bytes))
    }
}

/// Emits `event` to the UI with `payload` in the same form: its bytes, which the event's JSON
/// carries as an array of numbers (events have no raw body in Tauri 2). A failure is logged:
/// the UI asks again at its next screen.
pub fn emit<R: Runtime, T: Serialize>(app: &impl Emitter<R>, event: &str, payload: &T) {
    let sent = wire::encode(payload)
        .map_err(|e| e.to_string())
        .and_then(|bytes| app.emit(event, bytes).map_err(|e| e.to_string()));
    if let Err(e) = sent {
        tracing::warn!("emitting {event}: {e}");
    }
}
