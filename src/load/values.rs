//! Checks of the values in `site.yaml` and front matter that YAML's types cannot
//! express: real dates, language tags, addresses, names, and text free of control
//! characters. Each problem is reported at its line with what to write instead.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{SiteConfig, SourceFile};

use super::yaml::{key_location, SourceSlice};

/// One segment of a URL: lower-case letters, digits and `-`.
pub(super) fn is_safe_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `2020-03-01`, optionally followed by a time: a date that exists.
pub(super) fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    let shape = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ');
    if !shape {
        return false;
    }
    let number = |r: std::ops::Range<usize>| date[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A BCP 47 language tag in its common shape: a 2–3 letter language, then subtags of
/// 1–8 letters or digits (`en`, `en-GB`, `gd`, `zh-Hant-TW`, `cy-x-easy`).
pub(super) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    let first_ok = (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// An absolute `http://` or `https://` address with a host and no spaces.
/// `name@domain.tld`, with no spaces, quotes or angle brackets.
pub(crate) fn is_email(email: &str) -> bool {
    let Some((name, domain)) = email.split_once('@') else {
        return false;
    };
    let plain = |s: &str| {
        !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || "@<>\"'(),;:[]\\".contains(c))
    };
    plain(name)
        && plain(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

pub(super) fn is_base_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !url.contains(|c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\')
        })
}

/// Hosts reserved for examples and tests (RFC 2606, RFC 6761): no publication lives
/// there, so an address on one is a placeholder.
pub(crate) fn is_placeholder_host(host: &str) -> bool {
    let host = host.rsplit('@').next().unwrap_or(host);
    // `[::1]:8080` keeps its brackets; `localhost:8080` loses its port.
    let host = match host.find(']') {
        Some(end) if host.starts_with('[') => host[..=end].to_ascii_lowercase(),
        _ => host.split(':').next().unwrap_or(host).to_ascii_lowercase(),
    };
    let host = host.trim_end_matches('.');
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    [
        "example.org",
        "example.com",
        "example.net",
        "example",
        "test",
        "invalid",
        "localhost",
    ]
    .iter()
    .any(|d| under(d))
        || host == "127.0.0.1"
        || host == "[::1]"
}

/// An address on a placeholder domain (`https://example.org/…`, `me@example.com`) in
/// `base_url`, `contact` or `accessible_formats` is left out, with a warning: every
/// citation, canonical link, "Request an accessible format" link and PDF title page
/// would otherwise send readers where the publication and its publisher are not.
/// Then a site with no way to reach its publisher is a warning, and one without
/// `base_url` a note.
pub(super) fn check_addresses(
    config: &mut SiteConfig,
    source: &SourceFile,
    diags: &mut Diagnostics,
) {
    let yaml = SourceSlice {
        source,
        start: 0,
        end: source.text.len(),
    };
    let fields: [(&str, &mut Option<String>, &str); 3] = [
        ("base_url", &mut config.base_url, "the address the site will really be published at, or delete the line until you know it: without it, the sitemap, canonical links and the web addresses in citations are left out"),
        ("contact", &mut config.contact, "your organisation's web page or email address, where readers can reach you"),
        ("accessible_formats", &mut config.accessible_formats, "the email address where readers can ask for the publication in another format"),
    ];
    let (mut dropped, mut dropped_base_url) = (false, false);
    for (key, value, what) in fields {
        let Some(host) = value.as_deref().and_then(placeholder_host) else {
            continue;
        };
        diags.push(
            Diagnostic::warning(format!(
                "`{key}` is a placeholder address ({host} is reserved for examples), so it is not published"
            ))
            .at(key_location(&yaml, key))
            .help(format!("write {what}")),
        );
        *value = None;
        dropped = true;
        dropped_base_url |= key == "base_url";
    }
    if config.contact.is_none() && config.accessible_formats.is_none() && !dropped {
        diags.push(
            Diagnostic::warning("readers have no way to reach the publisher: the site gives no `contact` and no `accessible_formats`")
                .at(Location::file(&source.display))
                .help("add a line `contact: https://…` (a web page of yours) or `accessible_formats: name@your-organisation.org` (an email address for requests for other formats, such as large print or braille): the footer and the accessibility statement then say where to ask"),
        );
    }
    if config.base_url.is_none() && !dropped_base_url {
        // Not a problem: a site may not know its address yet (or have none).
        diags.push(
            Diagnostic::note("`base_url` is not set, so the site has no sitemap.xml, no canonical links and no web addresses in its citations")
                .at(Location::file(&source.display))
                .help("when you know where the site will be published, add a line `base_url: https://…` with its address"),
        );
    }
}

/// The host of a web or email address, when it is a placeholder.
fn placeholder_host(address: &str) -> Option<String> {
    let host = match address.split_once("://") {
        Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or(""),
        None => address
            .trim_start_matches("mailto:")
            .rsplit('@')
            .next()
            .unwrap_or(""),
    };
    is_placeholder_host(host).then(|| host.to_string())
}

/// A theme is a folder name under `themes/`: letters, digits, `-` and `_`.
pub(super) fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks what `site.yaml`'s types let through.
pub(super) fn check_config(config: &SiteConfig, source: &SourceFile, diags: &mut Diagnostics) {
    let yaml = SourceSlice {
        source,
        start: 0,
        end: source.text.len(),
    };
    if !is_language_tag(&config.language) {
        diags.push(
            Diagnostic::error(format!("`{}` is not a language tag", config.language))
                .at(key_location(&yaml, "language"))
                .help("write a language tag such as `en-GB` (English, UK), `en`, `gd` (Gaelic) or `cy` (Welsh)"),
        );
    }
    if let Some(url) = config.base_url.as_deref().filter(|u| !is_base_url(u)) {
        diags.push(
            Diagnostic::error(format!("`base_url` must be a full web address, not `{url}`"))
                .at(key_location(&yaml, "base_url"))
                .help("write the address the site will be published at, starting with https://, for example `base_url: https://www.your-organisation.org/report`"),
        );
    }
    if let Some(email) = config
        .accessible_formats
        .as_deref()
        .filter(|e| !is_email(e))
    {
        diags.push(
            Diagnostic::error(format!("`accessible_formats` must be an email address, not `{email}`"))
                .at(key_location(&yaml, "accessible_formats"))
                .help("write the address readers can ask for another format at, such as `accessible_formats: publications@example.org`, or remove the line to send them to `contact`"),
        );
    }
    if !is_theme_name(&config.theme) {
        diags.push(
            Diagnostic::error(format!("`{}` is not a theme name", config.theme))
                .at(key_location(&yaml, "theme"))
                .help("a theme is the name of a folder in `themes/`, such as `theme: corra` for `themes/corra/`; remove the line to use the built-in theme"),
        );
    }
}

/// Control characters (NUL, escape, …) cannot be published: the first lines holding
/// one are reported. Tabs and line ends are fine.
pub(super) fn check_control_characters(source: &SourceFile, diags: &mut Diagnostics) -> bool {
    const SHOWN_LINES: usize = 10;
    // Most pages have none: a byte scan first (control characters are ASCII, or
    // U+0080–U+009F, whose UTF-8 starts with 0xC2).
    // Non-characters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) start with 0xEF, 0xF0–0xF4.
    if !may_hold_unpublishable(source.text.as_bytes()) {
        return true;
    }
    let mut lines = 0;
    let mut reported_line = usize::MAX;
    for (offset, c) in source.text.char_indices() {
        if !is_unpublishable(c) {
            continue;
        }
        let location = source.location(offset, c.len_utf8());
        if location.line == reported_line {
            continue;
        }
        reported_line = location.line;
        lines += 1;
        if lines > SHOWN_LINES {
            break;
        }
        diags.push(unpublishable(c).at(location));
    }
    lines == 0
}

/// Whether any byte may start a character no output may hold. Each block of 64
/// bytes is looked at whole, without stopping at the first, which the compiler
/// turns into a few vector instructions: every page is scanned when loaded and when
/// read again to be rendered.
fn may_hold_unpublishable(bytes: &[u8]) -> bool {
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2 || b >= 0xef
    };
    bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |any, &b| any | suspect(b)))
}

