//! `pubgen new` and `pubgen serve`, used as an editor would.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

fn pubgen() -> std::process::Command {
    command()
}

#[test]
fn new_creates_a_starter_site_whose_only_warnings_say_what_to_fill_in() {
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
    // A workflow to publish it, which stops while a warning is left.
    let workflow = std::fs::read_to_string(site.join(".github/workflows/publish.yml")).unwrap();
    assert!(workflow.contains("run: pubgen check --deny-warnings"));
    assert!(workflow.contains("actions/deploy-pages"));
    let out = pubgen()
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Its address and its contact are the new editor's to write.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: `contact` is a placeholder address (example.org is reserved for examples), so it is not published",
            "warning: `base_url` is a placeholder address (example.org is reserved for examples), so it is not published",
        ],
        "{stderr}"
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

#[test]
fn serve_shows_edits_without_reloading_by_hand_and_writes_nothing() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let (status, headers, page) = request(&server, "GET", "/findings/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<script src=/__pubgen/livereload.js>")
            || page.contains("<script src=\"/__pubgen/livereload.js\">"),
        "the template loads the preview's script (site.preview_script) when serving"
    );
    assert!(
        headers.contains("Server-Timing: pubgen;desc="),
        "the page says which version of the site it is: {headers}"
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

/// What the preview's script asks about the page `/findings/`.
const STATUS: &str = "/__pubgen/status?page=/findings/";

fn has_error(status: &str) -> bool {
    !status.contains("\"error\":null")
}

#[test]
fn serve_shows_a_build_error_over_the_last_good_site_and_recovers() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let file = site.join("content/findings.md");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{good}\n[a broken link](nowhere.md)\n")).unwrap();
    // The page's script asks for the error and shows it over the page.
    let status = wait_until(&server, STATUS, "the error", has_error);
    assert!(
        status.contains("nowhere.md"),
        "the banner names the problem"
    );
    assert!(status.contains("content/findings.md"), "and the file");
    assert!(
        get(&server, "/findings/").1.contains("Workers told us"),
        "the last good page is still served"
    );
    std::fs::write(&file, good.replace("Workers told us", "Workers said")).unwrap();
    wait_until(&server, "/findings/", "recovery", |b| {
        b.contains("Workers said")
    });
    assert!(!has_error(&get(&server, STATUS).1), "the error is gone");
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

#[test]
fn serve_reads_no_file_replaced_by_a_link_out_of_content_while_serving() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let picture = site.join("content/pictures/talking.svg");
    assert!(picture.is_file(), "the starter has this picture");
    let (status, _) = get(&server, "/pictures/talking.svg");
    assert_eq!(status, 200);
    std::fs::remove_file(&picture).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", &picture).unwrap();
    // Asked at once and after the rebuild the change causes: never the file.
    for _ in 0..20 {
        let (status, body) = get(&server, "/pictures/talking.svg");
        assert!(!body.contains("root:"), "served /etc/passwd");
        assert_ne!(status, 200);
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_redirects_only_within_the_site() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let (status, headers, _) = request(&server, "GET", "//findings");
    assert_eq!(status, 301);
    let location = headers
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap_or_default();
    assert_eq!(location, "/findings/", "{headers}");
    let (status, headers, _) = request(&server, "GET", "//evil.example");
    assert_eq!(status, 404, "{headers}");
}

#[test]
fn serve_answers_only_get_and_head() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let (status, headers, _) = request(&server, method, "/findings/");
        assert_eq!(status, 405, "{method}");
        assert!(headers.contains("Allow: GET, HEAD"), "{method}: {headers}");
    }
    let (status, _, body) = request(&server, "HEAD", "/findings/");
    assert_eq!(status, 200);
    assert!(body.is_empty(), "HEAD has no body");
}

#[test]
fn serve_with_a_missing_root_exits_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = pubgen()
        .args(["serve", "--port", &free_port().to_string(), "--root"])
        .arg(dir.path().join("missing"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve --root missing kept running");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!status.success());
    assert!(stderr.contains("there is no folder"), "{stderr}");
}

#[test]
fn serve_recovers_when_content_is_removed_and_put_back() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let content = site.join("content");
    let away = site.join("content-away");
    std::fs::rename(&content, &away).unwrap();
    wait_until(&server, STATUS, "the error", has_error);
    std::fs::rename(&away, &content).unwrap();
    wait_until(&server, STATUS, "recovery", |b| !has_error(b));
    // Still watching the folder that came back.
    let file = content.join("findings.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Workers told us", "Workers wrote")).unwrap();
    wait_until(&server, "/findings/", "the edit after the return", |b| {
        b.contains("Workers wrote")
    });
}

