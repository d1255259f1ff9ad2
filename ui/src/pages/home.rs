//! On call: a large button per job type, the open jobs, and the sync state.

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::held_back::HeldBack;
use crate::components::icon::{Icon, svg};
use crate::components::top_bar::top_bar;
use crate::hooks::{use_effect_on, use_slot};
use crate::pages::requests::Requests;
use crate::strings::{self, S};
use samverka_model::app::{Failure, HomeLists, JobSummary};
use samverka_model::content::ContentStatus;
use samverka_model::holder::Holder;
use samverka_model::timestamp::Zone;
use samverka_model::{JobHeader, JobType};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct HomeProps {
    /// Go somewhere.
    pub navigate: Callback<Place>,
}

/// The on-call home.
#[function_component(Home)]
pub fn home(p: &HomeProps) -> Html {
    let ctx = use_ctx();
    let jobs = use_slot(|| None::<Vec<JobSummary>>);
    let failure = use_slot(|| None::<Failure>);

    // Reload when a sync brought something, the count of waiting entries changed, or the app
    // was unlocked (a list asked for while locked was refused).
    let sync_key = (ctx.sync.pending, ctx.sync.last_synced_at, ctx.unlocks);
    {
        let (jobs, failure) = (jobs.clone(), failure.clone());
        use_effect_on(sync_key, move |_| {
            spawn_local(async move {
                match api::jobs().await {
                    Ok(j) => {
                        failure.set(None);
                        jobs.set(Some(j));
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        });
    }

    // A new version of the guidelines is announced here too: the nurse may not open them today.
    let content = use_slot(|| None::<ContentStatus>);
    {
        let content = content.clone();
        use_effect_on(ctx.sync.last_synced_at, move |_| {
            spawn_local(async move {
                if let Ok(s) = api::content_status().await {
                    content.set(Some(s));
                }
            });
        });
    }
    let new_content = content.as_ref().is_some_and(|c| c.unseen);

    let enrolled = ctx.info.enrolled.clone();
    let new_job = {
        let (navigate, failure) = (p.navigate.clone(), failure.clone());
        let performer = ctx.info.settings.performer;
        Callback::from(move |t: JobType| {
            let Some(e) = enrolled.clone() else { return };
            // The usual requester for the type; the form lets the nurse change it.
            let header = JobHeader::on_call(t, performer, e.unit, api::now());
            let (navigate, failure) = (navigate.clone(), failure.clone());
            spawn_local(async move {
                match api::create_job(&header).await {
                    Ok(v) => navigate.emit(Place::Job(v.id)),
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };

    let lang = ctx.lang;
    let me = ctx.info.enrolled.as_ref().map(|e| e.user.clone());
    let (real, next_shift, others, practice) = match (*jobs).clone() {
        Some(all) => {
            let l = HomeLists::sort(all, me.as_ref());
            (Some(l.mine), l.next_shift, l.others, l.practice)
        }
        None => (None, Vec::new(), Vec::new(), Vec::new()),
    };
    let settings_button = {
        let navigate = p.navigate.clone();
        html! {
            <button id="open-settings" class="icon-button" aria-label={ctx.t(S::Settings)}
                    onclick={move |_| navigate.emit(Place::Settings)}>{ svg(Icon::Settings) }</button>
        }
    };
    html! {
        <main class="screen" id="home">
            { top_bar(&ctx, ctx.t(S::OnCall).into(), None, settings_button) }
            if ctx.sync.revoked_at.is_some() {
                <section class="card notice revoked" id="revoked" role="alert">
                    <h2>{ ctx.t(S::RevokedTitle) }</h2>
                    <p>{ ctx.t(S::RevokedBody) }</p>
                    if let Some(n) = ctx.sync.wiped_unsent.filter(|n| *n > 0) {
                        <p id="revoked-unsent">{ format!("{} {n}", ctx.t(S::RevokedUnsent)) }</p>
                    }
                </section>
            }
            // What the region refused of this phone's work, and a wrong clock.
            <HeldBack />
            if ctx.info.enrolled.is_none() {
                <section class="card notice" id="not-enrolled">
                    <h2>{ ctx.t(S::NotEnrolledTitle) }</h2>
                    <p>{ ctx.t(S::NotEnrolledBody) }</p>
                    <button class="primary" onclick={
                        let navigate = p.navigate.clone();
                        move |_| navigate.emit(Place::Settings)
                    }>{ ctx.t(S::GoToSettings) }</button>
                </section>
            } else {
                <section class="new-jobs" aria-label={ctx.t(S::NewJob)}>
                    { for JobType::ALL.iter().map(|&t| {
                        let new_job = new_job.clone();
                        html! {
                            <button class={format!("new-job type-{}", crate::components::choice::key(&t))}
                                    data-job-type={crate::components::choice::key(&t)}
                                    onclick={move |_| new_job.emit(t)}>
                                <span class="plus">{ "+" }</span>
                                { strings::job_type(lang, t) }
                            </button>
                        }
                    }) }
                </section>
            }
            <nav class="home-links">
                <button class="secondary" id="open-guides" onclick={
                    let navigate = p.navigate.clone();
                    move |_| navigate.emit(Place::Guides)
                }>
                    { ctx.t(S::Guides) }
                    if new_content { <span class="badge" id="new-content-badge">{ " ●" }</span> }
                </button>
                <button class="secondary" id="open-contacts" onclick={
                    let navigate = p.navigate.clone();
                    move |_| navigate.emit(Place::Contacts)
                }>{ ctx.t(S::Contacts) }</button>
                <button class="secondary" id="open-coach" onclick={
                    let navigate = p.navigate.clone();
                    move |_| navigate.emit(Place::Coach)
                }>{ ctx.t(S::CoachCorner) }</button>
            </nav>
            if let Some(f) = (*failure).clone() {
                <p class="error" role="alert">{ f.message }</p>
            }
            if ctx.info.enrolled.is_some() { <Requests navigate={p.navigate.clone()} /> }
            <section>
                <h2>{ ctx.t(S::MyJobs) }</h2>
                { match real.clone() {
                    None => html! { <p class="muted">{ ctx.t(S::Loading) }</p> },
                    Some(list) if list.is_empty() => html! { <p class="muted" id="no-jobs">{ ctx.t(S::NoOpenJobs) }</p> },
                    Some(list) => html! {
                        <ul class="job-list" id="open-jobs">
                            { for list.into_iter().map(|j| job_row(lang, j, p.navigate.clone())) }
                        </ul>
                    },
                } }
            </section>
            // A job left for the next shift waits here until a nurse takes it.
            if !next_shift.is_empty() {
                <section>
                    <h2>{ ctx.t(S::NextShiftJobs) }</h2>
                    <ul class="job-list" id="next-shift-jobs">
                        { for next_shift.into_iter().map(|j| job_row(lang, j, p.navigate.clone())) }
                    </ul>
                </section>
            }
            if !others.is_empty() {
                <section>
                    <h2>{ ctx.t(S::OthersJobs) }</h2>
                    <ul class="job-list" id="others-jobs">
                        { for others.into_iter().map(|j| job_row(lang, j, p.navigate.clone())) }
                    </ul>
                </section>
            }
            // Practice never mixes with real work: its own list, striped.
            if !practice.is_empty() {
                <section class="practice-section">
                    <h2>{ ctx.t(S::PracticeJobs) }</h2>
                    <ul class="job-list" id="practice-jobs">
                        { for practice.into_iter().map(|j| job_row(lang, j, p.navigate.clone())) }
                    </ul>
                </section>
            }
        </main>
    }
}

fn job_row(
    lang: samverka_model::settings::Language,
    j: JobSummary,
    navigate: Callback<Place>,
) -> Html {
    let id = j.id;
    let kind = j
        .job_type
        .map(|t| strings::job_type(lang, t))
        .unwrap_or("?");
    let at = j
        .requested_at
        .map(|t| t.hhmm(Zone::Sweden))
        .unwrap_or_default();
    html! {
        <li>
            <button class={if j.practice { "job-row practice" } else { "job-row" }}
                    data-job={id.to_string()} onclick={move |_| navigate.emit(Place::Job(id))}>
                <span class="time">{ at }</span>
                <span class="what">
                    <strong>{ kind }</strong>
                    if j.practice { <span class="practice-label">{ strings::tr(lang, S::Practice) }</span> }
                    <span class="muted">{ j.chief_complaint.unwrap_or_default() }</span>
                    if let Some(Holder::Nurse(u)) = &j.holder {
                        <span class="holder muted">{ format!(" · {} {u}", strings::tr(lang, S::HeldBy)) }</span>
                    }
                </span>
                <span class="status">{ strings::status(lang, j.status) }</span>
            </button>
        </li>
    }
}
