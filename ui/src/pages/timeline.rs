//! The job's times: one tap per step, each correctable afterwards with the old time kept.

use crate::api;
use crate::app::use_ctx;
use crate::components::choice::key;
use crate::components::field::{alert, event_value, general_error};
use crate::hooks::{Slot, use_effect_on, use_slot};
use crate::pages::job::TabProps;
use crate::pages::job::View;
use crate::pages::position::PositionCard;
use crate::strings::{self, S};
use samverka_model::answers::HistoryRow;
use samverka_model::app::Failure;
use samverka_model::timestamp::{ClockTimeError, Zone};
use samverka_model::{EntryBody, Status, Step, Timestamp};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// A correction being typed: which step, the clock time and the reason.
#[derive(Debug, Clone, PartialEq, Default)]
struct Edit {
    step: Option<Step>,
    hhmm: String,
    reason: String,
}

/// The timeline tab.
#[function_component(TimelineTab)]
pub fn timeline_tab(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let failure = use_slot(|| None::<(Option<Step>, Failure)>);
    let edit = use_slot(Edit::default);
    let ending = use_slot(|| None::<Step>); // Decline or Abort being explained
    let ending_reason = use_slot(String::new);
    // Corrected steps' earlier times: a few steps at most, so a list, not a map.
    let histories = use_slot(Vec::<(Step, Vec<HistoryRow>)>::new);

    // Earlier times of corrected steps, reloaded whenever the job changes.
    {
        let histories = histories.clone();
        use_effect_on(p.view.clone(), move |v: &View| {
            let marked: Vec<Step> = v
                .steps
                .iter()
                .filter(|r| r.at.is_some())
                .map(|r| r.step)
                .collect();
            let id = v.id;
            spawn_local(async move {
                let mut all = Vec::new();
                for step in marked {
                    if let Ok(h) = api::history(id, &step.field_key()).await
                        && h.len() > 1
                    {
                        all.push((step, h));
                    }
                }
                histories.set(all);
            });
        });
    }

    let send = {
        let (on_view, failure, job) = (p.on_view.clone(), failure.clone(), p.view.id);
        let (edit, ending, ending_reason) = (edit.clone(), ending.clone(), ending_reason.clone());
        Callback::from(move |(step, body): (Option<Step>, EntryBody)| {
            let (on_view, failure) = (on_view.clone(), failure.clone());
            let (edit, ending, ending_reason) =
                (edit.clone(), ending.clone(), ending_reason.clone());
            // "Arrived" is when the position is taken: right after the tap is on disk.
            let arrived = matches!(
                body,
                EntryBody::Step {
                    step: Step::Arrive,
                    ..
                }
            );
            spawn_local(async move {
                match api::record(job, &body).await {
                    Ok(v) => {
                        failure.set(None);
                        edit.set(Edit::default());
                        ending.set(None);
                        ending_reason.set(String::new());
                        on_view.emit(v);
                        if arrived {
                            match api::locate_arrival(job).await {
                                Ok(a) => on_view.emit(a.page),
                                Err(f) => failure.set(Some((Some(Step::Arrive), f))),
                            }
                        }
                    }
                    Err(f) => failure.set(Some((step, f))),
                }
            });
        })
    };
    let error_at = |step: Option<Step>| -> Option<String> {
        match &*failure {
            Some((s, f)) if *s == step => general_error(&Some(f.clone()), &[]),
            _ => None,
        }
    };

    let v = &p.view;
    let alarm = v.alarm;
    let rows = v.steps.iter().map(|row| {
        let step = row.step;
        let name = key(&step);
        let row_error = error_at(Some(step));
        let history = histories
            .iter()
            .find(|(s, _)| *s == step)
            .map(|(_, h)| h.clone());
        match row.at {
            Some(at) => {
                let editing = edit.step == Some(step);
                let start_edit = {
                    let edit = edit.clone();
                    move |_| edit.set(Edit { step: Some(step), hhmm: at.hhmm(Zone::Sweden), reason: String::new() })
                };
                html! {
                    <li class="step done" data-step={name.clone()}>
                        <span class="time">{ at.hhmm(Zone::Sweden) }</span>
                        <span class="label">{ strings::step(lang, step) }</span>
                        if !editing {
                            <button class="link" data-edit={name.clone()} onclick={start_edit}>{ ctx.t(S::Change) }</button>
                        }
                        if let Some(h) = history {
                            <p class="history">{ format!("{}: {}", ctx.t(S::Earlier), earlier_times(&h)) }</p>
                        }
                        if editing { { correction(&ctx, step, at, &edit, &send) } }
                        { alert("field-error", row_error) }
                    </li>
                }
            }
            None => {
                let send = send.clone();
                let onclick = move |_| send.emit((Some(step), EntryBody::Step { step, at: api::now(), reason: None }));
                html! {
                    <li class="step" data-step={name.clone()}>
                        <button class="step-button" data-tap={name.clone()} {onclick}>{ strings::step(lang, step) }</button>
                        { alert("field-error", row_error) }
                    </li>
                }
            }
        }
    });

    let (can_decline, can_abort) = (v.can_decline, v.can_abort);
    let ending_panel = (*ending).map(|step| {
        let (send, reason) = (send.clone(), ending_reason.clone());
        let confirm = move |_| send.emit((None, EntryBody::Step { step, at: api::now(), reason: Some((*reason).clone()) }));
        let label = if step == Step::Decline { S::DeclineReason } else { S::AbortReason };
        let oninput = { let r = ending_reason.clone(); move |e: InputEvent| r.set(event_value(&e)) };
        html! {
            <div class="card" id="ending">
                <label class="field"><span class="label">{ ctx.t(label) }</span>
                    <input id="ending-reason" value={(*ending_reason).clone()} {oninput} />
                </label>
                <button class="danger" id="confirm-ending" onclick={confirm}>{ ctx.t(S::Confirm) }</button>
                <button class="link" onclick={ let e = ending.clone(); move |_| e.set(None) }>{ ctx.t(S::Cancel) }</button>
            </div>
        }
    });
    // The vital signs are what a nurse on scene records most: one tap from the job's first
    // screen to the pad, not a tab and a scroll away.
    let shortcut = p
        .on_new_vitals
        .clone()
        .filter(|_| !matches!(p.view.status, Status::Declined | Status::Aborted));
    html! {
        <section id="timeline">
            if let Some(go) = shortcut {
                <button class="secondary wide" id="times-new-vitals" onclick={move |_| go.emit(())}>{ ctx.t(S::NewVitals) }</button>
            }
            <ol class="steps">
                if let Some(at) = alarm {
                    <li class="step done" data-step="alarm">
                        <span class="time">{ at.hhmm(Zone::Sweden) }</span>
                        <span class="label">{ ctx.t(S::AlarmAt) }</span>
                    </li>
                }
                { for rows }
            </ol>
            { alert("field-error", error_at(None)) }
            <PositionCard view={p.view.clone()} on_view={p.on_view.clone()} />
            { ending_panel.unwrap_or_default() }
            if ending.is_none() && (can_decline || can_abort) {
                <div class="row">
                    if can_decline {
                        <button class="secondary" id="decline" onclick={ let e = ending.clone(); move |_| e.set(Some(Step::Decline)) }>{ ctx.t(S::Decline) }</button>
                    }
                    if can_abort {
                        <button class="secondary" id="abort" onclick={ let e = ending.clone(); move |_| e.set(Some(Step::Abort)) }>{ ctx.t(S::Abort) }</button>
                    }
                </div>
            }
        </section>
    }
}

