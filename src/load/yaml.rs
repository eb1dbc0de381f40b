//! YAML of `site.yaml` and front matter, with messages in the editor's words. All
//! YAML reading of the project happens here, so that swapping `serde_yaml` for a
//! maintained fork is a one-line change.

use crate::diagnostics::{nearest, Diagnostic, Diagnostics, Location};
use crate::model::SourceFile;

pub(super) struct SourceSlice<'a> {
    pub source: &'a SourceFile,
    pub start: usize,
    pub end: usize,
}

pub(super) fn parse_yaml<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
    start: usize,
    keys: &[&str],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let slice = SourceSlice {
        source,
        start,
        end: source.text.len(),
    };
    parse_yaml_slice(&slice, keys, what, diags)
}

/// Parses YAML into `T`. On failure, explains the problem at its line: a syntax error,
/// an unknown key (with the nearest known key), or a value of the wrong type.
pub(super) fn parse_yaml_slice<T: serde::de::DeserializeOwned>(
    yaml: &SourceSlice,
    keys: &[&str],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    parse_yaml_limited(yaml, keys, what, MAX_YAML_BYTES, diags)
}

/// A YAML file that pubgen writes itself (the Easy Read review record): it holds
/// texts, so it may be larger than front matter.
pub(super) fn parse_record<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
    keys: &[&str],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let slice = SourceSlice {
        source,
        start: 0,
        end: source.text.len(),
    };
    parse_yaml_limited(&slice, keys, what, MAX_RECORD_BYTES, diags)
}

/// Writes a value as YAML (the review record).
pub(super) fn to_yaml<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("plain records always serialise")
}

fn parse_yaml_limited<T: serde::de::DeserializeOwned>(
    yaml: &SourceSlice,
    keys: &[&str],
    what: &str,
    max_bytes: usize,
    diags: &mut Diagnostics,
) -> Option<T> {
    let text = &yaml.source.text[yaml.start..yaml.end];
    let text = if text.trim().is_empty() { "{}" } else { text };
    if let Some(d) = check_shape(yaml, what, max_bytes) {
        diags.push(d);
        return None;
    }
    // Word's habits (curly quotes, non-breaking spaces, tabs): read as meant, or
    // explained in the editor's words (pubgen's own records have none).
    if max_bytes != MAX_RECORD_BYTES && habit_problems(yaml, diags) {
        return None;
    }
    let as_yaml = super::habits::as_yaml(text);
    let text: &str = &as_yaml;
    let err = match serde_yaml::from_str::<T>(text) {
        Ok(value) => return escapes_publishable(yaml, text, diags).then_some(value),
        Err(err) => err,
    };
    // Unknown keys first: they are the commonest mistake and have the best help.
    if let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        let mut found_unknown = false;
        for key in map.keys() {
            let Some(key) = key.as_str() else { continue };
            if keys.contains(&key) {
                continue;
            }
            found_unknown = true;
            let mut d = Diagnostic::error(format!("unknown {what} key `{key}`"))
                .at(key_location(yaml, key));
            d = match nearest(key, keys.iter().copied()) {
                Some(near) => d.help(format!(
                    "did you mean `{near}`? The known keys are: {}",
                    keys.join(", ")
                )),
                None => d.help(format!("the known keys are: {}", keys.join(", "))),
            };
            diags.push(d);
        }
        if found_unknown {
            return None;
        }
    } else if serde_yaml::from_str::<serde_yaml::Value>(text).is_ok() {
        diags.push(
            Diagnostic::error(format!("the {what} must be a list of `key: value` lines"))
                .at(yaml.source.location(yaml.start, 0)),
        );
        return None;
    }
    let location = match err.location() {
        Some(l) => {
            let offset = yaml.start + l.index().min(text.len());
            yaml.source.location(offset, 1)
        }
        None => yaml.source.location(yaml.start, 0),
    };
    let (message, mut help) = explain(&yaml_message(&err));
    // Front matter with a blank line in it usually ran on into the text: its closing
    // `---` is missing, and the `---` found was a rule further down.
    if what == "front matter" && text.contains("\n\n") {
        let blank = text.find("\n\n").map_or(0, |i| i + 1);
        let line = yaml.source.location(yaml.start + blank, 0).line;
        help = format!(
            "the front matter runs on past a blank line (line {line}): if it should end there, add a line `---` before it. {help}"
        );
    }
    diags.push(
        Diagnostic::error(format!("{what}: {message}"))
            .at(location)
            .help(help),
    );
    None
}

/// Whether no value stands, through an escape, for a character no output may hold
/// (typed in the file, such characters are refused with the file's text).
fn escapes_publishable(yaml: &SourceSlice, text: &str, diags: &mut Diagnostics) -> bool {
    if !text.contains('\\') {
        return true;
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(value) => {
            super::values::check_escaped_characters(&value, yaml.source, yaml.start, diags)
        }
        Err(_) => true,
    }
}

/// Reports what YAML would misread of an editor's habits; true when there was any.
fn habit_problems(yaml: &SourceSlice, diags: &mut Diagnostics) -> bool {
    let problems = super::habits::problems(yaml);
    let found = !problems.is_empty();
    diags.extend(problems);
    found
}

