//! Errors and warnings for editors, written like rustc's:
//!
//! ```text
//! error: evidence `q-lower-caseload` does not exist
//!  --> content/recommendations.md:14:87
//!    |
//! 14 | - Tenders and commissions must … {#r-sustained-funding evidence="q-lower-caseload"}
//!    |                                                                  ^^^^^^^^^^^^^^^^
//!    = help: did you mean `q-lower-caseloads` (content/components/third-sector.md:52)?
//! ```
//!
//! Every stage collects its problems into [`Diagnostics`] instead of stopping at the
//! first, so an editor sees all of them in one run.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Something the build chose to do that the editor should know about, not a
    /// problem (`--deny-warnings` lets it pass).
    Note,
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the editor knows it (`content/summary.md`).
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub col: usize,
    /// Length of the marked text, in characters (0 marks one place).
    pub len: usize,
    /// The text of the line, quoted under the message: on a long line, only the part
    /// around the mark (so that a thousand places on one line cost no more than the
    /// line itself).
    pub line_text: String,
    /// 1-based, in characters: where the mark starts in `line_text`.
    pub text_col: usize,
}

impl Location {
    /// A location naming a file only (for problems with a whole file).
    pub(crate) fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            line: 0,
            col: 0,
            len: 0,
            line_text: String::new(),
            text_col: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.col)
        }
    }
}

/// What a warning about the published text is: groups the known issues of the
/// accessibility statement, and names the rule an editor acknowledges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A word on an Easy Read page that may be hard (uncommon, letters for words,
    /// jargon, explained only in the full glossary).
    HardWord,
    LongSentence,
    NumberAsWord,
    Italics,
    /// A citation that matches no reference, or not all of its authors.
    CitationMismatch,
    UncitedReference,
    /// An Easy Read section whose full text changed since they were checked together.
    EasyReadOutOfStep,
    /// A heading that skips a level of the outline.
    HeadingLevel,
    /// A character that no font of the PDF has (shown there as its code point).
    MissingCharacter,
}

impl Rule {
    pub(crate) const ALL: [Rule; 9] = [
        Rule::HardWord,
        Rule::LongSentence,
        Rule::NumberAsWord,
        Rule::Italics,
        Rule::CitationMismatch,
        Rule::UncitedReference,
        Rule::EasyReadOutOfStep,
        Rule::HeadingLevel,
        Rule::MissingCharacter,
    ];

    /// Whether it is found page by page, from the page alone (by the parse stage or
    /// the Easy Read lint), so that an update finds it again only on the pages it
    /// parsed again. The Easy Read review's are found again for the whole site.
    pub(crate) fn found_page_by_page(self) -> bool {
        self != Rule::EasyReadOutOfStep
    }

    /// The rule's name, as editors write it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::HardWord => "easy-read-hard-word",
            Rule::LongSentence => "easy-read-long-sentence",
            Rule::NumberAsWord => "easy-read-number-as-word",
            Rule::Italics => "easy-read-italics",
            Rule::CitationMismatch => "citation-mismatch",
            Rule::UncitedReference => "uncited-reference",
            Rule::EasyReadOutOfStep => "easy-read-out-of-step",
            Rule::HeadingLevel => "heading-skips-level",
            Rule::MissingCharacter => "pdf-missing-character",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// Other places that matter (the first use of a duplicate id), with a label.
    pub related: Vec<(String, Location)>,
    pub help: Option<String>,
    /// For a warning about the published text: its rule, and the words it is about
    /// (the hard word, the opening of the long sentence, the citation).
    pub rule: Option<(Rule, String)>,
    /// Set when an editor acknowledged this warning: their reason. It is then not
    /// shown (unless asked for) and not counted.
    pub acknowledged: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            related: Vec::new(),
            help: None,
            rule: None,
            acknowledged: None,
        }
    }

    pub(crate) fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    pub(crate) fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The rule a warning about the published text breaks, and the words it is about.
    pub(crate) fn rule(mut self, rule: Rule, subject: impl Into<String>) -> Diagnostic {
        self.rule = Some((rule, subject.into()));
        self
    }

    pub(crate) fn related(mut self, label: impl Into<String>, location: Location) -> Diagnostic {
        self.related.push((label.into(), location));
        self
    }

    /// The diagnostic as text, with colour when `color` is true.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut group = Group::with_title(level.primary_title(&self.message));
        if let Some(loc) = &self.location {
            group = if loc.line == 0 {
                // A problem with a whole file: name it, with no line to quote.
                group.element(annotate_snippets::Origin::path(loc.file.as_str()))
            } else {
                group.element(snippet(loc, AnnotationKind::Primary, ""))
            };
        }
        for (label, loc) in &self.related {
            group = group.element(snippet(loc, AnnotationKind::Context, label));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        if let Some(note) = self.acknowledgement_note() {
            group = group.element(Level::NOTE.message(note));
        }
        let report: &[Group] = &[group];
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(report)
    }
}

impl Diagnostic {
    /// Whether it is a warning nobody acknowledged: what is shown and counted.
    pub(crate) fn is_open_warning(&self) -> bool {
        self.severity == Severity::Warning && self.acknowledged.is_none()
    }

    /// Under a warning about the published text: how to acknowledge it, or the reason
    /// it was.
    fn acknowledgement_note(&self) -> Option<String> {
        let (rule, subject) = self.rule.as_ref()?;
        Some(match &self.acknowledged {
            Some(reason) => format!("acknowledged: {reason}"),
            None if self.severity != Severity::Warning => return None,
            None => format!(
                "if it must stay as written, acknowledge it: rule `{}`, text \"{subject}\" (editors' guide, section 12)",
                rule.name()
            ),
        })
    }
}

/// A snippet quoting the line of `loc`, or just naming the file when there is no line.
fn snippet<'a>(
    loc: &'a Location,
    kind: AnnotationKind,
    label: &'a str,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    if loc.line == 0 {
        return Snippet::source("").path(&loc.file).fold(true);
    }
    let start = char_to_byte(&loc.line_text, loc.text_col.saturating_sub(1));
    let end = char_to_byte(
        &loc.line_text,
        loc.text_col.saturating_sub(1) + loc.len.max(1),
    )
    .max(start);
    let mut annotation = kind.span(start..end);
    if !label.is_empty() {
        annotation = annotation.label(label);
    }
    Snippet::source(&loc.line_text)
        .line_start(loc.line)
        .path(&loc.file)
        .annotation(annotation)
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// The problems of one build, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The warnings nobody acknowledged.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_open_warning()).count()
    }

    /// The acknowledged warnings, counted by rule (in the rules' order).
    pub(crate) fn acknowledged_by_rule(&self) -> Vec<(Rule, usize)> {
        let mut counts: std::collections::BTreeMap<Rule, usize> = Default::default();
        for d in self.items.iter().filter(|d| d.acknowledged.is_some()) {
            if let Some((rule, _)) = &d.rule {
                *counts.entry(*rule).or_default() += 1;
            }
        }
        counts.into_iter().collect()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Turns every warning nobody acknowledged into an error (`--deny-warnings`).
    pub(crate) fn deny_warnings(&mut self) {
        for d in &mut self.items {
            if d.is_open_warning() {
                d.severity = Severity::Error;
            }
        }
    }

    /// Sorts by file and line so that output is the same on every run, however the
    /// parallel stages interleaved.
    pub(crate) fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.col))
                    .unwrap_or_default()
            };
            key(a).cmp(&key(b))
        });
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The nearest candidates to a misspelt name, for `help: did you mean …`.
pub(crate) fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// An I/O error in words, without Rust's "(os error N)".
pub(crate) fn plain_io_error(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}
