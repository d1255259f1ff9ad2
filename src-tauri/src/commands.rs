//! The commands the UI calls. Each is a thin call into `samverka-device`: parse nothing, decide
//! nothing, map errors to a [`Failure`]. Names are snake_case on both sides.

use crate::failure::{from_store, from_sync};
use crate::reply::{Replied, Reply, reply};
use crate::shell::Shell;
use crate::sync_task;
use samverka_device::Store;
use samverka_device::position::PositionReading;
use samverka_device::sync;
use samverka_model::answers::{HistoryRow, Introduction, QuizRow, RequestCard};
use samverka_model::app::{
    AppInfo, ArrivalPosition, EnrolledAs, Failure, JobExport, JobSummary, check_enrollment_code,
    check_region_url,
};
use samverka_model::coach::{QuizResult, QuizSetup, Scenario};
use samverka_model::content::{
    Audience, Contact, ContentStatus, Dialled, DocumentPage, DocumentSummary, Municipality,
    SearchHit, dial_uri,
};
use samverka_model::lock::{LockState, Unlock, check_new_pin};
use samverka_model::msg::{self, Arg};
use samverka_model::page::JobPage;
use samverka_model::position::MissingReason;
use samverka_model::request::{RequestDecision, RequestId};
use samverka_model::sbar::{self, SbarText};
use samverka_model::settings::{Language, Settings};
use samverka_model::sync::QuarantinedEntry;
use samverka_model::timestamp::Zone;
use samverka_model::{EntryBody, JobHeader, JobId, MunicipalityId, Timestamp, UserId};
use samverka_texts::Words;
use tauri::{AppHandle, State};

/// A command's result, before it crosses as a [`Reply`].
type Answer<T> = Result<T, Failure>;

/// Job `id` as its screen shows it, from `store` as it now stands: the UI reads pages, not the
/// read model (the model builds the page; see `samverka_model::page`). `missing` is the
/// failure's kind when the job is not there.
fn job_page(store: &Store, id: JobId, missing: &'static str) -> Answer<JobPage> {
    let view = store
        .job(id)
        .map_err(from_store)?
        .ok_or_else(|| Failure::new(missing, msg::UNKNOWN_JOB))?;
    Ok(JobPage::new(&view, store.form_options_for(&view)))
}

/// The nurse enrolment named: every entry's author. Jobs need enrolment, because the region
/// accepts jobs only for the device's own unit.
fn author(shell: &Shell) -> Answer<UserId> {
    let enrolled = shell.store().enrollment().map_err(from_store)?;
    enrolled.map(|e| e.user).ok_or_else(not_enrolled)
}

/// Refuses while the app is locked: patient data only behind the PIN.
fn unlocked(shell: &Shell) -> Answer<()> {
    if shell.admit() {
        Ok(())
    } else {
        Err(Failure::new("locked", msg::LOCKED))
    }
}

fn not_enrolled() -> Failure {
    Failure::new("not_enrolled", msg::ENROL_FIRST)
}

/// What the first screen needs.
#[tauri::command(rename_all = "snake_case")]
pub async fn app_info(shell: State<'_, Shell>) -> Replied<AppInfo> {
    Ok(Reply(info(&shell)))
}

