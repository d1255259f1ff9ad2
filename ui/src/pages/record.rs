//! The emergency record (akutjournal): complaint, ABCDE, patient, vital signs with NEWS2,
//! interventions and drugs with their times, notes.

use crate::api;
use crate::app::{Ctx, use_ctx};
use crate::components::choice::{ChoiceProps, Opt, choice, key, opts, parse, yes_no, yes_no_key};
use crate::components::field::{
    Field, alert, described_by, error_for, event_value, general_error, general_error_in, invalid,
    number_value,
};
use crate::components::icon::{Icon, svg};
use crate::components::numpad::numpad;
use crate::components::saved_input::SavedInput;
use crate::hooks::{Slot, use_slot};
use crate::pages::identity::IdentityCard;
use crate::pages::job::TabProps;
use crate::strings::{self, S};
use samverka_model::app::Failure;
use samverka_model::doc::DocFields;
use samverka_model::news2::{self, News2, Parameter};
use samverka_model::pad::{PadDraft, PadField};
use samverka_model::page::JobPage;
use samverka_model::record::{DrugGiven, Intervention, InterventionKind, RecordText, Route, Sex};
use samverka_model::timestamp::Zone;
use samverka_model::vitals::{Acvpu, VitalSigns};
use samverka_model::{EntryBody, ErrorCode, FieldError};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Sends one entry and hands the new view, or the failure, back.
fn send(
    job: &JobPage,
    body: EntryBody,
    on_view: Callback<JobPage>,
    failure: Slot<Option<Failure>>,
    then: Option<Callback<()>>,
) {
    let id = job.id;
    spawn_local(async move {
        settle(api::record(id, &body).await, &on_view, &failure, then);
    });
}

/// Hands a tap's answer back: the new view (and `then`), or the failure next to its field.
fn settle(
    answer: Result<JobPage, Failure>,
    on_view: &Callback<JobPage>,
    failure: &Slot<Option<Failure>>,
    then: Option<Callback<()>>,
) {
    match answer {
        Ok(v) => {
            failure.set(None);
            on_view.emit(v);
            if let Some(t) = then {
                t.emit(());
            }
        }
        Err(f) => failure.set(Some(f)),
    }
}

const TEXT_FIELDS: [(&str, S); 7] = [
    ("chief_complaint", S::ChiefComplaint),
    ("airway", S::Airway),
    ("breathing", S::Breathing),
    ("circulation", S::Circulation),
    ("disability", S::Disability),
    ("exposure", S::Exposure),
    ("notes", S::Notes),
];

