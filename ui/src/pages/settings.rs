//! Settings: enrolment with the region, language, theme and what kind of nurse this is.

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::choice::{ChoiceProps, Opt, choice, key, parse};
use crate::components::field::{
    Field, described_by, error_for, event_value, general_error, invalid,
};
use crate::components::top_bar::top_bar;
use crate::hooks::use_slot;
use crate::strings::{self, S};
use samverka_model::PerformerKind;
use samverka_model::app::{AppInfo, Failure};
use samverka_model::settings::{Language, Settings, Theme};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// Go somewhere.
    pub navigate: Callback<Place>,
    /// The shell's new answer after enrolment or a saved setting.
    pub on_info: Callback<AppInfo>,
}

/// The settings screen.
#[function_component(SettingsPage)]
pub fn settings_page(p: &SettingsProps) -> Html {
    let ctx = use_ctx();
    let url = use_slot(|| {
        ctx.info
            .enrolled
            .as_ref()
            .map(|e| e.region_url.clone())
            .unwrap_or_default()
    });
    let code = use_slot(String::new);
    let pin = use_slot(String::new);
    let pin_repeat = use_slot(String::new);
    let failure = use_slot(|| None::<Failure>);
    let busy = use_slot(|| false);

    let enroll = {
        let (url, code, pin, pin_repeat, failure, busy, on_info) = (
            url.clone(),
            code.clone(),
            pin.clone(),
            pin_repeat.clone(),
            failure.clone(),
            busy.clone(),
            p.on_info.clone(),
        );
        move |e: SubmitEvent| {
            e.prevent_default();
            let (u, c, n, r) = (
                (*url).clone(),
                (*code).clone(),
                (*pin).clone(),
                (*pin_repeat).clone(),
            );
            let (failure, busy, on_info, code, pin, pin_repeat) = (
                failure.clone(),
                busy.clone(),
                on_info.clone(),
                code.clone(),
                pin.clone(),
                pin_repeat.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match api::enroll(&u, &c, &n, &r).await {
                    Ok(info) => {
                        failure.set(None);
                        code.set(String::new());
                        pin.set(String::new());
                        pin_repeat.set(String::new());
                        on_info.emit(info);
                    }
                    // The typed address and code stay in their fields to be corrected.
                    Err(f) => failure.set(Some(f)),
                }
                busy.set(false);
            });
        }
    };
    let save = {
        let (info, on_info, failure) = (ctx.info.clone(), p.on_info.clone(), failure.clone());
        Callback::from(move |s: Settings| {
            let (mut info, on_info, failure) = (info.clone(), on_info.clone(), failure.clone());
            spawn_local(async move {
                match api::save_settings(&s).await {
                    Ok(saved) => {
                        info.settings = saved;
                        on_info.emit(info);
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let current = ctx.info.settings.clone();
    let on_lang = {
        let (save, s) = (save.clone(), current.clone());
        Callback::from(move |v: Option<String>| {
            if let Some(language) = v.and_then(|v| parse::<Language>(&v)) {
                save.emit(Settings {
                    language,
                    ..s.clone()
                })
            }
        })
    };
    let on_theme = {
        let (save, s) = (save.clone(), current.clone());
        Callback::from(move |v: Option<String>| {
            if let Some(theme) = v.and_then(|v| parse::<Theme>(&v)) {
                save.emit(Settings { theme, ..s.clone() })
            }
        })
    };
    let on_performer = {
        let (save, s) = (save.clone(), current.clone());
        Callback::from(move |v: Option<String>| {
            if let Some(performer) = v.and_then(|v| parse::<PerformerKind>(&v)) {
                save.emit(Settings {
                    performer,
                    ..s.clone()
                })
            }
        })
    };
    let on_back = {
        let navigate = p.navigate.clone();
        Callback::from(move |()| navigate.emit(Place::Home))
    };
    let opt = |value: &str, label: &str| Opt {
        value: value.into(),
        label: label.into(),
    };
    html! {
        <main class="screen" id="settings">
            { top_bar(&ctx, ctx.t(S::Settings).into(), Some(on_back), Html::default()) }
            <section class="card">
                <h2>{ ctx.t(S::RegionTitle) }</h2>
                if let Some(e) = &ctx.info.enrolled {
                    <dl class="facts" id="enrolled-as">
                        <dt>{ ctx.t(S::EnrolledAs) }</dt><dd>{ e.region_url.clone() }</dd>
                        <dt>{ ctx.t(S::Unit) }</dt><dd>{ e.unit.as_str().to_owned() }</dd>
                        <dt>{ ctx.t(S::User) }</dt><dd>{ e.user.as_str().to_owned() }</dd>
                    </dl>
                }
                // Our own checks next to the field, in the nurse's language, instead of the browser's bubbles.
                <form onsubmit={enroll} novalidate=true>
                    <Field label={ctx.t(S::RegionUrl)} name="region_url" error={error_for(&failure, "region_url")} input="region-url">
                        <input id="region-url" type="url" inputmode="url" autocomplete="off" placeholder="https://"
                               aria-invalid={invalid(&failure, "region_url")} aria-describedby={described_by(&failure, "region_url")}
                               value={(*url).clone()} oninput={ let u = url.clone(); move |e: InputEvent| u.set(event_value(&e)) } />
                    </Field>
                    <Field label={ctx.t(S::EnrollmentCode)} name="code" error={error_for(&failure, "code")} input="enroll-code">
                        <input id="enroll-code" autocomplete="off" autocapitalize="characters"
                               aria-invalid={invalid(&failure, "code")} aria-describedby={described_by(&failure, "code")}
                               value={(*code).clone()} oninput={ let c = code.clone(); move |e: InputEvent| c.set(event_value(&e)) } />
                    </Field>
                    <Field label={ctx.t(S::PinChoose)} name="pin" error={error_for(&failure, "pin")} input="enroll-pin">
                        <input id="enroll-pin" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12"
                               aria-invalid={invalid(&failure, "pin")} aria-describedby={described_by(&failure, "pin")}
                               value={(*pin).clone()} oninput={ let c = pin.clone(); move |e: InputEvent| c.set(event_value(&e)) } />
                    </Field>
                    <Field label={ctx.t(S::PinRepeat)} name="pin_repeat" error={error_for(&failure, "pin_repeat")} input="enroll-pin-repeat">
                        <input id="enroll-pin-repeat" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12"
                               aria-invalid={invalid(&failure, "pin_repeat")} aria-describedby={described_by(&failure, "pin_repeat")}
                               value={(*pin_repeat).clone()} oninput={ let c = pin_repeat.clone(); move |e: InputEvent| c.set(event_value(&e)) } />
                    </Field>
                    <p class="muted small">{ ctx.t(S::PinHint) }</p>
                    if let Some(e) = general_error(&failure, &["region_url", "code", "pin", "pin_repeat"]) { <p class="error" role="alert" id="enroll-error">{ e }</p> }
                    <button class="primary wide" id="enroll" type="submit" disabled={*busy}>{ ctx.t(S::Enroll) }</button>
                </form>
            </section>
            <section class="card">
                <Field label={ctx.t(S::LanguageLabel)} name="language">
                    { choice(ChoiceProps { name: "language".into(), options: vec![opt("sv", "Svenska"), opt("en", "English")], selected: Some(key(&current.language)), on_pick: on_lang, disabled: false }) }
                </Field>
                <Field label={ctx.t(S::ThemeLabel)} name="theme">
                    { choice(ChoiceProps { name: "theme".into(), options: vec![opt("system", ctx.t(S::ThemeSystem)), opt("light", ctx.t(S::ThemeLight)), opt("dark", ctx.t(S::ThemeDark))], selected: Some(key(&current.theme)), on_pick: on_theme, disabled: false }) }
                </Field>
                <Field label={ctx.t(S::PerformerSetting)} name="performer">
                    { choice(ChoiceProps { name: "performer_setting".into(), options: vec![
                        opt("municipal", strings::performer(ctx.lang, PerformerKind::Municipal)),
                        opt("ambulance", strings::performer(ctx.lang, PerformerKind::Ambulance))], selected: Some(key(&current.performer)), on_pick: on_performer, disabled: false }) }
                </Field>
            </section>
            <p class="muted small">{ format!("{} {} · {}", ctx.t(S::Version), ctx.info.version, ctx.info.device) }</p>
        </main>
    }
}
