//! Who is really calling when the server sits behind a load balancer. The peer of the TCP
//! connection is then the proxy; the client is in `X-Forwarded-For`. That header is believed
//! only when the peer is a trusted proxy (`ARKAN_TRUSTED_PROXIES`), and only as far as the
//! chain of trusted proxies goes: anyone can write the header, so the address to believe is
//! the right-most one that a trusted proxy did not add itself.

use std::net::IpAddr;

/// Addresses and networks whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<(IpAddr, u8)>,
}

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and CIDR networks
    /// (`10.0.0.0/8, 127.0.0.1, fd00::/8`); an empty text trusts nobody.
    pub fn parse(text: &str) -> Result<TrustedProxies, String> {
        let mut networks = Vec::new();
        for item in text
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
        {
            let (address, prefix) = match item.split_once('/') {
                Some((address, prefix)) => (address, Some(prefix)),
                None => (item, None),
            };
            let address: IpAddr = address
                .parse()
                .map_err(|_| format!("{item} is not an IP address or CIDR network"))?;
            let width = if address.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                None => width,
                Some(prefix) => prefix
                    .parse::<u8>()
                    .ok()
                    .filter(|prefix| *prefix <= width)
                    .ok_or_else(|| format!("{item} has a prefix length outside 0..={width}"))?,
            };
            networks.push(canonical_network(address, prefix));
        }
        Ok(TrustedProxies { networks })
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.networks
            .iter()
            .any(|(network, prefix)| in_network(address, *network, *prefix))
    }

    /// The client's address: the peer itself unless it is a trusted proxy; then the right-most
    /// address of `X-Forwarded-For` that is not a trusted proxy (or the left-most, when every
    /// one is). An unreadable entry stops the walk at the last address believed.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let Some(header) = forwarded_for else {
            return peer;
        };
        let mut client = peer;
        for entry in header.rsplit(',').map(str::trim) {
            let Ok(address) = entry.parse::<IpAddr>() else {
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) compare as the IPv4 address they carry.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// A network given in IPv4-mapped IPv6 form (`::ffff:10.0.0.1`, `::ffff:0:0/96`) is the IPv4
/// network it maps, so that it matches addresses as [`canonical`] gives them.
fn canonical_network(address: IpAddr, prefix: u8) -> (IpAddr, u8) {
    match address {
        IpAddr::V6(v6) if prefix >= 96 => match v6.to_ipv4_mapped() {
            Some(v4) => (IpAddr::V4(v4), prefix - 96),
            None => (address, prefix),
        },
        _ => (address, prefix),
    }
}

fn in_network(address: IpAddr, network: IpAddr, prefix: u8) -> bool {
    match (address, network) {
        (IpAddr::V4(address), IpAddr::V4(network)) => {
            let shift = 32_u32.saturating_sub(u32::from(prefix));
            let mask = u32::MAX.checked_shl(shift).unwrap_or(0);
            u32::from(address) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(address), IpAddr::V6(network)) => {
            let shift = 128_u32.saturating_sub(u32::from(prefix));
            let mask = u128::MAX.checked_shl(shift).unwrap_or(0);
            u128::from(address) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn networks_and_addresses_are_parsed_and_matched() {
        let proxies = TrustedProxies::parse(" 10.0.0.0/8, 127.0.0.1 ,fd00::/8").unwrap_or_default();
        assert!(proxies.trusts(ip("10.20.30.40")));
        assert!(proxies.trusts(ip("127.0.0.1")));
        assert!(proxies.trusts(ip("::ffff:10.1.2.3")));
        assert!(proxies.trusts(ip("fd12::1")));
        assert!(!proxies.trusts(ip("11.0.0.1")));
        assert!(!proxies.trusts(ip("127.0.0.2")));
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap_or_default()
                .trusts(ip("8.8.8.8"))
        );
        assert!(
            TrustedProxies::parse("")
                .unwrap_or_default()
                .networks
                .is_empty()
        );
        // IPv4-mapped IPv6 networks are the IPv4 networks they map, never "everything".
        let mapped = TrustedProxies::parse("::ffff:10.0.0.1").unwrap_or_default();
        assert!(mapped.trusts(ip("10.0.0.1")));
        assert!(!mapped.trusts(ip("10.0.0.2")));
        assert!(!mapped.trusts(ip("8.8.8.8")));
        let mapped = TrustedProxies::parse("::ffff:10.0.0.0/104").unwrap_or_default();
        assert!(mapped.trusts(ip("10.9.9.9")));
        assert!(!mapped.trusts(ip("11.0.0.1")));
        for bad in ["10.0.0.0/33", "fd00::/129", "proxy.local", "10.0.0.0/x"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_forwarded_address_is_believed_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap_or_default();
        // An untrusted peer cannot choose its bucket by writing the header.
        assert_eq!(
            proxies.client(ip("203.0.113.9"), Some("1.2.3.4")),
            ip("203.0.113.9")
        );
        // A trusted proxy: the right-most address it did not add itself.
        assert_eq!(
            proxies.client(ip("10.0.0.5"), Some("203.0.113.7")),
            ip("203.0.113.7")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.5"), Some("6.6.6.6, 203.0.113.7, 10.0.0.9")),
            ip("203.0.113.7")
        );
        // Every hop trusted: the left-most; no header or a garbage entry: as far as believed.
        assert_eq!(
            proxies.client(ip("10.0.0.5"), Some("10.1.1.1, 10.0.0.9")),
            ip("10.1.1.1")
        );
        assert_eq!(proxies.client(ip("10.0.0.5"), None), ip("10.0.0.5"));
        assert_eq!(
            proxies.client(ip("10.0.0.5"), Some("203.0.113.7, unknown, 10.0.0.9")),
            ip("10.0.0.9")
        );
    }
}
