//! The coaches' corner: the unit's introduction list with "ready for IVPA", the practice
//! scenarios (each starts a practice job, striped and never counted), the quality test and the
//! guided tour for a new nurse.

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::field::alert;
use crate::components::top_bar::top_bar;
use crate::hooks::{use_effect_on, use_slot};
use crate::strings::{self, S};
use samverka_model::answers::{Introduction, QuizRow};
use samverka_model::app::Failure;
use samverka_model::coach::Scenario;
use samverka_model::timestamp::Zone;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct CoachProps {
    /// Go somewhere.
    pub navigate: Callback<Place>,
    /// Back.
    pub back: Callback<()>,
    /// Starts the guided tour on a new practice job.
    pub on_tour: Callback<samverka_model::JobId>,
}

/// The coaches' corner.
#[function_component(CoachCorner)]
pub fn coach_corner(p: &CoachProps) -> Html {
    let ctx = use_ctx();
    let intro = use_slot(|| None::<Introduction>);
    let scenarios = use_slot(Vec::<Scenario>::new);
    let results = use_slot(Vec::<QuizRow>::new);
    let failure = use_slot(|| None::<Failure>);
    {
        let (intro, scenarios, results, failure) = (
            intro.clone(),
            scenarios.clone(),
            results.clone(),
            failure.clone(),
        );
        use_effect_on(ctx.sync.last_synced_at, move |_| {
            spawn_local(async move {
                match api::introduction().await {
                    Ok(i) => intro.set(i),
                    Err(f) => failure.set(Some(f)),
                }
                match api::scenarios().await {
                    Ok(s) => scenarios.set(s),
                    Err(f) => failure.set(Some(f)),
                }
                match api::quiz_results().await {
                    Ok(r) => results.set(r),
                    Err(f) => failure.set(Some(f)),
                }
            });
        });
    }
    let start = {
        let (navigate, failure) = (p.navigate.clone(), failure.clone());
        Callback::from(move |id: String| {
            let (navigate, failure) = (navigate.clone(), failure.clone());
            spawn_local(async move {
                match api::start_practice(&id).await {
                    Ok(v) => navigate.emit(Place::Job(v.id)),
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let tour = {
        let (on_tour, failure, first) = (
            p.on_tour.clone(),
            failure.clone(),
            scenarios.first().map(|s| s.id.clone()),
        );
        move |_| {
            let Some(id) = first.clone() else { return };
            let (on_tour, failure) = (on_tour.clone(), failure.clone());
            spawn_local(async move {
                match api::start_practice(&id).await {
                    Ok(v) => on_tour.emit(v.id),
                    Err(f) => failure.set(Some(f)),
                }
            });
        }
    };
    let lang = ctx.lang;
    let zone = Zone::Sweden;
    let on_back = {
        let back = p.back.clone();
        Callback::from(move |()| back.emit(()))
    };
    html! {
        <main class="screen" id="coach">
            { top_bar(&ctx, ctx.t(S::CoachCorner).into(), Some(on_back), Html::default()) }
            { alert("error", failure.as_ref().map(|f| f.message.clone())) }
            <section class="card" id="tour-card">
                <h2>{ ctx.t(S::TourTitle) }</h2>
                <button class="primary wide" id="start-tour" onclick={tour} disabled={scenarios.is_empty()}>{ ctx.t(S::StartTour) }</button>
            </section>
            <section class="card" id="introduction">
                <h2>{ ctx.t(S::IntroductionTitle) }</h2>
                { match (*intro).clone() {
                    None => html! { <p class="muted">{ ctx.t(S::IntroductionEmpty) }</p> },
                    Some(list) => html! {
                        <>
                        <p class="muted small">{ format!("{} {}", ctx.t(S::IntroductionUpdated), list.made_at.hhmm(zone)) }</p>
                        <ul class="intro-list">
                            { for list.nurses.iter().map(|n| {
                                let missing = n.missing.iter()
                                    .map(|i| strings::training_item(lang, *i))
                                    .collect::<Vec<_>>().join(", ");
                                html! {
                                    <li class="intro-row" data-nurse={n.nurse.clone()} data-ready={n.ready.to_string()}>
                                        <strong>{ n.nurse.clone() }</strong>
                                        if n.ready {
                                            <span class="badge ok">{ ctx.t(S::ReadyForIvpa) }</span>
                                        } else {
                                            <span class="badge warn">{ format!("{} – {} {missing}", ctx.t(S::NotReady), ctx.t(S::Missing)) }</span>
                                        }
                                    </li>
                                }
                            }) }
                        </ul>
                        </>
                    },
                } }
            </section>
            <section class="card" id="scenarios">
                <h2>{ ctx.t(S::ScenariosTitle) }</h2>
                { for scenarios.iter().map(|s| {
                    let (start, id) = (start.clone(), s.id.clone());
                    html! {
                        <article class="scenario" data-scenario={s.id.clone()}>
                            <h3>{ s.title.clone() }</h3>
                            <p class="muted small">{ strings::job_type(lang, s.job_type) }</p>
                            // Rendered by the device from the region's Markdown (raw HTML escaped), like
                            // the guideline documents.
                            <div class="scenario-body doc-body">{ Html::from_html_unchecked(AttrValue::from(s.body.clone())) }</div>
                            <button class="secondary" data-start-practice={s.id.clone()}
                                    onclick={move |_| start.emit(id.clone())}>{ ctx.t(S::StartPractice) }</button>
                        </article>
                    }
                }) }
            </section>
            <section class="card" id="quiz-card">
                <h2>{ ctx.t(S::QuizTitle) }</h2>
                <p>{ ctx.t(S::QuizIntro) }</p>
                <button class="primary wide" id="start-quiz" onclick={
                    let navigate = p.navigate.clone();
                    move |_| navigate.emit(Place::Quiz)
                }>{ ctx.t(S::StartQuiz) }</button>
                if !results.is_empty() {
                    <h3>{ ctx.t(S::MyResults) }</h3>
                    <ul id="quiz-results">
                        { for results.iter().map(|r| html! {
                            <li class="quiz-result" data-passed={r.passed.to_string()} data-synced={r.synced.to_string()}>
                                { format!("{} {}/{} · {} · {}",
                                    r.finished_at.hhmm(zone),
                                    r.right, r.asked,
                                    if r.passed { ctx.t(S::QuizPassed) } else { ctx.t(S::QuizFailed) },
                                    if r.synced { ctx.t(S::Synced) } else { ctx.t(S::NotSynced) }) }
                            </li>
                        }) }
                    </ul>
                }
            </section>
        </main>
    }
}
