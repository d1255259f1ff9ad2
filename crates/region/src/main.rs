//! `samverka-region`: the regional backend's command line.

fn main() -> std::process::ExitCode {
    samverka_region::cli::main()
}
