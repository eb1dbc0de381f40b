//! The Easy Read review record: for each Easy Read section, the full text it explained
//! when an editor last checked that it says the same (`pubgen review --accept`).

use serde::{Deserialize, Serialize};

use super::SourceFile;

/// The record's file, in `content/`. It is the editors' (kept with the content, in
/// version control) but written by pubgen; it is never published.
pub(crate) const REVIEW_RECORD: &str = "easy-read-review.yaml";

pub(crate) const REVIEW_RECORD_KEYS: &[&str] = &["pairs"];

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    #[serde(default)]
    pub pairs: Vec<AcceptedPair>,
}

/// One Easy Read section (`easy-read/staff.md#er-staff`), the full text it explains
/// (`recommendations.md#workforce`), and that text's fingerprint and words when the
/// pair was accepted (the words let `pubgen review` show what changed since).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedPair {
    pub easy: String,
    pub full: String,
    pub fingerprint: String,
    #[serde(default)]
    pub text: String,
}

/// The record as read, with its file (for the lines of its entries).
#[derive(Debug)]
pub struct LoadedRecord {
    pub record: ReviewRecord,
    pub source: SourceFile,
}
