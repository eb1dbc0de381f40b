//! The theme: the built-in default theme compiled into the binary, with the site's
//! own `themes/NAME/` laid over it (a site's theme holds only what it changes).

use std::path::Path;

use walkdir::WalkDir;

use super::Refusal;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::fs::Folder;
use crate::model::{SiteConfig, SourceFile, Theme, ThemeFile};

macro_rules! builtin {
    ($($kind:ident $name:literal),* $(,)?) => {
        &[$((stringify!($kind), $name, include_bytes!(concat!("../../themes/default/", stringify!($kind), "/", $name)) as &[u8])),*]
    };
}

/// The built-in theme's files: (folder, name, contents).
const BUILTIN: &[(&str, &str, &[u8])] = builtin![
    templates "base.html",
    templates "page.html",
    templates "home.html",
    templates "print-parts.html",
    templates "search-form.html",
    templates "sitemap.xml",
    templates "epub-title.xhtml",
    templates "epub-nav.xhtml",
    static "style.css",
    static "highlight.css",
    static "search.js",
    static "print.js",
    typst "publication.typ",
    epub "style.css",
    strings "en.yaml",
    fonts "DejaVuSans.ttf",
    fonts "DejaVuSans-Bold.ttf",
    fonts "DejaVuSans-Oblique.ttf",
    fonts "DejaVuSans-BoldOblique.ttf",
    fonts "DejaVuSansMono.ttf",
];

/// The built-in theme, then the site's theme folder on top of it.
pub(super) fn load(
    root: &Path,
    config: &SiteConfig,
    config_source: &SourceFile,
    diags: &mut Diagnostics,
) -> Theme {
    let mut theme = builtin();
    let dir = root.join("themes").join(&config.theme);
    if dir.is_dir() {
        // Opened once, without following a link at `themes/` or at the theme's
        // folder: every file of the theme is read inside it.
        let folder = Folder::open(&root.join("themes"))
            .and_then(|themes| themes.folder(Path::new(&config.theme)));
        let folder = match folder {
            Ok(folder) => folder,
            Err(err) => {
                diags.push(theme_refused(&dir, &err));
                return theme;
            }
        };
        let theme_dir = ThemeDir {
            path: &dir,
            folder: &folder,
        };
        overlay(
            &mut theme,
            &theme_dir,
            "templates",
            |t| &mut t.templates,
            diags,
        );
        overlay(&mut theme, &theme_dir, "static", |t| &mut t.statics, diags);
        overlay(&mut theme, &theme_dir, "typst", |t| &mut t.typst, diags);
        overlay(&mut theme, &theme_dir, "fonts", |t| &mut t.fonts, diags);
        overlay(&mut theme, &theme_dir, "epub", |t| &mut t.epub, diags);
        overlay(
            &mut theme,
            &theme_dir,
            "strings",
            |t| &mut t.string_files,
            diags,
        );
    } else if config.theme != "default" || config.theme.contains(['/', '\\']) {
        diags.push(
            Diagnostic::error(format!("the theme `{}` does not exist", config.theme))
                .at(super::key_line(config_source, "theme"))
                .help(format!(
                    "create the folder `themes/{}/`, or remove the `theme:` line to use the built-in theme",
                    config.theme
                )),
        );
    }
    let primary = config.language.split('-').next().unwrap_or("en");
    theme.strings = super::strings::for_language(
        &theme.string_files,
        &config.language,
        &format!("themes/{}/strings/{primary}.yaml", config.theme),
        super::key_line(config_source, "language"),
        diags,
    );
    theme
}

pub(super) fn builtin() -> Theme {
    let mut theme = Theme {
        strings: crate::model::Strings::new(super::strings::builtin()),
        ..Theme::default()
    };
    for (kind, name, contents) in BUILTIN {
        let file = ThemeFile {
            name: name.to_string(),
            display: format!("(built-in theme) {kind}/{name}"),
            contents: contents.to_vec(),
        };
        match *kind {
            "templates" => theme.templates.push(file),
            "typst" => theme.typst.push(file),
            "fonts" => theme.fonts.push(file),
            "epub" => theme.epub.push(file),
            "strings" => theme.string_files.push(file),
            _ => theme.statics.push(file),
        }
    }
    theme
}

/// A site's theme folder: its path (to list it and name its files) and the folder
/// opened once (to read them).
struct ThemeDir<'a> {
    path: &'a Path,
    folder: &'a Folder,
}

fn theme_refused(dir: &Path, err: &std::io::Error) -> Diagnostic {
    let link = matches!(err.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR));
    let why = if link {
        "it (or `themes/`) is a symbolic link, and pubgen never follows links to folders"
            .to_string()
    } else {
        crate::diagnostics::plain_io_error(err)
    };
    Diagnostic::error(format!("cannot read the theme `{}`: {why}", dir.display()))
        .help("put the theme's folder itself in `themes/`, not a link to it")
}

fn overlay(
    theme: &mut Theme,
    theme_dir: &ThemeDir,
    sub: &str,
    files: impl Fn(&mut Theme) -> &mut Vec<ThemeFile>,
    diags: &mut Diagnostics,
) {
    let dir = theme_dir.path;
    let base = dir.join(sub);
    if !base.is_dir() {
        return;
    }
    let canonical = super::real_folder(dir);
    for entry in WalkDir::new(&base).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let shown = err.path().unwrap_or(&base).display().to_string();
                let refusal = err
                    .into_io_error()
                    .map_or(Refusal::Loop, Refusal::Unreadable);
                diags.push(refusal.diagnostic().at(Location::file(shown)));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let shown = entry.path().display().to_string();
        let real = if kind.is_symlink() || !kind.is_file() {
            match super::contained_file(entry.path(), &canonical) {
                Ok(real) => real,
                Err(_) => {
                    diags.push(
                        Diagnostic::error("a theme may hold only files: this is a symbolic link that leads out of its theme folder or to a folder, or a pipe or device")
                            .at(Location::file(shown))
                            .help("copy the file itself into the theme folder"),
                    );
                    continue;
                }
            }
        } else {
            canonical.join(entry.path().strip_prefix(dir).unwrap_or(entry.path()))
        };
        let rel = entry
            .path()
            .strip_prefix(&base)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let mut contents = Vec::new();
        let inside = real.strip_prefix(&canonical).unwrap_or(&real);
        let read = theme_dir
            .folder
            .open_file(inside)
            .and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut contents));
        if let Err(err) = read {
            diags.push(
                Refusal::Unreadable(err)
                    .diagnostic()
                    .at(Location::file(shown)),
            );
            continue;
        }
        let file = ThemeFile {
            name: rel.clone(),
            display: entry.path().display().to_string(),
            contents,
        };
        let list = files(theme);
        match list.iter_mut().find(|f| f.name == rel) {
            Some(existing) => *existing = file,
            None => list.push(file),
        }
    }
}
