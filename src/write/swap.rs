//! Putting the new site in place of the old one so that a whole site exists at every
//! instant, and cleaning up after builds that were killed.
//!
//! The new site is written into a staging folder beside the output folder,
//! `.NAME.pubgen-new-PID`. On Linux the two folders are exchanged in one step
//! (`renameat2` with `RENAME_EXCHANGE`); elsewhere, or on file systems without it,
//! the old folder is renamed aside and the new one renamed in.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::out_dir::MANIFEST;

/// The staging folder of this process for the output folder `out`.
pub fn staging_dir(out: &Path) -> PathBuf {
    let parent = parent_of(out);
    parent.join(format!("{}{}", staging_prefix(out), std::process::id()))
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn staging_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.pubgen-new-")
}

/// Replaces `out` with `staging`. Afterwards `staging` holds the old site, whose files
/// are removed; returns the folder still holding anything put into the old site
/// after it was checked, which is kept.
pub fn swap_in(staging: &Path, out: &Path) -> io::Result<Option<PathBuf>> {
    match fs::symlink_metadata(out) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return fs::rename(staging, out).map(|()| None)
        }
        Err(err) => return Err(err),
        Ok(_) => {}
    }
    if !exchange(staging, out)? {
        swap_by_two_renames(staging, out)?;
    }
    Ok(remove_site(staging))
}

/// Exchanges two folders atomically; `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        // The kernel or the file system does not support the exchange.
        Some(libc::ENOSYS) | Some(libc::EINVAL) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The fallback: the old site is renamed aside (to a name the next build cleans up if
/// this one is killed now), the new one renamed in; the old one ends up at `staging`.
fn swap_by_two_renames(staging: &Path, out: &Path) -> io::Result<()> {
    let aside = staging.with_file_name(format!(
        "{}-old",
        staging.file_name().unwrap_or_default().to_string_lossy()
    ));
    fs::rename(out, &aside)?;
    if let Err(err) = fs::rename(staging, out) {
        let _ = fs::rename(&aside, out);
        return Err(err);
    }
    fs::rename(&aside, staging)
}

/// Cleans up after builds of `out` whose process no longer runs: a site left aside
/// by the two-rename fallback (`…-PID-old`) is put back when `out` is missing (it is
/// the last good site); other staging folders are removed, but only the files their
/// manifest lists.
pub fn remove_stale_staging(out: &Path) {
    let prefix = staging_prefix(out);
    let Ok(entries) = fs::read_dir(parent_of(out)) else {
        return;
    };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let aside = rest.ends_with("-old");
        let Ok(pid) = rest.trim_end_matches("-old").parse::<u32>() else {
            continue;
        };
        if !process_runs(pid) && is_ours(&entry.path()) {
            stale.push((entry.path(), aside));
        }
    }
    // The fallback's aside folder first: it may be the only copy of the site.
    stale.sort_by_key(|(_, aside)| !aside);
    for (dir, aside) in stale {
        if aside && fs::symlink_metadata(out).is_err() && fs::rename(&dir, out).is_ok() {
            continue;
        }
        remove_site(&dir);
    }
}

/// Whether a folder is a staging folder of pubgen's: a real folder (not a link) that
/// holds its manifest, or nothing.
pub fn is_ours(dir: &Path) -> bool {
    let real_dir = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_dir());
    real_dir
        && (super::out_dir::manifest_paths(dir).is_ok_and(|paths| paths.is_some())
            || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none()))
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

/// Removes a site pubgen wrote: the files its manifest lists (in parallel: a site of
/// thousands of pages takes a noticeable time to delete one by one), then the
/// folders left empty, then the manifest. Anything else in it is kept, and so is the
/// folder, which is returned. Nothing is followed through a symbolic link.
pub fn remove_site(dir: &Path) -> Option<PathBuf> {
    if !is_ours(dir) {
        return fs::symlink_metadata(dir).is_ok().then(|| dir.to_path_buf());
    }
    let listed = super::out_dir::manifest_paths(dir)
        .ok()
        .flatten()
        .unwrap_or_default();
    let files: Vec<&String> = listed.iter().filter(|l| is_plain_relative(l)).collect();
    let remove_files = || {
        files.par_iter().for_each(|rel| {
            let _ = fs::remove_file(dir.join(rel));
        })
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(REMOVE_THREADS)
        .build()
    {
        Ok(pool) => pool.install(remove_files),
        Err(_) => remove_files(),
    }
    remove_empty_folders(dir);
    let _ = fs::remove_file(dir.join(MANIFEST));
    match fs::remove_dir(dir) {
        Ok(()) => None,
        Err(_) => Some(dir.to_path_buf()),
    }
}

/// `a/b.html`, never `..`, absolute or empty parts: a manifest cannot name a file
/// outside its folder.
fn is_plain_relative(rel: &str) -> bool {
    !rel.starts_with('/') && rel.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Removes every empty folder under `dir` (not `dir`), deepest first; links are not
/// followed.
fn remove_empty_folders(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_empty_folders(&entry.path());
            let _ = fs::remove_dir(entry.path());
        }
    }
}
