//! A Word document (`.docx`), read by pandoc, the standard converter: each
//! `Heading 1` starts a page, the text before the first one is the home page,
//! pictures are extracted with their alt text into `content/pictures/`, tables and
//! footnotes are kept (each note moved to the page that refers to it) and Word's
//! styling is dropped.

use std::ops::Range;
use std::path::Path;
use std::process::Command;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

use super::{markdown, Front, Imported, Page, SiteSettings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::ids::slugify;

/// Reads `source` with pandoc; its pictures are extracted into `content/pictures/`
/// of the new site folder `dir` (checked empty before this runs).
pub(super) fn read(
    source: &Path,
    dir: &Path,
    _diags: &mut Diagnostics,
) -> Result<Imported, Diagnostic> {
    let content = dir.join("content");
    let made_dir = !dir.exists();
    std::fs::create_dir_all(&content).map_err(|e| super::io_failed("create", &content, &e))?;
    let text = pandoc(source, &content).inspect_err(|_| {
        // Only the empty folders this import made (remove_dir refuses any other).
        let _ = std::fs::remove_dir(&content);
        if made_dir {
            let _ = std::fs::remove_dir(dir);
        }
    })?;
    let (meta, body) = split_metadata(&text);
    let (notes, body) = take_notes(body);
    let title = meta_value(meta, "title").unwrap_or_else(|| file_stem(source));
    let mut imported = Imported {
        what: "a Word document",
        site: SiteSettings {
            title: title.clone(),
            subtitle: meta_value(meta, "subtitle"),
            ..SiteSettings::default()
        },
        extracted: count_files(&content.join("pictures")),
        ..Imported::default()
    };
    imported.pages = pages(&title, &body);
    for page in &mut imported.pages {
        append_notes(page, &notes);
    }
    Ok(imported)
}

/// pandoc's markdown of the document: GitHub's dialect (tables and footnotes as
/// pubgen reads them) without raw HTML, so Word's styling is dropped and a picture
/// is `![its alt text](pictures/media/…)`.
fn pandoc(source: &Path, content: &Path) -> Result<String, Diagnostic> {
    let source = source
        .canonicalize()
        .map_err(|e| super::io_failed("read", source, &e))?;
    let output = Command::new("pandoc")
        .args(["--from=docx", "--to=gfm-raw_html", "--wrap=none", "--standalone"])
        .arg("--extract-media=pictures")
        .arg(&source)
        .current_dir(content)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Diagnostic::error(
                "pubgen imports Word documents with pandoc, which is not installed",
            )
            .help("install pandoc, then run the import again: `sudo apt install pandoc` (Debian, Ubuntu), `brew install pandoc` (macOS), or see https://pandoc.org/installing.html"),
            _ => super::io_failed("run pandoc on", &source, &e),
        })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(Diagnostic::error(format!(
            "pandoc could not read {}: {}",
            source.display(),
            said.trim()
        ))
        .help("check that the file opens in Word and is saved as a Word document (.docx)"));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The YAML block pandoc writes first (the document's title), and the text after it.
fn split_metadata(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            return (&rest[..end], &rest[end + 5..]);
        }
    }
    ("", text)
}

fn meta_value(meta: &str, key: &str) -> Option<String> {
    let map: serde_yaml::Mapping = serde_yaml::from_str(meta).ok()?;
    let value = map.get(key)?;
    let text = value.as_str()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "Untitled".into(), |s| s.to_string_lossy().into_owned())
}

fn count_files(folder: &Path) -> usize {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

/// The footnote definitions (`[^1]: …` with their indented lines), taken out of the
/// text: pandoc writes them all at the end, and each goes to the page that uses it.
fn take_notes(text: &str) -> (Vec<(String, String)>, String) {
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut body = String::with_capacity(text.len());
    let mut in_note = false;
    for line in text.split_inclusive('\n') {
        let label = line
            .strip_prefix("[^")
            .and_then(|rest| rest.split_once("]:"))
            .map(|(label, _)| label);
        match label {
            Some(label) => {
                in_note = true;
                notes.push((label.to_string(), line.to_string()));
            }
            None if in_note && (line.trim().is_empty() || line.starts_with("    ")) => {
                if let Some((_, note)) = notes.last_mut() {
                    note.push_str(line);
                }
            }
            None => {
                in_note = false;
                body.push_str(line);
            }
        }
    }
    (notes, body)
}

/// Each page gets the definitions of the notes it refers to, after its text.
fn append_notes(page: &mut Page, notes: &[(String, String)]) {
    let used: Vec<&String> = notes
        .iter()
        .filter(|(label, _)| page.body.contains(&format!("[^{label}]")))
        .map(|(_, note)| note)
        .collect();
    if used.is_empty() {
        return;
    }
    page.body = page.body.trim_end().to_string() + "\n\n";
    for note in used {
        page.body.push_str(note.trim_end());
        page.body.push_str("\n\n");
    }
}

/// The pages: the text before the first `Heading 1` is the home page (titled with
/// the document's title), then one page per `Heading 1`, in the document's order.
fn pages(title: &str, body: &str) -> Vec<Page> {
    let starts = top_headings(body);
    let first = starts.first().map_or(body.len(), |r| r.start);
    let mut pages = vec![Page {
        src_rel: String::new(),
        out: "index.md".into(),
        front: Front {
            title: title.to_string(),
            kind: Some("home"),
            ..Front::default()
        },
        body: markdown::take_title(&body[..first]).1,
        ..Page::default()
    }];
    let mut used: Vec<String> = vec!["index".into()];
    for (n, range) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(body.len(), |r| r.start);
        let (heading, text) = markdown::take_title(&body[range.start..end]);
        let heading = heading.unwrap_or_else(|| format!("Part {}", n + 1));
        let stem = unique(&mut used, &slugify(&heading));
        pages.push(Page {
            src_rel: String::new(),
            out: format!("{stem}.md"),
            front: Front {
                title: heading,
                order: Some((n as i64 + 1) * 10),
                ..Front::default()
            },
            body: text,
            ..Page::default()
        });
    }
    pages
}

/// Where each `Heading 1` (`# …`) starts, outside code.
fn top_headings(body: &str) -> Vec<Range<usize>> {
    Parser::new(body)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => Some(range),
            _ => None,
        })
        .collect()
}

/// A file name not used yet: `findings`, then `findings-2`.
fn unique(used: &mut Vec<String>, stem: &str) -> String {
    let stem = if stem.is_empty() { "part" } else { stem };
    let mut name = stem.to_string();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{stem}-{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_note_goes_to_the_page_that_refers_to_it() {
        let text =
            "# One\n\nA[^1]\n\n# Two\n\nB[^2]\n\n[^1]: First.\n\n[^2]: Second,\n    two lines.\n";
        let (notes, body) = take_notes(text);
        let mut pages = pages("Doc", &body);
        for page in &mut pages {
            append_notes(page, &notes);
        }
        let bodies: Vec<(&str, &str)> = pages
            .iter()
            .map(|p| (p.out.as_str(), p.body.trim()))
            .collect();
        assert_eq!(
            bodies,
            [
                ("index.md", ""),
                ("one.md", "A[^1]\n\n[^1]: First."),
                ("two.md", "B[^2]\n\n[^2]: Second,\n    two lines."),
            ]
        );
    }
}
