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

/// Reads the Easy Read review record, if the site has one. `None` when there is none,
/// or when it cannot be read (its problems, errors, are then in `diags`).
pub(super) fn load_record(
    content_dir: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<LoadedRecord> {
    let what = "Easy Read review record";
    let (record, source) = read(
        content_dir,
        display_root,
        REVIEW_RECORD,
        REVIEW_RECORD_KEYS,
        what,
        diags,
    )?;
    Some(LoadedRecord { record, source })
}

/// Reads `content/acknowledged.yaml`, if the site has one (as [`load_record`]).
pub(super) fn load_acknowledged(
    content_dir: &Path,
    display_root: &str,
    diags: &mut Diagnostics,
) -> Option<LoadedAcknowledged> {
    let what = "list of acknowledged warnings";
    let (list, source) = read(
        content_dir,
        display_root,
        ACKNOWLEDGED_FILE,
        ACKNOWLEDGED_KEYS,
        what,
        diags,
    )?;
    Some(LoadedAcknowledged { list, source })
}

/// One of the records of `content/`, read and parsed, with its file.
fn read<T: serde::de::DeserializeOwned>(
    content_dir: &Path,
    display_root: &str,
    name: &str,
    keys: &[&str],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<(T, SourceFile)> {
    let display = format!("{display_root}content/{name}");
    let text = read_text(&content_dir.join(name), content_dir, &display, diags)?;
    let source = SourceFile::new(name.into(), display, text);
    let value = parse_record(&source, keys, what, diags)?;
    Some((value, source))
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
