//! A movable address on loopback: a TCP relay that forwards every connection to a target port
//! the test can change, as a virtual IP or a DNS name moves to a promoted standby in a region's
//! failover. Moving it cuts the connections to the old target, so clients reconnect.

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use tokio::net::{TcpListener, TcpStream};

/// A running relay; stops when dropped.
pub struct Relay {
    port: u16,
    target: Arc<AtomicU16>,
    generation: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    /// Listens on a free loopback port, forwarding to `target`.
    pub async fn start(target: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind relay");
        let port = listener.local_addr().expect("relay address").port();
        let target = Arc::new(AtomicU16::new(target));
        let generation = Arc::new(AtomicU64::new(0));
        let (t, g) = (Arc::clone(&target), Arc::clone(&generation));
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (t, g) = (Arc::clone(&t), Arc::clone(&g));
                tokio::spawn(async move {
                    let born = g.load(Ordering::SeqCst);
                    let Ok(upstream) =
                        TcpStream::connect(("127.0.0.1", t.load(Ordering::SeqCst))).await
                    else {
                        return;
                    };
                    let (mut a, mut b) = (client, upstream);
                    let copy = tokio::io::copy_bidirectional(&mut a, &mut b);
                    tokio::pin!(copy);
                    // Cut when the address moves: a connection to the old target must not live on.
                    loop {
                        tokio::select! {
                            _ = &mut copy => return,
                            () = tokio::time::sleep(std::time::Duration::from_millis(50)) => {
                                if g.load(Ordering::SeqCst) != born {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
        Self {
            port,
            target,
            generation,
            task,
        }
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Moves the address to `target` and cuts every connection to the old one.
    pub fn retarget(&self, target: u16) {
        self.target.store(target, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}
