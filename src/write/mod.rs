//! Stage 5, write: minify and write every output into a staging folder beside the
//! output folder, and swap it in only when complete, so a failed or killed build never
//! leaves a half-written or missing site.
//!
//! pubgen deletes or replaces only what it wrote itself: see [`out_dir`] for which
//! folders it accepts as the output, and [`swap`] for the swap and the cleanup of
//! builds that were killed.

pub(crate) mod out_dir;
pub(crate) mod swap;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::fs::Folder;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Output, OutputContents};

pub(crate) use out_dir::{check_out_dir, MANIFEST};

/// A site being written, file by file, into the staging folder beside `out`, to be
/// swapped in whole when complete (`finish`) or removed (`abandon`). Each file's path
/// is added to the staging folder's manifest before the file is made, so that a
/// build killed at any moment leaves a folder pubgen knows to be its own. The folder
/// holding `out` and the staging folder are opened once: every file is written
/// inside the staging folder as it was made, whatever is renamed meanwhile.
pub(crate) struct Staging {
    out: PathBuf,
    place: swap::Place,
    name: String,
    dir: Folder,
    manifest: Mutex<fs::File>,
    files: AtomicUsize,
    pool: rayon::ThreadPool,
    minify: minify_html::Cfg,
}

impl Staging {
    /// Starts an empty staging folder for `out`.
    pub(crate) fn begin(out: &Path, diags: &mut Diagnostics) -> Option<Staging> {
        // Absolute, so that the staging folder is beside `out` even for `--out .`.
        let out = out_dir::lexical_absolute(out);
        let place = match swap::Place::of(&out) {
            Ok(place) => place,
            Err(err) => {
                diags.push(not_written(&out, &err));
                return None;
            }
        };
        let name = place.staging_name();
        if place.parent.entry_kind(Path::new(&name)).is_ok() {
            if let Some(left) = swap::remove_site(&place, &name) {
                diags.push(in_the_way(&left));
                return None;
            }
        }
        match Staging::create(&place, &name) {
            Ok((dir, manifest, pool)) => Some(Staging {
                out,
                place,
                name,
                dir,
                manifest: Mutex::new(manifest),
                files: AtomicUsize::new(0),
                pool,
                minify: minify_config(),
            }),
            Err(err) => {
                swap::remove_site(&place, &name);
                diags.push(not_written(&out, &err));
                None
            }
        }
    }

    /// The folder and its manifest, which comes first: a staging folder left by a
    /// killed build is known as pubgen's by it, and removed by the next build.
    fn create(
        place: &swap::Place,
        name: &str,
    ) -> io::Result<(Folder, fs::File, rayon::ThreadPool)> {
        let dir = place.parent.create_folder(name)?;
        let mut manifest = dir.create_file(Path::new(MANIFEST))?;
        manifest.write_all(out_dir::manifest(std::iter::empty::<&str>()).as_bytes())?;
        // Creating folders and files mostly waits on the file system, not the CPU:
        // more threads than cores keep the disk busy.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(WRITE_THREADS)
            .build()
            .map_err(io::Error::other)?;
        Ok((dir, manifest, pool))
    }

    /// Minifies and writes these outputs (in parallel), after listing them.
    pub(crate) fn write(&self, outputs: &[Output]) -> io::Result<()> {
        if self.files.load(Ordering::Relaxed) == 0 {
            fault_point("first-write");
        }
        let paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        self.write_listed(&paths)?;
        self.files.fetch_add(outputs.len(), Ordering::Relaxed);
        self.pool
            .install(|| write_each(outputs, &self.dir, &self.minify))
    }

