//! The client's address: the connecting peer, or — only when the peer is a trusted proxy — the
//! nearest untrusted address in `X-Forwarded-For`.

use std::net::IpAddr;

use actix_web::HttpRequest;

pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok());
    let hops: Vec<IpAddr> = forwarded.flat_map(|v| v.split(',')).filter_map(|s| s.trim().parse().ok()).collect();
    Some(hops.into_iter().rev().find(|ip| !trusted_proxies.contains(ip)).unwrap_or(peer))
}

/// The key rate limits count by: the address itself, but for IPv6 its /64 — one subscriber's
/// whole network, which hands out addresses within it freely.
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn request(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut req = TestRequest::default().peer_addr(format!("{peer}:4000").parse().unwrap());
        if let Some(f) = forwarded {
            req = req.insert_header(("X-Forwarded-For", f));
        }
        req.to_http_request()
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(rate_key(a), rate_key(b));
        assert_ne!(rate_key(a), rate_key(other));
        assert_eq!(rate_key("192.0.2.7".parse().unwrap()), "192.0.2.7".parse::<IpAddr>().unwrap());
        assert_eq!(rate_key("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let spoofed = request("192.0.2.7", Some("203.0.113.9"));
        assert_eq!(client_ip(&spoofed, &[proxy]), Some("192.0.2.7".parse().unwrap()));
        let proxied = request("10.0.0.1", Some("203.0.113.9, 198.51.100.4"));
        assert_eq!(client_ip(&proxied, &[proxy]), Some("198.51.100.4".parse().unwrap()));
        let chain = request("10.0.0.1", Some("203.0.113.9, 10.0.0.1"));
        assert_eq!(client_ip(&chain, &[proxy]), Some("203.0.113.9".parse().unwrap()));
    }
}