/// The device, its enrolment, settings and sync as they stand: the first screen's answer.
fn info(shell: &Shell) -> Answer<AppInfo> {
    let store = shell.store();
    Ok(AppInfo {
        device: store.device_id(),
        enrolled: store.enrollment().map_err(from_store)?.map(|e| EnrolledAs {
            region_url: e.region_url,
            unit: e.unit,
            user: e.user,
        }),
        settings: store.settings().map_err(from_store)?,
        sync: store.sync_status().map_err(from_store)?,
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Open jobs, own and the unit's, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn jobs(shell: State<'_, Shell>) -> Replied<Vec<JobSummary>> {
    reply(|| {
        unlocked(&shell)?;
        shell.store().open_jobs().map_err(from_store)
    })
}

/// One job as it stands.
#[tauri::command(rename_all = "snake_case")]
pub async fn job(shell: State<'_, Shell>, id: JobId) -> Replied<JobPage> {
    reply(|| {
        unlocked(&shell)?;
        job_page(&shell.store(), id, "unknown")
    })
}

/// Creates a job for the enrolled unit and returns it.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_job(shell: State<'_, Shell>, header: JobHeader) -> Replied<JobPage> {
    reply(|| {
        unlocked(&shell)?;
        let author = author(&shell)?;
        let page = {
            let mut store = shell.store();
            let entry = store
                .create_job(&author, header, samverka_device::now())
                .map_err(from_store)?;
            job_page(&store, entry.job, "storage")
        };
        shell.trigger_sync();
        page
    })
}

/// Records one tap on a job — its one entry, or several (SBAR's handover: the text and the
/// step) — in one transaction, and returns the job as it now stands. When this answers `Ok`,
/// every entry is on disk; when it fails, none is.
#[tauri::command(rename_all = "snake_case")]
pub async fn record(
    shell: State<'_, Shell>,
    job: JobId,
    bodies: Vec<EntryBody>,
) -> Replied<JobPage> {
    Ok(Reply(record_now(&shell, job, bodies)))
}

/// Records `bodies` on `job` in one transaction, wakes the sync and answers the job's page.
fn record_now(shell: &Shell, job: JobId, bodies: Vec<EntryBody>) -> Answer<JobPage> {
    unlocked(shell)?;
    let author = author(shell)?;
    let page = {
        let mut store = shell.store();
        store
            .record_all(&author, job, bodies, samverka_device::now())
            .map_err(from_store)?;
        job_page(&store, job, "storage")
    };
    shell.trigger_sync();
    page
}

/// One field of the record, the identity or the form, set or emptied by its full key
/// (`record.airway`): the entry is built by the model (`EntryBody::one_field`, which refuses
/// a value the field cannot hold next to the field) and recorded as `record` does.
#[tauri::command(rename_all = "snake_case")]
pub async fn record_field(
    shell: State<'_, Shell>,
    job: JobId,
    field: String,
    value: Option<serde_json::Value>,
) -> Replied<JobPage> {
    Ok(Reply(unlocked(&shell).and_then(|()| {
        let body = EntryBody::one_field(&field, value).map_err(|e| Failure::invalid(e.errors))?;
        record_now(&shell, job, vec![body])
    })))
}

/// SBAR's four parts as the model drafts them from the job as stored (`sbar::draft`), for the
/// nurse to take and edit. In the shell, so the drafting is not code in the UI's wasm (#19).
#[tauri::command(rename_all = "snake_case")]
pub async fn sbar_draft(shell: State<'_, Shell>, job: JobId) -> Replied<SbarText> {
    reply(|| {
        unlocked(&shell)?;
        let view = shell.store().job(job).map_err(from_store)?;
        let view = view.ok_or_else(|| Failure::new("storage", msg::UNKNOWN_JOB))?;
        Ok(sbar::draft(&view, Zone::Sweden))
    })
}

/// Saves SBAR's text; on a handover (`hand_over`) stamped now, with the timeline's "handed
/// over" step when the job is at that point: the entries `sbar::save` says, against the job as
/// stored, in one transaction (`record`). Returns the job as it now stands.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_sbar(
    shell: State<'_, Shell>,
    job: JobId,
    text: SbarText,
    hand_over: bool,
) -> Replied<JobPage> {
    reply(|| {
        unlocked(&shell)?;
        let author = author(&shell)?;
        let page = {
            let mut store = shell.store();
            let now = samverka_device::now();
            let current = store.job(job).map_err(from_store)?;
            let current = current.ok_or_else(|| Failure::new("storage", msg::UNKNOWN_JOB))?;
            let bodies = sbar::save(&current, text, hand_over, now);
            store
                .record_all(&author, job, bodies, now)
                .map_err(from_store)?;
            job_page(&store, job, "storage")
        };
        shell.trigger_sync();
        page
    })
}

/// Every value a field of a job has had, oldest first (corrections stay visible), as the
/// timeline shows it: whether it stands, and the instant a timeline mark names.
#[tauri::command(rename_all = "snake_case")]
pub async fn history(
    shell: State<'_, Shell>,
    job: JobId,
    field: String,
) -> Replied<Vec<HistoryRow>> {
    reply(|| {
        unlocked(&shell)?;
        let changes = shell
            .store()
            .field_history(job, &field)
            .map_err(from_store)?;
        Ok(changes.into_iter().map(HistoryRow::from).collect())
    })
}

