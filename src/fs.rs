//! File access that cannot leave a folder: the bottom of the house, used by every
//! stage that touches the disk.
//!
//! A [`Folder`] is opened once (the site root, `content/`, a theme, the folder that
//! holds the output); every later read, write, rename and removal is made relative
//! to it, one part of the path at a time, and a symbolic link at any part is refused,
//! never followed. So a folder swapped for a link while a build runs, or a link
//! planted in a folder pubgen cleans up, leads nowhere: the checks cannot be raced,
//! because there is nothing left to check. (`cap-std` keeps every path inside the
//! folder; opening each part without following links is added here.)

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsSyncExt};
use cap_std::fs::{Dir, OpenOptions};

/// An open folder; paths given to its methods are relative to it.
#[derive(Debug)]
pub struct Folder {
    dir: Dir,
}

/// A file inside a folder, opened only when read (a picture copied into the site, a
/// file `serve` sends): never through a link, never outside its folder.
#[derive(Debug, Clone)]
pub struct Source {
    folder: Arc<Folder>,
    rel: PathBuf,
}

impl Source {
    pub fn new(folder: Arc<Folder>, rel: impl Into<PathBuf>) -> Source {
        Source {
            folder,
            rel: rel.into(),
        }
    }

    /// Opens the file for reading, if it is still a regular file inside its folder.
    pub(crate) fn open(&self) -> io::Result<std::fs::File> {
        self.folder.open_file(&self.rel)
    }

    /// The file's path inside its folder.
    pub fn rel(&self) -> &Path {
        &self.rel
    }
}

impl Folder {
    /// Opens the folder at `path`. The path to it may pass through links (it is the
    /// user's choice of folder); the folder itself may not be one.
    pub(crate) fn open(path: &Path) -> io::Result<Folder> {
        if path.file_name().is_none() {
            // `.`, `..` or `/`: no name of a link in it to refuse.
            return Folder::open_named(path);
        }
        let (parent, name) = split_last(path)?;
        let parent = Dir::open_ambient_dir(parent, cap_std::ambient_authority())?;
        Ok(Folder {
            dir: parent.open_dir_nofollow(name)?,
        })
    }

    /// Opens the folder at `path` itself, links on the way and at the end followed:
    /// for the site root, which the user names.
    pub(crate) fn open_named(path: &Path) -> io::Result<Folder> {
        Ok(Folder {
            dir: Dir::open_ambient_dir(path, cap_std::ambient_authority())?,
        })
    }

    /// A folder inside this one.
    pub(crate) fn folder(&self, rel: &Path) -> io::Result<Folder> {
        let dir = self.walk(rel, |dir, part| dir.open_dir_nofollow(part))?;
        Ok(Folder { dir })
    }

    /// Opens the folders of `rel` one after another with `open`, each from the last
    /// (this one cloned only when `rel` names no folder).
    fn walk(&self, rel: &Path, open: impl Fn(&Dir, &str) -> io::Result<Dir>) -> io::Result<Dir> {
        let mut dir: Option<Dir> = None;
        for part in parts(rel)? {
            dir = Some(open(dir.as_ref().unwrap_or(&self.dir), part)?);
        }
        match dir {
            Some(dir) => Ok(dir),
            None => self.dir.try_clone(),
        }
    }

    /// Opens a regular file for reading; a link, a pipe, a device or a folder is
    /// refused (a pipe without waiting for a writer).
    pub(crate) fn open_file(&self, rel: &Path) -> io::Result<std::fs::File> {
        let (parent, name) = self.parent_of(rel)?;
        let mut options = OpenOptions::new();
        options.read(true).follow(FollowSymlinks::No).nonblock(true);
        let file = parent.dir.open_with(name, &options)?.into_std();
        if !file.metadata()?.is_file() {
            return Err(io::Error::other("it is not a regular file"));
        }
        Ok(file)
    }

    /// Creates a new file (never replacing one), making the folders on the way.
    pub(crate) fn create_file(&self, rel: &Path) -> io::Result<std::fs::File> {
        let (parent, name) = split_last(rel)?;
        let mut options = OpenOptions::new();
        options
            .write(true)
            .create_new(true)
            .follow(FollowSymlinks::No);
        if parts(parent)?.is_empty() {
            return Ok(self.dir.open_with(name, &options)?.into_std());
        }
        let folder = self.walk(parent, open_or_make)?;
        Ok(folder.open_with(name, &options)?.into_std())
    }

    /// Makes a new, empty folder here (an error if the name is taken) and opens it.
    pub(crate) fn create_folder(&self, name: &str) -> io::Result<Folder> {
        self.dir.create_dir(name)?;
        Ok(Folder {
            dir: self.dir.open_dir_nofollow(name)?,
        })
    }

