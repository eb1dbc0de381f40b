//! YAML as editors type it, in Word's habits: curly quotes around a value, a
//! non-breaking space after `key:`, a tab. What YAML would misread is either read as
//! the editor meant it, or explained in their words before the YAML parser gives a
//! message about something else.
//!
//! The rewrite keeps every byte offset (a curly quote is three bytes: it becomes two
//! spaces and a straight quote), so that errors still point at the editor's text.

use std::borrow::Cow;

use super::yaml::SourceSlice;
use crate::diagnostics::Diagnostic;

const OPENING: [(char, char); 4] = [
    ('\u{201c}', '"'),
    ('\u{201e}', '"'),
    ('\u{2018}', '\''),
    ('\u{00ab}', '"'),
];

/// The YAML with Word's habits turned into YAML's: a value written wholly in curly
/// quotes (`title: “What we heard: a story”`) is read as a quoted value, and a
/// non-breaking space or a tab after `key:` as a space.
pub(super) fn as_yaml(text: &str) -> Cow<'_, str> {
    if text.is_ascii() && !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (_, line, in_block) in lines(text) {
        if in_block {
            out.push_str(line);
        } else {
            out.push_str(&line_as_yaml(line));
        }
    }
    debug_assert_eq!(out.len(), text.len());
    Cow::Owned(out)
}

fn line_as_yaml(line: &str) -> Cow<'_, str> {
    let Some(value_at) = value_start(line) else {
        return Cow::Borrowed(line);
    };
    let (head, rest) = line.split_at(value_at);
    // The separator after `key:`: a non-breaking space (two bytes) or a tab.
    let mut head = head.to_string();
    let mut rest = rest;
    loop {
        if let Some(r) = rest.strip_prefix('\u{a0}') {
            head.push_str("  ");
            rest = r;
        } else if let Some(r) = rest.strip_prefix('\u{202f}') {
            head.push_str("   ");
            rest = r;
        } else if let Some(r) = rest.strip_prefix('\t') {
            head.push(' ');
            rest = r;
        } else {
            break;
        }
    }
    head.push_str(&curly_quoted(rest).unwrap_or_else(|| rest.to_string()));
    Cow::Owned(head)
}

/// Where the value of a `key: value` or `- value` line starts (after `:` or `-`).
fn value_start(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    if let Some(after) = body.strip_prefix('-') {
        return (after.starts_with([' ', '\u{a0}', '\t'])).then_some(indent + 1);
    }
    let colon = body.find(':')?;
    let key = &body[..colon];
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '));
    plain_key.then_some(indent + colon + 1)
}

/// `  “value”` → `    "value"  `, when the whole value is in curly quotes and holds
/// no character that would need escaping between straight ones.
fn curly_quoted(rest: &str) -> Option<String> {
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    let value = rest[spaces..].trim_end_matches(['\n', '\r']);
    let ending = &rest[spaces + value.len()..];
    let trimmed = value.trim_end_matches(' ');
    let trailing = value.len() - trimmed.len();
    let first = trimmed.chars().next()?;
    let &(_, straight) = OPENING.iter().find(|(c, _)| *c == first)?;
    let last = trimmed.chars().next_back()?;
    let closes = match straight {
        '"' => matches!(last, '\u{201d}' | '\u{201c}' | '\u{00bb}'),
        _ => matches!(last, '\u{2019}' | '\u{2018}'),
    };
    if !closes || trimmed.chars().count() < 2 {
        return None;
    }
    let inner = &trimmed[first.len_utf8()..trimmed.len() - last.len_utf8()];
    if inner.contains(['\\', straight]) {
        return None;
    }
    let pad = |c: char| " ".repeat(c.len_utf8() - 1);
    Some(format!(
        "{}{}{straight}{inner}{straight}{}{}{ending}",
        " ".repeat(spaces),
        pad(first),
        pad(last),
        " ".repeat(trailing)
    ))
}

/// Habits that YAML would misread and that no rewrite can mend, said in the editor's
/// words: a tab at the start of a line, and a value that starts with `#` (YAML reads
/// it as a comment: the value is then empty).
pub(super) fn problems(yaml: &SourceSlice) -> Vec<Diagnostic> {
    let text = &yaml.source.text[yaml.start..yaml.end];
    let mut found = Vec::new();
    for (at, line, in_block) in lines(text) {
        let offset = yaml.start + at;
        if in_block {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if line[indent..].starts_with('\t') {
            found.push(
                Diagnostic::error("this line starts with a tab, and YAML lines may only be indented with spaces")
                    .at(yaml.source.location(offset + indent, 1))
                    .help("replace the tab with spaces (two spaces for each level of a list), or delete it if the line is not part of a list"),
            );
        } else if let Some(at) = value_start(line) {
            let value = line[at..].trim_start_matches([' ', '\u{a0}', '\t']);
            if value.starts_with('#') {
                let key = line[indent..at].trim_end_matches(':').trim();
                let shown = value.trim_end();
                let (what, quoted) = match key {
                    "-" => ("this list item".to_string(), format!("- \"{shown}\"")),
                    _ => (
                        format!("the value of `{key}`"),
                        format!("{key}: \"{shown}\""),
                    ),
                };
                found.push(
                    Diagnostic::error(format!(
                        "{what} starts with `#`, which YAML reads as the start of a comment, so it is empty"
                    ))
                    .at(yaml.source.location(offset + (line.len() - value.len()), 1))
                    .help(format!("put the value in double quotes: `{quoted}`")),
                );
            }
        }
    }
    found
}

/// The lines of a YAML text with their offsets, and whether each is inside a block
/// scalar (the lines after `key: |` or `key: >` indented deeper than the key), where
/// quotes, colons and `#` are only text.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let mut offset = 0;
    let mut block: Option<usize> = None;
    text.split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        if let Some(key_indent) = block {
            if blank || indent > key_indent {
                return (at, line, true);
            }
            block = None;
        }
        if let Some(v) = value_start(line) {
            let value = line[v..].trim();
            if value.starts_with(['|', '>']) {
                block = Some(indent);
            }
        }
        (at, line, false)
    })
}

#[cfg(test)]
mod tests {
    use super::as_yaml;

    #[test]
    fn curly_quotes_around_a_value_become_straight_ones_at_the_same_offsets() {
        let text = "title: \u{201c}What we heard: a story\u{201d}\nlabel:\u{a0}Part 1\n- \u{2018}one\u{2019}\n";
        let yaml = as_yaml(text);
        assert_eq!(yaml.len(), text.len());
        let value: serde_yaml::Value =
            serde_yaml::from_str(yaml.lines().take(2).collect::<Vec<_>>().join("\n").as_str())
                .unwrap();
        assert_eq!(value["title"].as_str(), Some("What we heard: a story"));
        assert_eq!(value["label"].as_str(), Some("Part 1"));
        assert!(yaml.contains("'one'"));
    }

    #[test]
    fn block_scalars_are_left_as_written() {
        let text = "accessibility: |\n  Ask: \u{201c}Jane\u{201d}\n  Note: #1\ntitle: T\n";
        assert_eq!(as_yaml(text), text);
    }

    #[test]
    fn curly_quotes_inside_a_value_are_kept() {
        let text = "title: The \u{201c}new\u{201d} way\n";
        assert_eq!(as_yaml(text), text);
    }
}
