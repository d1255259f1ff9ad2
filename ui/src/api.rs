//! Every call from the UI to the shell, typed. Arguments cross as JavaScript values written by
//! serde-wasm-bindgen in serde_json's shape (the shell reads them as JSON); answers come back as
//! bytes in the model's binary form (`samverka_model::wire`: the whole `Result<T, Failure>`),
//! read by postcard, which is much less code in the wasm than a reader of JavaScript objects
//! (issue #19). Every command goes through one non-generic `invoke`; only `to_js` and
//! `from_bytes` are per type. Answers made for one page are `samverka_model::answers` and
//! `samverka_model::page`: what the page shows, no more.
//! A failure arrives in Swedish with its message keys and leaves here said in the nurse's
//! language, so every page shows it as it is.

use crate::strings;
use samverka_model::answers::{HistoryRow, Introduction, QuizRow, RequestCard};
use samverka_model::app::{
    AppInfo, ArrivalPosition, Failure, JobExport, JobSummary, LOCK_STATE_EVENT, SYNC_STATE_EVENT,
    SyncStatus,
};
use samverka_model::coach::{QuizResult, QuizSetup, Scenario};
use samverka_model::content::{
    Audience, Contact, ContentStatus, Dialled, DocumentPage, DocumentSummary, Municipality,
    SearchHit,
};
use samverka_model::lock::{LockState, Unlock};
use samverka_model::msg::{self, Arg};
use samverka_model::page::JobPage;
use samverka_model::position::MissingReason;
use samverka_model::request::RequestId;
use samverka_model::sbar::SbarText;
use samverka_model::settings::{Language, Settings};
use samverka_model::sync::QuarantinedEntry;
use samverka_model::wire;
use samverka_model::{EntryBody, JobHeader, JobId, MunicipalityId, Timestamp};
use samverka_texts::Words;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use yew::Callback;

#[wasm_bindgen]
extern "C" {
    // `window.__TAURI__` exists because tauri.conf.json sets `withGlobalTauri`.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "core"], js_name = invoke)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "event"], js_name = listen)]
    async fn tauri_listen(
        event: &str,
        handler: &Closure<dyn FnMut(JsValue)>,
    ) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The nurse's language, as the app last applied her settings: the one the shell's
    /// failures are said in. Kept here so no page has to pass it to every call.
    static LANGUAGE: std::cell::Cell<Language> = const { std::cell::Cell::new(Language::Sv) };
}

/// Says the shell's failures in `lang` from now on (the app calls this with the settings).
pub fn set_language(lang: Language) {
    LANGUAGE.with(|l| l.set(lang));
}

/// The IPC failed before reaching a command (no shell, a malformed answer). Its Swedish is
/// filled from the row itself: the first call can fail before the shell sent the message table.
fn ipc_failure(detail: impl std::fmt::Display) -> Failure {
    let m = msg::IPC_FAILED.with("detail", Arg::text(detail.to_string()));
    Failure {
        kind: "ipc".to_owned(),
        message: msg::IPC_FAILED.render(Language::Sv, &m.args),
        msg: Some(m),
        errors: Vec::new(),
    }
}

/// An argument as a JavaScript value. Not inlined: one copy per type, not per call.
#[inline(never)]
pub fn to_js<A: Serialize>(args: &A) -> Result<JsValue, Failure> {
    args.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(ipc_failure)
}

/// An answer or an event's payload: the bytes the shell wrote in the model's binary form
/// (`samverka_model::wire`), an `ArrayBuffer` or an array of numbers. Not inlined: one copy per
/// type, not per call.
#[inline(never)]
fn from_bytes<T: DeserializeOwned>(value: &JsValue) -> Result<T, Failure> {
    let bytes = js_sys::Uint8Array::new(value).to_vec();
    wire::decode(&bytes).map_err(ipc_failure)
}