/// The record tab.
#[function_component(RecordTab)]
pub fn record_tab(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let failure = use_slot(|| None::<Failure>);
    let v = &p.view;
    let rec = &v.record;
    // `None`: what was typed is not a value of the field (only the age can be that).
    // Saves one field by its full key (`None` empties it); `Err`: what was typed is not a
    // number (only the age can be that).
    let save_field = {
        let (id, on_view, failure, lang) = (v.id, p.on_view.clone(), failure.clone(), ctx.lang);
        Callback::from(
            move |(key, value): (String, Result<Option<JsValue>, ()>)| match value {
                Ok(value) => {
                    let (on_view, failure) = (on_view.clone(), failure.clone());
                    spawn_local(async move {
                        let answer = api::record_field(id, &key, value).await;
                        settle(answer, &on_view, &failure, None);
                    });
                }
                Err(()) => failure.set(Some(Failure::invalid(vec![FieldError::new(
                    key,
                    ErrorCode::Invalid,
                    strings::tr(lang, S::NotANumber),
                )]))),
            },
        )
    };
    let text_value = |name: &str| -> String {
        api::to_js(rec)
            .ok()
            .and_then(|j| js_sys::Reflect::get(&j, &name.into()).ok())
            .and_then(|x| x.as_string())
            .unwrap_or_default()
    };
    let text_field = |&(name, label): &(&'static str, S)| {
        let save = save_field.clone();
        let full = format!("record.{name}");
        let key = full.clone();
        let on_commit = Callback::from(move |t: String| {
            save.emit((key.clone(), Ok(Some(JsValue::from_str(&t)))))
        });
        html! {
            <Field label={ctx.t(label)} name={full.clone()} error={error_for(&failure, &full)} input={format!("record-{name}")}>
                <SavedInput id={format!("record-{name}")} rows={2} error_id={described_by(&failure, &full)} saved={text_value(name)} {on_commit} />
            </Field>
        }
    };
    let sex_pick = {
        let save = save_field.clone();
        Callback::from(move |s: Option<String>| {
            save.emit((
                "record.patient_sex".into(),
                Ok(s.map(|s| JsValue::from_str(&s))),
            ))
        })
    };
    let age_change = {
        let save = save_field.clone();
        Callback::from(move |raw: String| {
            let value = number_value(&raw);
            save.emit(("record.patient_age".into(), value));
        })
    };
    // Every record field on this screen: an error for one of them is shown next to it.
    let shown: Vec<&str> = TEXT_FIELDS
        .iter()
        .map(|(name, _)| *name)
        .chain(["patient_age", "patient_sex"])
        .collect();
    html! {
        <section id="record">
            <IdentityCard view={p.view.clone()} on_view={p.on_view.clone()} />
            // Where the nurse was, as the timeline recorded it at arrival (changed there).
            if let Some(line) = &p.view.position {
                <p class="muted" id="record-position">{ format!("{}: {}", ctx.t(S::Position), line.text) }</p>
            }
            { for TEXT_FIELDS.iter().take(1).map(text_field) }
            <div class="row two">
                <Field label={ctx.t(S::PatientSex)} name="record.patient_sex" error={error_for(&failure, "record.patient_sex")}>
                    { choice(ChoiceProps { name: "patient_sex".into(), options: opts(&[Sex::Female, Sex::Male, Sex::Unknown], |s| strings::sex(ctx.lang, s)), selected: rec.patient_sex.map(|s| key(&s)), on_pick: sex_pick, disabled: false }) }
                </Field>
                <Field label={format!("{} ({})", ctx.t(S::PatientAge), ctx.t(S::Years))} name="record.patient_age" error={error_for(&failure, "record.patient_age")} input="record-patient_age">
                    <SavedInput id="record-patient_age" error_id={described_by(&failure, "record.patient_age")} inputmode="numeric" saved={rec.patient_age.map(|a| a.to_string()).unwrap_or_default()} on_commit={age_change} />
                </Field>
            </div>
            { for TEXT_FIELDS.iter().skip(1).map(text_field) }
            { alert("error", general_error_in(&failure, RecordText::PREFIX, &shown)) }
            <VitalsSection view={v.clone()} on_view={p.on_view.clone()} open_vitals={p.open_vitals} />
            <InterventionsSection view={v.clone()} on_view={p.on_view.clone()} />
            <DrugsSection view={v.clone()} on_view={p.on_view.clone()} />
        </section>
    }
}

/// The consciousness levels, in the order of the scale.
const ACVPU: [Acvpu; 5] = [
    Acvpu::Alert,
    Acvpu::Confusion,
    Acvpu::Voice,
    Acvpu::Pain,
    Acvpu::Unresponsive,
];

/// The scale's letter for a level (the same in Swedish and English).
fn acvpu_letter(a: Acvpu) -> &'static str {
    match a {
        Acvpu::Alert => "A",
        Acvpu::Confusion => "C",
        Acvpu::Voice => "V",
        Acvpu::Pain => "P",
        Acvpu::Unresponsive => "U",
    }
}

/// A pad field's label.
fn pad_label(f: PadField) -> S {
    match f {
        PadField::RespRate => S::RespRate,
        PadField::Spo2 => S::Spo2,
        PadField::Pulse => S::Pulse,
        PadField::Systolic => S::Systolic,
        PadField::Diastolic => S::Diastolic,
        PadField::Temperature => S::Temperature,
        PadField::Glucose => S::Glucose,
        PadField::GcsEye => S::GcsEye,
        PadField::GcsVerbal => S::GcsVerbal,
        PadField::GcsMotor => S::GcsMotor,
    }
}

