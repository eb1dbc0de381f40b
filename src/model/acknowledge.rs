//! `content/acknowledged.yaml`: warnings the editors have looked at and keep, each
//! with its reason (for text that must stay as it is, such as the authors' words).

use serde::Deserialize;

use super::SourceFile;

pub(crate) const ACKNOWLEDGED_FILE: &str = "acknowledged.yaml";

pub(crate) const ACKNOWLEDGED_KEYS: &[&str] = &["acknowledged"];

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgedList {
    #[serde(default)]
    pub acknowledged: Vec<AcknowledgedEntry>,
}

/// One warning kept: the page (relative to `content/`), the rule, the exact text the
/// warning is about, and why it stays.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgedEntry {
    pub file: String,
    pub rule: String,
    pub text: String,
    pub reason: String,
}

/// The file as read, with its source (for the lines of its entries).
#[derive(Debug)]
pub struct LoadedAcknowledged {
    pub list: AcknowledgedList,
    pub source: SourceFile,
}