/// Enrols the phone with a region using a coach's one-time code, then starts syncing.
#[tauri::command(rename_all = "snake_case")]
pub async fn enroll(
    app: AppHandle,
    shell: State<'_, Shell>,
    region_url: String,
    code: String,
    pin: String,
    pin_repeat: String,
) -> Replied<AppInfo> {
    Ok(Reply(
        async move {
            let url = check_region_url(&region_url);
            let code = check_enrollment_code(&code);
            let pin_errors = check_new_pin(&pin, &pin_repeat);
            let (url, code) = match (url, code) {
                (Ok(u), Ok(c)) if pin_errors.is_empty() => (u, c),
                (u, c) => {
                    let errors = [u.err(), c.err()]
                        .into_iter()
                        .flatten()
                        .chain(pin_errors)
                        .collect::<Vec<_>>();
                    return Err(Failure::invalid(errors));
                }
            };
            sync::enroll(&shell.shared_store(), &url, &code)
                .await
                .map_err(from_sync)?;
            shell.store().set_pin(&pin).map_err(from_store)?;
            shell.open_lock();
            sync_task::start(&app, &shell);
            info(&shell)
        }
        .await,
    ))
}

/// The app lock as it stands (locks first if the nurse was idle too long).
#[tauri::command(rename_all = "snake_case")]
pub async fn lock_state(shell: State<'_, Shell>) -> Replied<LockState> {
    Ok(Reply(shell.lock_state().map_err(from_store)))
}

/// Locks now: the UI's idle timer ran out, or the app went to the background.
#[tauri::command(rename_all = "snake_case")]
pub async fn lock_now(shell: State<'_, Shell>) -> Replied<LockState> {
    reply(|| {
        shell.lock();
        shell.lock_state().map_err(from_store)
    })
}

/// The nurse is using the app (typing without saving yet): keeps the idle timer from running
/// out under her. Answers whether the app is still open.
#[tauri::command(rename_all = "snake_case")]
pub async fn still_here(shell: State<'_, Shell>) -> Replied<bool> {
    Ok(Reply(Ok(shell.activity())))
}

/// One unlock attempt with the PIN.
#[tauri::command(rename_all = "snake_case")]
pub async fn unlock(shell: State<'_, Shell>, pin: String) -> Replied<Unlock> {
    reply(|| {
        let answer = shell
            .store()
            .check_unlock_pin(&pin, samverka_device::now())
            .map_err(from_store)?;
        if answer == Unlock::Unlocked {
            shell.open_lock();
        }
        Ok(answer)
    })
}

/// Syncs now (the nurse pulled to refresh); the state arrives as an event.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_now(shell: State<'_, Shell>) -> Replied<()> {
    reply(|| {
        let enrolled = shell.store().enrollment().map_err(from_store)?;
        if enrolled.is_none() {
            return Err(not_enrolled());
        }
        shell.trigger_sync();
        Ok(())
    })
}

/// Saves the nurse's preferences.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_settings(shell: State<'_, Shell>, settings: Settings) -> Replied<Settings> {
    reply(|| {
        let mut store = shell.store();
        store.set_settings(&settings).map_err(from_store)?;
        store.settings().map_err(from_store)
    })
}

/// The UI's words in `language`, in `samverka_texts::S` order, and the model's message table:
/// the webview's wasm carries neither (issue #19). Answered locked or not: no patient data in
/// them.
#[tauri::command(rename_all = "snake_case")]
pub async fn ui_words(language: Language) -> Replied<Words> {
    reply(|| {
        let own = |s: &str| s.to_owned();
        Ok(Words {
            texts: samverka_texts::words(language)
                .into_iter()
                .map(own)
                .collect(),
            messages: msg::ALL
                .iter()
                .flat_map(|t| [t.key, t.sv, t.en])
                .map(own)
                .collect(),
        })
    })
}

/// The UI drew its first interactive screen. Logged with the time since start, and written to
/// `$SAMVERKA_READY_FILE` when set, so the start-up benchmark can time a cold start.
#[tauri::command(rename_all = "snake_case")]
pub async fn ui_ready(shell: State<'_, Shell>) -> Replied<()> {
    reply(|| {
        let ms = shell.uptime_ms();
        tracing::info!(ms, "first screen interactive");
        if let Some(path) = std::env::var_os("SAMVERKA_READY_FILE")
            && let Err(e) = std::fs::write(&path, format!("{ms}\n"))
        {
            tracing::warn!("ready file: {e}");
        }
        Ok(())
    })
}

