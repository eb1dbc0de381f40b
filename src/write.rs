//! Stage 5, write: minify and write every output into a new folder beside the output
//! folder, and swap it in only when complete, so a failed build never leaves a
//! half-written or emptied site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Output, OutputContents};

/// Refuses an output folder that is, or holds, the site root or `content/`, or that
/// lies inside `content/`: writing or swapping it would destroy the sources.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let content = root.join("content");
    let out_abs = absolute(out);
    let problem = if root.starts_with(&out_abs) {
        Some("it is, or contains, the site root")
    } else if content.starts_with(&out_abs) {
        Some("it contains `content/`")
    } else if out_abs.starts_with(&content) {
        Some("it is inside `content/`")
    } else {
        None
    };
    match problem {
        Some(why) => Err(Diagnostic::error(format!(
            "refusing to write the site to `{}`: {why}",
            out.display()
        ))
        .help("choose a folder of its own, such as `public` (the default)")),
        None => Ok(()),
    }
}

/// An absolute, normalised path, also for paths that do not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let base = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = PathBuf::new();
    for part in base.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
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

/// Writes the outputs and swaps them in as `out`. Returns the number of files.
pub fn write(outputs: &[Output], out: &Path, diags: &mut Diagnostics) -> Option<usize> {
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging = parent.join(format!(".{name}.pubgen-new-{}", std::process::id()));
    let result = write_all(outputs, &staging).and_then(|()| swap_in(&staging, out));
    match result {
        Ok(()) => Some(outputs.len()),
        Err(err) => {
            let _ = fs::remove_dir_all(&staging);
            diags.push(
                Diagnostic::error(format!("could not write the site to `{}`: {err}", out.display()))
                    .help("check that the folder is writable and the disk is not full; the previous site was left as it was"),
            );
            None
        }
    }
}

fn write_all(outputs: &[Output], staging: &Path) -> io::Result<()> {
    if staging.exists() {
        fs::remove_dir_all(staging)?;
    }
    fs::create_dir_all(staging)?;
    let cfg = minify_config();
    // Creating folders and files mostly waits on the file system, not the CPU: more
    // threads than cores keep the disk busy.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(WRITE_THREADS)
        .build()
        .map_err(io::Error::other)?;
    pool.install(|| write_each(outputs, staging, &cfg))
}

/// Threads that write files (see `write_all`).
const WRITE_THREADS: usize = 16;

fn write_each(outputs: &[Output], staging: &Path, cfg: &minify_html::Cfg) -> io::Result<()> {
    outputs.par_iter().try_for_each(|output| {
        let path = staging.join(&output.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        match &output.contents {
            OutputContents::Html(html) => {
                fs::write(&path, minify_html::minify(html.as_bytes(), cfg))
            }
            OutputContents::Bytes(bytes) => fs::write(&path, bytes),
            OutputContents::Copy(from) => fs::copy(from, &path).map(|_| ()),
        }
    })
}

/// Replaces `out` with `staging`: the old site is moved aside, the new one renamed in,
/// then the old one removed.
fn swap_in(staging: &Path, out: &Path) -> io::Result<()> {
    if out.exists() {
        let old = staging.with_file_name(format!(
            "{}-old",
            staging.file_name().unwrap_or_default().to_string_lossy()
        ));
        fs::rename(out, &old)?;
        if let Err(err) = fs::rename(staging, out) {
            let _ = fs::rename(&old, out);
            return Err(err);
        }
        remove_tree(&old);
    } else {
        fs::rename(staging, out)?;
    }
    Ok(())
}

/// Removes a folder and everything in it, the files of each subfolder in parallel
/// (a site of thousands of pages takes a noticeable time to delete one by one).
fn remove_tree(dir: &Path) {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(WRITE_THREADS)
        .build()
    {
        Ok(pool) => pool.install(|| remove_tree_parallel(dir)),
        Err(_) => remove_tree_parallel(dir),
    }
}

fn remove_tree_parallel(dir: &Path) {
    let entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            remove_tree_parallel(path);
        } else {
            let _ = fs::remove_file(path);
        }
    });
    let _ = fs::remove_dir_all(dir);
}

fn minify_config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    // Without these, minify-html drops `<html lang>`'s opening tag and `<head>`.
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = true;
    cfg
}
