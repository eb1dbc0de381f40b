//! One store of the pages' trees. A large site lets go of most trees after parsing
//! (and of their pages' text once the downloads are made: see `site::prepare`), so
//! that memory does not grow with every page; whoever needs a page's tree later asks
//! here, and the store decides: the tree kept, or the page parsed again, from its text
//! when it is still held, else read again and checked to be what was parsed.

use super::glossary::GlossaryIndex;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;

/// A page's tree: the one kept, or parsed again for the one asking.
pub(crate) enum Tree<'s> {
    Kept(&'s Document),
    Parsed(Box<Document>),
}

impl std::ops::Deref for Tree<'_> {
    type Target = Document;

    fn deref(&self) -> &Document {
        match self {
            Tree::Kept(doc) => doc,
            Tree::Parsed(doc) => doc,
        }
    }
}

/// Every page's tree, kept or to be parsed again.
pub(crate) struct Trees<'s> {
    site: &'s LoadedSite,
    docs: &'s [Document],
    glossary: Option<&'s GlossaryIndex>,
}

impl<'s> Trees<'s> {
    /// `glossary`: what the pages were first parsed with.
    pub(crate) fn new(
        site: &'s LoadedSite,
        docs: &'s [Document],
        glossary: Option<&'s GlossaryIndex>,
    ) -> Trees<'s> {
        Trees {
            site,
            docs,
            glossary,
        }
    }

    /// The tree of `page`; an error when its file changed since it was parsed (an
    /// editor saved it while the site was built).
    pub(crate) fn tree(&self, page: PageId) -> Result<Tree<'s>, Diagnostic> {
        let doc = &self.docs[page];
        if !doc.released {
            return Ok(Tree::Kept(doc));
        }
        let loaded = &self.site.pages[page];
        let again;
        let source = match loaded.source.released() {
            None => loaded,
            Some(fingerprint) => {
                again = self.read_again(loaded, fingerprint)?;
                &again
            }
        };
        Ok(Tree::Parsed(Box::new(super::parse_tree_again(
            source,
            self.glossary,
        ))))
    }

    /// A page whose text was let go of, read again; an error if it is no longer what
    /// was parsed. The same text has the same front matter: it is kept from the first
    /// read, not read again.
    fn read_again(&self, page: &LoadedPage, fingerprint: u64) -> Result<LoadedPage, Diagnostic> {
        let mut diags = Diagnostics::default();
        match crate::load::read_page_text(self.site, page, &mut diags) {
            Some(text) if crate::model::fingerprint(&text) == fingerprint => Ok(LoadedPage {
                source: SourceFile::new(page.source.rel.clone(), page.source.display.clone(), text),
                front: page.front.clone(),
                body_offset: page.body_offset,
                url: page.url.clone(),
            }),
            _ => Err(Diagnostic::error(format!(
                "`{}` changed while the site was being built",
                page.source.display
            ))
            .help("build again; the last good site was left as it was")),
        }
    }
}
