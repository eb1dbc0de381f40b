//! The two files of `content/` that are records, not pages: the Easy Read review
//! record (`easy-read-review.yaml`, written only by `pubgen review --accept`, see
//! [`crate::review`]) and the acknowledged warnings (`acknowledged.yaml`, the
//! editors', see [`crate::acknowledge`]). Both are read like `site.yaml`: a malformed
//! one is an error at its line. Neither is published.

use std::path::Path;

use super::files::read_text;
use super::yaml::parse_record;
use crate::diagnostics::Diagnostics;
use crate::model::*;

/// Reads the record, if the site has one. `None` when there is none, or when it
/// cannot be read (its problems, errors, are then in `diags`).
pub fn load_record(
    content_dir: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<LoadedRecord> {
    let display = format!("{display_root}content/{REVIEW_RECORD}");
    let text = read_text(
        &content_dir.join(REVIEW_RECORD),
        content_dir,
        &display,
        diags,
    )?;
    let source = SourceFile::new(REVIEW_RECORD.into(), display, text);
    let record = parse_record(
        &source,
        REVIEW_RECORD_KEYS,
        "Easy Read review record",
        diags,
    )?;
    Some(LoadedRecord { record, source })
}

/// Reads `content/acknowledged.yaml`, if the site has one (a malformed one is an
/// error at its line).
pub fn load_acknowledged(
    content_dir: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<LoadedAcknowledged> {
    let display = format!("{display_root}content/{ACKNOWLEDGED_FILE}");
    let text = read_text(
        &content_dir.join(ACKNOWLEDGED_FILE),
        content_dir,
        &display,
        diags,
    )?;
    let source = SourceFile::new(ACKNOWLEDGED_FILE.into(), display, text);
    let list = parse_record(
        &source,
        ACKNOWLEDGED_KEYS,
        "list of acknowledged warnings",
        diags,
    )?;
    Some(LoadedAcknowledged { list, source })
}

/// The record as pubgen writes it: a header saying what it is, then the pairs.
pub fn record_text(record: &ReviewRecord) -> String {
    format!(
        "# The Easy Read review record, written by `pubgen review --accept`.\n\
         # For each Easy Read section: the full text it explains, as it was when an editor\n\
         # last checked that the Easy Read text says the same. pubgen warns when a full text\n\
         # changes after that. Keep this file with the content; do not edit it by hand.\n{}",
        super::yaml::to_yaml(record)
    )
}