    /// Swaps the written site in as `out`. Returns the number of files.
    pub(crate) fn finish(self, diags: &mut Diagnostics) -> Option<usize> {
        let sorted = self
            .sort_manifest()
            .map_err(|err| not_written(&self.out, &err));
        let result = sorted
            .and_then(|()| out_dir::check_replaceable(&self.out))
            .and_then(|()| {
                fault_point("before-swap");
                swap::swap_in(&self.place, &self.name, &self.dir)
                    .map_err(|err| not_written(&self.out, &err))
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

    /// The manifest in the order of its paths, not the order the files were made in
    /// (the search index's bundles finish in any order), so that the same site built
    /// twice is the same files, byte for byte. Written beside it and renamed over it:
    /// a build killed meanwhile leaves one manifest or the other, each listing every
    /// file (the new one's name is listed first, as every file is before it is made).
    fn sort_manifest(&self) -> io::Result<()> {
        self.write_listed(&[SORTED_MANIFEST])?;
        // Never an empty list over a full one: one the build cannot read back (gone,
        // or put in its place meanwhile) fails the build, which removes what it wrote.
        let mut paths = out_dir::manifest_in(&self.dir)?
            .ok_or_else(|| io::Error::other("the list of the files it wrote was gone"))?;
        paths.retain(|p| p != SORTED_MANIFEST);
        paths.sort_unstable();
        let mut sorted = self.dir.create_file(Path::new(SORTED_MANIFEST))?;
        sorted.write_all(out_dir::manifest(paths.iter()).as_bytes())?;
        // On disk before it replaces the old one: after a power cut, never an empty
        // list where a full one was.
        sorted.sync_all()?;
        drop(sorted);
        fault_point("sorting-manifest");
        self.dir.rename(SORTED_MANIFEST, MANIFEST)
    }

    /// Adds these paths to the manifest, before their files are made.
    fn write_listed(&self, paths: &[&str]) -> io::Result<()> {
        let listed: String = paths.iter().map(|p| format!("{p}\n")).collect();
        self.manifest
            .lock()
            .map_err(|_| io::Error::other("the manifest's lock was poisoned"))?
            .write_all(listed.as_bytes())
    }

    /// Gives up after a failed write: removes this build's files, reports why.
    pub(crate) fn abandon(self, diags: &mut Diagnostics, err: io::Error) {
        diags.push(not_written(&self.out, &err));
        self.remove();
    }

    /// Removes the staging folder (only this build's own files: it was empty or
    /// gone when the build began), as when the build failed for other reasons. A
    /// folder put in its place meanwhile is left alone.
    pub(crate) fn remove(self) {
        drop(self.manifest);
        if self.place.parent.holds(&self.name, &self.dir) {
            swap::remove_site(&self.place, &self.name);
        }
    }
}

fn in_the_way(left: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "`{}` is in the way: it has the name of pubgen's staging folder but holds files pubgen did not write",
        left.display()
    ))
    .help("move it somewhere else, then build again")
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

/// For the tests of a killed build or a race: with `PUBGEN_FAULT=NAME`, the process
/// aborts at the point of that name, as `kill -9` would stop it there; with
/// `PUBGEN_PAUSE=NAME` it says `pubgen: paused at NAME` on stderr and waits for a line
/// on its input, so that a test can change the folders while a build is under way.
pub(crate) fn fault_point(name: &str) {
    let switches = crate::switches::get();
    if switches.fault.as_deref() == Some(name) {
        std::process::abort();
    }
    if switches.pause.as_deref() == Some(name) {
        eprintln!("pubgen: paused at {name}");
        let _ = io::stdin().read_line(&mut String::new());
    }
}

/// The sorted manifest's name while it is written (see `Staging::sort_manifest`).
const SORTED_MANIFEST: &str = ".pubgen-output.sorted";

/// Threads that write files (see `Staging::begin`). More than the cores, because
/// creating files waits on the file system; not many more, because they queue on
/// the same folders' locks (16 spent CPU time spinning there that the search
/// indexer, running beside them, needed: 10,000 pages took 25 s against 22 s).
const WRITE_THREADS: usize = 4;

fn write_each(outputs: &[Output], staging: &Folder, cfg: &minify_html::Cfg) -> io::Result<()> {
    outputs.par_iter().try_for_each(|output| {
        let mut file = staging
            .create_file(Path::new(&output.path))
            .map_err(|err| {
                if err.kind() != io::ErrorKind::AlreadyExists {
                    return err;
                }
                // Two outputs of one name: the checks at load should have refused it.
                io::Error::new(
                    err.kind(),
                    format!("`{}` would be written twice: two of the site's files are published at that address, so rename one", output.path),
                )
            })?;
        match &output.contents {
            OutputContents::Html(html) => {
                file.write_all(&minify_html::minify(html.as_bytes(), cfg))
            }
            OutputContents::Bytes(bytes) => file.write_all(bytes),
            // A file of `content/`, opened inside it without following links: one
            // replaced by a link or a pipe since it was listed is refused.
            OutputContents::Copy(from) => io::copy(&mut from.open()?, &mut file).map(|_| ()),
        }
    })
}

fn minify_config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    // Without these, minify-html drops `<html lang>`'s opening tag and `<head>`.
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = true;
    cfg
}