/// serde_yaml's message without its own " at line N column M" (we show the place).
fn yaml_message(err: &serde_yaml::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    // serde's type names mean nothing to editors.
    text.replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a string", "expected text")
}

/// serde_yaml's message in an editor's words, with what to do.
fn explain(message: &str) -> (String, String) {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    let (key, detail) = match message.split_once(": ") {
        Some((key, rest)) if !key.contains(' ') => (Some(key), rest),
        _ => (None, message),
    };
    let the_value = key.map_or("the value".to_string(), |k| format!("`{k}`"));
    let keyed = |text: String| match key {
        Some(k) => format!("{k}: {text}"),
        None => text,
    };
    if detail.starts_with("duplicate field") {
        let name = quoted(detail);
        return (
            format!("the key `{name}` is given twice"),
            format!("keep one `{name}:` line and delete the other"),
        );
    }
    if detail.starts_with("missing field") {
        let name = quoted(detail);
        return (
            format!("the key `{name}` is missing"),
            format!("add a line `{name}: …`"),
        );
    }
    if detail.contains(" as u128") || detail.contains(" as i128") {
        return (
            keyed(format!("the number {} is too large", quoted(detail))),
            "use a whole number, for example `order: 40`".into(),
        );
    }
    if detail.starts_with("invalid type: sequence") || detail.starts_with("invalid type: map") {
        let (what, mark) = if detail.contains("sequence") {
            ("a list", "[")
        } else {
            ("a set of keys", "{")
        };
        return (
            keyed(format!("{the_value} must be a single value, but YAML reads a value starting with `{mark}` as {what}")),
            "put the whole value in double quotes, for example `title: \"[Draft] My page\"`".into(),
        );
    }
    if detail.starts_with("block sequence entries are not allowed") {
        return (
            "a value starting with `- ` is read as a list item, where one value was expected"
                .into(),
            "put the value in double quotes, for example `label: \"- Part 1\"`".into(),
        );
    }
    if detail.contains("invalid type") {
        return (message.to_string(), "check the value's type: numbers like `order: 40`, true/false like `draft: true`, text like `title: My page`".into());
    }
    if detail.contains("unknown variant") {
        return (
            message.to_string(),
            "choose one of the values the message lists".into(),
        );
    }
    (message.to_string(), "YAML is `key: value`, one per line; put a value that contains `: ` or starts with a quote, `[`, `{` or `#` in double quotes".into())
}

/// Front matter and `site.yaml` hold a few short values: larger or deeper YAML is a
/// mistake, and the YAML parser slows down steeply on it.
const MAX_YAML_BYTES: usize = 64 * 1024;
/// The review record holds the full texts the Easy Read pages explain.
pub(crate) const MAX_RECORD_BYTES: usize = 2 * 1024 * 1024;
/// Brackets (`[`, `{`) nested deeper than this are refused.
const MAX_YAML_DEPTH: usize = 16;

fn check_shape(yaml: &SourceSlice, what: &str, max_bytes: usize) -> Option<Diagnostic> {
    let text = &yaml.source.text[yaml.start..yaml.end];
    if text.len() > max_bytes {
        return Some(
            Diagnostic::error(format!(
                "the {what} is {} KB; it may be at most {} KB",
                text.len() / 1024,
                max_bytes / 1024
            ))
            .at(yaml.source.location(yaml.start, 0))
            .help(if max_bytes == MAX_RECORD_BYTES {
                "split the list, or check that this is the file pubgen reads (it holds short records)"
            } else {
                "the front matter holds a few short settings; move long text into the page itself"
            }),
        );
    }
    let (at, problem) = first_problem(text)?;
    let location = yaml.source.location(yaml.start + at, 1);
    Some(match problem {
        Problem::TooDeep => Diagnostic::error(format!("the {what} nests brackets more than {MAX_YAML_DEPTH} deep"))
            .at(location)
            .help("a value that starts with `[` or `{` is read as a list; put text in double quotes, for example `title: \"[Draft] My page\"`"),
        Problem::Alias(mark) => Diagnostic::error(format!(
            "the {what} uses YAML's `{mark}name` ({}), which pubgen does not read",
            if mark == '&' { "an anchor" } else { "an alias" }
        ))
        .at(location)
        .help(format!(
            "write each value out in full; if `{mark}` is part of the text, put the whole value in double quotes, for example `title: \"{mark}Co\"`"
        )),
    })
}

/// What the guard refuses before YAML is parsed.
#[derive(Debug, PartialEq)]
enum Problem {
    /// Brackets nested deeper than [`MAX_YAML_DEPTH`]: the parser slows down steeply.
    TooDeep,
    /// An anchor (`&a`) or alias (`*a`): expanding aliases of aliases grows without
    /// bound (a few KB become gigabytes), and an editor never needs them.
    Alias(char),
}

