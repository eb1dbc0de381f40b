//! Attribute lists: ` {#id key="value" …}` at the very end of the last source line of a
//! heading, paragraph, list item or quote attribution.
//!
//! They are read from the markdown source, not from pulldown-cmark's text, because smart
//! punctuation would already have curled the straight quotes of the values.

use crate::diagnostics::nearest;
use crate::model::{is_id, is_id_character};

/// The keys an attribute list may carry.
pub(crate) const KEYS: &[&str] = &["evidence", "full", "title"];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    pub id: String,
    /// (key, value, byte offset of the value within the line).
    pub pairs: Vec<(String, String, usize)>,
}

impl Attributes {
    pub(crate) fn get(&self, key: &str) -> Option<(&str, usize)> {
        self.pairs
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, at)| (v.as_str(), *at))
    }
}

/// A malformed attribute list: what is wrong and where (byte offset within the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrError {
    pub message: String,
    pub help: String,
    pub at: usize,
    pub len: usize,
}

/// Finds an attribute list at the end of `line`. Returns its byte offset in the line and
/// the parsed list; `Ok(None)` if the line does not end with one.
pub fn find_at_line_end(line: &str) -> Result<Option<(usize, Attributes)>, AttrError> {
    let trimmed = line.trim_end();
    if !trimmed.ends_with('}') {
        return Ok(None);
    }
    // The list opens at the last `{#` that follows a space (or starts the line).
    let mut search_end = trimmed.len();
    while let Some(start) = trimmed[..search_end].rfind("{#") {
        let before = trimmed[..start].chars().next_back();
        let opens_list = match before {
            None => true,
            Some(c) => c.is_whitespace(),
        };
        if opens_list && !trimmed[start..].contains('\n') {
            return parse(&trimmed[start..])
                .map(|a| Some((start, a)))
                .map_err(|mut e| {
                    e.at += start;
                    e
                });
        }
        if before == Some('\\') {
            return Ok(None);
        }
        search_end = start;
    }
    Ok(None)
}

/// Parses `{#id key="value" …}` (the whole string).
pub(crate) fn parse(text: &str) -> Result<Attributes, AttrError> {
    let inner = &text[2..text.len() - 1];
    let id_len = inner
        .find(|c: char| !is_id_character(c))
        .unwrap_or(inner.len());
    let id = &inner[..id_len];
    if !is_id(id) {
        return Err(AttrError {
            message: format!("`{}` does not start with a valid id", text),
            help: "an id starts with a letter and holds only letters, digits, '-' and '_', for example `{#q-lower-caseloads}`".into(),
            at: 0,
            len: text.len(),
        });
    }
    let mut attrs = Attributes {
        id: id.to_string(),
        pairs: Vec::new(),
    };
    let mut pos = id_len;
    loop {
        let skipped = inner[pos..].len() - inner[pos..].trim_start().len();
        if skipped == 0 && pos < inner.len() {
            if let Some(err) = bad_id_character(inner, pos) {
                return Err(err);
            }
            return Err(malformed(
                text,
                pos + 2,
                "put a space between the id and each key",
            ));
        }
        pos += skipped;
        if pos >= inner.len() {
            return Ok(attrs);
        }
        pos = parse_pair(text, inner, pos, &mut attrs)?;
    }
}

/// One `key="value"` of the list `text` (whose inside is `inner`), starting at `pos`
/// in `inner`; returns where the next one may start.
fn parse_pair(
    text: &str,
    inner: &str,
    mut pos: usize,
    attrs: &mut Attributes,
) -> Result<usize, AttrError> {
    let bytes = inner.as_bytes();
    let key_len = inner[pos..]
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
        .unwrap_or(inner.len() - pos);
    let key = &inner[pos..pos + key_len];
    if key.is_empty() {
        return Err(malformed(text, pos + 2, "write keys as key=\"value\""));
    }
    if !KEYS.contains(&key) {
        return Err(unknown_key(key, pos + 2));
    }
    pos += key_len;
    if bytes.get(pos) != Some(&b'=') || bytes.get(pos + 1) != Some(&b'"') {
        return Err(malformed(
            text,
            pos + 2,
            &format!("write the value in straight double quotes: {key}=\"…\""),
        ));
    }
    pos += 2;
    let Some(close) = inner[pos..].find('"') else {
        return Err(malformed(
            text,
            pos + 2,
            "close the value with a straight double quote",
        ));
    };
    if attrs.get(key).is_some() {
        return Err(AttrError {
            message: format!("the key `{key}` is given twice"),
            help: "give each key once".into(),
            at: pos - key_len,
            len: key_len,
        });
    }
    attrs.pairs.push((
        key.to_string(),
        inner[pos..pos + close].to_string(),
        pos + 2,
    ));
    Ok(pos + close + 1)
}

fn unknown_key(key: &str, at: usize) -> AttrError {
    let help = match nearest(key, KEYS.iter().copied()) {
        Some(k) => format!("did you mean `{k}`? The keys are: {}", KEYS.join(", ")),
        None => format!("the keys are: {}", KEYS.join(", ")),
    };
    AttrError {
        message: format!("unknown attribute key `{key}`"),
        help,
        at,
        len: key.len(),
    }
}

/// An id that runs on into a character ids may not hold (`{#a.b}`, `{#café!}`).
fn bad_id_character(inner: &str, pos: usize) -> Option<AttrError> {
    let c = inner[pos..].chars().next()?;
    if c.is_whitespace() || c == '=' {
        return None;
    }
    let word_end = inner[pos..]
        .find(char::is_whitespace)
        .map_or(inner.len(), |i| pos + i);
    let word = &inner[..word_end];
    if word.contains('=') {
        return None; // a key without a space before it
    }
    Some(AttrError {
        message: format!("the id `{word}` contains `{c}`, which ids may not hold"),
        help: "ids hold only letters, digits, '-' and '_' (no spaces or other marks), for example `{#cafe-culture}`".into(),
        at: pos + 2,
        len: c.len_utf8(),
    })
}

fn malformed(text: &str, at: usize, help: &str) -> AttrError {
    AttrError {
        message: format!("malformed attribute list `{text}`"),
        help: help.to_string(),
        at,
        len: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_id_and_values_at_line_end() {
        let line = r#"- Tenders must recognise it. {#r-sustained-funding title="Sustained, secure funding" evidence="q-a q-b"}"#;
        let (at, attrs) = find_at_line_end(line).unwrap().unwrap();
        assert_eq!(&line[at..at + 2], "{#");
        assert_eq!(attrs.id, "r-sustained-funding");
        assert_eq!(attrs.get("title").unwrap().0, "Sustained, secure funding");
        assert_eq!(attrs.get("evidence").unwrap().0, "q-a q-b");
    }

    #[test]
    fn ordinary_braces_are_text() {
        assert_eq!(find_at_line_end("a set {1, 2}").unwrap(), None);
        assert_eq!(find_at_line_end("no braces").unwrap(), None);
    }

    #[test]
    fn unknown_key_is_an_error_with_nearest() {
        let err = find_at_line_end(r#"## A {#a titel="x"}"#).unwrap_err();
        assert!(err.message.contains("titel"));
        assert!(err.help.contains("`title`"));
    }

    #[test]
    fn malformed_id_is_an_error() {
        assert!(find_at_line_end("## A {#1abc}").is_err());
        assert!(find_at_line_end(r#"## A {#a title=x}"#).is_err());
    }
}
