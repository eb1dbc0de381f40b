//! `pubgen serve`: builds the site, serves it from memory on loopback, watches
//! `content/` and `themes/`, rebuilds what a change touches and reloads open pages.
//!
//! The live-reload script is added to pages as they are served, never to `public/`.
//! A build error is shown in the terminal and on every page, over the last good site,
//! until the file is fixed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use server::{Request, Response};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::doc::escape_html;
use crate::model::{Output, OutputContents};
use crate::site::{Build, BuildOptions, Rebuilt};

pub struct ServeOptions {
    /// How to build; `build.downloads` says whether to make the downloads, which
    /// `serve` does in the background after each build.
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub quiet: bool,
}

/// What is being served, shared between the builder and the request threads.
#[derive(Default)]
struct Served {
    files: HashMap<String, Arc<Body>>,
    /// The last build's errors, shown on every page until fixed.
    error: Option<String>,
    /// The warnings, by the file of the page they are about: shown on that page.
    warnings: HashMap<String, Vec<Shown>>,
    /// Changes whenever pages should reload.
    version: u64,
}

impl Served {
    /// The warnings a page shows.
    fn warnings_on(&self, file: &str) -> Vec<String> {
        let shown = self.warnings.get(file).into_iter().flatten();
        shown.map(|s| s.text.clone()).collect()
    }
}

enum Body {
    /// A page, shared with the build that made it.
    Html(Arc<String>),
    Bytes(Vec<u8>),
    File(crate::fs::Source),
}

type Shared = Arc<(Mutex<Served>, Condvar)>;

mod background;
mod http;
mod server;
mod warnings;

use background::{downloads_made, Background, Event};
use warnings::{publish_warnings, Shown};

pub use http::request_file;
use http::{
    content_type, header, html_page, reload_script, text_response, Status, RELOAD_PATH,
    STATUS_PATH, WAIT_PATH,
};

pub fn serve(options: ServeOptions) -> Result<(), Diagnostic> {
    let content_dir = options.build.root.join("content");
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "there is no `content` folder in {}",
            options.build.root.display()
        ))
        .help("run pubgen in the folder that holds `content/`, or give it with `--root DIR`"));
    }
    let shared: Shared = Arc::new((Mutex::new(Served::default()), Condvar::new()));
    let listener = std::net::TcpListener::bind((options.bind, options.port))
        .map_err(|e| Diagnostic::error(listen_error(&options, &e)))?;
    // `--port 0` asks for any free port: say the one given.
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let address = shown_address(options.bind, port);
    let (events_tx, events_rx) = mpsc::channel();
    let watcher = watch(&options.build.root, events_tx.clone())?;

    let background = Background {
        downloads: options.build.downloads.then_some(events_tx),
        quiet: options.quiet,
    };
    let options = ServeOptions {
        build: BuildOptions {
            downloads: false, // made in the background instead
            preview: true,
            progress: !options.quiet,
            ..options.build
        },
        ..options
    };
    let build = initial_build(&options, &shared);
    background.start(build.as_ref(), &shared);
    eprintln!(
        "serving {address} (press Ctrl-C to stop); watching content/ and themes/ for changes"
    );
    if options.bind.is_unspecified() {
        eprintln!("warning: `--bind {}` serves the site to every computer that can reach this one (on your network, and beyond it if this computer is on the internet), while it is being edited, drafts and all\n = help: leave out `--bind` to serve it only to this computer (127.0.0.1)\n", options.bind);
    }
    let request_shared = Arc::clone(&shared);
    let handle: Arc<dyn Fn(Request) + Send + Sync> =
        Arc::new(move |request| respond(request, &request_shared));
    std::thread::spawn(move || server::run(listener, handle));
    serve_changes(&options, build, watcher, &events_rx, &background, &shared);
    Ok(())
}

/// A watcher of the site root (for `content/` removed and put back) and of
/// `content/` and `themes/`, sending their changes.
fn watch(root: &Path, events: mpsc::Sender<Event>) -> Result<(impl Watcher, Watched), Diagnostic> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading files (as every build does) raises access events: only changes count.
        if let Some(event) = event.ok().filter(|e| is_change(&e.kind)) {
            let _ = events.send(Event::Changed(event.paths));
        }
    })
    .map_err(|e| Diagnostic::error(format!("cannot watch for changes: {e}")))?;
    // The root itself (not its subfolders), to see `content/` removed and put back.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Diagnostic::error(format!("cannot watch {}: {e}", root.display())))?;
    let mut watched = Watched::default();
    watched.refresh(&mut watcher, root);
    Ok((watcher, watched))
}

