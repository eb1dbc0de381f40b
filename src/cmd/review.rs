//! `pubgen review`: lists the Easy Read sections whose full text changed since they
//! were last checked, with what changed; `--accept` records them as checked.

use std::io::Write;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::review::{accept, diff, easy_location, full_location, names, pair_texts, standing};
use crate::review::{PairText, Standing};
use crate::site::{self, BuildOptions};

pub struct ReviewOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// Record the pairs as checked.
    pub accept: bool,
    /// Only these pairs (`er-staff` or `easy-read/staff.md#er-staff`); all when empty.
    pub only: Vec<String>,
    pub color: bool,
}

/// Runs the command: what to print on success, or `None` with the errors in `diags`.
pub fn review(options: &ReviewOptions, diags: &mut Diagnostics) -> Option<String> {
    let build = BuildOptions {
        root: options.root.clone(),
        out: None,
        drafts: options.drafts,
        deny_warnings: false,
        write: false,
        search: false,
        downloads: false,
        lint: false,
        preview: false,
        progress: false,
    };
    let prepared = site::prepare_linked(&build, diags)?;
    let (site, docs) = (&prepared.site, &prepared.docs);
    let texts = pair_texts(
        site,
        docs,
        &prepared.linked.pairs,
        prepared.glossary.as_ref(),
    );
    if let Some(unknown) = options
        .only
        .iter()
        .find(|o| !texts.iter().any(|t| names(t, o)))
    {
        diags.push(unknown_pair(unknown, &texts));
        return None;
    }
    let chosen: Vec<&PairText> = texts
        .iter()
        .filter(|t| options.only.is_empty() || options.only.iter().any(|o| names(t, o)))
        .collect();
    let empty = ReviewRecord::default();
    let record = site.review.as_ref().map_or(&empty, |r| &r.record);
    let out_of_step: Vec<&PairText> = chosen
        .iter()
        .copied()
        .filter(|t| standing(t, record) != Standing::InStep)
        .collect();
    if options.accept {
        let new = accept(site, &texts, &options.only);
        write_record(&options.root, &new, diags)?;
        return Some(format!(
            "recorded {} Easy Read section{} as checked against {} full text ({} of them changed or new since the last review) in content/{REVIEW_RECORD}",
            chosen.len(),
            plural(chosen.len()),
            if chosen.len() == 1 { "its" } else { "their" },
            out_of_step.len()
        ));
    }
    if texts.is_empty() {
        return Some("no Easy Read section is paired with a full text (`full=\"…\"` on an Easy Read heading): there is nothing to review".into());
    }
    if out_of_step.is_empty() {
        return Some(format!(
            "every Easy Read section ({}) was checked against its full text as it is now: nothing to review",
            chosen.len()
        ));
    }
    Some(listing(site, docs, record, &out_of_step, options.color))
}

fn unknown_pair(name: &str, texts: &[PairText]) -> Diagnostic {
    let known: Vec<&str> = texts.iter().map(|t| t.easy_key.as_str()).collect();
    let ids = texts.iter().filter_map(|t| t.pairing.easy.id.as_deref());
    let mut d = Diagnostic::error(format!(
        "`{name}` is not an Easy Read section paired with a full text"
    ));
    d = match crate::diagnostics::nearest(name, ids.chain(known.iter().copied())) {
        Some(near) => d.help(format!("did you mean `{near}`?")),
        None if known.is_empty() => d.help("no Easy Read heading has `full=\"…\"` yet"),
        None => d.help(format!("the paired sections are: {}", known.join(", "))),
    };
    d
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Each pair out of step: both places, what changed in the full text, and the Easy
/// Read text as it is now; then how to accept.
fn listing(
    site: &LoadedSite,
    docs: &[Document],
    record: &ReviewRecord,
    pairs: &[&PairText],
    color: bool,
) -> String {
    let mut out = String::new();
    for pair in pairs {
        let accepted = record.pairs.iter().find(|a| a.easy == pair.easy_key);
        let why = standing(pair, record).words();
        out.push_str(&format!(
            "Easy Read section `{}` ({})\n{why}: `{}` ({}).\n\n",
            pair.easy_key,
            easy_location(site, docs, &pair.pairing.easy),
            pair.full_key,
            full_location(site, docs, &pair.pairing.full),
        ));
        match accepted.filter(|a| a.full == pair.full_key && !a.text.is_empty()) {
            Some(a) => {
                out.push_str("  What changed in the full text ([-removed-] {+added+}):\n");
                push_indented(&mut out, &diff::word_diff(&a.text, &pair.full_text, color));
            }
            None => {
                out.push_str("  The full text:\n");
                push_indented(&mut out, &lines(&pair.full_text));
            }
        }
        out.push_str("\n  The Easy Read text now:\n");
        push_indented(&mut out, &lines(&pair.easy_text));
        out.push('\n');
    }
    out.push_str(&format!(
        "{} Easy Read section{} to review. When the Easy Read text says what the full text says, record it as checked:\n  every section listed:  pubgen review --accept\n  one section:           pubgen review --accept {}",
        pairs.len(),
        plural(pairs.len()),
        pairs[0].pairing.easy.id.as_deref().unwrap_or(&pairs[0].easy_key)
    ));
    out
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn push_indented(out: &mut String, lines: &[String]) {
    for line in lines {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
}

/// Writes the record whole, or not at all: into a hidden file of its own beside it
/// (named for this run), then renamed over it. Only the record itself is replaced,
/// inside `content/` as it was opened (no link followed at any step).
fn write_record(
    root: &std::path::Path,
    record: &ReviewRecord,
    diags: &mut Diagnostics,
) -> Option<()> {
    use crate::fs::{Folder, Kind};
    let temp = format!(".{REVIEW_RECORD}.pubgen-{}", std::process::id());
    let shown = format!(
        "{}content/{REVIEW_RECORD}",
        crate::load::display_prefix(root)
    );
    let failed = |err: std::io::Error| {
        Diagnostic::error(format!(
            "could not write {shown}: {}",
            crate::diagnostics::plain_io_error(&err)
        ))
    };
    let content = match Folder::open(&root.join("content")) {
        Ok(folder) => folder,
        Err(err) => {
            diags.push(failed(err));
            return None;
        }
    };
    if content
        .entry_kind(std::path::Path::new(REVIEW_RECORD))
        .is_ok_and(|kind| kind != Kind::File)
    {
        diags.push(
            Diagnostic::error(format!(
                "{shown} is not a plain file (a link or a folder), so pubgen will not replace it"
            ))
            .help("move it away: pubgen writes the record as a plain file in `content/`"),
        );
        return None;
    }
    let text = crate::load::record_text(record);
    if text.len() > crate::load::MAX_RECORD_BYTES {
        diags.push(
            Diagnostic::error(format!(
                "the record would be {} KB, more than the {} KB pubgen reads back",
                text.len() / 1024,
                crate::load::MAX_RECORD_BYTES / 1024
            ))
            .help("pair Easy Read headings with sections of the full text (`full=\"…\"`), not whole long pages"),
        );
        return None;
    }
    let written = content
        .create_file(std::path::Path::new(&temp))
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| content.rename(&temp, REVIEW_RECORD));
    if let Err(err) = written {
        let _ = content.remove_file(std::path::Path::new(&temp));
        diags.push(failed(err));
        return None;
    }
    Some(())
}
