//! A text file of `content/`, and where things are in it.

use crate::diagnostics::Location;

/// A text file read from `content/`, kept whole so that diagnostics can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators (`components/third-sector.md`).
    pub rel: String,
    /// Path as shown to the editor (`content/components/third-sector.md`).
    pub display: String,
    pub text: String,
    /// Byte offsets where lines start, found on first use: every id, link and quote
    /// records its place, so this must not rescan the file each time.
    pub line_starts: std::sync::OnceLock<Vec<usize>>,
    /// (byte offset, characters before it) every few kilobytes, for columns.
    char_marks: std::sync::OnceLock<Vec<(usize, usize)>>,
    /// Set when the text was let go of after parsing (see [`SourceFile::release`]):
    /// the fingerprint of the text it had.
    released: Option<u64>,
}

/// Where something was written in a page's file, as bytes: made a [`Location`] (line,
/// column, the quoted line) by [`SourceFile::at`] only when it is reported, so that a
/// document holds a few bytes per id and link rather than a copy of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub offset: u32,
    pub len: u32,
}

impl Span {
    pub fn new(offset: usize, len: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            offset: clamp(offset),
            len: clamp(len),
        }
    }
}

/// Bytes between the checkpoints of `SourceFile::chars_before`.
const CHAR_MARK_BYTES: usize = 4096;
/// Bytes quoted either side of a mark on a long line.
const EXCERPT_BYTES: usize = 120;

impl SourceFile {
    pub fn new(rel: String, display: String, text: String) -> SourceFile {
        SourceFile {
            rel,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
            released: None,
        }
    }

    /// Lets go of the text, once everything the later stages need of it was taken
    /// (a large site's pages are read again as they are rendered), keeping its
    /// fingerprint so that what is read then can be checked to be the same.
    pub(crate) fn release(&mut self) {
        self.released = Some(fingerprint(&self.text));
        self.text = String::new();
        self.line_starts = std::sync::OnceLock::new();
        self.char_marks = std::sync::OnceLock::new();
    }

    /// The fingerprint of the text this file had, if it was let go of.
    pub(crate) fn released(&self) -> Option<u64> {
        self.released
    }

    /// Where `span` is, as a diagnostic shows it.
    pub fn at(&self, span: Span) -> Location {
        self.location(span.offset as usize, span.len as usize)
    }

    /// The 1-based line and column of a byte offset, and the text of that line (on a
    /// long line, the part around the offset). Constant work per call, whatever the
    /// length of the line.
    pub fn location(&self, offset: usize, len: usize) -> Location {
        let offset = self.floor_boundary(offset.min(self.text.len()));
        let starts = self.line_starts();
        let line_index = starts.partition_point(|&s| s <= offset) - 1;
        let line_start = starts[line_index];
        let line_end = starts
            .get(line_index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let col = self.chars_before(offset) - self.chars_before(line_start) + 1;
        // A length measured on rendered text may end inside a character of the source.
        let end = self.floor_boundary((offset + len).min(line_end).max(offset));
        let len_chars = self.text[offset..end].chars().count();
        let (line_text, text_col) = self.excerpt(line_start, line_end, offset, end);
        Location {
            file: self.display.clone(),
            line: line_index + 1,
            col,
            len: len_chars,
            line_text,
            text_col,
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    fn floor_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Characters in `text[..offset]`, counted from the nearest checkpoint before it.
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![(0, 0)];
            let mut last = 0;
            for (chars, (i, _)) in self.text.char_indices().enumerate() {
                if i >= last + CHAR_MARK_BYTES {
                    marks.push((i, chars));
                    last = i;
                }
            }
            marks
        });
        let k = marks.partition_point(|&(byte, _)| byte <= offset) - 1;
        let (byte, chars) = marks[k];
        chars + self.text[byte..offset].chars().count()
    }

    /// The line, or on a long line the part around `[start, end)` with `…` either side;
    /// and the 1-based column of `start` in it.
    fn excerpt(
        &self,
        line_start: usize,
        line_end: usize,
        start: usize,
        end: usize,
    ) -> (String, usize) {
        let line = &self.text[line_start..line_end];
        if line.len() <= EXCERPT_BYTES * 2 {
            let text = line.trim_end_matches('\r');
            return (
                text.to_string(),
                self.text[line_start..start].chars().count() + 1,
            );
        }
        let from = self.floor_boundary(start.saturating_sub(EXCERPT_BYTES).max(line_start));
        let to = self.floor_boundary((end + EXCERPT_BYTES).min(line_end));
        let mut text = String::new();
        if from > line_start {
            text.push('…');
        }
        let text_col = text.chars().count() + self.text[from..start].chars().count() + 1;
        text.push_str(self.text[from..to].trim_end_matches('\r'));
        if to < line_end {
            text.push('…');
        }
        (text, text_col)
    }

    /// The location of a whole 1-based line.
    ///
    /// (Both this and `location` accept any offsets: they never panic.)
    pub(crate) fn line_location(&self, line: usize) -> Location {
        let offset = self
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let mut loc = self.location(offset, 0);
        loc.len = loc.line_text.chars().count();
        loc
    }
}

/// A fingerprint of a text, to tell whether a file read twice is the same.
pub fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}