/// Which content the phone holds (version, date, example flag, new-version notice).
#[tauri::command(rename_all = "snake_case")]
pub async fn content_status(shell: State<'_, Shell>) -> Replied<ContentStatus> {
    Ok(Reply(shell.store().content_status().map_err(from_store)))
}

/// The nurse has seen the new-version notice.
#[tauri::command(rename_all = "snake_case")]
pub async fn content_seen(shell: State<'_, Shell>) -> Replied<ContentStatus> {
    reply(|| {
        let mut store = shell.store();
        store.mark_content_seen().map_err(from_store)?;
        store.content_status().map_err(from_store)
    })
}

/// The guideline chapters and quick references for an audience, in order.
#[tauri::command(rename_all = "snake_case")]
pub async fn documents(
    shell: State<'_, Shell>,
    audience: Audience,
) -> Replied<Vec<DocumentSummary>> {
    Ok(Reply(shell.store().documents(audience).map_err(from_store)))
}

/// One document, rendered.
#[tauri::command(rename_all = "snake_case")]
pub async fn document(shell: State<'_, Shell>, id: String) -> Replied<DocumentPage> {
    reply(|| {
        shell
            .store()
            .document(&id)
            .map_err(from_store)?
            .ok_or_else(|| Failure::new("unknown", msg::UNKNOWN_DOCUMENT))
    })
}

/// The most hits a search answers with: more than fit on a phone's screen.
const SEARCH_LIMIT: u32 = 30;

/// Searches the guidelines and quick references as the nurse types.
#[tauri::command(rename_all = "snake_case")]
pub async fn search(
    shell: State<'_, Shell>,
    query: String,
    audience: Audience,
) -> Replied<Vec<SearchHit>> {
    reply(|| {
        shell
            .store()
            .search(&query, audience, SEARCH_LIMIT)
            .map_err(from_store)
    })
}

/// The region's contact list.
#[tauri::command(rename_all = "snake_case")]
pub async fn contacts(shell: State<'_, Shell>) -> Replied<Vec<Contact>> {
    Ok(Reply(shell.store().contacts().map_err(from_store)))
}

/// Hands a contact's number to the phone's dialler. Answers the `tel:` URI and whether the
/// platform took it; where it did not (a desktop without a dialler), the UI shows the number
/// to dial by hand.
#[tauri::command(rename_all = "snake_case")]
pub async fn dial(app: AppHandle, shell: State<'_, Shell>, contact: String) -> Replied<Dialled> {
    reply(|| {
        use tauri_plugin_opener::OpenerExt;
        let found = shell.store().contacts().map_err(from_store)?;
        let c = found
            .into_iter()
            .find(|c| c.id == contact)
            .ok_or_else(|| Failure::new("unknown", msg::UNKNOWN_CONTACT))?;
        let uri = dial_uri(&c.phone);
        let handed_over = match app.opener().open_url(&uri, None::<&str>) {
            Ok(()) => true,
            Err(e) => {
                tracing::info!(%uri, "no dialler took the number: {e}");
                false
            }
        };
        Ok(Dialled {
            uri,
            phone: c.phone,
            handed_over,
        })
    })
}

/// The quality test as the phone can give it offline: the installed banks and the time allowed.
/// Not patient data: open while locked.
#[tauri::command(rename_all = "snake_case")]
pub async fn quiz_setup(shell: State<'_, Shell>) -> Replied<QuizSetup> {
    Ok(Reply(shell.store().quiz_setup().map_err(from_store)))
}

/// Grades a test handed in (or timed out) now, keeps it for the region and starts a sync.
/// `chosen` is every question asked with the option picked, if any.
#[tauri::command(rename_all = "snake_case")]
pub async fn submit_quiz(
    shell: State<'_, Shell>,
    started_at: Timestamp,
    chosen: Vec<(String, Option<usize>)>,
) -> Replied<QuizResult> {
    reply(|| {
        let enrolled = shell
            .store()
            .enrollment()
            .map_err(from_store)?
            .ok_or_else(not_enrolled)?;
        let result = shell
            .store()
            .submit_quiz(
                &enrolled.user,
                &enrolled.unit,
                started_at,
                &chosen,
                samverka_device::now(),
            )
            .map_err(from_store)?
            .ok_or_else(|| Failure::new("no_content", msg::QUIZ_MISSING))?;
        shell.trigger_sync();
        Ok(result)
    })
}

