//! What Typst sees while it lays out a PDF: the generated document, the theme's Typst
//! files, the pictures the document shows and the theme's fonts. Nothing else: no
//! file system, no packages, no clock (a PDF never shows a date the content does not
//! give).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};

use super::fonts::Fonts;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::model::ThemeFile;

/// The path of the generated document in the Typst world.
pub(super) const MAIN: &str = "/main.typ";
/// Where the theme's Typst files are, in the Typst world (`/theme/publication.typ`).
pub(super) const THEME_DIR: &str = "/theme";

/// The fonts and the standard library, made once per process: both are large and
/// the same for every document.
pub(super) struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Fonts,
}

impl Shared {
    pub(super) fn new(font_files: &[ThemeFile]) -> Shared {
        let fonts = Fonts::new(font_files);
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
        }
    }

    /// Whether some font has a glyph for `c`.
    pub(super) fn covers(&self, c: char) -> bool {
        self.fonts.covers(c)
    }
}

/// One document's world.
pub(super) struct PubWorld {
    shared: Arc<Shared>,
    main: FileId,
    /// Typst sources by path: the document and the theme's `.typ` files.
    sources: HashMap<String, Source>,
    /// Other files by path: pictures (`/content/pictures/x.svg`).
    files: HashMap<String, Bytes>,
}

impl PubWorld {
    pub(super) fn new(
        shared: Arc<Shared>,
        main: String,
        theme: &[ThemeFile],
        files: HashMap<String, Bytes>,
    ) -> PubWorld {
        let main_id = file_id(MAIN);
        let mut sources = HashMap::new();
        sources.insert(MAIN.to_string(), Source::new(main_id, main));
        for file in theme {
            let path = format!("{THEME_DIR}/{}", file.name);
            let text = String::from_utf8_lossy(&file.contents).into_owned();
            sources.insert(path.clone(), Source::new(file_id(&path), text));
        }
        PubWorld {
            shared,
            main: main_id,
            sources,
            files,
        }
    }

    /// The theme file a Typst file id names, as its path in the Typst world.
    pub(super) fn path_of(id: FileId) -> String {
        id.vpath().as_rootless_path().to_string_lossy().into_owned()
    }
}

pub(super) fn file_id(path: &str) -> FileId {
    FileId::new(None, VirtualPath::new(path))
}

fn key(id: FileId) -> String {
    id.vpath()
        .as_rooted_path()
        .to_string_lossy()
        .replace('\\', "/")
}

impl World for PubWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id.package().is_some() {
            return Err(FileError::Other(Some(
                "pubgen's PDFs cannot use Typst packages".into(),
            )));
        }
        let path = key(id);
        self.sources
            .get(&path)
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = key(id);
        if let Some(source) = self.sources.get(&path) {
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        self.files
            .get(&path)
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// The fonts and library for these font files: made once, and again only when the
/// theme's fonts change (`pubgen serve` makes the downloads after every edit).
pub(super) fn shared(font_files: &[ThemeFile]) -> Arc<Shared> {
    type Key = Vec<(String, u64)>;
    static LAST: Mutex<Option<(Key, Arc<Shared>)>> = Mutex::new(None);
    let key: Key = font_files
        .iter()
        .map(|f| {
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&f.contents, &mut hasher);
            (f.name.clone(), std::hash::Hasher::finish(&hasher))
        })
        .collect();
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    match &*last {
        Some((k, shared)) if *k == key => Arc::clone(shared),
        _ => {
            let shared = Arc::new(Shared::new(font_files));
            *last = Some((key, Arc::clone(&shared)));
            shared
        }
    }
}
