//! A fault-injecting TCP proxy for HTTP/1.1 between phones and the region, on 127.0.0.1.
//!
//! Each connection carries one request (the phones' clients do not keep connections alive in
//! these tests, and the proxy asks the region to close after answering). Per request it draws a
//! fault: pass, delay, drop mid-request, reset after the region committed (the answer never
//! arrives), 503 without forwarding, duplicated delivery, or a truncated answer.

use rand::{RngExt, SeedableRng};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy did to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// Forwarded untouched.
    Pass,
    /// Forwarded after a delay.
    Delay,
    /// Half the request sent upstream, then both connections dropped.
    DropMidRequest,
    /// Forwarded and answered upstream, then the client's connection reset: the region
    /// committed but the phone never heard.
    ResetAfterCommit,
    /// Answered 503 by the proxy, never forwarded.
    Unavailable,
    /// Delivered upstream twice; the second answer returned.
    Duplicate,
    /// The answer cut off half-way.
    TruncateResponse,
}

const FAULTS: [Fault; 6] = [
    Fault::Delay,
    Fault::DropMidRequest,
    Fault::ResetAfterCommit,
    Fault::Unavailable,
    Fault::Duplicate,
    Fault::TruncateResponse,
];

/// A running proxy.
pub struct Proxy {
    port: u16,
    rate_permille: Arc<AtomicU32>,
    forced: Arc<Mutex<Option<(String, Fault)>>>,
    counts: Arc<Mutex<BTreeMap<Fault, u64>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// Starts a proxy in front of `127.0.0.1:upstream_port`; faults drawn from `seed`.
    pub async fn start(upstream_port: u16, seed: u64) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("proxy addr").port();
        let rate_permille = Arc::new(AtomicU32::new(0));
        let counts = Arc::new(Mutex::new(BTreeMap::new()));
        let rng = Arc::new(Mutex::new(rand::rngs::StdRng::seed_from_u64(seed)));
        let forced = Arc::new(Mutex::new(None));
        let (rate, c, f) = (
            Arc::clone(&rate_permille),
            Arc::clone(&counts),
            Arc::clone(&forced),
        );
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let drawn = {
                    let mut rng = rng.lock().expect("rng");
                    if rng.random_range(0..1000) < rate.load(Ordering::Relaxed) {
                        FAULTS[rng.random_range(0..FAULTS.len())]
                    } else {
                        Fault::Pass
                    }
                };
                let delay = Duration::from_millis(rng.lock().expect("rng").random_range(20..300));
                let forced = f.lock().expect("forced").clone();
                tokio::spawn(handle(
                    client,
                    upstream_port,
                    Treatment {
                        drawn,
                        forced,
                        delay,
                    },
                    Arc::clone(&c),
                ));
            }
        });
        Self {
            port,
            rate_permille,
            forced,
            counts,
            task,
        }
    }

    /// Gives every request whose path starts with `path` the fault `fault`, whatever the
    /// rate draws (`None`: back to drawing).
    pub fn force(&self, path: Option<(&str, Fault)>) {
        *self.forced.lock().expect("forced") = path.map(|(p, f)| (p.to_owned(), f));
    }

    /// The URL phones should use.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sets the share of requests that get a fault, in thousandths.
    pub fn set_fault_rate(&self, permille: u32) {
        self.rate_permille
            .store(permille.min(1000), Ordering::Relaxed);
    }

    /// How many requests got each treatment.
    pub fn counts(&self) -> BTreeMap<Fault, u64> {
        self.counts.lock().expect("counts").clone()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one HTTP/1.1 request (headers, then Content-Length bytes) and returns it with
/// `Connection: close` so the region ends the connection after answering.
async fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(8192);
    let header_end = loop {
        let mut chunk = [0u8; 8192];
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let mut chunk = vec![0u8; 64 * 1024];
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let mut lines: Vec<&str> = head.split("\r\n").filter(|l| !l.is_empty()).collect();
    lines.retain(|l| !l.to_ascii_lowercase().starts_with("connection:"));
    let mut out = lines.join("\r\n").into_bytes();
    out.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    out.extend_from_slice(&buf[header_end..header_end + length]);
    Some(out)
}

async fn forward(upstream_port: u16, request: &[u8]) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(("127.0.0.1", upstream_port))
        .await
        .ok()?;
    up.write_all(request).await.ok()?;
    let mut response = Vec::new();
    up.read_to_end(&mut response).await.ok()?;
    (!response.is_empty()).then_some(response)
}

