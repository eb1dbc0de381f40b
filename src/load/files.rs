//! The files of `content/`: walking it, and reading a file only when it is a regular
//! file that stays inside `content/` once every symbolic link is followed. The same
//! rule serves `pubgen serve` at request time ([`contained_file`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::fs::Folder;

use super::MAX_PAGE_BYTES;

/// Why a path under `content/` may not be read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// A symbolic link (somewhere on the way) leads out of `content/`.
    Outside,
    /// Symbolic links that lead round in a circle.
    Loop,
    /// A symbolic link to nothing, or a file that is gone.
    Missing,
    /// A folder where a file was expected.
    Folder,
    /// A pipe, socket or device: reading it could block or never end.
    Special,
    /// The system would not let pubgen read it.
    Unreadable(io::Error),
}

impl Refusal {
    /// The problem and what to do, in an editor's words.
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let (message, help) = match self {
            Refusal::Outside => ("this symbolic link leads out of `content/`".to_string(),
                "nothing outside `content/` is published: copy the file into `content/` instead"),
            Refusal::Loop => ("this symbolic link makes a loop (it leads, through links, back to itself or to a folder that contains it)".to_string(),
                "remove the link, or replace it with the files themselves"),
            Refusal::Missing => ("this symbolic link points to a file that does not exist".to_string(),
                "remove the link, or replace it with the file itself"),
            Refusal::Folder => ("this is a folder where a file was expected".to_string(),
                "rename the folder"),
            Refusal::Special => ("this is not a regular file (it is a pipe, socket or device), so it cannot be published".to_string(),
                "remove it from `content/`: only files and folders are published"),
            Refusal::Unreadable(err) => (format!("pubgen may not read this ({})", crate::diagnostics::plain_io_error(err)),
                "check the file's permissions: the person building the site must be able to read it"),
        };
        Diagnostic::error(message).help(help)
    }
}

/// The real path of `path` if it is a regular file inside `content_dir` (itself
/// canonical) after every symbolic link is followed.
pub(crate) fn contained_file(path: &Path, content_dir: &Path) -> Result<PathBuf, Refusal> {
    let real = fs::canonicalize(path).map_err(|err| match err.raw_os_error() {
        Some(code) if code == libc::ELOOP => Refusal::Loop,
        _ if err.kind() == io::ErrorKind::NotFound => Refusal::Missing,
        _ => Refusal::Unreadable(err),
    })?;
    if !real.starts_with(content_dir) {
        return Err(Refusal::Outside);
    }
    let kind = fs::metadata(&real)
        .map_err(Refusal::Unreadable)?
        .file_type();
    if kind.is_dir() {
        return Err(Refusal::Folder);
    }
    if !kind.is_file() {
        return Err(Refusal::Special);
    }
    Ok(real)
}

/// A folder (`content/`, a theme) as a real path, for [`contained_file`].
pub(crate) fn real_folder(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Every file under `content/` as (path relative to content with `/`, the path of
/// the file it is inside `content/` once links are followed), sorted. Hidden files and editor backups are skipped. Symbolic links are never
/// walked into: a link to a file inside `content/` is read as that file; a link to a
/// folder, out of `content/`, to nothing or in a loop is an error, as is a pipe,
/// socket or device, and a name that would break links to it.
pub(super) fn walk_content(
    content_dir: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let canonical = real_folder(content_dir);
    let mut files = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let shown = err
                    .path()
                    .map(|p| shown_path(p, content_dir, display_root))
                    .unwrap_or_else(|| format!("{display_root}content"));
                let refusal = match err.into_io_error() {
                    Some(io) => Refusal::Unreadable(io),
                    None => Refusal::Loop,
                };
                diags.push(refusal.diagnostic().at(Location::file(shown)));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let shown = shown_path(entry.path(), content_dir, display_root);
        // Files are read and copied from their real path, so that a link put in
        // their place later is refused when opened (see `crate::fs::Folder::open_file`).
        let checked = if kind.is_symlink() {
            contained_file(entry.path(), &canonical)
                .map(|real| real.strip_prefix(&canonical).unwrap_or(&real).to_path_buf())
        } else if kind.is_file() {
            Ok(entry
                .path()
                .strip_prefix(content_dir)
                .unwrap_or(entry.path())
                .to_path_buf())
        } else {
            Err(Refusal::Special)
        };
        let real = match checked {
            Ok(real) => real,
            Err(Refusal::Folder) => {
                diags.push(folder_link(&shown));
                continue;
            }
            Err(refusal) => {
                diags.push(refusal.diagnostic().at(Location::file(shown)));
                continue;
            }
        };
        let rel_path = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        match relative_name(rel_path) {
            Ok(rel) => files.push((rel, real)),
            Err(d) => diags.push(d.at(Location::file(shown))),
        }
    }
    files
}

fn folder_link(shown: &str) -> Diagnostic {
    Diagnostic::error(
        "this symbolic link leads to a folder, and pubgen does not follow links to folders",
    )
    .at(Location::file(shown))
    .help("move the folder here, or copy it; a link to a single file inside `content/` is fine")
}

/// The path under `content/` with `/`, if every part of it is a name that works in a
/// link: UTF-8, and none of the characters that a URL gives another meaning.
fn relative_name(rel: &Path) -> Result<String, Diagnostic> {
    let mut parts = Vec::new();
    for part in rel.components() {
        let Some(name) = part.as_os_str().to_str() else {
            return Err(Diagnostic::error(
                "this file name is not valid UTF-8 text, so no link can name it",
            )
            .help("rename it using letters, digits, `-`, `_` and `.`"));
        };
        if let Some(c) = name.chars().find(|&c| is_unsafe_in_name(c)) {
            return Err(Diagnostic::error(format!(
                "the name `{}` contains {}, which breaks links to it",
                name.escape_debug(),
                describe_char(c)
            ))
            .help(format!(
                "rename it using letters, digits, `-`, `_` and `.`, for example `{}`",
                suggested_name(name)
            )));
        }
        parts.push(name.to_string());
    }
    Ok(parts.join("/"))
}

fn is_unsafe_in_name(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '?' | '#'
                | '%'
                | '\\'
                | '"'
                | '\''
                | '<'
                | '>'
                | '`'
                | '^'
                | '{'
                | '}'
                | '|'
                | '['
                | ']'
                | ':'
                | '*'
        )
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_whitespace() => "a space character".into(),
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c => format!("`{c}`"),
    }
}

