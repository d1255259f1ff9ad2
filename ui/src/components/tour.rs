//! The guided tour a coach walks a new nurse through on a practice job: one bubble per part of
//! the app she must be shown, pointing at it (the part gets the `data-tour-target` outline: an
//! attribute Yew does not manage, so a re-render of the part keeps it, unlike a class).

use crate::app::{Ctx, Place};
use crate::strings::S;
use samverka_model::JobId;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// One stop of the tour: where, what to tap open first, what to outline, what to say.
pub struct Stop {
    /// The place to be at.
    pub place: fn(JobId) -> Place,
    /// A tab to open (a job's tab button), if any.
    pub open: Option<&'static str>,
    /// What to outline.
    pub target: &'static str,
    /// What to say.
    pub text: S,
}

/// The tour, in the order the coach shows things (the training plan's list).
pub const STOPS: [Stop; 5] = [
    Stop {
        place: Place::Job,
        open: Some("#tab-form"),
        target: "#tab-form",
        text: S::TourForm,
    },
    Stop {
        place: Place::Job,
        open: Some("#tab-sbar"),
        target: "#tab-sbar",
        text: S::TourSbar,
    },
    Stop {
        place: Place::Job,
        open: Some("#tab-record"),
        target: "#tab-record",
        text: S::TourRecord,
    },
    Stop {
        place: |_| Place::Guides,
        open: None,
        target: "#guides",
        text: S::TourGuides,
    },
    Stop {
        place: |_| Place::Contacts,
        open: None,
        target: "#contacts",
        text: S::TourContacts,
    },
];

/// Opens the stop's tab and outlines its target, after the place has been drawn.
pub fn point_at(stop: &Stop) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(old) = doc.query_selector_all(".tour-target") {
        for i in 0..old.length() {
            if let Some(el) = old
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().remove_1("tour-target");
            }
        }
    }
    if let Some(sel) = stop.open
        && let Ok(Some(el)) = doc.query_selector(sel)
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        el.click();
    }
    if let Ok(Some(el)) = doc.query_selector(stop.target) {
        let _ = el.set_attribute("data-tour-target", "");
    }
}

/// The bubble at stop `step`, with its button to `on_next` (or the end after the last). A
/// function of the app's context, not a component: it holds no state.
pub fn tour_bubble(ctx: &Ctx, step: usize, on_next: Callback<()>) -> Html {
    let Some(stop) = STOPS.get(step) else {
        return html! {};
    };
    let last = step + 1 == STOPS.len();
    let next = move |_| on_next.emit(());
    html! {
        <aside class="tour" id="tour" data-step={step.to_string()} role="dialog" aria-live="polite">
            <p class="muted small">{ format!("{} {}/{}", ctx.t(S::TourTitle), step + 1, STOPS.len()) }</p>
            <p>{ ctx.t(stop.text) }</p>
            <button class="primary" id="tour-next" onclick={next}>{ ctx.t(if last { S::TourDone } else { S::TourNext }) }</button>
        </aside>
    }
}