/// Rebuilds and serves after every change, until the watcher stops.
fn serve_changes(
    options: &ServeOptions,
    mut build: Option<Build>,
    (mut watcher, mut watched): (impl Watcher, Watched),
    events: &mpsc::Receiver<Event>,
    background: &Background,
    shared: &Shared,
) {
    let root = options
        .build
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.build.root.clone());
    loop {
        let mut paths = match events.recv() {
            Ok(Event::Changed(paths)) => paths,
            Ok(Event::Downloads(made)) => {
                downloads_made(options, &mut build, made, shared);
                continue;
            }
            Err(_) => return,
        };
        // Editors save in bursts (a temporary file, a rename): gather them.
        let deadline = Instant::now() + Duration::from_millis(40);
        while let Some(wait) = deadline.checked_duration_since(Instant::now()) {
            match events.recv_timeout(wait) {
                Ok(Event::Changed(more)) => paths.extend(more),
                Ok(Event::Downloads(made)) => downloads_made(options, &mut build, made, shared),
                Err(_) => break,
            }
        }
        watched.refresh(&mut watcher, &options.build.root);
        let changed = relevant_paths(&paths, &root, &options.build.root);
        if changed.is_empty() {
            continue;
        }
        if rebuild(options, &mut build, &changed, shared) {
            background.start(build.as_ref(), shared);
        }
    }
}

/// The folders watched recursively, by the identity of the folder: one removed and
/// put back (or replaced) is a new folder, and is watched again.
#[derive(Default)]
struct Watched {
    folders: HashMap<&'static str, (u64, u64)>,
}

impl Watched {
    fn refresh(&mut self, watcher: &mut impl Watcher, root: &Path) {
        for folder in ["content", "themes"] {
            let dir = root.join(folder);
            let identity = folder_identity(&dir);
            if identity.is_none() {
                self.folders.remove(folder);
                continue;
            }
            if self.folders.get(folder).copied() == identity {
                continue;
            }
            match watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.folders.insert(folder, identity.unwrap_or_default());
                }
                Err(e) => eprintln!("cannot watch {}: {e}", dir.display()),
            }
        }
    }
}

