//! The app's icons, drawn for Samverka as inline SVG (24×24, stroked in the text colour, so
//! both themes and the high-contrast colours apply). No icon font and no emoji: a phone without
//! an emoji font would show an empty box where the guideline button should be. The icon itself
//! is hidden from screen readers; the button around it carries the name (`aria-label`).

use yew::prelude::*;

/// The icons the app uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    /// Back (a chevron pointing left).
    Back,
    /// The guidelines (an open book).
    Guides,
    /// The contacts (a telephone handset).
    Contacts,
    /// Settings (a cog).
    Settings,
    /// Right, done (a tick).
    Check,
    /// Wrong (a cross).
    Cross,
    /// Delete the last digit (the backspace key).
    Backspace,
}

/// `icon` as an inline SVG, hidden from assistive technology.
pub fn svg(icon: Icon) -> Html {
    let paths = match icon {
        Icon::Back => html! { <path d="M15 4.5 7.5 12l7.5 7.5" /> },
        Icon::Guides => html! {
            <>
                <path d="M12 6.5C10 5 7.5 4.5 3.5 4.5v14c4 0 6.5.5 8.5 2 2-1.5 4.5-2 8.5-2v-14c-4 0-6.5.5-8.5 2z" />
                <path d="M12 6.5v14" />
            </>
        },
        Icon::Contacts => html! {
            <path d="M5 3.5h3.5l1.5 4.5-2.2 1.4a11 11 0 0 0 6.8 6.8l1.4-2.2 4.5 1.5V19a1.8 1.8 0 0 1-2 1.8C10.3 20.2 3.8 13.7 3.2 5.5A1.8 1.8 0 0 1 5 3.5z" />
        },
        Icon::Settings => html! {
            <>
                <circle cx="12" cy="12" r="3" />
                <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
                <circle cx="12" cy="12" r="6.5" />
            </>
        },
        Icon::Check => html! { <path d="M4.5 12.5 9.5 17.5 19.5 6.5" /> },
        Icon::Cross => html! { <path d="M6 6l12 12M18 6 6 18" /> },
        Icon::Backspace => html! {
            <>
                <path d="M8.5 5H20.5v14H8.5L2.5 12z" />
                <path d="M11.5 9l6 6M17.5 9l-6 6" />
            </>
        },
    };
    html! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"
             focusable="false" fill="none" stroke="currentColor" stroke-width="2"
             stroke-linecap="round" stroke-linejoin="round">
            { paths }
        </svg>
    }
}
