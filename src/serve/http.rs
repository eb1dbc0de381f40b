//! The HTTP side of `pubgen serve` that needs no state: which file a request path
//! names, content types, and the live-reload script added to pages.

pub(super) use super::server::header;
use super::server::Response;

use crate::doc::escape_html;

pub(super) const RELOAD_PATH: &str = "/__pubgen/livereload.js";
pub(super) const WAIT_PATH: &str = "/__pubgen/wait";

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

/// Adds the live-reload script, and the build error when there is one, or else the
/// last build's warnings about this page, folded.
pub(super) fn inject(html: &str, error: Option<&str>, warnings: &[String], version: u64) -> String {
    let script = format!("<script src=\"{RELOAD_PATH}\" data-version=\"{version}\"></script>");
    let banner = error.map(|e| {
        format!(
            "<div role=\"alert\" style=\"position:relative;z-index:1000;margin:0;padding:1rem;background:#fff;color:#0b0c0c;border:4px solid #d4351c;font:1rem/1.4 system-ui,sans-serif\">\
             <h2 style=\"margin:0 0 .5rem;font-size:1.25rem\">The site could not be rebuilt</h2>\
             <p style=\"margin:0 0 .5rem\">You are seeing the last good version. Fix the problem below and save the file: this page reloads by itself.</p>\
             <pre style=\"white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font:0.9rem/1.4 ui-monospace,monospace\">{}</pre></div>",
            escape_html(e)
        )
    });
    let banner = banner.or_else(|| (!warnings.is_empty()).then(|| warnings_banner(warnings)));
    let mut out = html.to_string();
    if let Some(banner) = banner {
        match out
            .find("<body")
            .and_then(|i| out[i..].find('>').map(|j| i + j + 1))
        {
            Some(at) => out.insert_str(at, &banner),
            None => out.insert_str(0, &banner),
        }
    }
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &script),
        None => out.push_str(&script),
    }
    out
}

fn warnings_banner(warnings: &[String]) -> String {
    let n = warnings.len();
    format!(
        "<details style=\"position:relative;z-index:1000;margin:0;padding:.5rem 1rem;background:#fff;color:#0b0c0c;border:4px solid #ffdd00;font:1rem/1.4 system-ui,sans-serif\">\
         <summary>pubgen serve: {n} warning{} about this page (only you see this)</summary>\
         <pre style=\"white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0 0;font:0.9rem/1.4 ui-monospace,monospace\">{}</pre></details>",
        if n == 1 { "" } else { "s" },
        escape_html(&warnings.join("\n\n"))
    )
}

pub(super) fn html_page(title: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>")
}

pub(super) const RELOAD_SCRIPT: &str = r#"// pubgen serve: reloads the page when the site is rebuilt.
(function () {
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : "0";
  function wait() {
    fetch("/__pubgen/wait?v=" + version, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) { if (v !== version) { location.reload(); } else { wait(); } })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
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