#[test]
fn serve_redirects_a_folder_with_a_non_ascii_name_without_crashing() {
    let (_dir, site) = starter_site();
    std::fs::create_dir_all(site.join("content/café")).unwrap();
    std::fs::write(
        site.join("content/café/index.md"),
        "---\ntitle: Café\n---\n\nOpen.\n",
    )
    .unwrap();
    let server = start_server(&site);
    let (status, headers, _) = request(&server, "GET", "/caf%C3%A9");
    assert_eq!(status, 301, "{headers}");
    assert!(headers.contains("Location: /caf%C3%A9/"), "{headers}");
    assert_eq!(get(&server, "/caf%C3%A9/").0, 200);
}

#[test]
fn serve_on_a_port_in_use_says_so_and_exits() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (_dir, site) = starter_site();
    let run = pubgen_within(
        &["serve", "--port", &port, "--root", site.to_str().unwrap()],
        20,
    );
    run.assert_failure()
        .assert_stderr_has(&format!("port {port} is already in use"));
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

#[test]
fn serve_makes_the_downloads_in_the_background_and_again_after_an_edit() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let stem = pubgen::file_stem(&site_title(&site));
    let home = wait_until(&server, "/", "the home page to link the PDF", |b| {
        b.contains(&format!("downloads/{stem}.pdf")) && b.contains("(PDF, ")
    });
    assert!(home.contains(&format!("downloads/{stem}.epub")), "{home}");
    let (status, pdf) = get(&server, &format!("/downloads/{stem}.pdf"));
    assert_eq!(status, 200);
    assert!(pdf.contains("%PDF-"), "a PDF is served");

    let config = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let title = site_title(&site);
    std::fs::write(&config, text.replace(&title, "A Renamed Report")).unwrap();
    wait_until(&server, "/", "the renamed PDF to be linked", |b| {
        b.contains("downloads/a-renamed-report.pdf")
    });
    assert_eq!(get(&server, "/downloads/a-renamed-report.pdf").0, 200);
    assert_eq!(
        get(&server, &format!("/downloads/{stem}.pdf")).0,
        404,
        "the old download is no longer served"
    );
}

fn site_title(site: &std::path::Path) -> String {
    let text = std::fs::read_to_string(site.join("content/site.yaml")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("title:"))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn serve_keeps_showing_a_pages_warning_while_other_pages_are_edited() {
    let site = Site::fixture("basic");
    site.edit("content/recommendations.md", "## Staff", "#### Staff");
    let server = start_server(&site.root);
    let about = "/__pubgen/status?page=/recommendations/";
    wait_until(&server, about, "the warning", |b| {
        b.contains("skips a level")
    });
    site.edit("content/chapter.md", "above all.", "above all, always.");
    wait_until(&server, "/chapter/", "the edit", |b| {
        b.contains("above all, always.")
    });
    assert!(
        get(&server, about).1.contains("skips a level"),
        "still shown after another page was edited"
    );
}

#[test]
fn serve_answers_only_requests_addressed_to_this_computer() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let asked = |host: &str| {
        raw_request(
            &server,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        )
    };
    for host in ["localhost", &format!("127.0.0.1:{}", server.port), "[::1]"] {
        assert!(asked(host).contains("200"), "{host}");
    }
    // A page of another site pointing its name at 127.0.0.1 (DNS rebinding).
    assert!(asked("evil.example").contains("403"));
    assert!(asked(&format!("evil.example:{}", server.port)).contains("403"));
}

