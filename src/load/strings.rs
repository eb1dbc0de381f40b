//! The theme's words (`strings/LANG.yaml`): the built-in English ones, with the
//! site's theme's laid over them for the site's language, each key and each `{name}`
//! it fills in checked against the built-in ones.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{nearest, Diagnostic, Diagnostics, Location};
use crate::model::{placeholders, SourceFile, Strings, ThemeFile};

use super::yaml::{key_location, parse_yaml, SourceSlice};

const BUILTIN: &str = include_str!("../../themes/default/strings/en.yaml");

/// The words for `language` (`en-GB`): the built-in English ones, then the theme's
/// file for the language's first part (`en.yaml`), then for the whole tag
/// (`en-GB.yaml`). A site not in English is told which words stay English.
pub(super) fn for_language(
    files: &[ThemeFile],
    language: &str,
    where_to_write: &str,
    language_line: Location,
    diags: &mut Diagnostics,
) -> Strings {
    let mut map = builtin();
    let primary = language.split('-').next().unwrap_or(language);
    let mut names = vec![format!("{primary}.yaml")];
    if primary != language {
        names.push(format!("{language}.yaml"));
    }
    let mut given = HashSet::new();
    let mut last_file = None;
    for name in names {
        let Some(file) = files.iter().find(|f| f.name == name) else {
            continue;
        };
        if file.display.starts_with("(built-in theme)") {
            continue;
        }
        last_file = Some(file);
        if let Some(theirs) = read(file, &map, diags) {
            given.extend(theirs.keys().cloned());
            map.extend(theirs);
        }
    }
    if !primary.eq_ignore_ascii_case("en") && diags.error_count() == 0 {
        let untranslated = Untranslated {
            language,
            where_to_write,
            language_line,
            file: last_file,
        };
        untranslated.warn(&map, &given, diags);
    }
    Strings::new(map)
}

/// The words named when none is in the site's language: ones every page has.
const EXAMPLES: [&str; 4] = ["skip-to-main", "on-this-page", "previous", "next"];

/// What a site not in English is told when its theme leaves some of pubgen's words in
/// English: a screen reader reads them in the voice of the site's language.
struct Untranslated<'a> {
    language: &'a str,
    /// The strings file to make (`themes/default/strings/cy.yaml`).
    where_to_write: &'a str,
    language_line: Location,
    /// The theme's file for the language, when it has one.
    file: Option<&'a ThemeFile>,
}

impl Untranslated<'_> {
    fn warn(
        &self,
        map: &HashMap<String, String>,
        given: &HashSet<String>,
        diags: &mut Diagnostics,
    ) {
        let mut missing: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| !given.contains(*k))
            .collect();
        if missing.is_empty() {
            return;
        }
        // In the built-in file's order, which goes from the page frame readers meet
        // first to the generated pages.
        let order = builtin_order();
        missing.sort_by_key(|k| order.get(k).copied().unwrap_or(usize::MAX));
        let language = self.language;
        let diagnostic = match self.file {
            None => Diagnostic::warning(format!(
                "the words pubgen writes on every page ({} and {} more) are in English, not in `{language}`",
                EXAMPLES
                    .map(|key| format!("\"{}\"", map.get(key).map_or(key, String::as_str)))
                    .join(", "),
                missing.len() - EXAMPLES.len()
            ))
            .at(self.language_line.clone())
            .help(format!(
                "copy the built-in theme's strings/en.yaml to `{}` and write each line in `{language}` (editors' guide: \"Changing the words pubgen writes\"): until then a screen reader reads them in the voice of `{language}`",
                self.where_to_write
            )),
            Some(file) => Diagnostic::warning(format!(
                "{} of the words pubgen writes are not in `{}`, so they stay in English: {}",
                missing.len(),
                file.display,
                named(&missing)
            ))
            .at(Location::file(&file.display))
            .help(format!(
                "add them in `{language}` (the built-in theme's strings/en.yaml lists every key); a line giving the English words keeps them English on purpose"
            )),
        };
        diags.push(diagnostic);
    }
}

/// Each built-in key's place in the built-in file.
fn builtin_order() -> HashMap<&'static str, usize> {
    BUILTIN
        .lines()
        .filter(|line| !line.starts_with([' ', '#', '-']))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim()))
        .enumerate()
        .map(|(place, key)| (key, place))
        .collect()
}

/// The first few keys, then how many more.
fn named(keys: &[&str]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<String> = keys.iter().take(SHOWN).map(|k| format!("`{k}`")).collect();
    match keys.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
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
