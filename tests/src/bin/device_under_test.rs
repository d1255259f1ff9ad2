//! The device's real command line (`samverka_device::cli`), as a binary of the test package.
fn main() -> std::process::ExitCode {
    samverka_device::cli::main()
}
