//! One job: its header and four tabs (times, record, SBAR, statistics form).

use crate::api;
use crate::app::{Place, use_ctx};
use crate::components::field::alert;
use crate::components::icon::{Icon, svg};
use crate::components::top_bar::top_bar;
use crate::hooks::{use_effect_on, use_slot};
use crate::pages::{
    form::FormTab, more::MoreTab, record::RecordTab, sbar::SbarTab, timeline::TimelineTab,
};
use crate::strings::{self, S};
use samverka_model::JobId;
use samverka_model::app::Failure;
use samverka_model::page;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// A job's page as the screen and its tabs share it: one allocation, cloned by reference. Two
/// are equal when they are the same answer from the shell (each tap's answer is a new page), so
/// Yew compares the tabs' props, and effects their dependencies, without walking the page nor
/// carrying a deep comparison of it in the wasm.
#[derive(Debug, Clone)]
pub struct View(Rc<page::JobPage>);

impl View {
    /// Wraps the shell's answer.
    pub fn new(page: page::JobPage) -> Self {
        Self(Rc::new(page))
    }
}

impl PartialEq for View {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for View {
    type Target = page::JobPage;

    fn deref(&self) -> &page::JobPage {
        &self.0
    }
}

/// The job's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The timeline.
    Times,
    /// The emergency record.
    Record,
    /// SBAR.
    Sbar,
    /// The statistics form.
    Form,
    /// Who holds the job, handing it on, the export.
    More,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Times, Tab::Record, Tab::Sbar, Tab::Form, Tab::More];

    fn id(self) -> &'static str {
        match self {
            Tab::Times => "tab-times",
            Tab::Record => "tab-record",
            Tab::Sbar => "tab-sbar",
            Tab::Form => "tab-form",
            Tab::More => "tab-more",
        }
    }

    fn label(self) -> S {
        match self {
            Tab::Times => S::TabTimeline,
            Tab::Record => S::TabRecord,
            Tab::Sbar => S::TabSbar,
            Tab::Form => S::TabForm,
            Tab::More => S::TabMore,
        }
    }
}

/// Props.
#[derive(Properties, PartialEq)]
pub struct JobProps {
    /// The job.
    pub id: JobId,
    /// Go somewhere.
    pub navigate: Callback<Place>,
}

/// Props every tab gets: the job as it stands and a way to replace it after a tap.
#[derive(Properties, PartialEq)]
pub struct TabProps {
    /// The job, as its screen shows it.
    pub view: View,
    /// The job after a successful tap.
    pub on_view: Callback<page::JobPage>,
    /// The record tab: open with a new vital-sign set being typed (the timeline's shortcut).
    #[prop_or_default]
    pub open_vitals: bool,
    /// The timeline: start a new vital-sign set.
    #[prop_or_default]
    pub on_new_vitals: Option<Callback<()>>,
}

/// The job screen.
#[function_component(JobPage)]
pub fn job_page(p: &JobProps) -> Html {
    let ctx = use_ctx();
    let view = use_slot(|| None::<View>);
    let failure = use_slot(|| None::<Failure>);
    let tab = use_slot(|| Tab::Times);
    // Set by the timeline's "Ny mätning", cleared by the tab bar: the record tab opens with the
    // pad up only when the nurse came for it.
    let start_vitals = use_slot(|| false);

    // Reload when a sync may have brought another nurse's entries for this job.
    let sync_key = (p.id, ctx.sync.last_synced_at, ctx.unlocks);
    {
        let (view, failure) = (view.clone(), failure.clone());
        use_effect_on(sync_key, move |(id, _, _)| {
            let id = *id;
            spawn_local(async move {
                match api::job(id).await {
                    Ok(v) => {
                        failure.set(None);
                        view.set(Some(View::new(v)));
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        });
    }
    let on_back = {
        let navigate = p.navigate.clone();
        Callback::from(move |()| navigate.emit(Place::Home))
    };
    let Some(v) = (*view).clone() else {
        return html! {
            <main class="screen">
                { top_bar(&ctx, ctx.t(S::Loading).into(), Some(on_back), Html::default()) }
                { alert("error", failure.as_ref().map(|f| f.message.clone())) }
            </main>
        };
    };
    let on_view = {
        let view = view.clone();
        Callback::from(move |v: page::JobPage| view.set(Some(View::new(v))))
    };
    let title = v
        .job_type
        .map(|t| strings::job_type_short(ctx.lang, t))
        .unwrap_or("?");
    let new_vitals = {
        let (tab, start_vitals) = (tab.clone(), start_vitals.clone());
        Callback::from(move |()| {
            start_vitals.set(true);
            tab.set(Tab::Record);
        })
    };
    let body = match *tab {
        Tab::Times => html! {
            <TimelineTab view={v.clone()} on_view={on_view.clone()} on_new_vitals={new_vitals} />
        },
        Tab::Record => html! {
            <RecordTab view={v.clone()} on_view={on_view.clone()} open_vitals={*start_vitals} />
        },
        Tab::Sbar => html! { <SbarTab view={v.clone()} on_view={on_view.clone()} /> },
        Tab::Form => html! { <FormTab view={v.clone()} on_view={on_view.clone()} /> },
        Tab::More => html! { <MoreTab view={v.clone()} on_view={on_view.clone()} /> },
    };
    html! {
        <main class={if v.practice { "screen job practice" } else { "screen job" }} id="job"
              data-job={v.id.to_string()} data-status={crate::components::choice::key(&v.status)}>
            { top_bar(&ctx, title.into(), Some(on_back), html! {
                <button id="open-guides" class="icon-button" aria-label={ctx.t(S::Guides)}
                        onclick={
                            let navigate = p.navigate.clone();
                            move |_| navigate.emit(Place::Guides)
                        }>{ svg(Icon::Guides) }</button>
            }) }
            if v.practice { <div class="practice-stripe">{ ctx.t(S::Practice) }</div> }
            <p class="job-status">{ strings::status(ctx.lang, v.status) }</p>
            <div class="job-body">{ body }</div>
            <nav class="tabs" role="tablist">
                { for Tab::ALL.iter().map(|&t| {
                    let (tab, start_vitals) = (tab.clone(), start_vitals.clone());
                    let on = *tab == t;
                    html! {
                        <button id={t.id()} role="tab" aria-selected={on.to_string()}
                                class={if on { "tab on" } else { "tab" }}
                                onclick={move |_| { start_vitals.set(false); tab.set(t) }}>{ ctx.t(t.label()) }</button>
                    }
                }) }
            </nav>
        </main>
    }
}