/// A character no output may hold: a control character other than tab and line
/// breaks, or a non-character (U+FFFE…), which XML (and so the EPUB) forbids.
pub(super) fn is_unpublishable(c: char) -> bool {
    let code = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
}

/// The error for such a character (the caller places it).
pub(super) fn unpublishable(c: char) -> Diagnostic {
    let kind = if c.is_control() {
        "an invisible control character"
    } else {
        "a non-character"
    };
    Diagnostic::error(format!(
        "this line contains {kind} (U+{:04X}), which cannot be published",
        c as u32
    ))
    .help("delete it (it is often left by copying from a PDF or a word processor); your editor may show it as a box or `^@`")
}

/// Values written with YAML's escapes (`"\u0001"`, `"\x01"`) that stand for such a
/// character: an error at the value's key, as for the character typed in the text.
pub(super) fn check_escaped_characters(
    yaml: &serde_yaml::Value,
    source: &SourceFile,
    start: usize,
    diags: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    let mut check = |key: &str, text: &str| {
        if let Some(c) = text.chars().find(|&c| is_unpublishable(c)) {
            ok = false;
            let slice = SourceSlice {
                source,
                start,
                end: source.text.len(),
            };
            diags.push(
                Diagnostic::error(format!(
                    "the value of `{key}` holds a character that cannot be published (U+{:04X}), written as an escape",
                    c as u32
                ))
                .at(key_location(&slice, key))
                .help("delete the escape (`\\u…` or `\\x…` in double quotes); a control character or a non-character cannot be published"),
            );
        }
    };
    walk_strings(yaml, "", &mut check);
    ok
}

fn walk_strings(value: &serde_yaml::Value, key: &str, check: &mut impl FnMut(&str, &str)) {
    match value {
        serde_yaml::Value::String(text) => check(key, text),
        serde_yaml::Value::Sequence(items) => {
            items.iter().for_each(|v| walk_strings(v, key, check))
        }
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let k = k.as_str().unwrap_or(key);
                check(k, k);
                walk_strings(v, k, check);
            }
        }
        serde_yaml::Value::Tagged(tagged) => walk_strings(&tagged.value, key, check),
        _ => {}
    }
}
