//! Stage 5, write: minify and write every output into a staging folder beside the
//! output folder, and swap it in only when complete, so a failed or killed build never
//! leaves a half-written or missing site.
//!
//! pubgen deletes or replaces only what it wrote itself: see [`out_dir`] for which
//! folders it accepts as the output, and [`swap`] for the swap and the cleanup of
//! builds that were killed.

pub mod out_dir;
pub mod swap;

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Output, OutputContents};

pub use out_dir::{check_out_dir, MANIFEST};

/// Writes the outputs and swaps them in as `out`. Returns the number of files. (The
/// staging folders of killed builds are cleaned up before the build, by
/// `swap::remove_stale_staging`, so that a site left aside is back even if it fails.)
pub fn write(outputs: &[Output], out: &Path, diags: &mut Diagnostics) -> Option<usize> {
    // Absolute, so that the staging folder is beside `out` even for `--out .`.
    let out = &out_dir::lexical_absolute(out);
    let staging = swap::staging_dir(out);
    if fs::symlink_metadata(&staging).is_ok() && swap::remove_site(&staging).is_some() {
        diags.push(
            Diagnostic::error(format!(
                "`{}` is in the way: it has the name of pubgen's staging folder but holds files pubgen did not write",
                staging.display()
            ))
            .help("move it somewhere else, then build again"),
        );
        return None;
    }
    let result = write_all(outputs, &staging)
        .map_err(|err| not_written(out, &err))
        // Someone may have put a file into the output folder while the site was built.
        .and_then(|()| out_dir::check_replaceable(out))
        .and_then(|()| {
            fault_point("before-swap");
            swap::swap_in(&staging, out).map_err(|err| not_written(out, &err))
        });
    match result {
        Ok(kept) => {
            if let Some(kept) = kept {
                diags.push(
                    Diagnostic::warning(format!(
                        "files were added to the old site while this build ran; they are kept in `{}`",
                        kept.display()
                    ))
                    .help("move them into `content/` if they belong to the site, then delete that folder"),
                );
            }
            Some(outputs.len())
        }
        Err(d) => {
            // Only this build's own files: the staging folder was empty or gone
            // when it began.
            swap::remove_site(&staging);
            diags.push(d);
            None
        }
    }
}

fn not_written(out: &Path, err: &io::Error) -> Diagnostic {
    let help = match err.raw_os_error() {
        Some(libc::EXDEV) | Some(libc::EBUSY) => "the output folder seems to be a mount point or on another disk than the folder that holds it: give a folder inside it with `--out`; the previous site was left as it was",
        _ => "check that the folder is writable and the disk is not full; the previous site was left as it was",
    };
    Diagnostic::error(format!(
        "could not write the site to `{}`: {}",
        out.display(),
        crate::diagnostics::plain_io_error(err)
    ))
    .help(help)
}

/// For the tests of a killed build: with `PUBGEN_FAULT=NAME`, the process aborts at the
/// point of that name, as `kill -9` would stop it there.
fn fault_point(name: &str) {
    if std::env::var_os("PUBGEN_FAULT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

fn write_all(outputs: &[Output], staging: &Path) -> io::Result<()> {
    fs::create_dir_all(staging)?;
    // The manifest comes first: a staging folder left by a killed build is known as
    // pubgen's by it, and removed by the next build.
    let mut paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    paths.sort_unstable(); // the same list for the same site, however it was made
    let manifest = out_dir::manifest(paths.into_iter());
    fs::write(staging.join(MANIFEST), manifest)?;
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
            OutputContents::Copy(from) => copy_regular(from, &path),
        }
    })
}

/// Copies a file of `content/` that must still be the regular file the load stage
/// checked: not replaced by a link (`from` is its real path) or a pipe since.
fn copy_regular(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = crate::load::open_regular(from)?;
    let mut target = fs::File::create(to)?;
    io::copy(&mut source, &mut target).map(|_| ())
}

fn minify_config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    // Without these, minify-html drops `<html lang>`'s opening tag and `<head>`.
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = true;
    cfg
}