/// The one path to the shell: a command and its arguments as a JavaScript value, the answer's
/// bytes back. Not generic, so it is compiled once. The promise rejects only when the IPC
/// itself fails: a command's refusal is inside its answer.
async fn invoke(cmd: &str, args: Result<JsValue, Failure>) -> Result<JsValue, Failure> {
    tauri_invoke(cmd, args?)
        .await
        .map_err(|e| ipc_failure(e.as_string().unwrap_or_else(|| format!("{e:?}"))))
}

/// Calls `cmd` and reads its answer; a failure is said in the nurse's language.
async fn call<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, Failure> {
    let answer = match invoke(cmd, to_js(args)).await {
        Ok(value) => from_bytes::<Result<T, Failure>>(&value).and_then(|answer| answer),
        Err(f) => Err(f),
    };
    answer.map_err(|f| f.localized(LANGUAGE.with(std::cell::Cell::get)))
}

#[derive(Serialize)]
struct NoArgs {}

/// What the first screen needs.
/// With it come the UI's words in the nurse's language.
pub async fn app_info() -> Result<AppInfo, Failure> {
    let info: AppInfo = call("app_info", &NoArgs {}).await?;
    words(info.settings.language).await?;
    Ok(info)
}

/// Loads the UI's words in `lang` from the shell, unless they are here already.
async fn words(lang: Language) -> Result<(), Failure> {
    if strings::has_words(lang) {
        return Ok(());
    }
    #[derive(Serialize)]
    struct Args {
        language: Language,
    }
    let words: Words = call("ui_words", &Args { language: lang }).await?;
    // The message table comes with every language; the first one installs it.
    if !strings::has_words(Language::Sv) && !strings::has_words(Language::En) {
        strings::install_messages(words.messages)
            .map_err(|n| ipc_failure(format!("a message table of {n} strings, not rows of 3")))?;
    }
    strings::load(lang, words.texts).map_err(|n| {
        ipc_failure(format!(
            "the shell sent {n} texts, this UI has {} (not the same build)",
            samverka_texts::COUNT
        ))
    })
}

/// Open jobs, newest first.
pub async fn jobs() -> Result<Vec<JobSummary>, Failure> {
    call("jobs", &NoArgs {}).await
}

/// One job, as its screen shows it.
pub async fn job(id: JobId) -> Result<JobPage, Failure> {
    #[derive(Serialize)]
    struct Args {
        id: JobId,
    }
    call("job", &Args { id }).await
}

/// Creates a job.
pub async fn create_job(header: &JobHeader) -> Result<JobPage, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        header: &'a JobHeader,
    }
    call("create_job", &Args { header }).await
}

/// Records one tap of one entry; answers the job as it now stands.
pub async fn record(job: JobId, body: &EntryBody) -> Result<JobPage, Failure> {
    record_all(job, std::slice::from_ref(body)).await
}

/// Records one tap of several entries (SBAR's handover) in one transaction: all or none.
pub async fn record_all(job: JobId, bodies: &[EntryBody]) -> Result<JobPage, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        job: JobId,
        bodies: &'a [EntryBody],
    }
    call("record", &Args { job, bodies }).await
}

/// Saves one field of the record, the identity or the form by its full key (`record.airway`):
/// `value` as the field's input gave it, `None` to empty it. The shell's model builds the entry
/// and refuses a value the field cannot hold; answers the job as it now stands.
pub async fn record_field(
    job: JobId,
    field: &str,
    value: Option<JsValue>,
) -> Result<JobPage, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        job: JobId,
        field: &'a str,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        value: JsValue,
    }
    let value = value.unwrap_or(JsValue::NULL);
    call("record_field", &Args { job, field, value }).await
}

/// SBAR's four parts as the model drafts them from the job (in the shell).
pub async fn sbar_draft(job: JobId) -> Result<SbarText, Failure> {
    #[derive(Serialize)]
    struct Args {
        job: JobId,
    }
    call("sbar_draft", &Args { job }).await
}

/// Saves SBAR; on a handover also the timeline's step when the job is at that point (the
/// model's `sbar::save`, in the shell), in one transaction. Answers the job as it now stands.
pub async fn save_sbar(job: JobId, text: &SbarText, hand_over: bool) -> Result<JobPage, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        job: JobId,
        text: &'a SbarText,
        hand_over: bool,
    }
    call(
        "save_sbar",
        &Args {
            job,
            text,
            hand_over,
        },
    )
    .await
}