/// The tests taken on this phone, newest first, and whether the region has each.
#[tauri::command(rename_all = "snake_case")]
pub async fn quiz_results(shell: State<'_, Shell>) -> Replied<Vec<QuizRow>> {
    reply(|| {
        let results = shell.store().quiz_results().map_err(from_store)?;
        Ok(results.into_iter().map(QuizRow::from).collect())
    })
}

/// The installed content's practice scenarios (bodies as HTML, like documents).
#[tauri::command(rename_all = "snake_case")]
pub async fn scenarios(shell: State<'_, Shell>) -> Replied<Vec<Scenario>> {
    Ok(Reply(shell.store().scenarios().map_err(from_store)))
}

/// Starts a practice job from a scenario for the enrolled unit and returns it. A job, so behind
/// the lock like every job.
#[tauri::command(rename_all = "snake_case")]
pub async fn start_practice(shell: State<'_, Shell>, scenario: String) -> Replied<JobPage> {
    reply(|| {
        unlocked(&shell)?;
        let enrolled = shell
            .store()
            .enrollment()
            .map_err(from_store)?
            .ok_or_else(not_enrolled)?;
        let page = {
            let mut store = shell.store();
            let municipality = store
                .unit_municipality(&enrolled.unit)
                .map_err(from_store)?;
            let entry = store
                .start_practice(
                    &enrolled.user,
                    &scenario,
                    &enrolled.unit,
                    municipality.as_ref(),
                    samverka_device::now(),
                )
                .map_err(from_store)?
                .ok_or_else(|| Failure::new("unknown", msg::SCENARIO_MISSING))?;
            job_page(&store, entry.job, "storage")
        };
        shell.trigger_sync();
        page
    })
}

/// The unit's introduction list as last fetched from the region (`None` before the first).
#[tauri::command(rename_all = "snake_case")]
pub async fn introduction(shell: State<'_, Shell>) -> Replied<Option<Introduction>> {
    reply(|| {
        let list = shell.store().introduction().map_err(from_store)?;
        Ok(list.map(Introduction::from))
    })
}

/// This phone's entries the region refused for good, newest first: kept on the phone and shown
/// to a coach at the region. Their count and the clock error come with every `sync-state`
/// event; this is the list behind the count.
#[tauri::command(rename_all = "snake_case")]
pub async fn quarantine(shell: State<'_, Shell>) -> Replied<Vec<QuarantinedEntry>> {
    reply(|| {
        unlocked(&shell)?;
        shell.store().quarantined().map_err(from_store)
    })
}

/// Asks the platform where the phone is and records it on the job (just after "arrived").
/// Without a fix the record says the position is missing, and the answer says why so the UI
/// can ask for the municipality.
#[tauri::command(rename_all = "snake_case")]
pub async fn locate_arrival(
    app: AppHandle,
    shell: State<'_, Shell>,
    job: JobId,
) -> Replied<ArrivalPosition> {
    Ok(Reply(
        async move {
            unlocked(&shell)?;
            let author = author(&shell)?;
            // On a phone the plugin blocks until the fix (or its timeout): not on a worker thread.
            let reading =
                tauri::async_runtime::spawn_blocking(move || crate::locate::current(&app))
                    .await
                    .map_err(|e| {
                        Failure::new(
                            "position",
                            msg::POSITION_FAILED.with("detail", Arg::text(e.to_string())),
                        )
                    })?;
            let missing = match reading {
                PositionReading::Missing(reason) => Some(reason),
                PositionReading::Fix { .. } => None,
            };
            let page = record_position(&shell, &author, job, reading, None)?;
            Ok(ArrivalPosition { page, missing })
        }
        .await,
    ))
}

