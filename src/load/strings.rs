//! The theme's words (`strings/LANG.yaml`): the built-in English ones, with the
//! site's theme's laid over them for the site's language, each key and each `{name}`
//! it fills in checked against the built-in ones.

use std::collections::HashMap;

use crate::diagnostics::{nearest, Diagnostic, Diagnostics};
use crate::model::{placeholders, SourceFile, Strings, ThemeFile};

use super::yaml::{key_location, parse_yaml, SourceSlice};

const BUILTIN: &str = include_str!("../../themes/default/strings/en.yaml");

/// The words for `language` (`en-GB`): the built-in English ones, then the theme's
/// file for the language's first part (`en.yaml`), then for the whole tag
/// (`en-GB.yaml`).
pub(super) fn for_language(
    files: &[ThemeFile],
    language: &str,
    diags: &mut Diagnostics,
) -> Strings {
    let mut map = builtin();
    let primary = language.split('-').next().unwrap_or(language);
    let mut names = vec![format!("{primary}.yaml")];
    if primary != language {
        names.push(format!("{language}.yaml"));
    }
    for name in names {
        let Some(file) = files.iter().find(|f| f.name == name) else {
            continue;
        };
        if file.display.starts_with("(built-in theme)") {
            continue;
        }
        if let Some(theirs) = read(file, &map, diags) {
            map.extend(theirs);
        }
    }
    Strings::new(map)
}

/// The built-in words.
pub fn builtin() -> HashMap<String, String> {
    serde_yaml::from_str(BUILTIN).expect("the built-in strings are a map of strings")
}

/// A theme's strings file, each key one the built-in file has and filling in only
/// what the built-in string fills in.
fn read(
    file: &ThemeFile,
    builtin: &HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Option<HashMap<String, String>> {
    let text = String::from_utf8_lossy(&file.contents).into_owned();
    let source = SourceFile::new(file.name.clone(), file.display.clone(), text);
    let mut keys: Vec<&str> = builtin.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let theirs: HashMap<String, String> = parse_yaml(&source, 0, &keys, "strings file", diags)?;
    let slice = SourceSlice {
        source: &source,
        start: 0,
        end: source.text.len(),
    };
    let before = diags.error_count();
    for (key, value) in &theirs {
        let Some(ours) = builtin.get(key) else {
            let d = Diagnostic::error(format!("`{key}` is not one of the words pubgen writes"))
                .at(key_location(&slice, key));
            diags.push(match nearest(key, keys.iter().copied()) {
                Some(near) => d.help(format!(
                    "did you mean `{near}`? The built-in theme's strings/en.yaml lists every key"
                )),
                None => d.help("the built-in theme's strings/en.yaml lists every key"),
            });
            continue;
        };
        let known = placeholders(ours);
        if let Some(name) = placeholders(value).into_iter().find(|n| !known.contains(n)) {
            let fills = if known.is_empty() {
                "nothing".to_string()
            } else {
                known
                    .iter()
                    .map(|n| format!("`{{{n}}}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            diags.push(
                Diagnostic::error(format!("`{{{name}}}` is not filled in in `{key}`"))
                    .at(key_location(&slice, key))
                    .help(format!("this string fills in {fills}; write other braces as text without a name in them")),
            );
        }
    }
    (diags.error_count() == before).then_some(theirs)
}