    /// Removes a file (or a link itself, never what it points to).
    pub(crate) fn remove_file(&self, rel: &Path) -> io::Result<()> {
        let (parent, name) = self.parent_of(rel)?;
        parent.dir.remove_file_or_symlink(name)
    }

    /// Removes an empty folder.
    pub(crate) fn remove_folder(&self, rel: &Path) -> io::Result<()> {
        let (parent, name) = self.parent_of(rel)?;
        parent.dir.remove_dir(name)
    }

    /// What is at `rel`, links not followed.
    pub(crate) fn entry_kind(&self, rel: &Path) -> io::Result<Kind> {
        let (parent, name) = self.parent_of(rel)?;
        let meta = parent.dir.symlink_metadata(name)?;
        Ok(Kind::of(&meta))
    }

    /// The names in this folder with what each is (links not followed), sorted.
    pub(crate) fn entries(&self) -> io::Result<Vec<(String, Kind)>> {
        let mut out = Vec::new();
        for entry in self.dir.entries()? {
            let entry = entry?;
            let kind = Kind::of_type(entry.file_type()?);
            out.push((entry.file_name().to_string_lossy().into_owned(), kind));
        }
        out.sort();
        Ok(out)
    }

    /// Renames `from` to `to`, both in this folder.
    pub(crate) fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        self.dir.rename(from, &self.dir, to)
    }

    /// Exchanges two names of this folder in one step; `Ok(false)` where the system
    /// or the file system cannot.
    pub(crate) fn exchange(&self, a: &str, b: &str) -> io::Result<bool> {
        exchange(&self.dir, a, b)
    }

    /// Whether `name` here is this very folder `other` (not a link, not a folder put
    /// in its place).
    pub(crate) fn holds(&self, name: &str, other: &Folder) -> bool {
        use cap_fs_ext::MetadataExt;
        let (Ok(here), Ok(there)) = (self.dir.symlink_metadata(name), other.dir.dir_metadata())
        else {
            return false;
        };
        here.is_dir() && here.dev() == there.dev() && here.ino() == there.ino()
    }

    /// Whether this folder belongs to the user running pubgen (someone else's folder
    /// in a shared temporary folder is never taken for pubgen's own).
    pub(crate) fn is_own(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let Ok(meta) = self.dir.try_clone().map(|d| d.into_std_file().metadata()) else {
                return false;
            };
            meta.is_ok_and(|m| m.uid() == rustix::process::geteuid().as_raw())
        }
        #[cfg(not(unix))]
        true
    }

    fn parent_of<'a>(&self, rel: &'a Path) -> io::Result<(Folder, &'a str)> {
        let (parent, name) = split_last(rel)?;
        Ok((self.folder(parent)?, name))
    }
}

#[cfg(target_os = "linux")]
fn exchange(dir: &Dir, a: &str, b: &str) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags};
    match renameat_with(dir, a, dir, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // The kernel or the file system does not support the exchange.
        Err(e)
            if [
                rustix::io::Errno::NOSYS,
                rustix::io::Errno::INVAL,
                rustix::io::Errno::OPNOTSUPP,
            ]
            .contains(&e) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_dir: &Dir, _a: &str, _b: &str) -> io::Result<bool> {
    Ok(false)
}

/// What a name in a folder is, links not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    File,
    Folder,
    Link,
    /// A pipe, socket or device.
    Special,
}

impl Kind {
    fn of(meta: &cap_std::fs::Metadata) -> Kind {
        Kind::of_type(meta.file_type())
    }

    fn of_type(kind: cap_std::fs::FileType) -> Kind {
        if kind.is_symlink() {
            Kind::Link
        } else if kind.is_dir() {
            Kind::Folder
        } else if kind.is_file() {
            Kind::File
        } else {
            Kind::Special
        }
    }
}

/// Opens the folder `part` of `dir`, making it first if it is not there (most files
/// go into folders made already, so opening comes first). Another thread making it
/// at the same moment is no error.
fn open_or_make(dir: &Dir, part: &str) -> io::Result<Dir> {
    match dir.open_dir_nofollow(part) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        opened => return opened,
    }
    match dir.create_dir(part) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
        Err(err) => return Err(err),
    }
    dir.open_dir_nofollow(part)
}

/// The plain names of a relative path: no `..`, no root, nothing a link could not
/// already do better.
fn parts(rel: &Path) -> io::Result<Vec<&str>> {
    rel.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::Normal(name) => name
                .to_str()
                .ok_or_else(|| invalid("a name that is not UTF-8")),
            _ => Err(invalid("a path that leaves its folder")),
        })
        .collect()
}

/// The folder part and the last name of a path.
fn split_last(path: &Path) -> io::Result<(&Path, &str)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| invalid("a path without a file name"))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ if path.is_absolute() => Path::new("/"),
        _ => Path::new("."),
    };
    Ok((parent, name))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("{what} was refused"))
}