/// The offset of the first bracket nested too deep, or anchor or alias, outside
/// quoted text, block scalars (`|`, `>`) and comments. A quote opens quoted text only
/// where a value starts (after `: `, `- `, `[`, `{`, `,` or at the start of a line),
/// as in YAML: the apostrophe of `it's` hides nothing. Quotes and comments end with
/// the line, so no mistake about them can hide the brackets of the lines after.
fn first_problem(text: &str) -> Option<(usize, Problem)> {
    let mut depth = 0usize;
    let mut block: Option<usize> = None; // the indent of the key a block scalar is under
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let in_block = block.is_some_and(|key| line.trim().is_empty() || indent > key);
        if !in_block {
            block = None;
            let scan = scan_line(line, &mut depth);
            if let Some((at, problem)) = scan.problem {
                return Some((offset + at, problem));
            }
            if scan.opens_block {
                block = Some(indent);
            }
        }
        offset += line.len();
    }
    None
}

struct LineScan {
    problem: Option<(usize, Problem)>,
    /// The line ends with a block scalar's indicator (`key: |`, `- >-`).
    opens_block: bool,
}

fn scan_line(line: &str, depth: &mut usize) -> LineScan {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut value_starts = true; // the last byte that is not a space allows a value
    let mut last_value_start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next_is_space = matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
        if let Some(q) = quote {
            match b {
                b'\\' if q == b'"' => i += 1, // an escaped character
                b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
                _ if b == q => quote = None,
                _ => {}
            }
        } else if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
        } else {
            if value_starts {
                last_value_start = Some(i);
            }
            match b {
                b'"' | b'\'' if value_starts => quote = Some(b),
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
                b'&' | b'*' if value_starts && !next_is_space => {
                    return LineScan {
                        problem: Some((i, Problem::Alias(b as char))),
                        opens_block: false,
                    }
                }
                b'[' | b'{' => {
                    *depth += 1;
                    if *depth > MAX_YAML_DEPTH {
                        return LineScan {
                            problem: Some((i, Problem::TooDeep)),
                            opens_block: false,
                        };
                    }
                }
                b']' | b'}' => *depth = depth.saturating_sub(1),
                _ => {}
            }
            value_starts = match b {
                b':' | b'-' | b'?' => next_is_space,
                b'[' | b'{' | b',' => true,
                _ => false,
            };
        }
        i += 1;
    }
    let opens_block = quote.is_none()
        && last_value_start.is_some_and(|at| {
            let rest = line[at..].split(" #").next().unwrap_or("").trim();
            rest.starts_with(['|', '>'])
                && rest[1..]
                    .chars()
                    .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
        });
    LineScan {
        problem: None,
        opens_block,
    }
}

/// The location of `key:` in a YAML slice, or of the slice's first line.
pub(super) fn key_location(yaml: &SourceSlice, key: &str) -> Location {
    let text = &yaml.source.text[yaml.start..yaml.end];
    let mut offset = yaml.start;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                let indent = line.len() - trimmed.len();
                return yaml.source.location(offset + indent, key.len());
            }
        }
        offset += line.len();
    }
    yaml.source.location(yaml.start, 0)
}

#[cfg(test)]
mod tests {
    use super::{first_problem, Problem};

    fn too_deep(text: &str) -> Option<usize> {
        first_problem(text)
            .filter(|(_, p)| *p == Problem::TooDeep)
            .map(|(at, _)| at)
    }

    #[test]
    fn anchors_and_aliases_are_found_where_a_value_starts_and_nowhere_else() {
        assert_eq!(
            first_problem("a: &x [1]\nb: *x\n"),
            Some((3, Problem::Alias('&')))
        );
        assert!(first_problem("- *x\n").is_some());
        assert!(first_problem("title: Fish & chips\n").is_none());
        assert!(first_problem("title: 5 * 3 and a*b\n").is_none());
        assert!(first_problem("title: \"*Bold*\"\n").is_none());
        assert!(first_problem("url: http://x/*y\n").is_none());
        assert!(first_problem("text: |\n  *x and [[[[[[[[[[[[[[[[[[[\n  &y\nnext: ok\n").is_none());
        assert!(
            first_problem("text: |\n  fine\nnext: *x\n").is_some(),
            "the block ends with its indent"
        );
    }

    #[test]
    fn brackets_are_counted_outside_quotes_and_comments() {
        let deep = "[".repeat(20);
        assert!(too_deep(&format!("title: {deep}")).is_some());
        assert!(
            too_deep(&format!("title: [it's, {deep}")).is_some(),
            "an apostrophe hides nothing"
        );
        assert!(
            too_deep(&format!("title: a#b {deep}")).is_some(),
            "# inside a word is no comment"
        );
        assert!(
            too_deep(&format!("title: \"\\\" {deep}")).is_none(),
            "inside a quoted value"
        );
        assert!(
            too_deep(&format!("title: x # {deep}")).is_none(),
            "in a comment"
        );
        assert!(
            too_deep(&format!("title: \"open\nslug: {deep}")).is_some(),
            "a quote ends with its line"
        );
        assert!(too_deep("title: [a, [b], {c: d}]").is_none());
    }
}
