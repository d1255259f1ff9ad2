//! Who the client is behind a load balancer (#21). The TCP peer of a region behind HAProxy is
//! HAProxy; the client's own address is in `X-Forwarded-For`, which anyone can also write. So
//! the header is read only when the peer is one of the configured trusted proxies
//! (`trusted_proxies`), and then from the right: each hop a trusted proxy added is believed,
//! and the first address not of a trusted proxy is the client. Whatever a client wrote further
//! left is never reached. Without trusted proxies the header is ignored.
//!
//! The address found is what the attempt limits count, the audit log records and `/metrics`
//! checks. A request id (`x-request-id`) is taken from a trusted proxy (HAProxy's own, so its
//! log and the region's agree) and made here otherwise.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The header a trusted proxy names the client's address in.
pub const FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The request id header, taken from trusted proxies and echoed on every answer.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id taken from a proxy (HAProxy's `unique-id` is well below).
const MAX_REQUEST_ID: usize = 128;

/// The networks whose peers may say who the client is.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    /// Trusts `networks` (none: the peer is always the client).
    pub fn new(networks: Vec<IpNet>) -> Self {
        Self(networks.into())
    }

    /// Whether `ip` is a trusted proxy.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client of a request from `peer` carrying `headers`, and whether a proxy named it.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> (IpAddr, bool) {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return (client, false);
        }
        // Every X-Forwarded-For line in order, then each line's hops: one list, read from the
        // right.
        let hops: Vec<&str> = headers
            .get_all(FORWARDED_FOR)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut named = false;
        for hop in hops.iter().rev() {
            if !self.trusts(client) {
                break;
            }
            // A hop that is no address ends the walk: the last trusted hop is all we know.
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = ip.to_canonical();
            named = true;
        }
        (client, named)
    }
}

/// The client's address as [`resolve_client`] found it, in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedClient {
    /// The client's address.
    pub ip: IpAddr,
    /// Whether a trusted proxy named it (else it is the TCP peer).
    pub via_proxy: bool,
}

/// Middleware, outermost: puts the [`ResolvedClient`] in the request and drops a request id
/// that did not come from a trusted proxy or does not look like one.
pub(crate) async fn resolve_client(
    State(trusted): State<TrustedProxies>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    let from_proxy = peer.is_some_and(|p| trusted.trusts(p));
    if let Some(peer) = peer {
        let (ip, via_proxy) = trusted.client(peer, req.headers());
        req.extensions_mut()
            .insert(ResolvedClient { ip, via_proxy });
    }
    let keep_id = from_proxy
        && req
            .headers()
            .get(REQUEST_ID)
            .is_some_and(|v| is_request_id(v.as_bytes()));
    if !keep_id {
        req.headers_mut().remove(REQUEST_ID);
    }
    next.run(req).await
}

/// A request id worth logging: short, printable ASCII without spaces or quotes.
fn is_request_id(v: &[u8]) -> bool {
    !v.is_empty()
        && v.len() <= MAX_REQUEST_ID
        && v.iter()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\'))
}

/// Reads a list of trusted networks or addresses (`10.0.0.2`, `10.0.0.0/24`, `::1`), refusing
/// a network of every address: trusting everyone would let any client choose its address.
pub fn parse_networks(items: &[String]) -> Result<Vec<IpNet>, String> {
    items
        .iter()
        .map(|s| {
            let s = s.trim();
            let net = s
                .parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{s:?} is not an address or a network (10.0.0.0/24)"))?;
            if net.prefix_len() == 0 {
                return Err(format!(
                    "{s:?} is every address; name the proxies themselves"
                ));
            }
            Ok(net.trunc())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn trusted(items: &[&str]) -> TrustedProxies {
        let items: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
        TrustedProxies::new(parse_networks(&items).unwrap_or_default())
    }

    fn forwarded(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append(
                FORWARDED_FOR,
                HeaderValue::from_str(l).unwrap_or(HeaderValue::from_static("")),
            );
        }
        h
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_peer_and_only_up_to_the_first_untrusted_hop() {
        let proxies = trusted(&["10.0.0.2", "10.1.0.0/16"]);
        // No trusted proxies at all: the header is never read.
        assert_eq!(
            trusted(&[]).client(ip("10.0.0.2"), &forwarded(&["198.51.100.7"])),
            (ip("10.0.0.2"), false)
        );
        // A client talking to the region directly cannot name itself.
        assert_eq!(
            proxies.client(ip("203.0.113.9"), &forwarded(&["198.51.100.7"])),
            (ip("203.0.113.9"), false)
        );
        // Through the proxy: the address it appended.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["198.51.100.7"])),
            (ip("198.51.100.7"), true)
        );
        // A client's own X-Forwarded-For stays to the left of what the proxy appended.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["127.0.0.1, 198.51.100.7"])),
            (ip("198.51.100.7"), true)
        );
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["127.0.0.1", "198.51.100.7"])),
            (ip("198.51.100.7"), true)
        );
        // Two trusted proxies in a row are both walked past.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["198.51.100.7, 10.1.4.4"])),
            (ip("198.51.100.7"), true)
        );
        // Garbage ends the walk at the last trusted hop; no header leaves the peer.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["198.51.100.7, nonsense"])),
            (ip("10.0.0.2"), false)
        );
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &HeaderMap::new()),
            (ip("10.0.0.2"), false)
        );
        // IPv4-mapped IPv6 peers are their IPv4 address.
        assert_eq!(
            proxies.client(ip("::ffff:10.0.0.2"), &forwarded(&["2001:db8::1"])),
            (ip("2001:db8::1"), true)
        );
    }

    #[test]
    fn networks_read_addresses_and_prefixes_and_refuse_everyone() {
        let read = |s: &str| parse_networks(&[s.to_owned()]);
        assert_eq!(
            read("10.0.0.2").map(|n| n[0].to_string()),
            Ok("10.0.0.2/32".into())
        );
        assert_eq!(
            read("10.0.0.9/24").map(|n| n[0].to_string()),
            Ok("10.0.0.0/24".into())
        );
        assert_eq!(read("::1").map(|n| n[0].to_string()), Ok("::1/128".into()));
        assert!(read("0.0.0.0/0").is_err());
        assert!(read("::/0").is_err());
        assert!(read("haproxy.local").is_err());
    }

    #[test]
    fn request_ids_are_short_printable_tokens() {
        assert!(is_request_id(
            b"7F000001:C2D4_7F000001:1F90_65A1B2C3_0001:2A"
        ));
        assert!(!is_request_id(b""));
        assert!(!is_request_id(b"a b"));
        assert!(!is_request_id(b"a\"b"));
        assert!(!is_request_id(&[b'x'; 129]));
    }
}
