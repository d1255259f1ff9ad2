//! The region binary as a child process on 127.0.0.1: started, killed with SIGKILL, restarted.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The region command line built into this package. Cargo builds a package's binaries before
/// its integration tests, next to their `deps/` directory.
pub fn region_bin() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir");
    let bin = dir.join("region-under-test");
    assert!(
        bin.exists(),
        "{} missing: run the tests through cargo",
        bin.display()
    );
    bin
}

/// A region process.
pub struct Region {
    db: String,
    port: u16,
    child: Option<Child>,
    _sqlite_dir: Option<tempfile::TempDir>,
    serve_args: Vec<String>,
    tls_cert: Option<std::path::PathBuf>,
}

/// Enrolment and login attempts per address the harness allows unless a test sets its own
/// (`--attempts-per-minute`, `--attempts-burst`): tests and benchmarks enrol hundreds of phones
/// from 127.0.0.1, which the region's default limit would refuse.
const HARNESS_ATTEMPTS: &str = "1000000";

/// Runs a region subcommand with `stdin` as its standard input (a password) and returns its
/// standard output.
pub fn region_cli_stdin(db: &str, args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(region_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run region");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("region output");
    assert!(
        out.status.success(),
        "region {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Runs a region subcommand to completion and returns its standard output.
pub fn region_cli(db: &str, args: &[&str]) -> String {
    let out = Command::new(region_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run region");
    assert!(
        out.status.success(),
        "region {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl Region {
    /// A region on a fresh SQLite file.
    pub fn sqlite() -> Self {
        Self::sqlite_with(&[])
    }

    /// A region on a fresh SQLite file, served with extra `serve` flags (e.g.
    /// `--attempts-per-minute 60`).
    pub fn sqlite_with(serve_args: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = sqlite_url(&dir);
        let serve_args = serve_args.iter().map(|a| (*a).to_owned()).collect();
        Self::spawn(db, Some(dir), serve_args, None)
    }

    /// A region on a fresh SQLite file serving HTTPS only, with a certificate made by its own
    /// `tls-cert` command ([`Region::tls_cert`] is the file to trust).
    pub fn sqlite_tls() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = sqlite_url(&dir);
        let tls = dir.path().join("tls");
        let tls_dir = tls.to_str().expect("utf-8 temp path").to_owned();
        region_cli(&db, &["tls-cert", "--out", &tls_dir]);
        let cert = tls.join("cert.pem");
        let key = tls.join("key.pem");
        let serve_args = vec![
            "--tls-cert".into(),
            cert.display().to_string(),
            "--tls-key".into(),
            key.display().to_string(),
        ];
        Self::spawn(db, Some(dir), serve_args, Some(cert))
    }

    /// A region on `db` on a free port, started.
    fn spawn(
        db: String,
        sqlite_dir: Option<tempfile::TempDir>,
        serve_args: Vec<String>,
        tls_cert: Option<std::path::PathBuf>,
    ) -> Self {
        let mut r = Self {
            db,
            port: crate::free_port(),
            child: None,
            _sqlite_dir: sqlite_dir,
            serve_args,
            tls_cert,
        };
        r.start();
        r
    }

    /// The certificate a TLS region serves (PEM), to trust in a client.
    pub fn tls_cert(&self) -> Option<&std::path::Path> {
        self.tls_cert.as_deref()
    }

    /// Adds a dashboard user with `password` through the real `staff add` (a coach with its
    /// unit, an admin with none).
    pub fn staff(&self, name: &str, role: &str, unit: Option<&str>, password: &str) -> String {
        let mut args = vec!["staff", "add", "--name", name, "--role", role];
        if let Some(u) = unit {
            args.extend(["--unit", u]);
        }
        region_cli_stdin(&self.db, &args, &format!("{password}\n"))
    }

    /// Signs a staff member in through `POST /api/v1/login`; their session token.
    pub async fn login(&self, http: &reqwest::Client, name: &str, password: &str) -> String {
        let resp = http
            .post(format!("{}/api/v1/login", self.url()))
            .json(&serde_json::json!({ "name": name, "password": password }))
            .send()
            .await
            .expect("login request");
        assert_eq!(resp.status(), reqwest::StatusCode::OK);
        resp.json::<serde_json::Value>().await.expect("login body")["token"]
            .as_str()
            .expect("session token")
            .to_owned()
    }

    /// Adds a dashboard user through the real `staff add` ([`Region::staff`]) and signs them
    /// in ([`Region::login`]); their session token.
    pub async fn staff_session(
        &self,
        http: &reqwest::Client,
        name: &str,
        role: &str,
        unit: Option<&str>,
        password: &str,
    ) -> String {
        self.staff(name, role, unit, password);
        self.login(http, name, password).await
    }

    /// Adds a health centre's staff member (role `requester`) through the real `staff add` and
    /// signs them in; their session token.
    pub async fn requester_session(
        &self,
        http: &reqwest::Client,
        name: &str,
        centre: &str,
        password: &str,
    ) -> String {
        let added = region_cli_stdin(
            &self.db,
            &[
                "staff",
                "add",
                "--name",
                name,
                "--role",
                "requester",
                "--centre",
                centre,
            ],
            &format!("{password}\n"),
        );
        assert!(added.contains(centre), "{added}");
        self.login(http, name, password).await
    }

    /// A region on the given PostgreSQL database.
    pub fn postgres(url: String) -> Self {
        Self::spawn(url, None, Vec::new(), None)
    }

    /// A region on the given PostgreSQL database, served with extra `serve` flags (e.g.
    /// `--config FILE`); `tls_cert` is the certificate it serves when the flags or the file
    /// make it serve HTTPS (then it counts as up once it accepts connections).
    pub fn postgres_with(
        url: String,
        serve_args: &[&str],
        tls_cert: Option<&std::path::Path>,
    ) -> Self {
        let serve_args = serve_args.iter().map(|a| (*a).to_owned()).collect();
        Self::spawn(
            url,
            None,
            serve_args,
            tls_cert.map(std::path::Path::to_owned),
        )
    }

    /// Replaces the extra `serve` flags the next [`Region::start`] or [`Region::restart`] uses.
    pub fn set_serve_args(&mut self, serve_args: &[&str]) {
        self.serve_args = serve_args.iter().map(|a| (*a).to_owned()).collect();
    }

    /// The store's URL.
    pub fn db(&self) -> &str {
        &self.db
    }

    /// The base URL of API v1's host (`https://` when it serves TLS).
    pub fn url(&self) -> String {
        let scheme = if self.tls_cert.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Starts the process and waits until `/api/v1/health` answers (for a TLS region: until
    /// it accepts connections, the health check here speaking plain HTTP).
    pub fn start(&mut self) {
        let child = crate::server_command(region_bin())
            .args([
                "--db",
                &self.db,
                "serve",
                "--listen",
                &format!("127.0.0.1:{}", self.port),
            ])
            .args(&self.serve_args)
            // Flags on the command line win over these.
            .env("SAMVERKA_REGION_ATTEMPTS_PER_MINUTE", HARNESS_ATTEMPTS)
            .env("SAMVERKA_REGION_ATTEMPTS_BURST", HARNESS_ATTEMPTS)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            // SAMVERKA_TEST_REGION_LOG=1 shows the region's log when a test needs explaining.
            .stderr(if std::env::var_os("SAMVERKA_TEST_REGION_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start region");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        let health = format!("127.0.0.1:{}", self.port);
        while Instant::now() < deadline {
            let up = if self.tls_cert.is_some() {
                std::net::TcpStream::connect(&health).is_ok()
            } else {
                health_ok(&health)
            };
            if up {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("region did not become healthy on {health}");
    }

    /// The process id, for killing it from another thread at a random moment.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Kills the process with SIGKILL, mid-whatever.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Kills and starts again on the same port and store.
    pub fn restart(&mut self) {
        self.kill();
        self.start();
    }

    /// Runs a CLI subcommand against this region's store.
    pub fn cli(&self, args: &[&str]) -> String {
        region_cli(&self.db, args)
    }

    /// Adds a unit and returns an enrolment code for a user of it.
    pub fn code_for(&self, unit: &str, user: &str) -> String {
        self.cli(&["units", "add", "--id", unit, "--name", unit]);
        self.cli(&["enroll", "--unit", unit, "--user", user])
    }
}

/// The URL of a SQLite file `region.db` in `dir`.
fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("region.db").display())
}

/// A blocking HTTP/1.0 health check, so it works outside any runtime.
fn health_ok(addr: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /api/v1/health HTTP/1.0\r\nHost: x\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200")
}

impl Drop for Region {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The assistance-request form as a browser posts it to `/begaran/ny`: a catheter job for
/// Tolvan Tolvansson (not enrolled, doctor's order given) at `unit`, answers as ja/nej.
pub fn request_form(
    unit: &str,
    visit_date: &str,
    visit_time: &str,
    acute: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("unit", unit.into()),
        ("task", "catheter".into()),
        ("personal_number", "19121212-1212".into()),
        ("name", "Tolvan Tolvansson".into()),
        ("address", "Storgatan 1, Henån, portkod 1234".into()),
        ("patient_phone", "0304-123 45".into()),
        (
            "description",
            "KAD stopp sedan i eftermiddags, spolning ordinerad.".into(),
        ),
        ("acute", acute.into()),
        ("enrolled", "nej".into()),
        ("doctors_order", "ja".into()),
        ("callback_phone", "0304-999 00".into()),
        ("visit_date", visit_date.into()),
        ("visit_time", visit_time.into()),
    ]
}