/// The form for correcting one step's time.
fn correction(
    ctx: &crate::app::Ctx,
    step: Step,
    at: Timestamp,
    edit: &Slot<Edit>,
    send: &Callback<(Option<Step>, EntryBody)>,
) -> Html {
    let on_time = {
        let edit = edit.clone();
        move |e: InputEvent| {
            edit.set(Edit {
                hhmm: event_value(&e),
                ..(*edit).clone()
            })
        }
    };
    let on_reason = {
        let edit = edit.clone();
        move |e: InputEvent| {
            edit.set(Edit {
                reason: event_value(&e),
                ..(*edit).clone()
            })
        }
    };
    // The one conversion of a typed Swedish time (the model's): a time the clock skipped is
    // refused next to the field, one it showed twice is asked about with both instants.
    let typed = at.with_clock_time(Zone::Sweden, &edit.hhmm);
    let correct = {
        let (edit, send) = (edit.clone(), send.clone());
        move |new_at: Timestamp| {
            let reason = Some(edit.reason.trim().to_owned()).filter(|r| !r.is_empty());
            send.emit((
                Some(step),
                EntryBody::TimeCorrected {
                    step,
                    at: new_at,
                    reason,
                },
            ));
        }
    };
    let save = {
        let correct = correct.clone();
        move |_| {
            if let Ok(new_at) = typed {
                correct(new_at);
            }
        }
    };
    let error = match typed {
        Ok(_) => None,
        Err(ClockTimeError::Format) => Some(ctx.t(S::BadTime)),
        Err(ClockTimeError::Skipped) => Some(ctx.t(S::TimeSkipped)),
        Err(ClockTimeError::Twice { .. }) => Some(ctx.t(S::TimeTwice)),
    };
    let twice = match typed {
        Err(ClockTimeError::Twice { earlier, later }) => {
            let pick = |id: &'static str, label: S, chosen: Timestamp| {
                let correct = correct.clone();
                let onclick = move |_| correct(chosen);
                html! {
                    <button class="secondary" {id} {onclick}>
                        { format!("{} {}", edit.hhmm.trim(), ctx.t(label)) }
                    </button>
                }
            };
            html! {
                <div class="row" role="group" aria-labelledby="correct-time-error">
                    { pick("correct-time-summer", S::TimeSummer, earlier) }
                    { pick("correct-time-winter", S::TimeWinter, later) }
                </div>
            }
        }
        _ => html! {},
    };
    let cancel = {
        let edit = edit.clone();
        move |_| edit.set(Edit::default())
    };
    html! {
        <div class="correction">
            <label class="field"><span class="label">{ ctx.t(S::Time) }</span>
                <input type="time" id="correct-time" value={edit.hhmm.clone()} oninput={on_time}
                       aria-invalid={error.is_some().then_some("true")}
                       aria-describedby={error.is_some().then_some("correct-time-error")} />
            </label>
            if let Some(message) = error {
                <p class="field-error" id="correct-time-error" data-error-for="correct-time" role="alert">{ message }</p>
            }
            { twice }
            <label class="field"><span class="label">{ ctx.t(S::Reason) }</span>
                <input id="correct-reason" value={edit.reason.clone()} oninput={on_reason} />
            </label>
            <div class="row">
                <button class="primary" id="save-correction" disabled={typed.is_err()} onclick={save}>{ ctx.t(S::Save) }</button>
                <button class="link" onclick={cancel}>{ ctx.t(S::Cancel) }</button>
            </div>
        </div>
    }
}

/// "03:10 → 03:12": the superseded times of a step, oldest first.
fn earlier_times(history: &[HistoryRow]) -> String {
    history
        .iter()
        .filter(|c| !c.current)
        .filter_map(|c| c.at)
        .map(|at| at.hhmm(Zone::Sweden))
        .collect::<Vec<_>>()
        .join(", ")
}
