//! The root: loads what the first screen needs, follows the sync state, applies the theme, and
//! switches between the places of the app.

use crate::api;
use crate::components::lock_screen::LockScreen;
use crate::components::tour::tour_bubble;
use crate::hooks::{use_effect_on, use_slot};
use crate::pages::{
    coach::CoachCorner, contacts::Contacts, document::Document, guides::Guides, home::Home,
    job::JobPage, quiz::QuizPage, settings::SettingsPage,
};
use crate::strings::{S, tr};
use samverka_model::JobId;
use samverka_model::app::{AppInfo, SyncStatus};
use samverka_model::content::Audience;
use samverka_model::lock::LockState;
use samverka_model::settings::{Language, Settings, Theme};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Where the nurse is.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// The on-call home.
    Home,
    /// One job.
    Job(JobId),
    /// Settings.
    Settings,
    /// The guideline browser and search.
    Guides,
    /// One guideline chapter or quick reference.
    Document(String),
    /// The contact list.
    Contacts,
    /// The coaches' corner.
    Coach,
    /// The quality test.
    Quiz,
}

/// What every component may read: the language, the enrolment and the sync state.
#[derive(Debug, Clone, PartialEq)]
pub struct Ctx {
    /// The UI language.
    pub lang: Language,
    /// The shell's answer at start (and after enrolment or a settings change).
    pub info: AppInfo,
    /// Sync state, live.
    pub sync: SyncStatus,
    /// How many times the app was unlocked: pages that read patient data reload on a change,
    /// since what they asked for while locked was refused.
    pub unlocks: u32,
}

impl Ctx {
    /// A UI text in the nurse's language.
    pub fn t(&self, s: S) -> &'static str {
        tr(self.lang, s)
    }
}

/// The context, for components below the root.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().unwrap_or_else(|| Ctx {
        lang: Language::Sv,
        info: AppInfo {
            device: samverka_model::DeviceId(Default::default()),
            enrolled: None,
            settings: Settings::default(),
            sync: SyncStatus::default(),
            version: String::new(),
        },
        sync: SyncStatus::default(),
        unlocks: 0,
    })
}

fn apply_theme(theme: Theme, lang: Language) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let value = match theme {
        Theme::System => "system",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let _ = root.set_attribute("data-theme", value);
    let _ = root.set_attribute("lang", if lang == Language::En { "en" } else { "sv" });
}

