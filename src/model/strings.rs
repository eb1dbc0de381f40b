//! The words pubgen itself writes ("Evidence", "Back to reference 1", the accessibility
//! statement's sentences), from the theme's `strings/` files, so that a site can
//! reword them and a translation can give them in another language.

use std::collections::HashMap;

/// Every string by its key (`back-to-reference`), the theme's laid over the built-in
/// ones, so that every key the code asks for is there.
/// Templates read them as `site.strings["key"]`.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings {
    map: HashMap<String, String>,
}

impl Strings {
    pub fn new(map: HashMap<String, String>) -> Strings {
        Strings { map }
    }

    /// The string of `key`. (The built-in theme has every key; an unknown one is a
    /// mistake in pubgen, shown as the key itself rather than lost.)
    pub(crate) fn get<'s>(&'s self, key: &'s str) -> &'s str {
        debug_assert!(self.map.contains_key(key), "no string `{key}`");
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The string of `key` with each `{name}` filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }
}

/// `{name}` in `text` replaced by its value; braces around anything else are kept.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names in braces that a string fills in (`{number}` → `number`).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    names.push(name);
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_is_filled_in_by_name_and_other_braces_stay() {
        assert_eq!(
            fill(
                "Back to reference {number} ({count}) {x",
                &[("count", "2"), ("number", "1")]
            ),
            "Back to reference 1 (2) {x"
        );
        assert_eq!(placeholders("{a} and {b_c} {not one}"), vec!["a", "b_c"]);
    }
}
