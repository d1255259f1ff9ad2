//! The statistics form: every field of the region's form, pre-filled from the job by the model,
//! each answer saved at the tap, errors next to the field, locked once submitted.

use crate::api;
use crate::app::use_ctx;
use crate::components::choice::{ChoiceProps, choice, key, opts, yes_no, yes_no_key};
use crate::components::field::{
    Field, described_by, error_for, event_value, general_error_in, invalid, number_value,
};
use crate::components::saved_input::SavedInput;
use crate::hooks::use_slot;
use crate::pages::job::TabProps;
use crate::strings::{self, S};
use samverka_model::app::Failure;
use samverka_model::doc::DocFields;
use samverka_model::form::{Arrival, Benefit, InfoMatched, Outcome, PreventedVisit, StatsForm};
use samverka_model::record::Sex;
use samverka_model::timestamp::Zone;
use samverka_model::{EntryBody, ErrorCode, FieldError, JobType, PerformerKind};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The form tab.
#[function_component(FormTab)]
pub fn form_tab(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let failure = use_slot(|| None::<Failure>);
    let v = &p.view;
    // The form as the model pre-filled it in the shell, with the region's lists in force on
    // the job's day (a code they lack is there too, labelled unknown with its code).
    let page = &v.form;
    let form: &StatsForm = &page.form;
    let filled = |field: &str| page.from_job.iter().any(|f| f == field);
    let locked = page.submitted_at.is_some();
    let no_lists = page.lists_missing;

    // Saves one field (`None` empties it); `Err` means what was typed is not a number.
    let save = {
        let (failure, on_view, id) = (failure.clone(), p.on_view.clone(), v.id);
        Callback::from(
            move |(field, value): (&'static str, Result<Option<JsValue>, ()>)| {
                let (failure, on_view) = (failure.clone(), on_view.clone());
                let key = format!("form.{field}");
                let Ok(value) = value else {
                    failure.set(Some(Failure::invalid(vec![FieldError::new(
                        key,
                        ErrorCode::Invalid,
                        strings::tr(lang, S::NotANumber),
                    )])));
                    return;
                };
                spawn_local(async move {
                    match api::record_field(id, &key, value).await {
                        Ok(v) => {
                            failure.set(None);
                            on_view.emit(v);
                        }
                        Err(f) => failure.set(Some(f)),
                    }
                });
            },
        )
    };
    let pick = |field: &'static str| {
        let save = save.clone();
        Callback::from(move |s: Option<String>| {
            save.emit((field, Ok(s.map(|s| JsValue::from_str(&s)))))
        })
    };
    let answer = |field: &'static str| {
        let save = save.clone();
        Callback::from(move |s: Option<String>| {
            save.emit((field, Ok(s.map(|s| JsValue::from_bool(s == "yes")))))
        })
    };
    let number = |field: &'static str| {
        let save = save.clone();
        Callback::from(move |raw: String| {
            let value = number_value(&raw);
            save.emit((field, value));
        })
    };
    let text = |field: &'static str| {
        let save = save.clone();
        Callback::from(move |t: String| save.emit((field, Ok(Some(JsValue::from_str(&t))))))
    };
    let yes_no_opts = yes_no(lang);
    let err = |f: &str| error_for(&failure, f);
    let is_ivpa = form.job_type == Some(JobType::Ivpa);
    let ended = matches!(form.outcome, Some(Outcome::Declined | Outcome::Aborted));
    let toggle_action = {
        let (save, current) = (save.clone(), form.actions.clone().unwrap_or_default());
        move |code: String| {
            let mut next = current.clone();
            if let Some(i) = next.iter().position(|c| *c == code) {
                next.remove(i);
            } else {
                next.push(code);
            }
            let value = (!next.is_empty()).then(|| {
                next.iter()
                    .map(|c| JsValue::from_str(c))
                    .collect::<js_sys::Array>()
                    .into()
            });
            save.emit(("actions", Ok(value)));
        }
    };
    let submit = {
        let (failure, on_view, id, form) = (failure.clone(), p.on_view.clone(), v.id, form.clone());
        move |_| {
            let (failure, on_view, form) = (failure.clone(), on_view.clone(), form.clone());
            spawn_local(async move {
                match api::record(
                    id,
                    &EntryBody::FormSubmitted {
                        at: api::now(),
                        form,
                    },
                )
                .await
                {
                    Ok(v) => {
                        failure.set(None);
                        on_view.emit(v);
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        }
    };

    html! {
        <section id="form" class={locked.then_some("locked")}>
            <h2>{ ctx.t(S::FormTitle) }</h2>
            if let Some(at) = page.submitted_at {
                <p class="stamp" id="form-submitted">{ format!("{} {}", ctx.t(S::SubmittedAt), at.hhmm(Zone::Sweden)) }</p>
            }
            if no_lists && !locked {
                <p class="notice" id="form-lists-missing" role="status">{ ctx.t(S::FormListsMissing) }</p>
            }
            <Field label={ctx.t(S::JobTypeLabel)} name="form.job_type" prefilled={filled("job_type")} error={err("form.job_type")}>
                { choice(ChoiceProps { name: "job_type".into(), options: opts(&JobType::ALL, |t| strings::job_type(lang, t)), selected: form.job_type.map(|t| key(&t)), on_pick: pick("job_type"), disabled: locked }) }
            </Field>
            <Field label={ctx.t(S::RequesterLabel)} name="form.requester" prefilled={filled("requester")} error={err("form.requester")} input="form-requester">
                <select id="form-requester" disabled={locked}
                        aria-invalid={invalid(&failure, "form.requester")} aria-describedby={described_by(&failure, "form.requester")} onchange={ let s = pick("requester"); move |e: Event| s.emit(Some(event_value(&e)).filter(|v| !v.is_empty())) }>
                    <option value="" selected={form.requester.is_none()}>{ ctx.t(S::Choose) }</option>
                    { for page.requesters.iter().map(|c| html! {
                        <option value={c.code.clone()} selected={form.requester.as_ref().is_some_and(|r| r.as_str() == c.code)}>{ c.label.clone() }</option>
                    }) }
                </select>
            </Field>
            <Field label={ctx.t(S::PerformerLabel)} name="form.performer" prefilled={filled("performer")} error={err("form.performer")}>
                { choice(ChoiceProps { name: "performer".into(), options: opts(&[PerformerKind::Municipal, PerformerKind::Ambulance], |k| strings::performer(lang, k)), selected: form.performer.map(|k| key(&k)), on_pick: pick("performer"), disabled: locked }) }
            </Field>
            <Field label={ctx.t(S::Municipality)} name="form.municipality" prefilled={filled("municipality")} error={err("form.municipality")} input="form-municipality">
                <SavedInput id="form-municipality" error_id={described_by(&failure, "form.municipality")} disabled={locked} saved={form.municipality.as_ref().map(|m| m.as_str().to_owned()).unwrap_or_default()} on_commit={text("municipality")} />
            </Field>
            <Field label={ctx.t(S::OutcomeLabel)} name="form.outcome" prefilled={filled("outcome")} error={err("form.outcome")}>
                { choice(ChoiceProps { name: "outcome".into(), options: opts(&[Outcome::Done, Outcome::Declined, Outcome::Aborted], |o| strings::outcome(lang, o)), selected: form.outcome.map(|o| key(&o)), on_pick: pick("outcome"), disabled: locked }) }
            </Field>
            if ended {
                <Field label={ctx.t(S::DeclinedReason)} name="form.declined_reason" prefilled={filled("declined_reason")} error={err("form.declined_reason")} input="form-declined_reason">
                    <SavedInput id="form-declined_reason" error_id={described_by(&failure, "form.declined_reason")} disabled={locked} saved={form.declined_reason.clone().unwrap_or_default()} on_commit={text("declined_reason")} />
                </Field>
            }
            <div class="row two">
                <Field label={ctx.t(S::PatientSex)} name="form.patient_sex" prefilled={filled("patient_sex")} error={err("form.patient_sex")}>
                    { choice(ChoiceProps { name: "form_patient_sex".into(), options: opts(&[Sex::Female, Sex::Male, Sex::Unknown], |s| strings::sex(lang, s)), selected: form.patient_sex.map(|s| key(&s)), on_pick: pick("patient_sex"), disabled: locked }) }
                </Field>
                <Field label={format!("{} ({})", ctx.t(S::PatientAge), ctx.t(S::Years))} name="form.patient_age" prefilled={filled("patient_age")} error={err("form.patient_age")} input="form-patient_age">
                    <SavedInput id="form-patient_age" error_id={described_by(&failure, "form.patient_age")} inputmode="numeric" disabled={locked} saved={form.patient_age.map(|a| a.to_string()).unwrap_or_default()} on_commit={number("patient_age")} />
                </Field>
            </div>
            <Field label={ctx.t(S::Problem)} name="form.problem" prefilled={filled("problem")} error={err("form.problem")} input="form-problem">
                <select id="form-problem" disabled={locked}
                        aria-invalid={invalid(&failure, "form.problem")} aria-describedby={described_by(&failure, "form.problem")} onchange={ let s = pick("problem"); move |e: Event| s.emit(Some(event_value(&e)).filter(|v| !v.is_empty())) }>
                    <option value="" selected={form.problem.is_none()}>{ ctx.t(S::Choose) }</option>
                    { for page.problems.iter().map(|c| html! {
                        <option value={c.code.clone()} selected={form.problem.as_deref() == Some(c.code.as_str())}>{ c.label.clone() }</option>
                    }) }
                </select>
            </Field>
            if let Some(suggested) = page.suggested_problem.clone().filter(|_| !locked) {
                <p class="suggestion" id="problem-suggestion" data-problem={suggested.code.clone()}>
                    { format!("{} {} ", ctx.t(S::SuggestedProblem), suggested.label) }
                    <button type="button" class="secondary" id="use-suggested-problem"
                            onclick={ let s = pick("problem"); move |_| s.emit(Some(suggested.code.clone())) }>{ ctx.t(S::UseSuggestion) }</button>
                </p>
            }
            <Field label={ctx.t(S::Actions)} name="form.actions" prefilled={filled("actions")} error={err("form.actions")}>
                <div class="choice wrap" data-choice="actions">
                    { for page.actions.iter().map(|c| {
                        let on = form.actions.as_ref().is_some_and(|a| a.contains(&c.code));
                        let (toggle, tapped) = (toggle_action.clone(), c.code.clone());
                        html! {
                            <button type="button" class={if on { "opt on" } else { "opt" }} aria-pressed={on.to_string()}
                                    data-value={c.code.clone()} disabled={locked} onclick={move |_| toggle(tapped.clone())}>{ c.label.clone() }</button>
                        }
                    }) }
                </div>
            </Field>
            <Field label={ctx.t(S::RightCareLevel)} name="form.right_care_level" prefilled={filled("right_care_level")} error={err("form.right_care_level")}>
                { choice(ChoiceProps { name: "right_care_level".into(), options: yes_no_opts.clone(), selected: yes_no_key(form.right_care_level), on_pick: answer("right_care_level"), disabled: locked }) }
            </Field>
            <Field label={ctx.t(S::StayedHome)} name="form.stayed_home" prefilled={filled("stayed_home")} error={err("form.stayed_home")}>
                { choice(ChoiceProps { name: "stayed_home".into(), options: yes_no_opts.clone(), selected: yes_no_key(form.stayed_home), on_pick: answer("stayed_home"), disabled: locked }) }
            </Field>
            <Field label={ctx.t(S::InfoMatchedLabel)} name="form.info_matched" prefilled={filled("info_matched")} error={err("form.info_matched")}>
                { choice(ChoiceProps { name: "info_matched".into(), options: opts(&[InfoMatched::No, InfoMatched::Yes, InfoMatched::Well, InfoMatched::VeryWell], |i| strings::info_matched(lang, i)), selected: form.info_matched.map(|i| key(&i)), on_pick: pick("info_matched"), disabled: locked }) }
            </Field>
            <Field label={ctx.t(S::PreventedVisitLabel)} name="form.prevented_visit" prefilled={filled("prevented_visit")} error={err("form.prevented_visit")}>
                { choice(ChoiceProps { name: "prevented_visit".into(), options: opts(&[PreventedVisit::Emergency, PreventedVisit::PrimaryCare, PreventedVisit::None], |x| strings::prevented_visit(lang, x)), selected: form.prevented_visit.map(|x| key(&x)), on_pick: pick("prevented_visit"), disabled: locked }) }
            </Field>
            <Field label={ctx.t(S::BenefitLabel)} name="form.benefit" prefilled={filled("benefit")} error={err("form.benefit")}>
                { choice(ChoiceProps { name: "benefit".into(), options: opts(&[Benefit::None, Benefit::Little, Benefit::Some, Benefit::Good, Benefit::VeryGood], |b| strings::benefit(lang, b)), selected: form.benefit.map(|b| key(&b)), on_pick: pick("benefit"), disabled: locked }) }
            </Field>
            if is_ivpa {
                <Field label={ctx.t(S::ArrivalLabel)} name="form.arrival" prefilled={filled("arrival")} error={err("form.arrival")}>
                    { choice(ChoiceProps { name: "arrival".into(), options: opts(&[Arrival::Before, Arrival::Same, Arrival::After, Arrival::AfterRescue], |a| strings::arrival(lang, a)), selected: form.arrival.map(|a| key(&a)), on_pick: pick("arrival"), disabled: locked }) }
                </Field>
                // Asked only of a nurse who came first (the model's rule).
                if form.arrival == Some(Arrival::Before) {
                    <Field label={ctx.t(S::MinutesBeforeAmbulance)} name="form.minutes_before_ambulance" prefilled={filled("minutes_before_ambulance")} error={err("form.minutes_before_ambulance")} input="form-minutes_before_ambulance">
                        <SavedInput id="form-minutes_before_ambulance" error_id={described_by(&failure, "form.minutes_before_ambulance")} inputmode="numeric" disabled={locked} saved={form.minutes_before_ambulance.map(|m| m.to_string()).unwrap_or_default()} on_commit={number("minutes_before_ambulance")} />
                    </Field>
                }
            }
            if let Some(e) = general_error_in(&failure, StatsForm::PREFIX, StatsForm::FIELDS) { <p class="error" role="alert" id="form-error">{ e }</p> }
            if !locked {
                <button class="primary wide" id="form-submit" onclick={submit}>{ ctx.t(S::Submit) }</button>
            }
        </section>
    }
}
