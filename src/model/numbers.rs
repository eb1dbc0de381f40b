//! The publication's numbers, when `site.yaml` says `numbered: true`: its parts 1, 2, …
//! and each part's sections 3.1, 3.1.1, counted once so that the menu, "On this page",
//! `/print/`, the PDF and the EPUB show the same numbers.

use std::collections::HashMap;

use super::{EntryId, Heading, PageId};

/// The number of each numbered part and of each of its sections.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    parts: HashMap<EntryId, u32>,
    sections: HashMap<PageId, HashMap<String, String>>,
}

impl Numbers {
    /// Numbers `parts` 1, 2, … in the order given, with their pages' sections.
    pub(crate) fn count<'a>(
        parts: impl IntoIterator<Item = (EntryId, PageId, &'a [Heading])>,
    ) -> Self {
        let mut numbers = Numbers::default();
        for (n, (entry, page, headings)) in (1..).zip(parts) {
            numbers.parts.insert(entry, n);
            numbers.sections.insert(page, section_numbers(n, headings));
        }
        numbers
    }

    /// A part's number (`3`), if it is numbered.
    pub(crate) fn part(&self, entry: EntryId) -> Option<u32> {
        self.parts.get(&entry).copied()
    }

    /// A section's number (`3.1`, `3.1.2`) by its heading's id, if it is numbered.
    pub(crate) fn section(&self, page: PageId, id: &str) -> Option<&str> {
        self.sections.get(&page)?.get(id).map(String::as_str)
    }

    /// A section's heading as contents list it: `4.2 Consistency` (its number only
    /// when it is numbered).
    pub(crate) fn section_title(&self, page: PageId, heading: &Heading) -> String {
        match self.section(page, &heading.id) {
            Some(number) => format!("{number} {}", heading.text),
            None => heading.text.clone(),
        }
    }
}

/// The numbers of a part's level-2 and level-3 headings: `3.1`, `3.1.1`, … (a level-3
/// heading before any level-2 one, and deeper headings, are not numbered).
fn section_numbers(part: u32, headings: &[Heading]) -> HashMap<String, String> {
    let (mut section, mut subsection) = (0u32, 0u32);
    let mut numbers = HashMap::new();
    for h in headings {
        let number = match h.level {
            2 => {
                (section, subsection) = (section + 1, 0);
                format!("{part}.{section}")
            }
            3 if section > 0 => {
                subsection += 1;
                format!("{part}.{section}.{subsection}")
            }
            _ => continue,
        };
        numbers.insert(h.id.clone(), number);
    }
    numbers
}

/// A part's title as its contents list it: `3. Component 4: Third Sector …`.
pub(crate) fn numbered(number: Option<u32>, title: &str) -> String {
    match number {
        Some(n) => format!("{n}. {title}"),
        None => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: id.into(),
            full: None,
        }
    }

    #[test]
    fn sections_are_numbered_within_their_part_and_deeper_headings_are_not() {
        let headings = [
            heading(3, "early"),
            heading(2, "a"),
            heading(3, "a1"),
            heading(4, "deep"),
            heading(3, "a2"),
            heading(2, "b"),
            heading(3, "b1"),
        ];
        let numbers = section_numbers(3, &headings);
        let of = |id: &str| numbers.get(id).map(String::as_str);
        assert_eq!(of("early"), None);
        assert_eq!(of("a"), Some("3.1"));
        assert_eq!(of("a1"), Some("3.1.1"));
        assert_eq!(of("deep"), None);
        assert_eq!(of("a2"), Some("3.1.2"));
        assert_eq!(of("b"), Some("3.2"));
        assert_eq!(of("b1"), Some("3.2.1"));
    }
}