/// The app.
#[function_component(App)]
pub fn app() -> Html {
    let info = use_slot(|| None::<AppInfo>);
    let sync = use_slot(|| None::<SyncStatus>);
    let place = use_slot(|| Place::Home);
    // Where "back" goes from the content screens, which can be opened from home or a job.
    let trail = use_slot(Vec::<Place>::new);
    let audience = use_slot(|| Audience::Adult);
    // The guided tour: its practice job and the stop shown.
    let tour = use_slot(|| None::<(JobId, usize)>);
    {
        let place = place.clone();
        use_effect_on(((*tour), (*place).clone()), move |(tour, at)| {
            if let Some((job, step)) = *tour
                && let Some(stop) = crate::components::tour::STOPS.get(step)
            {
                let want = (stop.place)(job);
                if *at != want {
                    place.set(want);
                } else {
                    // The page draws its parts after loading: point a few times as it settles.
                    for ms in [0, 250, 750, 1500] {
                        let f = wasm_bindgen::closure::Closure::once_into_js(move || {
                            if let Some(stop) = crate::components::tour::STOPS.get(step) {
                                crate::components::tour::point_at(stop);
                            }
                        });
                        if let Some(w) = web_sys::window() {
                            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                                wasm_bindgen::JsCast::unchecked_ref(&f),
                                ms,
                            );
                        }
                    }
                }
            }
        });
    }
    let failure = use_slot(|| None::<String>);
    let lock = use_slot(|| None::<LockState>);
    let unlocks = use_slot(|| 0u32);
    // The idle watcher outlives renders: it reads the lock through this mirror.
    let lock_mirror = use_mut_ref(|| None::<LockState>);
    *lock_mirror.borrow_mut() = (*lock).clone();
    let on_lock = {
        let lock = lock.clone();
        Callback::from(move |l: LockState| lock.set(Some(l)))
    };

    {
        let (info, sync, failure, on_lock) =
            (info.clone(), sync.clone(), failure.clone(), on_lock.clone());
        let mirror = lock_mirror.clone();
        use_effect_on((), move |_| {
            crate::idle::watch(mirror, on_lock.clone());
            spawn_local(async move {
                match api::lock_state().await {
                    Ok(l) => on_lock.emit(l),
                    Err(f) => failure.set(Some(f.message)),
                }
                match api::app_info().await {
                    Ok(i) => {
                        sync.set(Some(i.sync.clone()));
                        info.set(Some(i));
                    }
                    Err(f) => failure.set(Some(f.message)),
                }
                let live = sync.clone();
                if let Err(f) = api::on_sync_state(Callback::from(move |s| live.set(Some(s)))).await
                {
                    failure.set(Some(f.message));
                }
                // The shell locks by itself when the app goes to the background.
                if let Err(f) = api::on_lock_state(on_lock).await {
                    failure.set(Some(f.message));
                }
            });
        });
    }

    let settings = info
        .as_ref()
        .map(|i| i.settings.clone())
        .unwrap_or_default();
    use_effect_on(settings.clone(), |s| {
        apply_theme(s.theme, s.language);
        api::set_language(s.language);
    });

    // The first interactive screen is drawn once the shell answered: tell it (start-up timing).
    use_effect_on(info.is_some(), |loaded| {
        if *loaded {
            spawn_local(async {
                let _ = api::ui_ready().await;
            });
        }
    });

    let Some(current) = (*info).clone() else {
        return html! {
            <main class="screen center">
                if let Some(msg) = (*failure).clone() {
                    <p class="error" role="alert">{ msg }</p>
                } else {
                    <p>{ crate::strings::LOADING }</p>
                }
            </main>
        };
    };
    let ctx = Ctx {
        lang: current.settings.language,
        sync: (*sync).clone().unwrap_or_else(|| current.sync.clone()),
        info: current,
        unlocks: *unlocks,
    };
    let navigate = {
        let (place, trail) = (place.clone(), trail.clone());
        Callback::from(move |p: Place| {
            let mut t = (*trail).clone();
            if p == Place::Home {
                t.clear();
            } else {
                t.push((*place).clone());
            }
            trail.set(t);
            place.set(p);
        })
    };
    let back = {
        let (place, trail) = (place.clone(), trail.clone());
        Callback::from(move |()| {
            let mut t = (*trail).clone();
            place.set(t.pop().unwrap_or(Place::Home));
            trail.set(t);
        })
    };
    let on_audience = {
        let audience = audience.clone();
        Callback::from(move |a: Audience| audience.set(a))
    };
    let on_info = {
        let (info, on_lock) = (info.clone(), on_lock.clone());
        Callback::from(move |i: AppInfo| {
            info.set(Some(i));
            // Enrolment sets the PIN: the lock starts to count from here.
            let on_lock = on_lock.clone();
            spawn_local(async move {
                if let Ok(l) = api::lock_state().await {
                    on_lock.emit(l);
                }
            });
        })
    };
    let on_unlocked = {
        let (on_lock, unlocks) = (on_lock.clone(), unlocks.clone());
        Callback::from(move |()| {
            unlocks.update(|n| n + 1);
            let on_lock = on_lock.clone();
            spawn_local(async move {
                if let Ok(l) = api::lock_state().await {
                    on_lock.emit(l);
                }
            });
        })
    };
    let locked = lock.as_ref().filter(|l| l.locked);
    let page = match (*place).clone() {
        Place::Home => html! { <Home navigate={navigate.clone()} /> },
        Place::Job(id) => html! { <JobPage {id} navigate={navigate.clone()} /> },
        Place::Settings => html! { <SettingsPage navigate={navigate.clone()} {on_info} /> },
        Place::Guides => html! {
            <Guides navigate={navigate.clone()} back={back.clone()}
                    audience={*audience} {on_audience} />
        },
        Place::Document(id) => html! {
            <Document id={AttrValue::from(id)} navigate={navigate.clone()} back={back.clone()} />
        },
        Place::Contacts => html! { <Contacts back={back.clone()} /> },
        Place::Coach => {
            let on_tour = {
                let tour = tour.clone();
                Callback::from(move |job: JobId| tour.set(Some((job, 0))))
            };
            html! { <CoachCorner navigate={navigate.clone()} back={back.clone()} {on_tour} /> }
        }
        Place::Quiz => html! { <QuizPage navigate={navigate.clone()} back={back.clone()} /> },
    };
    let on_tour_next = {
        let (tour, place) = (tour.clone(), place.clone());
        Callback::from(move |()| match *tour {
            Some((job, step)) if step + 1 < crate::components::tour::STOPS.len() => {
                tour.set(Some((job, step + 1)))
            }
            _ => {
                tour.set(None);
                place.set(Place::Coach);
            }
        })
    };
    html! {
        <ContextProvider<Ctx> context={ctx.clone()}>
            <div id="app" data-ready="true" data-locked={locked.is_some().to_string()}>
                <div class="page" inert={locked.is_some()}>{ page }</div>
                if let Some((_, step)) = *tour {
                    { tour_bubble(&ctx, step, on_tour_next) }
                }
                if let Some(l) = locked {
                    <LockScreen wait_ms={l.wait_ms} {on_unlocked} />
                }
            </div>
        </ContextProvider<Ctx>>
    }
}
