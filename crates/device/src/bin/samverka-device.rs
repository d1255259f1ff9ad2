//! `samverka-device`: the device core from a terminal (`samverka_device::cli`).
fn main() -> std::process::ExitCode {
    samverka_device::cli::main()
}