/// Vital signs: the series with NEWS2, and a new set typed on the number pad in a sheet over
/// the screen — the pad moves from field to field by itself (the model's `pad` rules), air and
/// alert stand as the usual answers until tapped, NEWS2 counts as the values arrive, and
/// *Spara* is in the sheet's bar, never below the fold.
#[function_component(VitalsSection)]
fn vitals_section(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let draft = use_slot(PadDraft::default);
    // Opened from the timeline's shortcut, the sheet is up as the tab appears.
    let open = use_slot(|| p.open_vitals);
    let failure = use_slot(|| None::<Failure>);
    let keys: Vec<&'static str> = PadField::ORDER.iter().map(|f| f.key()).collect();
    // The patient's SpO₂ scale scores both the pad as it is typed and the series.
    let scale = p.view.record.spo2_scale.unwrap_or_default();

    let entry = if *open {
        let on_key = {
            let draft = draft.clone();
            Callback::from(move |k: char| {
                let mut d = (*draft).clone();
                d.key(k);
                draft.set(d);
            })
        };
        let close = {
            let (draft, open, failure) = (draft.clone(), open.clone(), failure.clone());
            Callback::from(move |()| {
                draft.set(PadDraft::default());
                failure.set(None);
                open.set(false);
            })
        };
        let save = {
            let (draft, failure, v, on_view, close) = (
                draft.clone(),
                failure.clone(),
                p.view.clone(),
                p.on_view.clone(),
                close.clone(),
            );
            let lang = ctx.lang;
            move |_| match draft.vitals(api::now()) {
                // The model's checks, run here in the webview, speak Swedish with keys.
                Err(errors) => failure.set(Some(Failure::invalid(errors).localized(lang))),
                Ok(vitals) => send(
                    &v,
                    EntryBody::Vitals {
                        vitals,
                        supersedes: None,
                    },
                    on_view.clone(),
                    failure.clone(),
                    Some(close.clone()),
                ),
            }
        };
        let oxygen = {
            let draft = draft.clone();
            Callback::from(move |s: Option<String>| {
                let mut d = (*draft).clone();
                // Tapping the usual answer confirms it; tapping it again keeps it.
                d.set_oxygen(s.as_deref().map_or(d.on_oxygen, |s| s == "yes"));
                draft.set(d);
            })
        };
        let acvpu = {
            let draft = draft.clone();
            Callback::from(move |s: Option<String>| {
                let mut d = (*draft).clone();
                d.set_acvpu(s.and_then(|s| parse(&s)).unwrap_or(d.acvpu));
                draft.set(d);
            })
        };
        // One field of the pad: tapping it points the pad there.
        let pad_field = |f: PadField| {
            let name = f.key();
            let full = format!("vitals.{name}");
            let id = format!("vitals-{name}");
            let active = draft.active == Some(f);
            let value = draft.value(f).to_owned();
            let onfocus = {
                let d = draft.clone();
                move |_| {
                    let mut n = (*d).clone();
                    n.focus(f);
                    d.set(n);
                }
            };
            // A hardware keyboard (or a test driver) types into the field itself.
            let oninput = {
                let d = draft.clone();
                move |e: InputEvent| {
                    let mut n = (*d).clone();
                    n.set(f, event_value(&e));
                    d.set(n);
                }
            };
            html! {
                <Field label={ctx.t(pad_label(f))} name={full.clone()} error={error_for(&failure, &full)} input={id.clone()}>
                    <input id={id} class={if active { "num active" } else { "num" }}
                           inputmode="none" autocomplete="off" {value} {onfocus} {oninput}
                           aria-invalid={invalid(&failure, &full)} aria-describedby={described_by(&failure, &full)} />
                </Field>
            }
        };
        let news2 = draft.news2(scale);
        let band = key(&news2.band);
        let usual = |set: bool| {
            (!set).then(|| html! { <span class="usual">{ ctx.t(S::UsualAnswer) }</span> })
        };
        html! {
            <div class="vitals-sheet" id="vitals-entry" role="dialog" aria-modal="true" aria-labelledby="vitals-entry-title">
                <div class="sheet-bar">
                    <button type="button" class="icon-button" id="cancel-vitals" aria-label={ctx.t(S::Cancel)}
                            onclick={ let c = close.clone(); move |_| c.emit(()) }>{ svg(Icon::Cross) }</button>
                    <h2 id="vitals-entry-title">{ ctx.t(S::NewVitals) }</h2>
                    <output id="vitals-news2" class={format!("news2-live band-{band}")} aria-live="polite"
                            data-news2={news2.total.to_string()} data-partial={(!news2.missing.is_empty()).to_string()}>
                        { format!("NEWS2 {}{}", news2.total, if news2.missing.is_empty() { "" } else { "*" }) }
                    </output>
                    <button type="button" class="primary" id="save-vitals" onclick={save}>{ ctx.t(S::Save) }</button>
                </div>
                <div class="sheet-body">
                    <div class="vitals-grid">
                        { for PadField::USUAL.iter().map(|&f| pad_field(f)) }
                    </div>
                    <div class="quick-rows">
                        <Field label={ctx.t(S::OnOxygen)} name="vitals.on_oxygen">
                            { choice(ChoiceProps { name: "on_oxygen".into(), options: yes_no(ctx.lang), selected: yes_no_key(Some(draft.on_oxygen)), on_pick: oxygen, disabled: false }) }
                            { usual(draft.oxygen_set) }
                        </Field>
                        // One row of five letters, each named in full for a screen reader; the
                        // chosen one is spelled out beside the row.
                        <Field label={ctx.t(S::Consciousness)} name="vitals.acvpu">
                            <div class="choice acvpu-row" data-choice="acvpu">
                                { for ACVPU.iter().map(|&a| {
                                    let on = draft.acvpu == a;
                                    let pick = acvpu.clone();
                                    html! {
                                        <button type="button" class={if on { "opt on" } else { "opt" }} aria-pressed={on.to_string()}
                                                data-value={key(&a)} aria-label={strings::acvpu(ctx.lang, a)}
                                                onclick={move |_| pick.emit(Some(key(&a)))}>{ acvpu_letter(a) }</button>
                                    }
                                }) }
                            </div>
                            <span class="acvpu-chosen">{ strings::acvpu(ctx.lang, draft.acvpu) }</span>
                            { usual(draft.acvpu_set) }
                        </Field>
                    </div>
                    <div class="vitals-grid extra">
                        { for PadField::ORDER.iter().filter(|f| !PadField::USUAL.contains(f)).map(|&f| pad_field(f)) }
                    </div>
                    { alert("error", general_error_in(&failure, "vitals", &keys)) }
                </div>
                // The pad stays put under the fields; only the fields scroll.
                <div class="sheet-pad">{ numpad(ctx.lang, &on_key) }</div>
            </div>
        }
    } else {
        html! {
            <button class="secondary wide" id="new-vitals" onclick={ let o = open.clone(); move |_| o.set(true) }>{ ctx.t(S::NewVitals) }</button>
        }
    };
    let scored: Vec<(&VitalSigns, News2)> = p
        .view
        .vitals
        .iter()
        .map(|v| (v, news2::score(v, scale)))
        .collect();
    html! {
        <section class="vitals" id="vitals">
            <h2 id="vitals-heading">{ ctx.t(S::VitalSigns) }</h2>
            if scored.is_empty() {
                <p class="muted">{ ctx.t(S::NoVitals) }</p>
            } else {
                // Wide on a small phone: it scrolls sideways, and a keyboard can reach it.
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="vitals-heading">
                    <table class="vitals-series" id="vitals-series">
                        <thead><tr>
                            <th>{ ctx.t(S::Time) }</th><th>{ "AF" }</th><th>{ "SpO₂" }</th><th>{ "O₂" }</th>
                            <th>{ "BT" }</th><th>{ "P" }</th><th>{ "ACVPU" }</th><th>{ "T" }</th><th>{ "NEWS2" }</th>
                        </tr></thead>
                        <tbody>
                            { for scored.iter().map(|(item, score)| vitals_row(&ctx, item, score)) }
                        </tbody>
                    </table>
                </div>
            }
            { entry }
        </section>
    }
}

