//! `pubgen build`'s render and write, streamed: pages are rendered a batch at a
//! time, each batch minified and written into the staging folder at once, and handed
//! to the search indexer, which indexes a bundle on another core while the next
//! pages are made. Only the batch in hand and the bundles being indexed are held, so
//! memory does not grow with every page's HTML, and the index's work overlaps the
//! disk's. `serve` keeps every output instead (see [`super::Build`]).

use std::io;
use std::path::Path;

use super::{BuildOptions, Prepared, StageClock};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Output;
use crate::render::Renderer;
use crate::search::{self, Indexer};
use crate::write::Staging;

/// Pages rendered and written at a time: enough to keep both cores and the disk
/// busy, few enough to hold.
const BATCH: usize = 256;

/// Why writing stopped.
enum Failure {
    Io(io::Error),
    Index(String),
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Failure {
        Failure::Io(err)
    }
}

impl From<String> for Failure {
    fn from(err: String) -> Failure {
        Failure::Index(err)
    }
}

/// Renders and writes the site, with its search index, and swaps it in as `out`.
/// Returns the number of files; on any error the last good site stays as it was.
pub(super) fn publish(
    prepared: &Prepared,
    out: &Path,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let renderer = Renderer::new(
        &prepared.render_options,
        &prepared.site,
        &prepared.docs,
        &prepared.linked,
        &prepared.tera,
    )
    .with_glossary(prepared.glossary.as_ref());
    let staging = Staging::begin(out, diags)?;
    let indexer = options.search.then(|| {
        let indexed = crate::render::indexed_pages(&prepared.docs, &prepared.linked);
        Indexer::new(indexed, &prepared.site.config.language)
    });
    match write_all(
        &renderer,
        &staging,
        indexer,
        &prepared.download_files,
        diags,
    ) {
        Ok(()) if diags.has_errors() => staging.remove(),
        Ok(()) if options.deny_warnings && diags.warning_count() > 0 => staging.remove(),
        Ok(()) => return staging.finish(diags),
        Err(Failure::Io(err)) => staging.abandon(diags, err),
        Err(Failure::Index(err)) => {
            diags.push(Diagnostic::error(format!(
                "the search index could not be built: {err}"
            )));
            staging.remove();
        }
    }
    None
}

/// Every page in batches, then the rest of the site, the downloads and the index.
/// Stops at the first batch with an error (its pages are not written).
fn write_all(
    renderer: &Renderer,
    staging: &Staging,
    mut indexer: Option<Indexer>,
    downloads: &[Output],
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    let mut clock = StageClock::start();
    let count = renderer.entry_count();
    for start in (0..count).step_by(BATCH) {
        let batch = renderer.entries(start..(start + BATCH).min(count), diags);
        if diags.has_errors() {
            return Ok(());
        }
        staging.write(&batch)?;
        index(indexer.as_mut(), &batch, staging)?;
    }
    let rest = renderer.rest(diags);
    if diags.has_errors() {
        return Ok(());
    }
    staging.write(&rest)?;
    index(indexer.as_mut(), &rest, staging)?;
    staging.write(downloads)?;
    clock.lap("render+write");
    if let Some(indexer) = indexer {
        staging.write(&indexer.finish()?)?;
        clock.lap("search index");
    }
    Ok(())
}

/// Hands a batch's pages to the indexer, and writes any bundle it finished.
fn index(
    indexer: Option<&mut Indexer>,
    batch: &[Output],
    staging: &Staging,
) -> Result<(), Failure> {
    let Some(indexer) = indexer else {
        return Ok(());
    };
    for record in batch.iter().filter_map(search::record) {
        let files = indexer.add(record)?;
        if !files.is_empty() {
            staging.write(&files)?;
        }
    }
    Ok(())
}