/// Records the municipality the nurse picked when the phone had no position; the record still
/// says the position is missing, and why.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_municipality(
    shell: State<'_, Shell>,
    job: JobId,
    reason: MissingReason,
    municipality: MunicipalityId,
) -> Replied<JobPage> {
    reply(|| {
        unlocked(&shell)?;
        let author = author(&shell)?;
        let reading = PositionReading::Missing(reason);
        record_position(&shell, &author, job, reading, Some(municipality))
    })
}

fn record_position(
    shell: &Shell,
    author: &UserId,
    job: JobId,
    reading: PositionReading,
    municipality: Option<MunicipalityId>,
) -> Answer<JobPage> {
    let page = {
        let mut store = shell.store();
        store
            .record_position(author, job, reading, municipality, samverka_device::now())
            .map_err(from_store)?;
        job_page(&store, job, "storage")
    };
    shell.trigger_sync();
    page
}

/// The region's municipalities from the installed content (for the picker when there is no
/// position, and the form).
#[tauri::command(rename_all = "snake_case")]
pub async fn municipalities(shell: State<'_, Shell>) -> Replied<Vec<Municipality>> {
    Ok(Reply(shell.store().municipalities().map_err(from_store)))
}

/// The job for the journal system: Swedish text, an HL7 FHIR R4 Bundle and the printable
/// handover sheet, made on the phone (offline) at the moment asked.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_job(shell: State<'_, Shell>, job: JobId) -> Replied<JobExport> {
    reply(|| {
        unlocked(&shell)?;
        let export = shell
            .store()
            .export_job(job, samverka_device::now())
            .map_err(from_store)?;
        export.ok_or_else(|| Failure::new("storage", msg::UNKNOWN_JOB))
    })
}

/// The unit's assistance requests from health centres, as last fetched, with this phone's
/// answers.
#[tauri::command(rename_all = "snake_case")]
pub async fn requests(shell: State<'_, Shell>) -> Replied<Vec<RequestCard>> {
    reply(|| {
        unlocked(&shell)?;
        let requests = shell.store().requests().map_err(from_store)?;
        Ok(requests.into_iter().map(RequestCard::from).collect())
    })
}

/// Takes a request: the assistance job is made on this phone at once (offline too) and the
/// answer goes to the region at the next sync.
#[tauri::command(rename_all = "snake_case")]
pub async fn accept_request(shell: State<'_, Shell>, id: RequestId) -> Replied<RequestCard> {
    Ok(Reply(answer_request(&shell, id, RequestDecision::Accept)))
}

/// Declines a request with the reason the requester will read.
#[tauri::command(rename_all = "snake_case")]
pub async fn decline_request(
    shell: State<'_, Shell>,
    id: RequestId,
    reason: String,
) -> Replied<RequestCard> {
    Ok(Reply(answer_request(
        &shell,
        id,
        RequestDecision::Decline { reason },
    )))
}

fn answer_request(shell: &Shell, id: RequestId, decision: RequestDecision) -> Answer<RequestCard> {
    unlocked(shell)?;
    let answered = shell
        .store()
        .answer_request(id, decision, samverka_device::now())
        .map_err(from_store)?;
    shell.trigger_sync();
    Ok(answered.into())
}

/// End-to-end tests only (feature `e2e`): the lifecycle change a phone's `Suspended` or
/// `Resumed` window event makes, through the very path those events take
/// (`lifecycle::handle`). A desktop under Xvfb has no window manager to minimise the window.
#[cfg(feature = "e2e")]
#[tauri::command(rename_all = "snake_case")]
pub async fn emulate_lifecycle(app: tauri::AppHandle, background: bool) -> Replied<()> {
    reply(|| {
        use crate::lifecycle::{Lifecycle, handle};
        let change = if background {
            Lifecycle::Background
        } else {
            Lifecycle::Foreground
        };
        handle(&app, change);
        Ok(())
    })
}

/// End-to-end tests only (feature `e2e`): lets the window call [`emulate_lifecycle`]. Added
/// at run time, so the shipped capability file never names a command the shipped app lacks.
#[cfg(feature = "e2e")]
pub fn allow_test_hooks(app: &tauri::App) -> tauri::Result<()> {
    use tauri::Manager;
    app.add_capability(
        tauri::ipc::CapabilityBuilder::new("e2e-hooks")
            .window("main")
            .permission("allow-emulate-lifecycle"),
    )
}
