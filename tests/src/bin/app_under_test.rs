//! The app as the end-to-end tests start it: the shell's real `run`, built into this package so
//! the tests find the binary next to their own.

fn main() {
    samverka_app::run();
}
