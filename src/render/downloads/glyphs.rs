//! Characters that no font of the PDF has. Typst would draw them as empty boxes,
//! which a tagged PDF may not hold (PDF/UA), so the PDF could not be made at all.
//! Instead each is shown as its code point (`U+F0000`) in a thin frame, and the
//! editor is warned at the line that writes it; the web pages and the EPUB, set by
//! the reader's own fonts, keep it as written.

use std::collections::{BTreeSet, HashSet};

use super::fonts::needs_no_glyph;
use super::world::Shared;
use super::{Format, Publication};
use crate::diagnostics::{Diagnostic, Rule};

/// The characters of `texts` that no font has, in code point order. Each distinct
/// character is looked up once.
pub(super) fn missing<'t>(shared: &Shared, texts: impl IntoIterator<Item = &'t str>) -> Vec<char> {
    let mut seen = BTreeSet::new();
    for text in texts {
        seen.extend(
            text.chars()
                .filter(|c| !c.is_ascii() && !needs_no_glyph(*c)),
        );
    }
    seen.into_iter().filter(|&c| !shared.covers(c)).collect()
}

/// A show rule that sets each missing character as its code point. Before the
/// theme's template is applied, so that it holds on the title page and in the
/// running heads too.
pub(super) fn push_show_missing(typ: &mut String, missing: &[char]) {
    if missing.is_empty() {
        return;
    }
    typ.push_str("#show regex(\"[");
    for c in missing {
        typ.push_str(&format!("\\u{{{:x}}}", *c as u32));
    }
    typ.push_str(
        "]\"): it => box(stroke: 0.4pt + luma(120), inset: (x: 0.12em), outset: (y: 0.12em), \
         text(size: 0.7em, \"U+\" + upper(str(str.to-unicode(it.text), base: 16))))\n",
    );
}

/// One warning for each page of the PDF that writes missing characters, at the first
/// of them, naming each (a missing character is named on the first page that has
/// it; one that only the title in `site.yaml` has, there). Each text is read once.
pub(super) fn missing_warnings(publication: &Publication, missing: &[char]) -> Vec<Diagnostic> {
    let mut unplaced: HashSet<char> = missing.iter().copied().collect();
    let site = publication.site;
    let sources = publication
        .parts
        .iter()
        .map(|&page| &site.pages[page].source)
        .chain(std::iter::once(&site.config_source));
    let mut warnings = Vec::new();
    for source in sources {
        if unplaced.is_empty() {
            break;
        }
        let mut first = None;
        let mut chars = Vec::new();
        for (at, c) in source.text.char_indices() {
            if unplaced.remove(&c) {
                first.get_or_insert(at);
                chars.push(c);
            }
        }
        if let Some(at) = first {
            warnings.push(warning(publication, &chars).at(source.location(at, 1)));
        }
    }
    // Characters of no source (text that pubgen itself writes).
    if !unplaced.is_empty() {
        let mut chars: Vec<char> = unplaced.into_iter().collect();
        chars.sort_unstable();
        warnings.push(warning(publication, &chars));
    }
    warnings
}

fn warning(publication: &Publication, chars: &[char]) -> Diagnostic {
    const SHOWN: usize = 12;
    let pdf = publication.edition.download_name(Format::Pdf);
    let mut named: Vec<String> = chars
        .iter()
        .take(SHOWN)
        .map(|&c| format!("\u{201c}{c}\u{201d} ({})", code_point(c)))
        .collect();
    if chars.len() > SHOWN {
        named.push(format!("and {} more", chars.len() - SHOWN));
    }
    let message = match chars {
        [_] => format!(
            "the {pdf} has no font for the character {}: it shows its code there instead",
            named[0]
        ),
        _ => format!(
            "the {pdf} has no font for {} characters on this page: {}; it shows their codes there instead",
            chars.len(),
            named.join(", ")
        ),
    };
    Diagnostic::warning(message)
        .rule(Rule::MissingCharacter, chars.iter().collect::<String>())
        .help(
            "the web pages and the EPUB show them as written. To print them too, put a font that has \
             them (a .ttf or .otf file) in your theme's fonts/ folder (themes/NAME/fonts/), or install \
             one on the machine that builds the site; or write something else in their place",
        )
}

/// `U+1F389`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}