/// Every value a field has had.
pub async fn history(job: JobId, field: &str) -> Result<Vec<HistoryRow>, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        job: JobId,
        field: &'a str,
    }
    call("history", &Args { job, field }).await
}

/// Enrols the phone and sets the PIN that locks it.
pub async fn enroll(
    region_url: &str,
    code: &str,
    pin: &str,
    pin_repeat: &str,
) -> Result<AppInfo, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        region_url: &'a str,
        code: &'a str,
        pin: &'a str,
        pin_repeat: &'a str,
    }
    let info: AppInfo = call(
        "enroll",
        &Args {
            region_url,
            code,
            pin,
            pin_repeat,
        },
    )
    .await?;
    words(info.settings.language).await?;
    Ok(info)
}

/// The app lock as it stands.
pub async fn lock_state() -> Result<LockState, Failure> {
    call("lock_state", &NoArgs {}).await
}

/// Locks the app now.
pub async fn lock_now() -> Result<LockState, Failure> {
    call("lock_now", &NoArgs {}).await
}

/// Tells the shell the nurse is active; answers whether the app is still open.
pub async fn still_here() -> Result<bool, Failure> {
    call("still_here", &NoArgs {}).await
}

/// One unlock attempt.
pub async fn unlock(pin: &str) -> Result<Unlock, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        pin: &'a str,
    }
    call("unlock", &Args { pin }).await
}

/// Asks for a sync now.
pub async fn sync_now() -> Result<(), Failure> {
    call("sync_now", &NoArgs {}).await
}

/// Saves preferences (and loads the words of a newly chosen language).
pub async fn save_settings(settings: &Settings) -> Result<Settings, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        settings: &'a Settings,
    }
    let saved: Settings = call("save_settings", &Args { settings }).await?;
    // A new language is drawn at once: its words first.
    words(saved.language).await?;
    Ok(saved)
}

/// Tells the shell the first screen is interactive (start-up timing).
pub async fn ui_ready() -> Result<(), Failure> {
    call("ui_ready", &NoArgs {}).await
}

/// Which content the phone holds.
pub async fn content_status() -> Result<ContentStatus, Failure> {
    call("content_status", &NoArgs {}).await
}

/// The nurse has seen the new-version notice.
pub async fn content_seen() -> Result<ContentStatus, Failure> {
    call("content_seen", &NoArgs {}).await
}

/// The guideline chapters and quick references for `audience`.
pub async fn documents(audience: Audience) -> Result<Vec<DocumentSummary>, Failure> {
    #[derive(Serialize)]
    struct Args {
        audience: Audience,
    }
    call("documents", &Args { audience }).await
}

/// One document, rendered.
pub async fn document(id: &str) -> Result<DocumentPage, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
    }
    call("document", &Args { id }).await
}

/// Searches the guidelines and quick references.
pub async fn search(query: &str, audience: Audience) -> Result<Vec<SearchHit>, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a str,
        audience: Audience,
    }
    call("search", &Args { query, audience }).await
}

/// The contact list.
pub async fn contacts() -> Result<Vec<Contact>, Failure> {
    call("contacts", &NoArgs {}).await
}

/// Hands a contact's number to the dialler.
pub async fn dial(contact: &str) -> Result<Dialled, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        contact: &'a str,
    }
    call("dial", &Args { contact }).await
}

/// Calls `on_state` with every sync-state event for the rest of the app's life.
pub async fn on_sync_state(on_state: Callback<SyncStatus>) -> Result<(), Failure> {
    listen(SYNC_STATE_EVENT, on_state).await
}

/// Calls `on_lock` whenever the shell locked on its own (the app went to the background).
pub async fn on_lock_state(on_lock: Callback<LockState>) -> Result<(), Failure> {
    listen(LOCK_STATE_EVENT, on_lock).await
}

