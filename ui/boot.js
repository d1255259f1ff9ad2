// Loads the Yew app. A separate file (not an inline script) so the page's CSP can forbid
// inline scripts.
import init from './samverka_ui.js';
init();