/// `My picture (1).png` → `my-picture-1.png`.
fn suggested_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '.' || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.replace("-.", ".").trim_end_matches('-').to_string()
}

pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

fn shown_path(path: &Path, content_dir: &Path, display_root: &str) -> String {
    match path.strip_prefix(content_dir) {
        Ok(rel) => format!("{display_root}content/{}", rel.display()),
        Err(_) => path.display().to_string(),
    }
}

/// Reads a file of `content/` as UTF-8 text, or says what is wrong: outside
/// `content/`, not a regular file, too large, or which line is not UTF-8.
pub(super) fn read_text(
    path: &Path,
    content_dir: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let canonical = real_folder(content_dir);
    let checked = contained_file(path, &canonical).and_then(|real| {
        let folder = Folder::open(content_dir).map_err(Refusal::Unreadable)?;
        Ok((folder, real))
    });
    let (folder, real) = match checked {
        Ok(found) => found,
        Err(Refusal::Missing) if fs::symlink_metadata(path).is_err() => return None,
        Err(refusal) => {
            diags.push(refusal.diagnostic().at(Location::file(display)));
            return None;
        }
    };
    let rel = real.strip_prefix(&canonical).unwrap_or(&real);
    read_text_at(&folder, rel, display, diags)
}

/// Reads a file already checked to be inside `content/` (its path there once links
/// are followed, from the walk), opened inside the folder one part at a time without
/// following a link: a file or folder replaced by a link since is refused.
pub(super) fn read_text_at(
    content: &Folder,
    real: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    // Pages may be larger than the YAML files beside them (settings and records).
    let (limit, what, help) = if display.ends_with(".md") {
        (
            MAX_PAGE_BYTES,
            "pages",
            "split it into several pages, or check that it really is a markdown file",
        )
    } else {
        (
            super::MAX_RECORD_BYTES,
            "files of settings and records",
            "check that it is the file pubgen reads: it holds short settings or records",
        )
    };
    let bytes = match read_limited(content, real, limit) {
        Ok(b) => b,
        Err(err) => {
            diags.push(
                Refusal::Unreadable(err)
                    .diagnostic()
                    .at(Location::file(display)),
            );
            return None;
        }
    };
    if bytes.len() > limit {
        let mb = limit / 1024 / 1024;
        diags.push(
            Diagnostic::error(format!(
                "this file is over {mb} MB; {what} may be at most {mb} MB"
            ))
            .at(Location::file(display))
            .help(help),
        );
        return None;
    }
    utf8_text(bytes, display, diags)
}

/// Reads at most one byte more than `limit`: a huge file is refused without reading
/// it all.
fn read_limited(content: &Folder, path: &Path, limit: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = content.open_file(path)?;
    // Sized from the file's length (which may change as it is read): reading into a
    // growing buffer reallocated and copied each page several times.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit as u64 + 1);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn utf8_text(bytes: Vec<u8>, display: &str, diags: &mut Diagnostics) -> Option<String> {
    // Word and Notepad's "Unicode" is UTF-16: read it as it is.
    if let Some(text) = utf16_text(&bytes) {
        return Some(text);
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Some(text)
        }
        Err(err) => {
            let bytes = err.as_bytes();
            let valid = err.utf8_error().valid_up_to();
            diags.push(not_utf8(bytes, valid, display));
            None
        }
    }
}

/// The text of a file saved as UTF-16 (with its byte order mark, or without one when
/// every other byte of its first line is zero, as in plain English text), if it is.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let (little, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (true, bytes),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => (false, bytes),
        _ => return None,
    };
    if body.len() % 2 != 0 {
        return None;
    }
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// Points at the first byte that is not UTF-8, quoting its line up to there.
fn not_utf8(bytes: &[u8], valid: usize, display: &str) -> Diagnostic {
    let line_start = bytes[..valid]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    let before = String::from_utf8_lossy(&bytes[line_start..valid]);
    let col = before.chars().count() + 1;
    let bad = bytes.get(valid).copied().unwrap_or(0);
    let line_text = format!("{before}\u{FFFD}");
    Diagnostic::error(format!(
        "this file is not UTF-8 text: the byte 0x{bad:02X} at line {line}, column {col} is not a character"
    ))
    .at(Location {
        file: display.to_string(),
        line,
        col,
        len: 1,
        line_text,
        text_col: col,
    })
    .help("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8); the character shown as \u{FFFD} is the one to retype")
}
