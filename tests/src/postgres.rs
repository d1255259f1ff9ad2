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

/// Points a client tool at the server on 127.0.0.1:`port` as the test's user.
fn at(cmd: &mut Command, port: u16) -> &mut Command {
    cmd.args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "samverka"])
}

/// A temp dir for a cluster, owned by `postgres` when we are root.
fn cluster_dir() -> tempfile::TempDir {
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
    dir
}

/// The settings of a throwaway cluster: nothing waits for the disk (a test kills processes,
/// not the machine, so the page cache keeps what was written).
const FAST: [&str; 3] = [
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
];

/// A primary and a streaming standby the primary commits synchronously to
/// (`synchronous_standby_names = '*'`, `synchronous_commit = on`): a commit the primary
/// acknowledged is on the standby too. Returns once the standby streams as synchronous.
pub fn replicated() -> (Postgres, Postgres) {
    let primary = Postgres::start_with(&[
        "fsync=off",
        "full_page_writes=off",
        "synchronous_commit=on",
        "synchronous_standby_names=*",
    ]);
    let dir = cluster_dir();
    let data = dir.path().join("data");
    crate::run_ok(
        at(&mut pg_command(&primary.bin, "pg_basebackup"), primary.port)
            .args(["-R", "-X", "stream", "--no-sync", "-D"])
            .arg(&data),
    );
    let port = crate::free_port();
    let server = spawn_server(&primary.bin, &dir, port, &["fsync=off", "hot_standby=on"]);
    let standby = Postgres {
        dir,
        port,
        bin: primary.bin.clone(),
        server: Some(server),
    };
    standby.wait_ready();
    let deadline = Instant::now() + Duration::from_secs(30);
    while primary.sql("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") != "1" {
        assert!(
            Instant::now() < deadline,
            "the standby never streamed as synchronous"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (primary, standby)
}

/// Starts the server of the cluster in `dir` on `port` with `settings`.
fn spawn_server(bin: &Path, dir: &tempfile::TempDir, port: u16, settings: &[&str]) -> Child {
    let mut cmd = pg_command(bin, "postgres");
    cmd.arg("-D")
        .arg(dir.path().join("data"))
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-k"])
        .arg(dir.path());
    for s in settings {
        cmd.args(["-c", s]);
    }
    cmd.args(["-c", "max_connections=200"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start postgres")
}

impl Postgres {
    /// Creates and starts a cluster; waits until it accepts connections.
    pub fn start() -> Self {
        Self::start_with(&FAST)
    }

    /// The same with these settings (`name=value`).
    pub fn start_with(settings: &[&str]) -> Self {
        let bin = bin_dir();
        let dir = cluster_dir();
        let data = dir.path().join("data");
        crate::run_ok(
            pg_command(&bin, "initdb")
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
                .arg(&data),
        );
        let port = crate::free_port();
        let server = spawn_server(&bin, &dir, port, settings);
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

    /// The server's process id (the postmaster, or what runs it), while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.server.as_ref().map(Child::id)
    }

    /// Creates a fresh database and returns its URL.
    pub fn database(&self, name: &str) -> String {
        crate::run_ok(
            at(&mut Command::new(self.bin.join("psql")), self.port)
                .args(["-d", "postgres", "-c"])
                .arg(format!("CREATE DATABASE \"{name}\"")),
        );
        format!("postgres://samverka@127.0.0.1:{}/{name}", self.port)
    }
}

impl Postgres {
    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// One SQL statement's single value, as text.
    pub fn sql(&self, statement: &str) -> String {
        let out = at(&mut Command::new(self.bin.join("psql")), self.port)
            .args(["-d", "postgres", "-tAc", statement])
            .output()
            .expect("run psql");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m immediate`: no checkpoint).
    pub fn kill(&mut self) {
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

    /// Promotes a standby to a primary and waits until it takes writes.
    pub fn promote(&self) {
        assert_eq!(self.sql("SELECT pg_promote(true, 30)"), "t", "promote");
        assert_eq!(self.sql("SELECT pg_is_in_recovery()"), "f");
    }

    /// Runs one of the cluster's client tools against it as the test's user.
    fn client(&self, program: &str, args: &[&str]) -> String {
        crate::run_ok(at(&mut Command::new(self.bin.join(program)), self.port).args(args))
    }

    /// Backs database `name` up with `pg_dump` (custom format) into `file`, as a region's
    /// nightly backup does; the database stays in use meanwhile.
    pub fn dump(&self, name: &str, file: &Path) {
        let file = file.to_str().expect("dump path");
        self.client("pg_dump", &["-Fc", "-f", file, name]);
    }

    /// Replaces database `name` with the backup in `file` (`pg_restore` into a fresh database
    /// of the same name). Every connection to it must be gone.
    pub fn restore(&self, name: &str, file: &Path) {
        let file = file.to_str().expect("dump path");
        self.client("dropdb", &["--force", name]);
        self.client("createdb", &[name]);
        self.client("pg_restore", &["--exit-on-error", "-d", name, file]);
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.kill();
    }
}
