//! The region's real command line, as a binary of the test package.
fn main() -> std::process::ExitCode {
    samverka_region::cli::main()
}
