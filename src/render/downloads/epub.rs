//! The EPUB 3 of an edition.

use super::{Download, Publication};
use crate::diagnostics::Diagnostic;
use crate::model::Output;

pub(super) fn make(_publication: &Publication) -> Result<(Output, Download), Vec<Diagnostic>> {
    Err(Vec::new())
}
