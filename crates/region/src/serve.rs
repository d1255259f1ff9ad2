//! The region's HTTP server: one accept loop for plain HTTP and TLS, with the limits that keep
//! slow or idle clients from stopping it (#16):
//!
//! - **A connection limit** ([`Limits::max_connections`], default 512, below the usual 1,024
//!   open files so the database and the certificate files can still be opened): at the limit
//!   the loop stops accepting until a connection closes; the kernel queues the rest.
//! - **A header read timeout** ([`Limits::header_timeout`], default 10 s, hyper's own
//!   `header_read_timeout`): a client that sends a partial request head, or nothing, on a new
//!   or kept-alive connection is disconnected.
//! - **A TLS handshake timeout** (the same 10 s).
//! - **A request timeout** ([`Limits::request_timeout`], default 30 s, tower-http's
//!   `TimeoutLayer` in [`crate::api::router_with`]): a body sent too slowly is answered 408.
//!
//! So a partial head is closed within 10 s, a trickled body within 30 s, and 1,100 idle
//! connections cannot hold the region's file descriptors: `/health` is answered again within
//! the header timeout.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

/// The server's limits against slow and idle clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
    /// Time for a request head (and a TLS handshake) to arrive whole.
    pub header_timeout: Duration,
    /// Time for a whole request, body included, to be answered (408 past it).
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` (HTTPS with `tls`) until ctrl-c or SIGTERM (systemd's stop, a
/// rolling upgrade), then lets the connections in progress finish for up to 10 s.
pub async fn run(
    listener: TcpListener,
    app: Router,
    tls: Option<Arc<rustls::ServerConfig>>,
    limits: Limits,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let (tcp, remote) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Without TCP_NODELAY a small answer written in two segments waits for the phone's
        // delayed ACK (up to 40 ms): the whole latency budget of a sync request.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
        let app = app.clone();
        let acceptor = acceptor.clone();
        let mut stop_rx = stop_rx.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = TowerToHyperService::new(tower::service_fn(
                move |req: hyper::Request<Incoming>| {
                    let mut req = req.map(axum::body::Body::new);
                    req.extensions_mut().insert(ConnectInfo(remote));
                    app.clone().oneshot(req)
                },
            ));
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout);
            // One `select!` per kind of stream: on shutdown a connection finishes the request
            // in progress, then closes.
            macro_rules! drive {
                ($io:expr) => {{
                    let conn = builder.serve_connection(TokioIo::new($io), service);
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = stop_rx.changed() => {
                            conn.as_mut().graceful_shutdown();
                            let _ = conn.await;
                        }
                    }
                }};
            }
            match acceptor {
                Some(acceptor) => {
                    let tls = tokio::time::timeout(limits.header_timeout, acceptor.accept(tcp));
                    if let Ok(Ok(stream)) = tls.await {
                        drive!(stream);
                    }
                }
                None => drive!(tcp),
            }
        });
    }
    tracing::info!("stopping: finishing the requests in progress");
    let _ = stop_tx.send(true);
    // Connections in progress finish (each holds a permit) for at most 10 s.
    let all = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(Duration::from_secs(10), permits.acquire_many(all)).await;
    Ok(())
}

/// Resolves at ctrl-c or, on Unix, SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for SIGTERM"),
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
