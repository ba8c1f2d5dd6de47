//! Where a webhook may send: its URL's host resolved, every address checked, and the request
//! pinned to the checked addresses. Unless the server allows private targets
//! (`ARKAN_WEBHOOK_ALLOW_PRIVATE`), an address that is loopback, private, link-local,
//! unspecified, multicast, shared (CGNAT), reserved, unique-local IPv6 or an IPv6 form of such an
//! IPv4 address is refused, so a webhook cannot probe the internal network. The check runs when
//! a webhook is created or its URL changed, and again before every attempt; the attempt then
//! connects only to the addresses checked, so a DNS answer that changes in between (rebinding)
//! cannot move it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use reqwest::Url;
use reqwest::redirect::Policy;

/// How long a receiver has to answer (headers) before the attempt counts as failed.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long resolving a host may take.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a target is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The host resolves to an address webhooks may not reach.
    Forbidden(IpAddr),
    /// The host has no address (or the URL no host).
    Unresolvable(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Forbidden(address) => write!(
                formatter,
                "resolves to {address}, an internal address webhooks may not reach"
            ),
            Refused::Unresolvable(why) => write!(formatter, "{why}"),
        }
    }
}

/// A URL's checked addresses.
#[derive(Debug)]
pub struct Target {
    /// The host name, when the URL names one (not an IP address): the addresses are pinned to it.
    domain: Option<String>,
    addresses: Vec<SocketAddr>,
}

impl Target {
    /// A client for one attempt: no redirects followed, no proxy, the answer within
    /// [`ANSWER_TIMEOUT`], and the host name (if any) resolved only to the checked addresses.
    pub fn client(&self) -> Result<reqwest::Client, reqwest::Error> {
        let mut builder = reqwest::Client::builder()
            .redirect(Policy::none())
            .no_proxy()
            .timeout(ANSWER_TIMEOUT)
            .connect_timeout(ANSWER_TIMEOUT)
            .pool_max_idle_per_host(0)
            .user_agent("Arkan-Webhooks/1");
        if let Some(domain) = &self.domain {
            builder = builder.resolve_to_addrs(domain, &self.addresses);
        }
        builder.build()
    }
}

/// Resolves `url`'s host and checks every address it gives.
pub async fn resolve(url: &Url, allow_private: bool) -> Result<Target, Refused> {
    let port = url
        .port_or_known_default()
        .ok_or_else(|| Refused::Unresolvable("has no port".into()))?;
    let host = url
        .host_str()
        .ok_or_else(|| Refused::Unresolvable("has no host".into()))?;
    // The URL parser writes an IPv4 host in dotted form and an IPv6 host in brackets.
    let literal = match host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => host.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    };
    let (domain, addresses) = match literal {
        Some(address) => (None, vec![SocketAddr::new(address, port)]),
        None => {
            let found =
                tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((host, port)))
                    .await
                    .map_err(|_| Refused::Unresolvable(format!("{host} did not resolve in time")))?
                    .map_err(|_| Refused::Unresolvable(format!("{host} does not resolve")))?;
            let mut addresses: Vec<SocketAddr> = found.collect();
            addresses.sort();
            addresses.dedup();
            (Some(host.to_owned()), addresses)
        }
    };
    if addresses.is_empty() {
        return Err(Refused::Unresolvable("its host has no address".into()));
    }
    if !allow_private
        && let Some(refused) = addresses.iter().find(|address| is_internal(address.ip()))
    {
        return Err(Refused::Forbidden(refused.ip()));
    }
    Ok(Target { domain, addresses })
}

/// Whether `address` is not a public unicast address (see the module's list).
pub fn is_internal(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => is_internal_v6(v6),
    }
}

fn is_internal_v4(address: Ipv4Addr) -> bool {
    let [a, b, c, _] = address.octets();
    address.is_unspecified()
        || address.is_loopback()
        || address.is_private()
        || address.is_link_local()
        || address.is_multicast()
        || address.is_broadcast()
        || address.is_documentation()
        // 0.0.0.0/8 "this network", 100.64.0.0/10 shared (CGNAT), 192.0.0.0/24 protocol
        // assignments, 198.18.0.0/15 benchmarking, 240.0.0.0/4 reserved.
        || a == 0
        || (a == 100 && (b & 0xc0) == 64)
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b & 0xfe) == 18)
        || a >= 240
}

fn is_internal_v6(address: Ipv6Addr) -> bool {
    if let Some(v4) = address.to_ipv4_mapped() {
        return is_internal_v4(v4);
    }
    let segments = address.segments();
    let embedded_v4 = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    // ::/96 (unspecified, loopback and the deprecated IPv4-compatible form).
    segments[..6].iter().all(|segment| *segment == 0)
        || address.is_multicast()
        // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local.
        || (segments[0] & 0xfe00) == 0xfc00
        || (segments[0] & 0xffc0) == 0xfe80
        || (segments[0] & 0xffc0) == 0xfec0
        // 2001:db8::/32 documentation.
        || (segments[0] == 0x2001 && segments[1] == 0x0db8)
        // 64:ff9b::/96 NAT64 and 2002::/16 6to4 carry an IPv4 address.
        || (segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
            && is_internal_v4(embedded_v4(segments[6], segments[7])))
        || (segments[0] == 0x2002 && is_internal_v4(embedded_v4(segments[1], segments[2])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(text: &str) -> bool {
        is_internal(text.parse().expect("an address"))
    }

    #[test]
    fn internal_addresses_are_recognised() {
        for address in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "198.18.0.1",
            "192.0.0.8",
            "::",
            "::1",
            "::127.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
            "2001:db8::1",
        ] {
            assert!(internal(address), "{address} is internal");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for address in [
            "1.1.1.1",
            "8.8.8.8",
            "100.128.0.1",
            "172.32.0.1",
            "192.169.0.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(!internal(address), "{address} is public");
        }
    }

    #[tokio::test]
    async fn loopback_targets_are_refused_unless_allowed() {
        for text in [
            "http://127.0.0.1:9/hook",
            "http://[::1]:9/hook",
            "http://localhost:9/hook",
            "http://0x7f.1/hook",
            "https://[::ffff:7f00:1]/hook",
        ] {
            let url = Url::parse(text).expect("a URL");
            assert!(
                matches!(resolve(&url, false).await, Err(Refused::Forbidden(_))),
                "{text}"
            );
            assert!(resolve(&url, true).await.is_ok(), "{text} when allowed");
        }
    }
}
