//! How the stages refer to things: pages, entries and declarations by typed index,
//! places in the publication, and where links lead.

/// Whether an id may hold `c`: a letter or digit of any script, `-` or `_`, as in the
/// ids pubgen makes from headings (`{#مقدمة}`, `{#croeso-ŵyl}`).
pub(crate) fn is_id_character(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Whether an editor may write `id` in braces: it starts with a letter and holds only
/// [`is_id_character`]s.
pub(crate) fn is_id(id: &str) -> bool {
    id.starts_with(char::is_alphabetic) && id.chars().all(is_id_character)
}

/// A loaded page: its index in `LoadedSite::pages`, and in the parsed documents,
/// which run parallel to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub usize);

impl PageId {
    /// Every page of a site with `n` pages, in order.
    pub(crate) fn all(n: usize) -> impl Iterator<Item = PageId> {
        (0..n).map(PageId)
    }
}

/// A page to render (a loaded page or a generated folder listing): its index in
/// `LinkedSite::entries`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct EntryId(pub usize);

impl PageId {
    /// The entry of a loaded page: the link stage puts the loaded pages first among
    /// the entries, in the same order (`link::tree::build_entries`).
    pub(crate) fn entry(self) -> EntryId {
        EntryId(self.0)
    }
}

/// An id declared on a page: its index in that page's `Document::ids`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct DeclId(pub usize);

impl<T> std::ops::Index<PageId> for Vec<T> {
    type Output = T;
    fn index(&self, id: PageId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<PageId> for Vec<T> {
    fn index_mut(&mut self, id: PageId) -> &mut T {
        &mut self[id.0]
    }
}

impl<T> std::ops::Index<PageId> for [T] {
    type Output = T;
    fn index(&self, id: PageId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::Index<EntryId> for [T] {
    type Output = T;
    fn index(&self, id: EntryId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::Index<DeclId> for Vec<T> {
    type Output = T;
    fn index(&self, id: DeclId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::Index<EntryId> for Vec<T> {
    type Output = T;
    fn index(&self, id: EntryId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<EntryId> for Vec<T> {
    fn index_mut(&mut self, id: EntryId) -> &mut T {
        &mut self[id.0]
    }
}

/// Where a link or picture of a page leads, as the link stage resolved it: each
/// renderer makes its own reference from it (a relative href on the site, an internal
/// link in a PDF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A page, or an element with an id on it.
    Place(Place),
    /// The listing page the generator makes for a folder (by URL), and a fragment.
    Folder {
        url: String,
        fragment: Option<String>,
    },
    /// A page or file pubgen makes itself (`/accessibility/`, `/print/`, a download
    /// in `/downloads/`), by its URL, and a fragment.
    Made {
        url: String,
        fragment: Option<String>,
    },
    /// A file of `content/` (by its path under `content/`), and a fragment.
    Asset {
        rel: String,
        fragment: Option<String>,
    },
    /// Kept as written: a link that leaves the site, or one whose error is reported.
    AsWritten(String),
}

/// A place in the publication: a page, or an element with an id on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub page: PageId,
    pub id: Option<String>,
}
