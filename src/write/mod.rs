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
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Output, OutputContents};

pub use out_dir::{check_out_dir, MANIFEST};

/// A site being written, file by file, into the staging folder beside `out`, to be
/// swapped in whole when complete (`finish`) or removed (`abandon`). Each file's path
/// is added to the staging folder's manifest before the file is made, so that a
/// build killed at any moment leaves a folder pubgen knows to be its own.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    manifest: Mutex<fs::File>,
    files: AtomicUsize,
    pool: rayon::ThreadPool,
    minify: minify_html::Cfg,
}

impl Staging {
    /// Starts an empty staging folder for `out`.
    pub fn begin(out: &Path, diags: &mut Diagnostics) -> Option<Staging> {
        // Absolute, so that the staging folder is beside `out` even for `--out .`.
        let out = out_dir::lexical_absolute(out);
        let dir = swap::staging_dir(&out);
        if fs::symlink_metadata(&dir).is_ok() && swap::remove_site(&dir).is_some() {
            diags.push(
                Diagnostic::error(format!(
                    "`{}` is in the way: it has the name of pubgen's staging folder but holds files pubgen did not write",
                    dir.display()
                ))
                .help("move it somewhere else, then build again"),
            );
            return None;
        }
        let started = Staging::create(&dir).and_then(|manifest| {
            // Creating folders and files mostly waits on the file system, not the
            // CPU: more threads than cores keep the disk busy.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(WRITE_THREADS)
                .build()
                .map_err(io::Error::other)?;
            Ok((manifest, pool))
        });
        match started {
            Ok((manifest, pool)) => Some(Staging {
                out,
                dir,
                manifest: Mutex::new(manifest),
                files: AtomicUsize::new(0),
                pool,
                minify: minify_config(),
            }),
            Err(err) => {
                swap::remove_site(&dir);
                diags.push(not_written(&out, &err));
                None
            }
        }
    }

    /// The folder and its manifest, which comes first: a staging folder left by a
    /// killed build is known as pubgen's by it, and removed by the next build.
    fn create(dir: &Path) -> io::Result<fs::File> {
        fs::create_dir_all(dir)?;
        let mut manifest = fs::File::create(dir.join(MANIFEST))?;
        manifest.write_all(out_dir::manifest(std::iter::empty::<&str>()).as_bytes())?;
        Ok(manifest)
    }

    /// Minifies and writes these outputs (in parallel), after listing them.
    pub fn write(&self, outputs: &[Output]) -> io::Result<()> {
        let listed: String = outputs.iter().map(|o| format!("{}\n", o.path)).collect();
        self.manifest
            .lock()
            .map_err(|_| io::Error::other("the manifest's lock was poisoned"))?
            .write_all(listed.as_bytes())?;
        self.files.fetch_add(outputs.len(), Ordering::Relaxed);
        self.pool
            .install(|| write_each(outputs, &self.dir, &self.minify))
    }

    /// Swaps the written site in as `out`. Returns the number of files.
    pub fn finish(self, diags: &mut Diagnostics) -> Option<usize> {
        let result = out_dir::check_replaceable(&self.out).and_then(|()| {
            fault_point("before-swap");
            swap::swap_in(&self.dir, &self.out).map_err(|err| not_written(&self.out, &err))
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
                Some(self.files.load(Ordering::Relaxed))
            }
            Err(d) => {
                self.remove();
                diags.push(d);
                None
            }
        }
    }

    /// Gives up after a failed write: removes this build's files, reports why.
    pub fn abandon(self, diags: &mut Diagnostics, err: io::Error) {
        diags.push(not_written(&self.out, &err));
        self.remove();
    }

    /// Removes the staging folder (only this build's own files: it was empty or
    /// gone when the build began), as when the build failed for other reasons.
    pub fn remove(self) {
        drop(self.manifest);
        swap::remove_site(&self.dir);
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

/// Threads that write files (see `Staging::begin`). More than the cores, because
/// creating files waits on the file system; not many more, because they queue on
/// the same folders' locks (16 spent CPU time spinning there that the search
/// indexer, running beside them, needed: 10,000 pages took 25 s against 22 s).
const WRITE_THREADS: usize = 4;

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
