//! Putting the new site in place of the old one so that a whole site exists at every
//! instant, and cleaning up after builds that were killed.
//!
//! The new site is written into a staging folder beside the output folder,
//! `.NAME.pubgen-new-PID`. On Linux the two folders are exchanged in one step
//! (`renameat2` with `RENAME_EXCHANGE`); elsewhere, or on file systems without it,
//! the old folder is renamed aside and the new one renamed in.
//!
//! Everything here is done relative to the folder holding the output, opened once
//! ([`Folder`]): a name swapped for a link while pubgen works is refused, and a
//! removal never leaves the folder it started in.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::out_dir::MANIFEST;
use crate::fs::{Folder, Kind};

/// The folder holding `out`, and `out`'s name in it.
pub(crate) struct Place {
    pub parent: Folder,
    pub parent_path: PathBuf,
    pub name: String,
}

impl Place {
    /// Opens the folder that holds `out` (an absolute path).
    pub(crate) fn of(out: &Path) -> io::Result<Place> {
        let parent_path = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        // The folders the user named on the way to it are made as they are named.
        std::fs::create_dir_all(&parent_path)?;
        Ok(Place {
            parent: Folder::open_named(&parent_path)?,
            parent_path,
            name,
        })
    }

    /// The staging folder's name for this process.
    pub(crate) fn staging_name(&self) -> String {
        format!("{}{}", staging_prefix(&self.name), std::process::id())
    }

    pub(crate) fn path_of(&self, name: &str) -> PathBuf {
        self.parent_path.join(name)
    }
}

/// Names longer than this are shortened in the staging folder's name, so that it
/// stays within the 255 bytes a file name may have.
const LONGEST_NAME_KEPT: usize = 200;

fn staging_prefix(name: &str) -> String {
    if name.len() <= LONGEST_NAME_KEPT {
        return format!(".{name}.pubgen-new-");
    }
    let mut cut = 160;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    // FNV-1a: the same long name always gives the same staging name, so a killed
    // build's folder is still found.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(".{}~{:08x}.pubgen-new-", &name[..cut], hash as u32)
}

/// Replaces the output with the staging folder `staging` (the folder named
/// `staging_name`, checked to be it still). Afterwards the staging name holds the old
/// site, whose files are removed; returns the folder still holding anything put into
/// the old site after it was checked, which is kept.
pub(crate) fn swap_in(
    place: &Place,
    staging_name: &str,
    staging: &Folder,
) -> io::Result<Option<PathBuf>> {
    if !place.parent.holds(staging_name, staging) {
        return Err(io::Error::other(
            "the folder pubgen was writing into was moved or replaced while it built (by a link, say); nothing was swapped in",
        ));
    }
    match place.parent.entry_kind(Path::new(&place.name)) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return place
                .parent
                .rename(staging_name, &place.name)
                .map(|()| None)
        }
        Err(err) => return Err(err),
        Ok(_) => {}
    }
    if !place.parent.exchange(staging_name, &place.name)? {
        swap_by_two_renames(place, staging_name)?;
    }
    Ok(remove_site(place, staging_name))
}

/// The fallback: the old site is renamed aside (to a name the next build cleans up if
/// this one is killed now), the new one renamed in; the old one ends up at `staging`.
fn swap_by_two_renames(place: &Place, staging: &str) -> io::Result<()> {
    let aside = format!("{staging}-old");
    place.parent.rename(&place.name, &aside)?;
    if let Err(err) = place.parent.rename(staging, &place.name) {
        let _ = place.parent.rename(&aside, &place.name);
        return Err(err);
    }
    place.parent.rename(&aside, staging)
}