/// The device and inode of a folder (not through a link), if it is one.
fn folder_identity(dir: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::symlink_metadata(dir).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

/// Why the server cannot start, and what to do.
/// The address to open in a browser: `http://[::1]:1111/` for IPv6, and a loopback
/// address for "every address" (`0.0.0.0` does not open everywhere).
fn shown_address(bind: std::net::IpAddr, port: u16) -> String {
    let shown = match bind {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    format!("http://{}/", std::net::SocketAddr::new(shown, port))
}

fn listen_error(options: &ServeOptions, err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let (port, bind) = (options.port, options.bind);
    match err.kind() {
        ErrorKind::AddrInUse => format!("port {port} is already in use (another `pubgen serve`, or another program): stop it, or choose another port with `--port {}`", port.wrapping_add(1).max(1024)),
        ErrorKind::PermissionDenied => format!("this user may not listen on port {port}: choose a port above 1023, such as `--port 1111`"),
        ErrorKind::AddrNotAvailable => format!("this computer has no address {bind}: leave out `--bind` to use 127.0.0.1"),
        _ => format!(
            "cannot listen on {bind}:{port}: {}",
            crate::diagnostics::plain_io_error(err)
        ),
    }
}

fn is_change(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        _ => false,
    }
}

fn initial_build(options: &ServeOptions, shared: &Shared) -> Option<Build> {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let build = Build::full(&options.build, &mut diags);
    report(&diags, options.quiet);
    match &build {
        Some(b) => {
            publish_warnings(&diags, b, None, shared);
            publish_all(b, shared);
            if let Some(template) = without_preview_script(&b.prepared.site.theme) {
                eprintln!("note: `{template}` does not load the preview's script, so its pages show no build problems and do not reload by themselves\n = help: add {{% if site.preview_script %}}<script src=\"{{{{ site.preview_script }}}}\"></script>{{% endif %}} before `</body>`, as the built-in base.html does\n");
            }
            if !options.quiet {
                eprintln!(
                    "built {} pages in {} ms",
                    b.prepared.linked.entries.len(),
                    started.elapsed().as_millis()
                );
            }
        }
        None => publish_error(&diags, shared),
    }
    build
}

/// A template of the site's own theme that ends a page (`</body>`) without loading
/// the preview's script: one copied from the built-in theme before it had it.
fn without_preview_script(theme: &crate::model::Theme) -> Option<&str> {
    theme
        .templates
        .iter()
        .filter(|t| !t.display.starts_with("(built-in theme)"))
        .find(|t| {
            let text = String::from_utf8_lossy(&t.contents);
            text.contains("</body>") && !text.contains("preview_script")
        })
        .map(|t| t.display.as_str())
}

/// Brings the build up to date with the changed files and serves it; false when
/// there was nothing new to serve (an error, or nothing changed).
fn rebuild(
    options: &ServeOptions,
    build: &mut Option<Build>,
    changed: &[PathBuf],
    shared: &Shared,
) -> bool {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let result = match build {
        Some(b) => b.update(&options.build, changed, &mut diags),
        None => {
            *build = Build::full(&options.build, &mut diags);
            build.as_ref().map(|_| Rebuilt::Full)
        }
    };
    report(&diags, options.quiet);
    let (Some(rebuilt), Some(b)) = (result, build.as_ref()) else {
        publish_error(&diags, shared);
        eprintln!("the build failed: still serving the last good site; fix the file and save it");
        return false;
    };
    // The warnings first: pages reload as soon as the new files are published.
    publish_warnings(&diags, b, Some(&rebuilt), shared);
    match &rebuilt {
        Rebuilt::Pages(paths) => publish_some(b, paths, shared),
        _ => publish_all(b, shared),
    }
    if !options.quiet {
        let what = match &rebuilt {
            Rebuilt::Pages(p) => format!(
                "re-rendered {} page{}",
                p.len(),
                if p.len() == 1 { "" } else { "s" }
            ),
            Rebuilt::Relinked(_) => "re-linked and re-rendered every page".into(),
            Rebuilt::Full => "rebuilt the site".into(),
            Rebuilt::Nothing => "reloaded".into(),
        };
        eprintln!("{what} in {} ms", started.elapsed().as_millis());
    }
    rebuilt != Rebuilt::Nothing
}

/// Only changes under `content/` and `themes/` that are not hidden or editor backups.
fn relevant_paths(paths: &[PathBuf], canonical_root: &Path, root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(canonical_root)
                .or_else(|_| p.strip_prefix(root))
                .ok()?;
            let hidden = rel.components().any(|c| {
                let name = c.as_os_str().to_string_lossy();
                crate::load::is_ignored(&name)
            });
            let watched = rel.starts_with("content") || rel.starts_with("themes");
            (watched && !hidden).then(|| root.join(rel))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn report(diags: &Diagnostics, quiet: bool) {
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none();
    for d in &diags.items {
        if (quiet && d.severity != crate::diagnostics::Severity::Error) || d.acknowledged.is_some()
        {
            continue;
        }
        eprintln!("{}\n", d.render(color));
    }
}

fn body_of(output: &Output) -> Body {
    match &output.contents {
        OutputContents::Html(html) => Body::Html(Arc::clone(html)),
        OutputContents::Bytes(b) => Body::Bytes(b.clone()),
        OutputContents::Copy(source) => Body::File(source.clone()),
    }
}

fn publish_all(build: &Build, shared: &Shared) {
    let files: HashMap<String, Arc<Body>> = build
        .outputs
        .iter()
        .map(|o| (o.path.clone(), Arc::new(body_of(o))))
        .collect();
    let (lock, signal) = &**shared;
    let mut served = lock.lock().unwrap_or_else(|e| e.into_inner());
    // Keep the search index and the downloads of the previous build until the new
    // ones are ready.
    let index: Vec<(String, Arc<Body>)> = served
        .files
        .iter()
        .filter(|(k, _)| crate::urls::is_search_index_file(k) || crate::urls::is_download_file(k))
        .map(|(k, v)| (k.clone(), Arc::clone(v)))
        .collect();
    served.files = files;
    served.files.extend(index);
    served.error = None;
    served.version += 1;
    signal.notify_all();
}

fn publish_some(build: &Build, paths: &[String], shared: &Shared) {
    let (lock, signal) = &**shared;
    let mut served = lock.lock().unwrap_or_else(|e| e.into_inner());
    for output in build.outputs.iter().filter(|o| paths.contains(&o.path)) {
        served
            .files
            .insert(output.path.clone(), Arc::new(body_of(output)));
    }
    served.error = None;
    served.version += 1;
    signal.notify_all();
}

fn publish_error(diags: &Diagnostics, shared: &Shared) {
    let text: Vec<String> = diags
        .items
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| d.render(false))
        .collect();
    let (lock, signal) = &**shared;
    let mut served = lock.lock().unwrap_or_else(|e| e.into_inner());
    served.error = Some(text.join("\n\n"));
    served.version += 1;
    signal.notify_all();
}

// ---------------------------------------------------------------------------
// HTTP

fn respond(request: Request, shared: &Shared) {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let response = text_response(
            405,
            "405 Method Not Allowed: this server only serves pages (GET and HEAD)",
            "text/plain; charset=utf-8",
        )
        .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.target.clone();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let result = match path {
        RELOAD_PATH => request.respond(text_response(
            200,
            reload_script(),
            "text/javascript; charset=utf-8",
        )),
        WAIT_PATH => {
            let seen: u64 = query
                .strip_prefix("v=")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let version = wait_for_change(shared, seen);
            request.respond(text_response(
                200,
                &version.to_string(),
                "text/plain; charset=utf-8",
            ))
        }
        STATUS_PATH => {
            let page = query.strip_prefix("page=").unwrap_or("/");
            let status = status_of(shared, page);
            let json = serde_json::to_string(&status).unwrap_or_default();
            request.respond(text_response(200, &json, "application/json"))
        }
        _ => serve_file(request, path, shared),
    };
    let _ = result;
}

/// What the preview's script shows over the page at `page` (a request path,
/// percent-encoded): the last build's error, or the warnings about this page.
fn status_of(shared: &Shared, page: &str) -> Status {
    let file = request_file(page).unwrap_or_default();
    let (lock, _) = &**shared;
    let served = lock.lock().unwrap_or_else(|e| e.into_inner());
    Status {
        version: served.version,
        error: served.error.clone(),
        warnings: served.warnings_on(&file),
    }
}

/// Pages waiting for a change hold one of the server's threads each: at most half of
/// them wait long, so that many open tabs never leave none to serve the pages.
const LONG_WAITS: usize = server::WORKERS / 2;
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Long polling: answers when the version moves on, or after 25 s (2 s when many
/// pages are waiting already).
fn wait_for_change(shared: &Shared, seen: u64) -> u64 {
    use std::sync::atomic::Ordering;
    let before = WAITING.fetch_add(1, Ordering::SeqCst);
    let limit = Duration::from_secs(if before < LONG_WAITS { 25 } else { 2 });
    let (lock, signal) = &**shared;
    let served = lock.lock().unwrap_or_else(|e| e.into_inner());
    let (served, _) = signal
        .wait_timeout_while(served, limit, |s| s.version == seen)
        .unwrap_or_else(|e| e.into_inner());
    WAITING.fetch_sub(1, Ordering::SeqCst);
    served.version
}

fn serve_file(request: Request, path: &str, shared: &Shared) -> std::io::Result<()> {
    let Some(file) = request_file(path) else {
        return request.respond(text_response(
            403,
            "403 Forbidden: that path is outside the site",
            "text/plain; charset=utf-8",
        ));
    };
    let (body, version, is_dir) = {
        let (lock, _) = &**shared;
        let served = lock.lock().unwrap_or_else(|e| e.into_inner());
        let body = served.files.get(&file).cloned();
        let is_dir = body.is_none() && served.files.contains_key(&format!("{file}/index.html"));
        (body, served.version, is_dir)
    };
    if is_dir {
        // Built from the checked file path, never from the request: `//host` would
        // send a browser to another site.
        let location = crate::urls::encode_href(&format!("/{file}/"));
        let response = Response::empty(301).with_header(header("Location", &location));
        return request.respond(response);
    }
    let Some(body) = body else {
        let page = html_page(
            "Not found",
            &format!(
                "<h1>Not found</h1><p>There is no page at <code>{}</code>.</p>",
                escape_html(path)
            ),
        );
        let response = text_response(404, &page, "text/html; charset=utf-8");
        return request.respond(response.with_header(served_at(version)));
    };
    let bytes = match &*body {
        Body::Html(html) => html.as_bytes().to_vec(),
        Body::Bytes(b) => b.clone(),
        Body::File(source) => {
            // Opened inside `content/` without following links: a file replaced
            // since the build (by a link to `/etc/passwd`, say) is not sent. Sent as
            // it is read, so a large picture is never held in memory whole.
            return match source.open() {
                Ok(opened) => request.respond(
                    Response::from_file(opened)
                        .with_header(header("Content-Type", content_type(&file)))
                        .with_header(header("Cache-Control", "no-store")),
                ),
                Err(_) => request.respond(text_response(
                    404,
                    "404 Not found",
                    "text/plain; charset=utf-8",
                )),
            };
        }
    };
    let kind = content_type(&file);
    let response = Response::from_data(bytes)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        // The version the page is sent at, read with it: the preview's script reloads
        // a page the site changed under before the script asked.
        .with_header(served_at(version));
    request.respond(response)
}

/// The header that tells the preview's script which version of the site a page is.
fn served_at(version: u64) -> server::Header {
    header("Server-Timing", &format!("pubgen;desc=\"{version}\""))
}

#[cfg(test)]
mod tests {
    use super::shown_address;

    #[test]
    fn the_address_shown_opens_in_a_browser() {
        let shown = |ip: &str| shown_address(ip.parse().unwrap(), 1111);
        assert_eq!(shown("127.0.0.1"), "http://127.0.0.1:1111/");
        assert_eq!(shown("::1"), "http://[::1]:1111/");
        assert_eq!(shown("0.0.0.0"), "http://127.0.0.1:1111/");
        assert_eq!(shown("::"), "http://[::1]:1111/");
    }
}
