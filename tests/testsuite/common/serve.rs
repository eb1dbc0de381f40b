//! A running `pubgen serve` and raw HTTP requests to it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running `pubgen serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The number of threads the server runs now (Linux).
    pub fn threads(&self) -> usize {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap()
    }
}

/// Sends `raw` as it is and returns the first line of the answer ("" when none).
pub fn raw_request(server: &Server, raw: &[u8]) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", server.port)) else {
        return String::new();
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stream.write_all(raw);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `pubgen serve` on any free port (`--port 0`), read from the address it
/// says it serves at, and waits until it answers.
pub fn start_server(root: &Path) -> Server {
    let mut child = super::command()
        .args(["serve", "--quiet", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let port = port_said(child.stderr.take().unwrap());
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() && get(&server, "/").0 == 200 {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("pubgen serve did not start");
}

/// The port in serve's "serving http://127.0.0.1:PORT/" line; the rest of what it
/// says is read and dropped on a thread of its own, so that it never blocks.
fn port_said(stderr: std::process::ChildStderr) -> u16 {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(port) = line
                .strip_prefix("serving http://127.0.0.1:")
                .and_then(|rest| rest.split('/').next())
                .and_then(|port| port.parse::<u16>().ok())
            {
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("pubgen serve says where it serves");
    assert_ne!(port, 0, "serve says the port it took, not 0");
    port
}

/// A raw HTTP GET (the path is sent exactly as given): (status, body).
pub fn get(server: &Server, path: &str) -> (u16, String) {
    let (status, _, body) = request(server, "GET", path);
    (status, body)
}

/// A raw HTTP request: (status, headers, body).
pub fn request(server: &Server, method: &str, path: &str) -> (u16, String, String) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", server.port)) else {
        return (0, String::new(), String::new());
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (headers, body) = response
        .split_once("\r\n\r\n")
        .map(|(h, b)| (h.to_string(), b.to_string()))
        .unwrap_or_default();
    (status, headers, body)
}

pub fn wait_until(server: &Server, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(server, path);
        if pred(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn starter_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(super::command()
        .arg("new")
        .arg(&site)
        .status()
        .unwrap()
        .success());
    (dir, site)
}