/// Cleans up after builds of the output whose process no longer runs: a site left
/// aside by the two-rename fallback (`…-PID-old`) is put back when the output is
/// missing (it is the last good site); other staging folders are removed, but only
/// the files their manifest lists, and only folders that are the user's own.
pub(crate) fn remove_stale_staging(out: &Path) {
    let Ok(place) = Place::of(out) else {
        return;
    };
    let prefix = staging_prefix(&place.name);
    let Ok(entries) = place.parent.entries() else {
        return;
    };
    let mut stale: Vec<(String, bool)> = Vec::new();
    for (name, kind) in entries {
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let aside = rest.ends_with("-old");
        let Ok(pid) = rest.trim_end_matches("-old").parse::<u32>() else {
            continue;
        };
        if kind == Kind::Folder && !process_runs(pid) {
            stale.push((name, aside));
        }
    }
    // The fallback's aside folder first: it may be the only copy of the site.
    stale.sort_by_key(|(_, aside)| !aside);
    for (name, aside) in stale {
        let out_missing = place.parent.entry_kind(Path::new(&place.name)).is_err();
        let own = place
            .parent
            .folder(Path::new(&name))
            .is_ok_and(|f| is_ours(&f));
        if aside && own && out_missing && place.parent.rename(&name, &place.name).is_ok() {
            continue;
        }
        remove_site(&place, &name);
    }
}

/// Whether a folder is a staging folder or site of pubgen's: the user's own, and
/// holding pubgen's manifest, or nothing at all. (A file saying so is not enough in a
/// folder someone else made.)
pub(crate) fn is_ours(dir: &Folder) -> bool {
    dir.is_own()
        && (super::out_dir::manifest_in(dir).is_ok_and(|paths| paths.is_some())
            || dir.entries().is_ok_and(|entries| entries.is_empty()))
}

#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_runs(_pid: u32) -> bool {
    true // cannot tell: never remove
}

/// Threads that remove files: removing mostly waits on the file system.
const REMOVE_THREADS: usize = 16;

/// Removes a site pubgen wrote, the folder `name` beside the output: the files its
/// manifest lists (in parallel: a site of thousands of pages takes a noticeable time
/// to delete one by one), then the folders left empty, then the manifest. Anything
/// else in it is kept, and so is the folder, whose path is returned. Every removal is
/// made inside the folder as it was opened, and no link is followed.
pub(crate) fn remove_site(place: &Place, name: &str) -> Option<PathBuf> {
    let kept = || Some(place.path_of(name));
    let Ok(dir) = place.parent.folder(Path::new(name)) else {
        return place
            .parent
            .entry_kind(Path::new(name))
            .is_ok()
            .then(kept)
            .flatten();
    };
    if !is_ours(&dir) {
        return kept();
    }
    let listed = super::out_dir::manifest_in(&dir)
        .ok()
        .flatten()
        .unwrap_or_default();
    let files: Vec<&String> = listed.iter().filter(|l| is_plain_relative(l)).collect();
    let remove_files = || {
        files.par_iter().for_each(|rel| {
            let _ = dir.remove_file(Path::new(rel.as_str()));
        })
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(REMOVE_THREADS)
        .build()
    {
        Ok(pool) => pool.install(remove_files),
        Err(_) => remove_files(),
    }
    remove_empty_folders(&dir);
    let _ = dir.remove_file(Path::new(MANIFEST));
    match place.parent.remove_folder(Path::new(name)) {
        Ok(()) => None,
        Err(_) => kept(),
    }
}

/// `a/b.html`, never `..`, absolute or empty parts: a manifest cannot name a file
/// outside its folder.
fn is_plain_relative(rel: &str) -> bool {
    !rel.starts_with('/') && rel.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Removes every empty folder inside `dir` (not `dir`), deepest first; links are not
/// followed.
fn remove_empty_folders(dir: &Folder) {
    let Ok(entries) = dir.entries() else {
        return;
    };
    for (name, kind) in entries {
        if kind != Kind::Folder {
            continue;
        }
        if let Ok(sub) = dir.folder(Path::new(&name)) {
            remove_empty_folders(&sub);
            let _ = dir.remove_folder(Path::new(&name));
        }
    }
}