#[test]
fn serve_bounds_each_request_and_keeps_serving_through_hundreds_of_slow_clients() {
    let (_dir, site) = starter_site();
    let server = start_server(&site);
    let endless = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: {}",
        "a".repeat(64 * 1024)
    );
    assert!(raw_request(&server, endless.as_bytes()).contains("431"));
    // Clients that open a connection and never finish their request.
    let slow: Vec<std::net::TcpStream> = (0..300)
        .filter_map(|_| {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).ok()?;
            std::io::Write::write_all(&mut s, b"GET / HTTP/1.1\r\n").ok()?;
            Some(s)
        })
        .collect();
    assert_eq!(slow.len(), 300);
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.threads() < 60, "{} threads", server.threads());
    drop(slow);
    let deadline = Instant::now() + Duration::from_secs(20);
    while get(&server, "/").0 != 200 {
        assert!(
            Instant::now() < deadline,
            "serve stopped answering after the slow clients left"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn every_command_says_when_the_root_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "x").unwrap();
    for command in ["build", "check", "serve", "review"] {
        let output = pubgen()
            .args([command, "--root"])
            .arg(&file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains("is a file, not a folder"),
            "{command}: {stderr}"
        );
    }
    let output = pubgen()
        .args(["build", "--no-such-option"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error exits 2");
}

#[test]
fn completions_for_each_shell_and_a_manual_page_come_from_the_command_line_itself() {
    for (shell, mark) in [
        ("bash", "_pubgen()"),
        ("zsh", "#compdef pubgen"),
        ("fish", "complete -c pubgen"),
    ] {
        let out = pubgen().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(mark), "{shell}: {script}");
        // Every command and an option of `build` are completed.
        for word in ["build", "check", "serve", "review", "new", "no-downloads"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let out = pubgen().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a mistake on the command line"
    );
    let out = pubgen().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH pubgen 1"), "{page}");
    assert!(page.contains("accessible publications"), "{page}");
    assert!(page.contains("completions"), "the page lists the commands");
}

#[test]
fn serve_names_a_theme_template_that_does_not_load_the_preview_s_script() {
    let (_dir, site) = starter_site();
    let base = std::fs::read_to_string("themes/default/templates/base.html").unwrap();
    let old = base.replace(
        r#"{% if site.preview_script %}<script src="{{ site.preview_script }}"></script>{% endif %}"#,
        "",
    );
    assert_ne!(old, base, "the built-in base.html loads the script");
    std::fs::create_dir_all(site.join("themes/old/templates")).unwrap();
    std::fs::write(site.join("themes/old/templates/base.html"), old).unwrap();
    let config = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\ntheme: old\n")).unwrap();
    let mut child = pubgen()
        .args(["serve", "--port", &free_port().to_string(), "--root"])
        .arg(&site)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (lines_tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = lines_tx.send(line);
        }
    });
    let mut said = String::new();
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(30)) {
        said.push_str(&line);
        said.push('\n');
        if line.starts_with("serving ") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        said.contains("note: `")
            && said.contains("themes/old/templates/base.html` does not load the preview's script")
            && said.contains("{% if site.preview_script %}"),
        "{said}"
    );
}

#[test]
fn a_long_build_says_what_it_is_doing_on_one_line_and_wipes_it_before_its_messages() {
    let site = Site::fixture("minimal");
    let root = site.root.to_str().unwrap().to_string();
    // As on a terminal once a build has taken a second (forced, and from the start).
    let args = ["build", "--no-downloads", "--root", root.as_str()];
    let run = pubgen_env(&args, &[("PUBGEN_PROGRESS", "always")]);
    run.assert_success();
    let wipe = "\r\x1b[K";
    assert!(
        run.stderr.starts_with(&format!("{wipe}reading the pages")),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{wipe}rendering pages: 0 of ")),
        "{:?}",
        run.stderr
    );
    let (line, after) = run.stderr.rsplit_once(wipe).unwrap();
    assert!(
        line.ends_with("putting the new site in place of the old"),
        "{line:?}"
    );
    assert!(
        after.starts_with("note:") && !after.contains('\r'),
        "wiped first: {after:?}"
    );
    // Not on a terminal, or with --quiet: no progress line.
    let plain = site.build(&["--no-downloads"]);
    assert!(!plain.stderr.contains('\r'), "{:?}", plain.stderr);
    let mut quiet = args.to_vec();
    quiet.push("--quiet");
    let quiet = pubgen_env(&quiet, &[("PUBGEN_PROGRESS", "always")]);
    assert!(!quiet.stderr.contains('\r'), "{:?}", quiet.stderr);
}
