//! Which folders pubgen may replace with the built site.
//!
//! pubgen replaces only a folder that is absent, empty, or that it wrote itself and
//! that still holds nothing but what it wrote. It knows its own output by a list of
//! every file it wrote, kept in the folder ([`MANIFEST`]). Anything else (someone's
//! files, a symbolic link, a regular file, a device) is refused before the build
//! touches anything, with the folder named and what to do.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The list of files pubgen wrote, kept in the output folder.
pub(crate) const MANIFEST: &str = ".pubgen-output";

const MANIFEST_HEADER: &str = "\
# Written by pubgen. This folder is a built site: each build replaces it whole.
# pubgen replaces it only while it holds nothing but the files listed here, so
# keep nothing else in it: files put in content/ are published with the site.
";

/// The manifest's text for these output paths.
pub(crate) fn manifest(paths: impl Iterator<Item = impl AsRef<str>>) -> String {
    let mut text = MANIFEST_HEADER.to_string();
    for path in paths {
        text.push_str(path.as_ref());
        text.push('\n');
    }
    text
}

/// Refuses an output folder that would destroy the sources or files pubgen did not
/// write. Nothing is changed on disk.
pub(crate) fn check_out_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    check_not_sources(root, out)?;
    check_replaceable(out)
}

fn refuse(out: &Path, why: impl std::fmt::Display, help: impl Into<String>) -> Diagnostic {
    Diagnostic::error(format!(
        "refusing to write the site to `{}`: {why}",
        out.display()
    ))
    .help(help)
}

/// The output may not be, or hold, the site root or `content/`, nor lie inside
/// `content/`: replacing it would destroy the sources.
fn check_not_sources(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let content = root.join("content");
    let out_abs = absolute(out);
    let why = if root.starts_with(&out_abs) {
        "it is, or contains, the site root"
    } else if content.starts_with(&out_abs) {
        "it contains `content/`"
    } else if out_abs.starts_with(&content) {
        "it is inside `content/`"
    } else {
        return Ok(());
    };
    Err(refuse(
        out,
        why,
        "choose a folder of its own, such as `public` (the default)",
    ))
}

/// The output must be absent, an empty folder, or a folder pubgen wrote that holds
/// nothing else.
pub(crate) fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    let meta = match fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(refuse(
                out,
                format!(
                    "it cannot be looked at ({})",
                    crate::diagnostics::plain_io_error(&err)
                ),
                "check that you may read the folder that holds it",
            ))
        }
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(refuse(
            out,
            "it is a symbolic link, and pubgen never writes or deletes through a link",
            "give the real folder with `--out`, or choose a new folder",
        ));
    }
    if !kind.is_dir() {
        return Err(refuse(
            out,
            "it is a file, not a folder, and pubgen replaces only folders it wrote",
            "choose a folder with `--out`, for example `--out public`",
        ));
    }
    let foreign = foreign_files(out).map_err(|err| {
        refuse(
            out,
            format!(
                "its files cannot be listed ({})",
                crate::diagnostics::plain_io_error(&err)
            ),
            "check that you may read the folder",
        )
    })?;
    if foreign.is_empty() {
        return Ok(());
    }
    Err(refuse(
        out,
        foreign_reason(out, &foreign),
        foreign_help(out),
    ))
}

/// Files named in a refusal.
const FOREIGN_SHOWN: usize = 5;

fn foreign_reason(out: &Path, foreign: &[String]) -> String {
    const SHOWN: usize = FOREIGN_SHOWN;
    let mut names: Vec<String> = foreign
        .iter()
        .take(SHOWN)
        .map(|f| format!("`{}`", out.join(f).display()))
        .collect();
    if foreign.len() > SHOWN {
        names.push("and more".to_string());
    }
    let (it, them) = if foreign.len() == 1 {
        ("a file", "it")
    } else {
        ("files", "them")
    };
    format!(
        "it holds {it} pubgen did not write ({}), and the build would delete {them}",
        names.join(", ")
    )
}

fn foreign_help(out: &Path) -> String {
    let has_manifest = out.join(MANIFEST).is_file();
    if has_manifest {
        "move those files into `content/` (everything there is published with the site), or somewhere else; then build again".into()
    } else {
        "choose an empty or new folder with `--out`; if this folder is an old build of the site, delete it yourself once, and pubgen will manage it from then on".into()
    }
}

/// The files (and links, and anything not a folder) under `out` that its manifest
/// does not list, as paths relative to `out` with `/`. Symbolic links are never
/// followed.
fn foreign_files(out: &Path) -> io::Result<Vec<String>> {
    let listed = read_manifest(out)?;
    let mut foreign = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let mut entries: Vec<fs::DirEntry> =
            fs::read_dir(out.join(&rel))?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let rel = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(rel);
                continue;
            }
            let shown = crate::urls::slash_path(&rel);
            let known = match &listed {
                Some(listed) => shown == MANIFEST || listed.contains(&shown),
                None => false,
            };
            if !known {
                foreign.push(shown);
                // Without a manifest nothing in it is pubgen's: a few names are
                // enough to say so (`--out ~/Documents` is not walked whole).
                if listed.is_none() && foreign.len() > FOREIGN_SHOWN {
                    return Ok(foreign);
                }
            }
        }
    }
    foreign.sort();
    Ok(foreign)
}

/// The paths a manifest lists; `None` when the folder has none.
fn read_manifest(out: &Path) -> io::Result<Option<HashSet<String>>> {
    Ok(manifest_paths(out)?.map(|paths| paths.into_iter().collect()))
}

/// The paths the manifest in `dir` lists, in its order; `None` when `dir` has no
/// manifest of pubgen's (no file, or not one it wrote).
pub(crate) fn manifest_paths(dir: &Path) -> io::Result<Option<Vec<String>>> {
    manifest_in(&crate::fs::Folder::open(dir)?)
}

/// The paths the manifest in an open folder lists (see [`manifest_paths`]).
pub(crate) fn manifest_in(dir: &crate::fs::Folder) -> io::Result<Option<Vec<String>>> {
    let mut text = String::new();
    match dir.open_file(Path::new(MANIFEST)) {
        Ok(mut file) => io::Read::read_to_string(&mut file, &mut text)?,
        // None, or a link, a folder or a pipe under the manifest's name: not pubgen's.
        Err(_) => return Ok(None),
    };
    if !text.starts_with(MANIFEST_HEADER.lines().next().unwrap_or_default()) {
        return Ok(None);
    }
    Ok(Some(
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
    ))
}

/// `path` made absolute and `.` and `..` removed, without following any link (the
/// last part of the output folder must stay what it is, link or not).
pub(crate) fn lexical_absolute(path: &Path) -> PathBuf {
    let base = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = PathBuf::new();
    for part in base.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// An absolute, normalised path, also for paths that do not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let out = lexical_absolute(path);
    // Resolve symbolic links in the part that exists.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}