/// Calls `on_event` with the payload of every `event` the shell emits, for the page's life.
async fn listen<T: DeserializeOwned + 'static>(
    event: &str,
    on_event: Callback<T>,
) -> Result<(), Failure> {
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let payload = js_sys::Reflect::get(&event, &JsValue::from_str("payload"));
        if let Ok(value) = payload
            .map_err(|_| ())
            .and_then(|p| from_bytes(&p).map_err(|_| ()))
        {
            on_event.emit(value);
        }
    });
    tauri_listen(event, &handler)
        .await
        .map_err(|e| ipc_failure(format!("{e:?}")))?;
    // The listener lives as long as the page.
    handler.forget();
    Ok(())
}

/// The phone's clock now.
pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// What the quality test needs, offline.
pub async fn quiz_setup() -> Result<QuizSetup, Failure> {
    call("quiz_setup", &NoArgs {}).await
}

/// Hands in a test: the shell grades it, keeps it and syncs it.
pub async fn submit_quiz(
    started_at: Timestamp,
    chosen: &[(String, Option<usize>)],
) -> Result<QuizResult, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        started_at: Timestamp,
        chosen: &'a [(String, Option<usize>)],
    }
    call("submit_quiz", &Args { started_at, chosen }).await
}

/// This phone's test results, newest first.
pub async fn quiz_results() -> Result<Vec<QuizRow>, Failure> {
    call("quiz_results", &NoArgs {}).await
}

/// The practice scenarios of the installed content.
pub async fn scenarios() -> Result<Vec<Scenario>, Failure> {
    call("scenarios", &NoArgs {}).await
}

/// Starts a practice job from a scenario.
pub async fn start_practice(scenario: &str) -> Result<JobPage, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        scenario: &'a str,
    }
    call("start_practice", &Args { scenario }).await
}

/// The unit's introduction list as last fetched from the region.
pub async fn introduction() -> Result<Option<Introduction>, Failure> {
    call("introduction", &NoArgs {}).await
}

/// This phone's entries the region refused for good, newest first (their count comes with
/// every sync state).
pub async fn quarantine() -> Result<Vec<QuarantinedEntry>, Failure> {
    call("quarantine", &NoArgs {}).await
}

/// Asks the phone where it is and records it on the job (just after "arrived").
pub async fn locate_arrival(job: JobId) -> Result<ArrivalPosition, Failure> {
    #[derive(Serialize)]
    struct Args {
        job: JobId,
    }
    call("locate_arrival", &Args { job }).await
}

/// Records the municipality the nurse picked when there was no position.
pub async fn choose_municipality(
    job: JobId,
    reason: MissingReason,
    municipality: &MunicipalityId,
) -> Result<JobPage, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        job: JobId,
        reason: MissingReason,
        municipality: &'a MunicipalityId,
    }
    call(
        "choose_municipality",
        &Args {
            job,
            reason,
            municipality,
        },
    )
    .await
}

/// The region's municipalities, from the installed content.
pub async fn municipalities() -> Result<Vec<Municipality>, Failure> {
    call("municipalities", &NoArgs {}).await
}

/// The job for the journal system: text, FHIR R4 Bundle, handover sheet.
pub async fn export_job(job: JobId) -> Result<JobExport, Failure> {
    #[derive(Serialize)]
    struct Args {
        job: JobId,
    }
    call("export_job", &Args { job }).await
}

/// The unit's assistance requests as last fetched, with this phone's answers.
pub async fn requests() -> Result<Vec<RequestCard>, Failure> {
    call("requests", &NoArgs {}).await
}

/// Takes a request: it becomes an assistance job on this phone at once.
pub async fn accept_request(id: RequestId) -> Result<RequestCard, Failure> {
    #[derive(Serialize)]
    struct Args {
        id: RequestId,
    }
    call("accept_request", &Args { id }).await
}

/// Declines a request with the reason the requester will read.
pub async fn decline_request(id: RequestId, reason: &str) -> Result<RequestCard, Failure> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: RequestId,
        reason: &'a str,
    }
    call("decline_request", &Args { id, reason }).await
}
