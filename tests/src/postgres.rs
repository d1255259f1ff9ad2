//! A throwaway PostgreSQL cluster: initdb in a temp dir, listening on 127.0.0.1 only, removed
//! on drop. Uses Debian's `postgresql` package (installed by `make setup`). PostgreSQL refuses
//! to run as root, so as root the cluster runs as the `postgres` system user.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running cluster.
pub struct Postgres {
    dir: tempfile::TempDir,
    port: u16,
    bin: PathBuf,
    server: Option<Child>,
}

fn bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path().join("bin")))
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions
        .pop()
        .expect("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): run `make setup`")
}

fn is_root() -> bool {
    std::env::var("USER").map(|u| u == "root").unwrap_or(false)
        || std::fs::metadata("/proc/self")
            .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
            .unwrap_or(false)
}

/// A command run as the `postgres` user when we are root.
fn pg_command(bin: &Path, program: &str) -> Command {
    if is_root() {
        let mut c = crate::server_command("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join(program));
        c
    } else {
        crate::server_command(bin.join(program))
    }
}

impl Postgres {
    /// Creates and starts a cluster; waits until it accepts connections.
    pub fn start() -> Self {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("samverka-pg-")
            .tempdir()
            .expect("temp dir");
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "chown the cluster dir to postgres"
            );
        }
        let data = dir.path().join("data");
        let out = pg_command(&bin, "initdb")
            .args([
                "-A",
                "trust",
                "-U",
                "samverka",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(&data)
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = crate::free_port();
        let server = pg_command(&bin, "postgres")
            .arg("-D")
            .arg(&data)
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-k"])
            .arg(dir.path())
            .args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ])
            .args(["-c", "max_connections=200"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start postgres");
        let pg = Self {
            dir,
            port,
            bin,
            server: Some(server),
        };
        pg.wait_ready();
        pg
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let ok = Command::new(self.bin.join("pg_isready"))
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "samverka",
                ])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("PostgreSQL did not start on port {}", self.port);
    }

    /// Creates a fresh database and returns its URL.
    pub fn database(&self, name: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "samverka",
                "-d",
                "postgres",
                "-c",
            ])
            .arg(format!("CREATE DATABASE \"{name}\""))
            .output()
            .expect("run psql");
        assert!(
            out.status.success(),
            "create database: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("postgres://samverka@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = pg_command(&self.bin, "pg_ctl")
                .args(["stop", "-m", "immediate", "-D"])
                .arg(self.dir.path().join("data"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}
