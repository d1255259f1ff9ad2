import init from './samverka_empty_ui.js';
init();
