//! The glossary page's definition list, as the reader reads it: each term recorded,
//! its first definition's first sentence kept (the `abbr` title of abbreviations),
//! and its id given once every explicit id of the page is known.

use super::*;

impl<'a> PageParser<'a> {
    /// At the end of a `dt` on the glossary page: the term is recorded; its id is given
    /// once the page's explicit ids are all known (see `settle_terms`).
    pub(super) fn end_term(&mut self) {
        let Some((start, true)) = self.definition.take() else {
            return;
        };
        let term = plain_text(&self.out[start + 1..]);
        let range = self.out.get(start + 1).map_or(0..0, |(_, r)| r.clone());
        self.pending_terms
            .push((start, self.doc.glossary.len(), range));
        self.close(Element::GlossaryTerm { id: String::new() });
        self.doc.glossary.push(GlossaryTerm {
            term,
            id: String::new(),
            first_sentence: String::new(),
            easy_read: None,
        });
    }
    /// At the end of a `dd`: the first definition of a term gives its first sentence.
    pub(super) fn end_definition(&mut self) {
        let Some((start, false)) = self.definition.take() else {
            return;
        };
        let text = plain_text(&self.out[start + 1..]);
        if let Some(term) = self.doc.glossary.last_mut() {
            if let Some(easy) = text.trim_start().strip_prefix("Easy Read:") {
                term.easy_read = Some(easy.trim().to_string());
            } else if term.first_sentence.is_empty() {
                term.first_sentence = first_sentence(&text);
            }
        }
    }
    /// Gives every term its id, before the headings get theirs (so no heading takes a
    /// term's id), and after every explicit id of the page is claimed (so no term takes
    /// one of those).
    pub(super) fn settle_terms(&mut self) {
        for (start, n, range) in std::mem::take(&mut self.pending_terms) {
            let term = self.doc.glossary[n].term.clone();
            let id = self.ids.unique(&ids::slugify(&term), "term");
            let at = self.span(&range);
            self.doc.ids.push(IdDecl {
                id: id.clone(),
                origin: IdOrigin::FromHeading,
                target: IdTarget::Term,
                text: term,
                at,
            });
            self.out[start].0 = Node::Open(Element::GlossaryTerm { id: id.clone() });
            self.doc.glossary[n].id = id;
        }
    }
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}
