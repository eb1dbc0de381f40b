//! What the Easy Read lint (`crate::lint`) found on a page as it was parsed, kept in
//! its document until every page is parsed.

/// What the Easy Read lint found on one page as it was parsed (`crate::lint`). Some
/// of it depends on the other pages, so it is settled once every page is parsed: a
/// word written with a capital at the start of a sentence is a name, not a hard
/// word, when some page writes it with a capital elsewhere.
#[derive(Debug, Clone, Default)]
pub struct EasyReadNotes {
    /// The words this page writes with a capital where no sentence starts.
    pub names: Vec<String>,
    /// The warnings, in the order they were found.
    pub warnings: Vec<LintWarning>,
}

/// One warning of the Easy Read lint, before the names of the whole site are known:
/// what was found and where, kept small (a large site's Easy Read pages hold many
/// until they are settled); `lint::settle` words it as a diagnostic.
#[derive(Debug, Clone)]
pub struct LintWarning {
    pub found: EasyReadProblem,
    /// Where, as a byte offset into the page's file.
    pub at: usize,
    /// Reported at its first use on the page only: the same key is not reported again.
    pub once: Option<String>,
    /// Not a warning if this word is a name somewhere on the site.
    pub unless_name: Option<String>,
}

/// What the Easy Read lint found, with the words it is about.
#[derive(Debug, Clone, PartialEq)]
pub enum EasyReadProblem {
    /// Words in italics.
    Italics(String),
    /// A number written as a word (`three`).
    NumberAsWord(String),
    /// A sentence of this many words, and the sentence.
    LongSentence(usize, String),
    /// A hard word or phrase, and why it is hard.
    HardWord(String, HardWord),
}

/// Why a word or phrase is hard for an Easy Read reader.
#[derive(Debug, Clone, PartialEq)]
pub enum HardWord {
    /// Not among the common English words.
    Uncommon,
    /// Letters that stand for words (`GIRFEC`), not explained on the site.
    Acronym,
    /// Common words that make jargon together, with a plainer way to say it.
    Jargon { plain: &'static str },
    /// A term the full glossary explains, but with no Easy Read explanation.
    FullGlossaryOnly,
}
