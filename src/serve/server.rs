//! The HTTP server under `pubgen serve`: a fixed number of threads, every connection
//! bounded in the size of its request, the time it may take and the memory it costs,
//! and only requests addressed to this computer answered.
//!
//! A development server is reachable by any web page the editor visits (through
//! DNS rebinding, a page of `evil.example` can point its name at 127.0.0.1), so a
//! request is answered only when its `Host` is a loopback name or an IP address, as
//! Vite and webpack's dev server do. It speaks just enough HTTP/1.1 for a browser:
//! GET and HEAD, one request per connection.

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Threads answering requests. Live reload holds one per open page for up to 25 s
/// (see `WAIT_LIMIT` in the caller), so there are more than the cores.
pub(super) const WORKERS: usize = 32;
/// Connections accepted but not yet answered; beyond that, "busy" at once.
const QUEUE: usize = 64;
/// The request line and headers may hold at most this many bytes.
const MAX_HEAD: usize = 16 * 1024;
/// A client must send its request within this time.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// A response must be taken within this time (a file of 150 MB on this computer
/// takes well under a second).
const SEND_DEADLINE: Duration = Duration::from_secs(120);

/// One request: its method, its target as sent, and the connection to answer on.
pub(super) struct Request {
    pub method: String,
    pub target: String,
    stream: TcpStream,
    started: Instant,
}

pub(super) struct Header(&'static str, String);

pub(super) fn header(name: &'static str, value: &str) -> Header {
    // Values are built from checked, percent-encoded paths; a line break would end
    // the header early, so none is sent.
    Header(name, value.replace(['\r', '\n'], " "))
}

enum Payload {
    Bytes(Vec<u8>),
    File(std::fs::File),
}

pub(super) struct Response {
    status: u16,
    headers: Vec<Header>,
    payload: Payload,
}

impl Response {
    pub(super) fn from_data(bytes: Vec<u8>) -> Response {
        Response {
            status: 200,
            headers: Vec::new(),
            payload: Payload::Bytes(bytes),
        }
    }

    /// A file, sent as it is read: never held in memory whole.
    pub(super) fn from_file(file: std::fs::File) -> Response {
        Response {
            status: 200,
            headers: Vec::new(),
            payload: Payload::File(file),
        }
    }

    pub(super) fn empty(status: u16) -> Response {
        Response::from_data(Vec::new()).with_status_code(status)
    }

    pub(super) fn with_status_code(mut self, status: u16) -> Response {
        self.status = status;
        self
    }

    pub(super) fn with_header(mut self, header: Header) -> Response {
        self.headers.push(header);
        self
    }
}

impl Request {
    /// Sends the response (only its head for HEAD) and closes the connection.
    pub(super) fn respond(mut self, response: Response) -> io::Result<()> {
        let length = match &response.payload {
            Payload::Bytes(bytes) => bytes.len() as u64,
            Payload::File(file) => file.metadata()?.len(),
        };
        let mut head = format!(
            "HTTP/1.1 {} {}\r\n",
            response.status,
            reason(response.status)
        );
        for Header(name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {length}\r\nConnection: close\r\n\r\n"
        ));
        self.stream.write_all(head.as_bytes())?;
        if self.method == "HEAD" {
            return Ok(());
        }
        match response.payload {
            Payload::Bytes(bytes) => self.stream.write_all(&bytes),
            Payload::File(file) => self.send_file(file, length),
        }
    }

    fn send_file(&mut self, file: std::fs::File, length: u64) -> io::Result<()> {
        let mut file = file.take(length);
        let mut buffer = vec![0; 64 * 1024];
        loop {
            if self.started.elapsed() > SEND_DEADLINE {
                return Err(io::Error::new(io::ErrorKind::TimedOut, "too slow"));
            }
            let n = file.read(&mut buffer)?;
            if n == 0 {
                return Ok(());
            }
            self.stream.write_all(&buffer[..n])?;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Answers the connections of `listener` with `handle`, on [`WORKERS`] threads, for
/// as long as the process runs. A panic while answering ends that answer only.
pub(super) fn run(listener: TcpListener, handle: Arc<dyn Fn(Request) + Send + Sync>) {
    let (queue, waiting) = sync_channel::<TcpStream>(QUEUE);
    let waiting = Arc::new(Mutex::new(waiting));
    let mut started = 0;
    for _ in 0..WORKERS {
        let (waiting, handle) = (Arc::clone(&waiting), Arc::clone(&handle));
        if std::thread::Builder::new()
            .name("pubgen-http".into())
            .spawn(move || work(&waiting, &*handle))
            .is_ok()
        {
            started += 1;
        }
    }
    if started == 0 {
        // The system gives no threads at all: answer on this one.
        for stream in listener.incoming().flatten() {
            answer(stream, &*handle);
        }
        return;
    }
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                if let Err(TrySendError::Full(stream)) = queue.try_send(stream) {
                    busy(stream);
                }
            }
            // Out of file descriptors, say: wait for connections to close.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn work(waiting: &Mutex<Receiver<TcpStream>>, handle: &(dyn Fn(Request) + Send + Sync)) {
    loop {
        let next = waiting.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(stream) = next else { return };
        answer(stream, handle);
    }
}

/// Reads one request and answers it; a client that is too slow, sends too much or
/// names another host gets a short error, and a panic is contained.
fn answer(stream: TcpStream, handle: &(dyn Fn(Request) + Send + Sync)) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
        match read_request(stream) {
            Ok(Ok(request)) => handle(request),
            Ok(Err((mut stream, status, text))) => {
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    reason(status),
                    text.len()
                );
            }
            Err(_) => {}
        }
    }));
}