fn cell(value: Option<String>, score: &News2, p: Parameter) -> Html {
    let sub = score.sub_score(p);
    let class = sub
        .map(|s| format!("score-{s}"))
        .unwrap_or_else(|| "score-none".into());
    html! {
        <td class={class} data-param={key(&p)}>
            { value.unwrap_or_else(|| "–".into()) }
            if let Some(s) = sub { <sup class="sub">{ s }</sup> }
        </td>
    }
}

fn vitals_row(ctx: &Ctx, v: &VitalSigns, score: &News2) -> Html {
    let band = key(&score.band);
    html! {
        <tr class="vitals-row">
            <td>{ v.taken_at.map(|t| t.hhmm(Zone::Sweden)).unwrap_or_default() }</td>
            { cell(v.resp_rate.map(|x| x.to_string()), score, Parameter::RespRate) }
            { cell(v.spo2.map(|x| x.to_string()), score, Parameter::Spo2) }
            { cell(v.on_oxygen.map(|o| if o { ctx.t(S::Yes).to_owned() } else { ctx.t(S::No).to_owned() }), score, Parameter::AirOrOxygen) }
            { cell(v.systolic.map(|s| match v.diastolic { Some(d) => format!("{s}/{d}"), None => s.to_string() }), score, Parameter::Systolic) }
            { cell(v.pulse.map(|x| x.to_string()), score, Parameter::Pulse) }
            { cell(v.acvpu.map(|a| strings::acvpu(ctx.lang, a).to_owned()), score, Parameter::Consciousness) }
            { cell(v.temperature.map(|t| t.sv()), score, Parameter::Temperature) }
            // The risk band in words, not only in colour or a hover title a touch screen lacks.
            <td class={format!("news2 band-{band}")} data-news2={score.total.to_string()}>
                <strong>{ score.total }</strong>
                if !score.missing.is_empty() { <span class="incomplete">{ "*" }</span> }
                <span class="visually-hidden">{ format!(" {}", strings::band(ctx.lang, score.band)) }</span>
            </td>
        </tr>
    }
}

