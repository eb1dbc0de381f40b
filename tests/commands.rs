//! `pubgen new` and `pubgen serve`, used as an editor would.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn pubgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pubgen"))
}

#[test]
fn new_creates_a_starter_site_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    let status = pubgen().arg("new").arg(&site).status().unwrap();
    assert!(status.success());
    for file in [
        "site.yaml",
        "index.md",
        "recommendations.md",
        "easy-read/index.md",
        "glossary.md",
    ] {
        assert!(site.join("content").join(file).is_file(), "{file}");
    }
    let out = pubgen()
        .args(["build", "--deny-warnings", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = std::fs::read_to_string(site.join("public/recommendations/index.html")).unwrap();
    assert!(
        recs.contains("q-lower-caseloads"),
        "the recommendation shows its evidence"
    );
    let easy = std::fs::read_to_string(site.join("public/easy-read/index.html")).unwrap();
    assert!(easy.contains("Full version of this section"));
    assert!(easy.contains("talking.svg"));
}

#[test]
fn new_never_overwrites_an_existing_site() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/index.md"), "mine").unwrap();
    let out = pubgen().arg("new").arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/index.md")).unwrap(),
        "mine"
    );
}

/// A running `pubgen serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(root: &Path) -> Server {
    let port = free_port();
    let child = pubgen()
        .args(["serve", "--quiet", "--port", &port.to_string(), "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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

/// A raw HTTP GET (the path is sent exactly as given): (status, body).
fn get(server: &Server, path: &str) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", server.port)) else {
        return (0, String::new());
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
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
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_until(server: &Server, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

fn starter_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(pubgen().arg("new").arg(&site).status().unwrap().success());
    (dir, site)
}

#[test]
fn serve_shows_edits_without_reloading_by_hand_and_writes_nothing() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let (status, page) = get(&server, "/findings/");
    assert_eq!(status, 200);
    assert!(
        page.contains("/__pubgen/livereload.js"),
        "live reload is injected when serving"
    );
    assert_eq!(
        get(&server, "/findings").0,
        301,
        "a folder without its slash is redirected"
    );

    let file = site.join("content/findings.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("good support takes time", "good support takes patience"),
    )
    .unwrap();
    wait_until(&server, "/findings/", "the edit to appear", |b| {
        b.contains("good support takes patience")
    });
    assert!(
        !site.join("public").exists(),
        "serve writes nothing to public/"
    );
}

#[test]
fn serve_shows_a_build_error_over_the_last_good_site_and_recovers() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let file = site.join("content/findings.md");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{good}\n[a broken link](nowhere.md)\n")).unwrap();
    let page = wait_until(&server, "/findings/", "the error banner", |b| {
        b.contains("role=\"alert\"")
    });
    assert!(page.contains("nowhere.md"), "the banner names the problem");
    assert!(page.contains("content/findings.md"), "and the file");
    assert!(
        page.contains("Workers told us"),
        "the last good page is still served"
    );
    std::fs::write(&file, good.replace("Workers told us", "Workers said")).unwrap();
    wait_until(&server, "/findings/", "recovery", |b| {
        !b.contains("role=\"alert\"") && b.contains("Workers said")
    });
}

#[test]
fn serve_refuses_requests_outside_the_site() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    for path in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fCargo.toml",
        "/a%5c..%5c..%5cx",
    ] {
        let (status, body) = get(&server, path);
        assert!(
            status == 403 || status == 404 || status == 400,
            "{path}: {status}"
        );
        assert!(!body.contains("root:"), "{path}");
    }
    assert_eq!(
        get(&server, "/content/site.yaml").0,
        404,
        "sources are not served"
    );
}