type Refused = (TcpStream, u16, String);

fn read_request(mut stream: TcpStream) -> io::Result<Result<Request, Refused>> {
    let started = Instant::now();
    let head = match read_head(&mut stream, started)? {
        Some(head) => head,
        None => {
            let text = "431: the request's headers are too large\n".to_string();
            return Ok(Err((stream, 431, text)));
        }
    };
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(Err((stream, 400, "400: not an HTTP request\n".into())));
    };
    let host = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("host")
            .then(|| value.trim().to_string())
    });
    if let Some(host) = host.filter(|h| !is_local_host(h)) {
        let text = format!(
            "403: pubgen serve answers only requests addressed to this computer (localhost or an IP address), not to `{host}`, so that other web sites cannot read the site being edited\n"
        );
        return Ok(Err((stream, 403, text)));
    }
    Ok(Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        stream,
        started,
    }))
}

/// The request line and headers, up to the blank line; `None` when they are larger
/// than [`MAX_HEAD`]. A client that has not sent them within the deadline is left.
fn read_head(stream: &mut TcpStream, started: Instant) -> io::Result<Option<Vec<u8>>> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let left = HEAD_DEADLINE
            .checked_sub(started.elapsed())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| io::Error::new(io::ErrorKind::TimedOut, "too slow"))?;
        stream.set_read_timeout(Some(left))?;
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
        }
        head.extend_from_slice(&buffer[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(end);
            return Ok((end <= MAX_HEAD).then_some(head));
        }
        if head.len() > MAX_HEAD {
            return Ok(None);
        }
    }
}

/// Whether a `Host` header names this computer: `localhost` (or a name under it), or
/// an IP address, with or without a port. A domain name is what DNS rebinding uses.
pub(super) fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => {
            return rest
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<IpAddr>().is_ok())
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<IpAddr>().is_ok()
}

/// Every thread is busy: say so at once, without waiting on the client.
fn busy(stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let _ = (&stream).write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
}

#[cfg(test)]
mod tests {
    use super::is_local_host;

    #[test]
    fn only_names_of_this_computer_are_local_hosts() {
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.5",
            "app.localhost:80",
            "LOCALHOST.",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "[evil]",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