/// Closes with a TCP reset rather than a clean FIN. A zero linger does not block on drop, which
/// is what tokio's deprecation of `set_linger` warns about.
#[allow(deprecated)]
fn reset(stream: TcpStream) {
    let _ = stream.set_linger(Some(Duration::ZERO));
    drop(stream);
}

/// What a connection's request will get: the fault drawn for it, unless one is forced for its
/// path.
struct Treatment {
    drawn: Fault,
    forced: Option<(String, Fault)>,
    delay: Duration,
}

/// The path of a request's first line (`GET /api/v1/pull?… HTTP/1.1`).
fn request_path(request: &[u8]) -> &str {
    let line = request.split(|&b| b == b'\r').next().unwrap_or_default();
    std::str::from_utf8(line)
        .unwrap_or_default()
        .split(' ')
        .nth(1)
        .unwrap_or_default()
}

async fn handle(
    mut client: TcpStream,
    upstream_port: u16,
    t: Treatment,
    counts: Arc<Mutex<BTreeMap<Fault, u64>>>,
) {
    let Some(request) = read_request(&mut client).await else {
        return;
    };
    let fault = match &t.forced {
        Some((path, f)) if request_path(&request).starts_with(path.as_str()) => *f,
        _ => t.drawn,
    };
    let delay = t.delay;
    *counts.lock().expect("counts").entry(fault).or_default() += 1;
    match fault {
        Fault::Pass | Fault::Delay => {
            if fault == Fault::Delay {
                tokio::time::sleep(delay).await;
            }
            match forward(upstream_port, &request).await {
                Some(resp) => {
                    let _ = client.write_all(&resp).await;
                }
                None => reset(client),
            }
        }
        Fault::DropMidRequest => {
            if let Ok(mut up) = TcpStream::connect(("127.0.0.1", upstream_port)).await {
                let _ = up.write_all(&request[..request.len() / 2]).await;
                reset(up);
            }
            reset(client);
        }
        Fault::ResetAfterCommit => {
            let _ = forward(upstream_port, &request).await;
            reset(client);
        }
        Fault::Unavailable => {
            let body =
                br#"{"error":{"code":"unavailable","message":"injected by the test proxy"}}"#;
            let head = format!(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = client.write_all(head.as_bytes()).await;
            let _ = client.write_all(body).await;
        }
        Fault::Duplicate => {
            let _ = forward(upstream_port, &request).await;
            match forward(upstream_port, &request).await {
                Some(resp) => {
                    let _ = client.write_all(&resp).await;
                }
                None => reset(client),
            }
        }
        Fault::TruncateResponse => match forward(upstream_port, &request).await {
            Some(resp) => {
                let _ = client.write_all(&resp[..resp.len() / 2]).await;
                reset(client);
            }
            None => reset(client),
        },
    }
}

/// A plain TCP relay on 127.0.0.1 that counts the bytes each way: "bytes on the wire" for the
/// benchmarks, whatever protocol runs through it.
pub struct CountingProxy {
    port: u16,
    up: Arc<std::sync::atomic::AtomicU64>,
    down: Arc<std::sync::atomic::AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl CountingProxy {
    /// Starts a relay to `127.0.0.1:upstream_port`.
    pub async fn start(upstream_port: u16) -> Self {
        use std::sync::atomic::AtomicU64;
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind counting proxy");
        let port = listener.local_addr().expect("addr").port();
        let (up, down) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let (u, d) = (Arc::clone(&up), Arc::clone(&down));
        let task = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let (u, d) = (Arc::clone(&u), Arc::clone(&d));
                tokio::spawn(async move {
                    let _ = client.set_nodelay(true);
                    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream_port)).await
                    else {
                        return;
                    };
                    let _ = server.set_nodelay(true);
                    // Counted as they pass, so kept-alive connections count before they close.
                    let (mut cr, mut cw) = client.split();
                    let (mut sr, mut sw) = server.split();
                    tokio::join!(relay(&mut cr, &mut sw, &u), relay(&mut sr, &mut cw, &d));
                });
            }
        });
        Self {
            port,
            up,
            down,
            task,
        }
    }

    /// The URL to use instead of the upstream's.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Bytes sent to the server and bytes received from it, over closed connections.
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.up.load(Ordering::Relaxed),
            self.down.load(Ordering::Relaxed),
        )
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies until EOF or error, adding every chunk to `counter`.
async fn relay<R, W>(from: &mut R, to: &mut W, counter: &std::sync::atomic::AtomicU64)
where
    R: tokio::io::AsyncRead + Unpin,
    W: tokio::io::AsyncWrite + Unpin,
{
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                counter.fetch_add(n as u64, Ordering::Relaxed);
                if to.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown().await;
}
