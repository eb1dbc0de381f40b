//! Ids made from heading text, and the authority that hands out every id of a page.

use std::collections::{HashMap, HashSet};

/// `## Know your roles` → `know-your-roles`; `## What’s next?` → `whats-next`:
/// lower-cased, apostrophes removed, every run of other characters that are not
/// letters or digits turned into one `-`, and `-` trimmed from both ends.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c == '\'' || c == '’' || c == 'ʼ' {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            // `İ` lower-cases to `i` and a combining dot, which is no letter: kept out.
            slug.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Ids that the theme uses itself, never given to a heading.
pub(crate) const RESERVED: &[&str] = &[
    "main",
    "contents",
    "footnotes",
    "listing-heading",
    "all-parts",
    "print-contents",
    "downloads-heading",
    "made-by",
    "words-to-know",
];

/// Whether an id has the form of those the generator gives footnotes (`fn-1`,
/// `fnref-1`), citations (`cite-1`) and reference entries (`ref-smith-2019`).
pub(crate) fn is_generated(id: &str) -> bool {
    ["fn-", "fnref-", "cite-", "ref-", "word-"]
        .iter()
        .any(|prefix| id.starts_with(prefix))
}

/// Why an editor may not give this id, if they may not.
pub(crate) fn reserved_reason(id: &str) -> Option<&'static str> {
    if RESERVED.contains(&id) {
        Some("the theme uses it for a part of every page")
    } else if is_generated(id) {
        Some("ids starting `fn-`, `fnref-`, `cite-` and `ref-` are the ones pubgen gives footnotes, citations and reference entries")
    } else {
        None
    }
}

/// The one place a page's ids are handed out: it knows the theme's ids, the ids the
/// generator makes, every id given so far, and the next number to try for each base,
/// so that a thousand headings with the same text take linear time.
#[derive(Debug, Default)]
pub(crate) struct IdAuthority {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl IdAuthority {
    pub(crate) fn new() -> IdAuthority {
        IdAuthority {
            used: RESERVED.iter().map(|s| s.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    /// Records an id given by the editor (checked elsewhere).
    pub(crate) fn claim(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    pub(crate) fn is_used(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// A new id from `base` (made from text): `base`, or `base-2`, `base-3`, … Never a
    /// reserved id nor one of the generator's forms.
    pub(crate) fn unique(&mut self, base: &str, fallback: &str) -> String {
        let base = match base {
            "" => fallback.to_string(),
            b if is_generated(b) => format!("{fallback}-{b}"),
            b => b.to_string(),
        };
        self.numbered(base)
    }

    /// A new id of the generator's own form (`ref-smith-2019`, `ref-smith-2019-2`).
    pub(crate) fn generated(&mut self, base: &str) -> String {
        self.numbered(base.to_string())
    }

    fn numbered(&mut self, base: String) -> String {
        let mut id = base.clone();
        if self.used.contains(&id) {
            let n = self.next.entry(base.clone()).or_insert(2);
            loop {
                id = format!("{base}-{n}");
                *n += 1;
                if !self.used.contains(&id) {
                    break;
                }
            }
        }
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;
    use super::IdAuthority;

    #[test]
    fn repeated_and_reserved_ids_get_numbers() {
        let mut ids = IdAuthority::new();
        ids.claim("same-2");
        assert_eq!(ids.unique("same", "section"), "same");
        assert_eq!(ids.unique("same", "section"), "same-3");
        assert_eq!(ids.unique("same", "section"), "same-4");
        assert_eq!(ids.unique("main", "term"), "main-2");
        assert_eq!(ids.unique("fn-1", "section"), "section-fn-1");
        assert_eq!(ids.unique("", "section"), "section");
    }

    #[test]
    fn follows_the_contract_examples() {
        assert_eq!(slugify("Know your roles"), "know-your-roles");
        assert_eq!(slugify("Commissioning & Funding"), "commissioning-funding");
        assert_eq!(slugify("What’s next?"), "whats-next");
        assert_eq!(slugify("  -- Hello, world! --"), "hello-world");
    }
}
