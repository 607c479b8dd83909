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
