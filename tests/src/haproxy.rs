//! HAProxy (Debian's `haproxy`) in front of region nodes, run from the repository's own
//! `deploy/haproxy.cfg` with its addresses, ports and file names replaced by the test's on
//! 127.0.0.1, in the foreground, unprivileged, stopped on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The deployed configuration, as the repository has it.
pub fn deployed_config() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/haproxy.cfg");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The example nodes `deploy/haproxy.cfg` names, in order.
const EXAMPLE_NODES: [&str; 3] = ["10.20.0.11:8443", "10.20.0.12:8443", "10.20.0.13:8443"];

/// `deploy/haproxy.cfg` for a test: the entrance on `127.0.0.1:front`, the nodes on
/// `127.0.0.1:nodes[i]`, TLS with `frontend_pem` (certificate and key) and the nodes verified
/// against `nodes_ca`. The global section's privilege and syslog lines go (HAProxy runs as the
/// test, in the foreground). Panics if anything expected is missing, or if any address outside
/// 127.0.0.0/8 is left.
pub fn local_config(
    deployed: &str,
    front: u16,
    nodes: &[u16],
    frontend_pem: &Path,
    nodes_ca: &Path,
) -> String {
    assert_eq!(
        nodes.len(),
        EXAMPLE_NODES.len(),
        "the file names three nodes"
    );
    let mut text: String = deployed
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            ![
                "log /dev/log",
                "chroot ",
                "user ",
                "group ",
                "stats socket ",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let mut replace = |from: &str, to: &str| {
        assert!(
            text.contains(from),
            "deploy/haproxy.cfg no longer has {from:?}"
        );
        text = text.replace(from, to);
    };
    replace("bind :443 ", &format!("bind 127.0.0.1:{front} "));
    replace(
        "/etc/haproxy/certs/samverka.pem",
        &frontend_pem.display().to_string(),
    );
    replace(
        "/etc/haproxy/samverka-nodes-ca.pem",
        &nodes_ca.display().to_string(),
    );
    for (example, port) in EXAMPLE_NODES.iter().zip(nodes) {
        replace(example, &format!("127.0.0.1:{port}"));
    }
    for word in text.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        if let Ok(ip) = word.parse::<std::net::Ipv4Addr>() {
            assert!(ip.is_loopback(), "{ip} left in the test's HAProxy config");
        }
    }
    text
}

/// A running HAProxy.
pub struct Haproxy {
    child: Option<Child>,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Haproxy {
    /// Starts HAProxy from `deploy/haproxy.cfg` in front of `nodes` (ports on 127.0.0.1, which
    /// serve TLS with `cert`), serving TLS itself with `cert` and `key`; waits until it
    /// accepts connections.
    pub fn start(nodes: &[u16], cert: &Path, key: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        // HAProxy takes the certificate and its key from one file.
        let pem: PathBuf = dir.path().join("frontend.pem");
        let mut both = std::fs::read(cert).expect("certificate");
        both.extend(std::fs::read(key).expect("key"));
        std::fs::write(&pem, both).expect("frontend pem");
        let port = crate::free_port();
        let config = local_config(&deployed_config(), port, nodes, &pem, cert);
        let cfg = dir.path().join("haproxy.cfg");
        std::fs::write(&cfg, &config).expect("config");
        let check = Command::new("haproxy")
            .args(["-c", "-q", "-f"])
            .arg(&cfg)
            .output()
            .expect("haproxy is not installed: run `make setup`");
        assert!(
            check.status.success(),
            "haproxy -c refused the config: {}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        let verbose = std::env::var_os("SAMVERKA_TEST_HAPROXY_LOG").is_some();
        let child = crate::server_command("haproxy")
            // -db: foreground, no daemon.
            .args(["-db", "-f"])
            .arg(&cfg)
            .stdout(if verbose {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .stderr(if verbose {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start haproxy");
        let proxy = Self {
            child: Some(child),
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "HAProxy did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
        proxy
    }

    /// The entrance, `https://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }
}

impl Drop for Haproxy {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
