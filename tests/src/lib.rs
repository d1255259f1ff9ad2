//! Harness for Samverka's cross-crate tests. Everything it starts listens on loopback only and
//! is stopped when its handle drops.
//!
//! - [`postgres`]: a throwaway PostgreSQL cluster in a temp dir (Debian's `postgresql`).
//! - [`region`]: the region binary as a child process, killable and restartable.
//! - [`proxy`]: a TCP proxy that injects faults between phones and the region.
//! - [`phone`]: a device store with a sync client, writing realistic taps.

pub mod phone;
pub mod postgres;
pub mod proxy;
pub mod region;

/// A free TCP port on 127.0.0.1 (bound, then released for the caller to use).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}
