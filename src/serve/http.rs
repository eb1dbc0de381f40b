//! The HTTP side of `pubgen serve` that needs no state: which file a request path
//! names, content types, and the preview's script (which the templates' pages load
//! from `site.preview_script`).

pub(super) use super::server::header;
use super::server::Response;

pub(super) const RELOAD_PATH: &str = crate::render::PREVIEW_SCRIPT;
pub(super) const WAIT_PATH: &str = "/__pubgen/wait";
pub(super) const STATUS_PATH: &str = "/__pubgen/status";

/// The site-relative file a request path names, or `None` for paths that try to
/// leave the site (`..`, encoded or not, backslashes, NUL).
pub fn request_file(path: &str) -> Option<String> {
    let decoded = crate::urls::percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => segments.push(s),
        }
    }
    let mut file = segments.join("/");
    if decoded.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

/// What the preview's script asks the server about a page (`STATUS_PATH?page=…`):
/// the version of the site being served, the last build's error, and the warnings
/// about this page.
#[derive(serde::Serialize)]
pub(super) struct Status {
    pub version: u64,
    pub error: Option<String>,
    pub warnings: Vec<String>,
}

/// The server's own page (a missing page). The templates' pages get the preview's
/// script from `site.preview_script`; this page is the server's, so it has it written
/// in, and the script shows the build's error over it as over any page.
pub(super) fn html_page(title: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}<script src=\"{RELOAD_PATH}\"></script></body></html>")
}

/// The preview's script, with the server's paths written in.
pub(super) fn reload_script() -> &'static str {
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SCRIPT.get_or_init(|| {
        RELOAD_SCRIPT
            .replace("WAIT_PATH", WAIT_PATH)
            .replace("STATUS_PATH", STATUS_PATH)
    })
}

const RELOAD_SCRIPT: &str = r#"// pubgen serve: shows the last build's problems over the page (the error, or the
// warnings about this page), and reloads the page when the site is rebuilt.
(function () {
  var page = encodeURIComponent(location.pathname);
  // The version the page was served at, from its Server-Timing header.
  function servedAt() {
    var nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var timings = nav && nav.serverTiming ? nav.serverTiming : [];
    for (var i = 0; i < timings.length; i++) {
      if (timings[i].name === "pubgen") { return timings[i].description; }
    }
    return null;
  }
  var box = "position:relative;z-index:1000;margin:0;background:#fff;color:#0b0c0c;font:1rem/1.4 system-ui,sans-serif;";
  var pre = "white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0 0;font:0.9rem/1.4 ui-monospace,monospace";
  function element(tag, style, text) {
    var e = document.createElement(tag);
    if (style) { e.setAttribute("style", style); }
    if (text) { e.textContent = text; }
    return e;
  }
  function show(status) {
    var banner;
    if (status.error) {
      banner = element("div", box + "padding:1rem;border:4px solid #d4351c");
      banner.setAttribute("role", "alert");
      banner.appendChild(element("h2", "margin:0 0 .5rem;font-size:1.25rem", "The site could not be rebuilt"));
      banner.appendChild(element("p", "margin:0", "You are seeing the last good version. Fix the problem below and save the file: this page reloads by itself."));
      banner.appendChild(element("pre", pre, status.error));
    } else if (status.warnings.length) {
      var n = status.warnings.length;
      banner = element("details", box + "padding:.5rem 1rem;border:4px solid #ffdd00");
      banner.appendChild(element("summary", "", "pubgen serve: " + n + " warning" + (n === 1 ? "" : "s") + " about this page (only you see this)"));
      banner.appendChild(element("pre", pre, status.warnings.join("\n\n")));
    }
    if (banner) { document.body.insertBefore(banner, document.body.firstChild); }
  }
  function wait(version) {
    fetch("WAIT_PATH?v=" + version, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) { if (v !== version) { location.reload(); } else { wait(version); } })
      .catch(function () { setTimeout(function () { wait(version); }, 1000); });
  }
  function start() {
    fetch("STATUS_PATH?page=" + page, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        var now = String(status.version);
        var version = servedAt() || now;
        if (version !== now) { location.reload(); return; }
        show(status);
        wait(version);
      })
      .catch(function () { setTimeout(start, 1000); });
  }
  start();
})();
"#;

pub(super) fn text_response(status: u16, body: &str, kind: &str) -> Response {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
}

pub(super) fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::request_file;

    #[test]
    fn request_paths_cannot_leave_the_site() {
        assert_eq!(request_file("/").as_deref(), Some("index.html"));
        assert_eq!(
            request_file("/summary/").as_deref(),
            Some("summary/index.html")
        );
        assert_eq!(
            request_file("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(request_file("/../etc/passwd"), None);
        assert_eq!(request_file("/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(request_file("/a/..%2f..%2fetc"), None);
        assert_eq!(request_file("/a%5c..%5cb"), None);
        assert_eq!(request_file("/a%00"), None);
    }
}
