//! XYZ tile URL templates: validation, filling in a tile, and a reachability probe that never
//! blocks the caller for long (it runs on a worker thread in the app).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// A checked `http(s)://…{z}…{x}…{y}…` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileTemplate(String);

impl TileTemplate {
    pub fn parse(template: &str) -> Result<Self, String> {
        let t = template.trim();
        if !(t.starts_with("http://") || t.starts_with("https://")) {
            return Err(format!("“{t}”: a tile URL starts with http:// or https://"));
        }
        let missing: Vec<&str> = ["{z}", "{x}", "{y}"]
            .into_iter()
            .filter(|p| !t.contains(p))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "“{t}”: the template needs {} (e.g. https://tile.example.org/{{z}}/{{x}}/{{y}}.png)",
                missing.join(", ")
            ));
        }
        Ok(Self(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn url(&self, z: u8, x: u32, y: u32) -> String {
        self.0
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string())
    }

    /// Host name and port the tiles come from.
    pub fn host_port(&self) -> Result<(String, u16), String> {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("http", &self.0));
        let authority = rest.split('/').next().unwrap_or_default();
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let default_port = if scheme == "https" { 443 } else { 80 };
        match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
                let port = port
                    .parse()
                    .map_err(|_| format!("“{authority}”: bad port"))?;
                Ok((host.trim_matches(['[', ']']).to_string(), port))
            }
            _ => Ok((authority.to_string(), default_port)),
        }
    }
}

/// Whether the tile server answers: a TCP connection within `timeout`, and for plain http a
/// 2xx/3xx answer to the world tile 0/0/0.
pub fn probe(template: &TileTemplate, timeout: Duration) -> Result<(), String> {
    let (host, port) = template.host_port()?;
    let addr = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| format!("{host}: {e}"))?
        .next()
        .ok_or_else(|| format!("{host}: no address"))?;
    let mut stream =
        TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("{host}:{port}: {e}"))?;
    if template.as_str().starts_with("https://") {
        return Ok(());
    }
    stream.set_read_timeout(Some(timeout)).ok();
    stream.set_write_timeout(Some(timeout)).ok();
    let url = template.url(0, 0, 0);
    let path = url
        .splitn(4, '/')
        .nth(3)
        .map_or_else(|| "/".to_string(), |p| format!("/{p}"));
    // One write: `write!` on an unbuffered stream sends each formatted piece on its own, and a
    // server that answers after the first piece resets the connection under the rest.
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: chongqing-atlas\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("{host}:{port}: {e}"))?;
    let mut head = [0u8; 12];
    stream
        .read_exact(&mut head)
        .map_err(|e| format!("{host}:{port}: no HTTP answer ({e})"))?;
    let status = std::str::from_utf8(&head[9..12]).unwrap_or("???");
    if status.starts_with('2') || status.starts_with('3') {
        Ok(())
    } else {
        Err(format!("{host}:{port}: HTTP {status} for {url}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_need_a_scheme_and_all_three_placeholders() {
        assert!(TileTemplate::parse("https://a.tile.org/{z}/{x}/{y}.png").is_ok());
        let e = TileTemplate::parse("https://a.tile.org/{z}/{x}.png").unwrap_err();
        assert!(e.contains("{y}"), "{e}");
        let e = TileTemplate::parse("tile.org/{z}/{x}/{y}").unwrap_err();
        assert!(e.contains("http://"), "{e}");
    }

    #[test]
    fn fills_tiles_and_finds_host_and_port() {
        let t = TileTemplate::parse("http://127.0.0.1:8123/t/{z}/{x}/{y}.png").unwrap();
        assert_eq!(t.url(3, 6, 2), "http://127.0.0.1:8123/t/3/6/2.png");
        assert_eq!(t.host_port().unwrap(), ("127.0.0.1".into(), 8123));
        let t = TileTemplate::parse("https://tile.opentopomap.org/{z}/{x}/{y}.png").unwrap();
        assert_eq!(t.host_port().unwrap(), ("tile.opentopomap.org".into(), 443));
    }

    /// Answers one connection with `status` once it has read the request head, and returns the
    /// head it read.
    fn one_shot_server(status: &'static str) -> (u16, std::thread::JoinHandle<String>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut buf = [0u8; 256];
            while !head.ends_with(b"\r\n\r\n") {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "the client closed before its request ended");
                head.extend_from_slice(&buf[..n]);
            }
            // One write, and a client that hangs up once it has the status line (as the probe
            // does) is no failure of the server.
            let answer = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n");
            let _ = stream.write_all(answer.as_bytes());
            String::from_utf8(head).unwrap()
        });
        (port, server)
    }

    #[test]
    fn a_server_that_answers_is_reachable_and_is_asked_for_the_world_tile() {
        let (port, server) = one_shot_server("200 OK");
        let t = TileTemplate::parse(&format!("http://127.0.0.1:{port}/t/{{z}}/{{x}}/{{y}}.png"))
            .unwrap();
        assert_eq!(probe(&t, Duration::from_secs(5)), Ok(()));
        let head = server.join().unwrap();
        assert!(head.starts_with("GET /t/0/0/0.png HTTP/1.1\r\n"), "{head}");
        assert!(head.contains("Host: 127.0.0.1\r\n"), "{head}");
    }

    #[test]
    fn an_http_error_is_reported_with_its_status() {
        let (port, server) = one_shot_server("404 Not Found");
        let t =
            TileTemplate::parse(&format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")).unwrap();
        let e = probe(&t, Duration::from_secs(5)).unwrap_err();
        assert!(e.contains("HTTP 404"), "{e}");
        server.join().unwrap();
    }

    #[test]
    fn a_closed_port_is_reported_unreachable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let t =
            TileTemplate::parse(&format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")).unwrap();
        let e = probe(&t, Duration::from_millis(500)).unwrap_err();
        assert!(e.contains(&port.to_string()), "{e}");
    }
}
