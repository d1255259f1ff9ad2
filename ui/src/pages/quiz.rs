//! The quality test, on the phone and offline: every question of the region's banks, a clock
//! counting down, handed in by the nurse or when time runs out. The shell grades it with the
//! model, keeps it, and sends it at the next sync; the answer shows right and wrong per
//! question with the chapter to read.

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::field::alert;
use crate::components::icon::{Icon, svg};
use crate::components::top_bar::top_bar;
use crate::hooks::{use_effect_on, use_slot};
use crate::strings::S;
use samverka_model::Timestamp;
use samverka_model::app::Failure;
use samverka_model::coach::{QuizResult, QuizSetup};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct QuizProps {
    /// Go somewhere.
    pub navigate: Callback<Place>,
    /// Back.
    pub back: Callback<()>,
}

/// The test.
#[function_component(QuizPage)]
pub fn quiz_page(p: &QuizProps) -> Html {
    let ctx = use_ctx();
    let setup = use_slot(|| None::<QuizSetup>);
    let started = use_slot(|| None::<Timestamp>);
    // The option chosen per question id: tens of questions, so a list, not a map.
    let chosen = use_slot(Vec::<(String, usize)>::new);
    let result = use_slot(|| None::<QuizResult>);
    let failure = use_slot(|| None::<Failure>);
    let now = use_slot(api::now);
    // One hand-in only, however often the clock re-renders at zero before the answer comes.
    let sent = use_mut_ref(|| false);
    {
        let (setup, started, failure) = (setup.clone(), started.clone(), failure.clone());
        use_effect_on((), move |_| {
            spawn_local(async move {
                match api::quiz_setup().await {
                    Ok(s) => {
                        started.set(Some(api::now()));
                        setup.set(Some(s));
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        });
    }
    // The clock: a tick a second while the test runs.
    {
        let now = now.clone();
        use_effect_on(result.is_some(), move |done| {
            let handle = (!*done).then(|| {
                let tick = Closure::<dyn FnMut()>::new(move || now.set(api::now()));
                let id = web_sys::window().and_then(|w| {
                    w.set_interval_with_callback_and_timeout_and_arguments_0(
                        tick.as_ref().unchecked_ref(),
                        1000,
                    )
                    .ok()
                });
                (tick, id)
            });
            move || {
                if let (Some((_tick, Some(id))), Some(w)) = (handle, web_sys::window()) {
                    w.clear_interval_with_handle(id);
                }
            }
        });
    }
    let hand_in = {
        let (setup, started, chosen, result, failure, sent) = (
            setup.clone(),
            started.clone(),
            chosen.clone(),
            result.clone(),
            failure.clone(),
            sent.clone(),
        );
        Callback::from(move |()| {
            let (Some(s), Some(at)) = ((*setup).clone(), *started) else {
                return;
            };
            if result.is_some() || *sent.borrow() {
                return;
            }
            *sent.borrow_mut() = true;
            let answers: Vec<(String, Option<usize>)> = s
                .banks
                .iter()
                .flat_map(|b| b.questions.iter())
                .map(|q| (q.id.clone(), chosen_for(&chosen, &q.id)))
                .collect();
            let (result, failure, sent) = (result.clone(), failure.clone(), sent.clone());
            spawn_local(async move {
                match api::submit_quiz(at, &answers).await {
                    Ok(r) => result.set(Some(r)),
                    Err(f) => {
                        // Not handed in: the answers stay and the nurse can try again.
                        *sent.borrow_mut() = false;
                        failure.set(Some(f));
                    }
                }
            });
        })
    };
    let left_secs = match (&*setup, *started) {
        (Some(s), Some(at)) => {
            i64::from(s.time_limit_secs) - (now.millis() - at.millis()).div_euclid(1000)
        }
        _ => 0,
    };
    if left_secs <= 0 && setup.is_some() && result.is_none() {
        hand_in.emit(());
    }
    let on_back = {
        let back = p.back.clone();
        Callback::from(move |()| back.emit(()))
    };
    let body = match ((*setup).clone(), (*result).clone()) {
        (None, _) => html! { <p class="muted">{ ctx.t(S::Loading) }</p> },
        (Some(s), _) if s.banks.is_empty() => {
            html! { <p class="muted" id="quiz-empty">{ ctx.t(S::QuizNoContent) }</p> }
        }
        (Some(s), Some(r)) => {
            let verdict = if r.passed() {
                S::QuizPassed
            } else {
                S::QuizFailed
            };
            html! {
                <section id="quiz-result" data-passed={r.passed().to_string()}>
                    <h2>{ format!("{} · {}/{}", ctx.t(verdict), r.right(), r.answers.len()) }</h2>
                    <ul class="quiz-answers">
                        { for r.answers.iter().map(|a| {
                            let bank = s.banks.iter().find(|b| b.id == a.bank);
                            let text = bank.and_then(|b| b.questions.iter().find(|q| q.id == a.question))
                                .map(|q| q.text.clone()).unwrap_or_default();
                            let chapter = bank.map(|b| b.chapter.clone()).unwrap_or_default();
                            let navigate = p.navigate.clone();
                            html! {
                                <li class={if a.correct { "quiz-answer right" } else { "quiz-answer wrong" }} data-question={a.question.clone()}>
                                    <span>
                                        <span class="mark" role="img" aria-label={ctx.t(if a.correct { S::AnsweredRight } else { S::AnsweredWrong })}>
                                            { svg(if a.correct { Icon::Check } else { Icon::Cross }) }
                                        </span>
                                        { text }
                                    </span>
                                    if !a.correct {
                                        <button class="link" onclick={move |_| navigate.emit(Place::Document(chapter.clone()))}>{ ctx.t(S::ReadChapter) }</button>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }
        }
        (Some(s), None) => {
            let hand_in = hand_in.clone();
            html! {
                <form id="quiz" onsubmit={move |e: SubmitEvent| { e.prevent_default(); hand_in.emit(()); }}>
                    <p class="quiz-clock" id="quiz-clock" role="timer">
                        { format!("{}: {}:{:02}", ctx.t(S::TimeLeft), left_secs.max(0) / 60, left_secs.max(0) % 60) }
                    </p>
                    { for s.banks.iter().map(|b| html! {
                        <fieldset class="card quiz-bank" data-bank={b.id.clone()}>
                            <legend>{ b.title.clone() }</legend>
                            { for b.questions.iter().map(|q| html! {
                                <div class="quiz-question" data-question={q.id.clone()}>
                                    <p>{ q.text.clone() }</p>
                                    <div class="choice">
                                        { for q.options.iter().enumerate().map(|(i, o)| {
                                            let chosen = chosen.clone();
                                            let qid = q.id.clone();
                                            let selected = chosen_for(&chosen, &q.id) == Some(i);
                                            html! {
                                                <button type="button" class={if selected { "option selected" } else { "option" }}
                                                        data-option={i.to_string()} aria-pressed={selected.to_string()}
                                                        onclick={move |_| {
                                                            let mut c: Vec<_> = chosen.iter().filter(|(q, _)| *q != qid).cloned().collect();
                                                            c.push((qid.clone(), i));
                                                            chosen.set(c);
                                                        }}>{ o.clone() }</button>
                                            }
                                        }) }
                                    </div>
                                </div>
                            }) }
                        </fieldset>
                    }) }
                    <button class="primary wide" id="hand-in" type="submit">{ ctx.t(S::HandIn) }</button>
                </form>
            }
        }
    };
    html! {
        <main class="screen" id="quiz-page">
            { top_bar(&ctx, ctx.t(S::QuizTitle).into(), Some(on_back), Html::default()) }
            { alert("error", failure.as_ref().map(|f| f.message.clone())) }
            { body }
        </main>
    }
}

/// The option chosen for question `id`, if any.
fn chosen_for(chosen: &[(String, usize)], id: &str) -> Option<usize> {
    chosen.iter().find(|(q, _)| q == id).map(|(_, i)| *i)
}
