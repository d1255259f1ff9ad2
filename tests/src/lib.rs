//! Harness for Samverka's cross-crate tests. Everything it starts listens on loopback only and
//! is stopped when its handle drops.
//!
//! - [`postgres`]: a throwaway PostgreSQL cluster in a temp dir (Debian's `postgresql`).
//! - [`region`]: the region binary as a child process, killable and restartable.
//! - [`proxy`]: a TCP proxy that injects faults between phones and the region.
//! - [`haproxy`]: HAProxy from `deploy/haproxy.cfg` in front of several region nodes.
//! - [`prometheus`]: a reader of Prometheus's text format, for `/metrics`.
//! - [`relay`]: a movable address for a database that fails over.
//! - [`phone`]: a device store with a sync client, writing realistic taps.
//! - [`keystore`]: a private session bus with GNOME Keyring, the app's database-key store.
//! - [`app`]: the real app under Xvfb, driven through tauri-driver and WebKitWebDriver.
//! - [`axe`]: axe-core run in a page the tests drive.
//! - [`bench`]: the summary line every benchmark prints for `make bench`.

pub mod app;
pub mod axe;
pub mod bench;
pub mod haproxy;
pub mod keystore;
pub mod phone;
pub mod postgres;
pub mod prometheus;
pub mod proxy;
pub mod region;
pub mod relay;

/// Runs `cmd`, asserts it succeeded (its stderr in the message) and answers its stdout.
pub fn run_ok(cmd: &mut std::process::Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (make test's setup installs it)"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A free TCP port on 127.0.0.1 (bound, then released for the caller to use).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

static SERVER_CPUS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Runs every server started from now on under `taskset -c cpus` (benchmarks pin servers and
/// the load generator to different cores). `SAMVERKA_SERVER_CPUS` does the same from outside.
pub fn pin_servers(cpus: &str) {
    let _ = SERVER_CPUS.set(cpus.to_owned());
}

/// A command for a server process, pinned if [`pin_servers`] or `SAMVERKA_SERVER_CPUS` says so.
pub fn server_command(program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
    let cpus = SERVER_CPUS
        .get()
        .cloned()
        .or_else(|| std::env::var("SAMVERKA_SERVER_CPUS").ok());
    match cpus {
        Some(cpus) if !cpus.is_empty() => {
            let mut c = std::process::Command::new("taskset");
            c.args(["-c", &cpus]).arg(program);
            c
        }
        _ => std::process::Command::new(program),
    }
}