const KINDS: [InterventionKind; 8] = [
    InterventionKind::Cpr,
    InterventionKind::Defibrillation,
    InterventionKind::AirwayAdjunct,
    InterventionKind::Oxygen,
    InterventionKind::PeripheralIv,
    InterventionKind::BleedingControl,
    InterventionKind::Positioning,
    InterventionKind::Other,
];

/// Interventions with their times.
#[function_component(InterventionsSection)]
fn interventions_section(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let kind = use_slot(|| None::<InterventionKind>);
    let detail = use_slot(String::new);
    let failure = use_slot(|| None::<Failure>);
    let add = {
        let (kind, detail, failure, v, on_view) = (
            kind.clone(),
            detail.clone(),
            failure.clone(),
            p.view.clone(),
            p.on_view.clone(),
        );
        let lang = ctx.lang;
        move |_| {
            let Some(k) = *kind else {
                let required = FieldError::new(
                    "intervention.kind",
                    ErrorCode::Required,
                    samverka_model::msg::REQUIRED,
                );
                failure.set(Some(Failure::invalid(vec![required]).localized(lang)));
                return;
            };
            let intervention = Intervention {
                at: api::now(),
                kind: k,
                detail: (*detail).trim().to_owned(),
            };
            let (kind, detail) = (kind.clone(), detail.clone());
            let done = Callback::from(move |()| {
                kind.set(None);
                detail.set(String::new());
            });
            send(
                &v,
                EntryBody::Intervention {
                    intervention,
                    supersedes: None,
                },
                on_view.clone(),
                failure.clone(),
                Some(done),
            );
        }
    };
    let pick = {
        let kind = kind.clone();
        Callback::from(move |s: Option<String>| kind.set(s.and_then(|s| parse(&s))))
    };
    let on_detail = {
        let d = detail.clone();
        move |e: InputEvent| d.set(event_value(&e))
    };
    let items = &p.view.interventions;
    html! {
        <section id="interventions">
            <h2>{ ctx.t(S::Interventions) }</h2>
            if items.is_empty() { <p class="muted">{ ctx.t(S::NoneYet) }</p> }
            <ul class="items">
                { for items.iter().map(|i| html! {
                    <li class="item"><span class="time">{ i.at.hhmm(Zone::Sweden) }</span>
                        { format!("{} {}", strings::intervention(ctx.lang, &i.kind), i.detail) }</li>
                }) }
            </ul>
            <Field label={ctx.t(S::Interventions)} name="intervention.kind" error={error_for(&failure, "intervention.kind")}>
                { choice(ChoiceProps { name: "intervention_kind".into(), options: KINDS.iter().map(|k| Opt { value: key(k), label: strings::intervention(ctx.lang, k).into() }).collect::<Vec<_>>(), selected: kind.as_ref().map(key), on_pick: pick, disabled: false }) }
            </Field>
            <Field label={ctx.t(S::Detail)} name="intervention.detail" error={error_for(&failure, "intervention.detail")} input="intervention-detail">
                <input id="intervention-detail" value={(*detail).clone()} oninput={on_detail}
                       aria-invalid={invalid(&failure, "intervention.detail")} aria-describedby={described_by(&failure, "intervention.detail")} />
            </Field>
            { alert("error", general_error(&failure, &["intervention.kind", "intervention.detail"])) }
            <button class="secondary wide" id="add-intervention" onclick={add}>{ ctx.t(S::Add) }</button>
        </section>
    }
}

