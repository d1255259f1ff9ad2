//! A private desktop keystore for the app under test: a session D-Bus with GNOME Keyring's
//! Secret Service on it, its keyring files in a temp dir, unlocked with a throwaway password. The
//! app keeps its database key there exactly as on a nurse's desktop; nothing is mocked.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Secret Service name GNOME Keyring takes on the bus.
const SECRETS: &str = "org.freedesktop.secrets";

/// A running session bus with a Secret Service.
pub struct SecretService {
    address: String,
    dir: tempfile::TempDir,
    bus: Option<Child>,
    keyring: Option<Child>,
}

impl SecretService {
    /// Starts the bus and the keyring and waits until the Secret Service answers.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("keystore temp dir");
        for sub in ["data", "home", "run"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("keystore dirs");
        }
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon (package dbus-daemon)");
        let mut line = String::new();
        let stdout = bus.stdout.take().expect("dbus-daemon stdout");
        let _ = BufReader::new(stdout).read_line(&mut line);
        let address = line.trim().to_owned();
        let mut s = Self {
            address,
            dir,
            bus: Some(bus),
            keyring: None,
        };
        assert!(
            s.address.starts_with("unix:"),
            "dbus-daemon printed no address: {line:?}"
        );
        let mut keyring = s
            .command("gnome-keyring-daemon")
            .args(["--foreground", "--components=secrets", "--unlock"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon (package gnome-keyring)");
        // The login keyring's password, then end of input. It must not be empty: with no
        // password GNOME Keyring creates no login collection, and every store fails.
        if let Some(mut stdin) = keyring.stdin.take() {
            let _ = stdin.write_all(b"samverka-test-keyring");
        }
        s.keyring = Some(keyring);
        let deadline = Instant::now() + Duration::from_secs(15);
        while !s.has_secret_service() {
            assert!(
                Instant::now() < deadline,
                "GNOME Keyring did not take {SECRETS} on the test bus"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    /// The bus address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The environment a process needs to use this keystore.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let p = self.dir.path();
        vec![
            ("DBUS_SESSION_BUS_ADDRESS", self.address.clone()),
            ("XDG_DATA_HOME", p.join("data").display().to_string()),
            ("XDG_RUNTIME_DIR", p.join("run").display().to_string()),
        ]
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("HOME", self.dir.path().join("home"));
        for (k, v) in self.env() {
            c.env(k, v);
        }
        c
    }

    fn has_secret_service(&self) -> bool {
        self.command("dbus-send")
            .args([
                "--session",
                "--dest=org.freedesktop.DBus",
                "--print-reply",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{SECRETS}"),
            ])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    }

    /// The secret stored under `service` and `account` (the attributes the `keyring` crate
    /// files it under), read by libsecret's own client, as another program on the desktop would.
    pub fn lookup(&self, service: &str, account: &str) -> Option<String> {
        let out = self
            .command("secret-tool")
            .args(["lookup", "service", service, "username", account])
            .output()
            .expect("run secret-tool (package libsecret-tools)");
        let secret = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        (out.status.success() && !secret.is_empty()).then_some(secret)
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        for child in [&mut self.keyring, &mut self.bus] {
            if let Some(mut c) = child.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
}
