//! A tiny HTTP/1.1 server for the failure modes a real registry does not produce on
//! demand (a slow answer, a malformed manifest) and for fronts placed before the real
//! registry (token auth, tag-list pages). One request per connection.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    pub fn header(mut self, k: &str, v: &str) -> Response {
        self.headers.push((k.to_string(), v.to_string()));
        self
    }
}

pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let handler = Arc::new(handler);
        let stopped = stop.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let handler = handler.clone();
                std::thread::spawn(move || serve(conn, &*handler));
            }
        });
        Server { port, stop }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(conn: TcpStream, handler: &dyn Fn(&Request) -> Response) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    let mut headers = Vec::new();
    let mut content_length = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                content_length = v.trim().parse().unwrap_or(0);
            }
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut body = vec![0; content_length];
    let _ = reader.read_exact(&mut body);
    let req = Request { method: method.clone(), target, headers };
    let resp = handler(&req);
    let mut out = format!("HTTP/1.1 {} X\r\n", resp.status);
    for (k, v) in &resp.headers {
        out += &format!("{k}: {v}\r\n");
    }
    if !resp.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length")) {
        out += &format!("Content-Length: {}\r\n", resp.body.len());
    }
    out += "Connection: close\r\n\r\n";
    let mut conn = conn;
    let _ = conn.write_all(out.as_bytes());
    if method != "HEAD" {
        let _ = conn.write_all(&resp.body);
    }
    let _ = conn.flush();
}

/// Forwards a GET/HEAD to `upstream` (host:port) and returns its answer.
pub fn forward(upstream: &str, req: &Request, extra: &[(&str, &str)]) -> Response {
    let mut s = TcpStream::connect(upstream).unwrap();
    let mut head = format!("{} {} HTTP/1.1\r\nHost: {upstream}\r\nConnection: close\r\n", req.method, req.target);
    for (k, v) in &req.headers {
        let skip = ["host", "connection", "authorization"];
        if !skip.iter().any(|x| k.eq_ignore_ascii_case(x)) {
            head += &format!("{k}: {v}\r\n");
        }
    }
    for (k, v) in extra {
        head += &format!("{k}: {v}\r\n");
    }
    head += "\r\n";
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut resp = Response::new(status, body);
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let k = k.trim();
            if !["connection", "transfer-encoding"].iter().any(|x| k.eq_ignore_ascii_case(x)) {
                resp.headers.push((k.to_string(), v.trim().to_string()));
            }
        }
    }
    resp
}