const ROUTES: [Route; 9] = [
    Route::Iv,
    Route::Im,
    Route::Sc,
    Route::Oral,
    Route::Sublingual,
    Route::Inhalation,
    Route::Nasal,
    Route::Rectal,
    Route::Io,
];

/// Drugs given, with their times.
#[function_component(DrugsSection)]
fn drugs_section(p: &TabProps) -> Html {
    let ctx = use_ctx();
    let drug = use_slot(String::new);
    let dose = use_slot(String::new);
    let route = use_slot(|| None::<Route>);
    let failure = use_slot(|| None::<Failure>);
    let add = {
        let (drug, dose, route, failure, v, on_view) = (
            drug.clone(),
            dose.clone(),
            route.clone(),
            failure.clone(),
            p.view.clone(),
            p.on_view.clone(),
        );
        let lang = ctx.lang;
        move |_| {
            let Some(r) = *route else {
                let required = FieldError::new(
                    "drug.route",
                    ErrorCode::Required,
                    samverka_model::msg::REQUIRED,
                );
                failure.set(Some(Failure::invalid(vec![required]).localized(lang)));
                return;
            };
            let given = DrugGiven {
                at: api::now(),
                drug: (*drug).trim().to_owned(),
                dose: (*dose).trim().to_owned(),
                route: r,
            };
            let (drug, dose, route) = (drug.clone(), dose.clone(), route.clone());
            let done = Callback::from(move |()| {
                drug.set(String::new());
                dose.set(String::new());
                route.set(None);
            });
            send(
                &v,
                EntryBody::Drug {
                    drug: given,
                    supersedes: None,
                },
                on_view.clone(),
                failure.clone(),
                Some(done),
            );
        }
    };
    let on_drug = {
        let d = drug.clone();
        move |e: InputEvent| d.set(event_value(&e))
    };
    let on_dose = {
        let d = dose.clone();
        move |e: InputEvent| d.set(event_value(&e))
    };
    let pick = {
        let r = route.clone();
        Callback::from(move |s: Option<String>| r.set(s.and_then(|s| parse(&s))))
    };
    let items = &p.view.drugs;
    html! {
        <section id="drugs">
            <h2>{ ctx.t(S::Drugs) }</h2>
            if items.is_empty() { <p class="muted">{ ctx.t(S::NoneYet) }</p> }
            <ul class="items">
                { for items.iter().map(|d| html! {
                    <li class="item"><span class="time">{ d.at.hhmm(Zone::Sweden) }</span>
                        { format!("{} {} {}", d.drug, d.dose, strings::route(ctx.lang, d.route)) }</li>
                }) }
            </ul>
            <div class="row two">
                <Field label={ctx.t(S::Drug)} name="drug.drug" error={error_for(&failure, "drug.drug")} input="drug-name">
                    <input id="drug-name" value={(*drug).clone()} oninput={on_drug}
                           aria-invalid={invalid(&failure, "drug.drug")} aria-describedby={described_by(&failure, "drug.drug")} />
                </Field>
                <Field label={ctx.t(S::Dose)} name="drug.dose" error={error_for(&failure, "drug.dose")} input="drug-dose">
                    <input id="drug-dose" value={(*dose).clone()} oninput={on_dose}
                           aria-invalid={invalid(&failure, "drug.dose")} aria-describedby={described_by(&failure, "drug.dose")} />
                </Field>
            </div>
            <Field label={ctx.t(S::RouteLabel)} name="drug.route" error={error_for(&failure, "drug.route")}>
                { choice(ChoiceProps { name: "route".into(), options: opts(&ROUTES, |r| strings::route(ctx.lang, r)), selected: route.map(|r| key(&r)), on_pick: pick, disabled: false }) }
            </Field>
            { alert("error", general_error(&failure, &["drug.drug", "drug.dose", "drug.route"])) }
            <button class="secondary wide" id="add-drug" onclick={add}>{ ctx.t(S::Add) }</button>
        </section>
    }
}
