//! Render and write, streamed, for every command: pages are rendered a batch at a
//! time, each batch handed at once to a [`Sink`] and to the search indexer, which
//! indexes a bundle on another core while the next pages are made. `build`'s sink is
//! the staging folder (each batch minified and written), `serve`'s is memory (it
//! serves the files from there), `check`'s is nowhere (it wants only what the build
//! found). Only the batch in hand and the bundles being indexed are held, so a build
//! that writes does not grow with every page's HTML, and the index's work overlaps
//! the disk's.

use std::io;
use std::path::Path;

use super::progress::say;
use super::{BuildOptions, Prepared, StageClock};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Output;
use crate::render::Renderer;
use crate::search::{self, Indexer};
use crate::write::Staging;

/// Pages rendered and written at a time: enough to keep both cores and the disk
/// busy, few enough to hold.
const BATCH: usize = 256;

/// Where a build's files go, a batch at a time.
pub(super) trait Sink {
    fn take(&mut self, outputs: Vec<Output>) -> io::Result<()>;
}

/// `build`: the staging folder, swapped in as the site when every file is written.
impl Sink for &Staging {
    fn take(&mut self, outputs: Vec<Output>) -> io::Result<()> {
        self.write(&outputs)
    }
}

/// `serve`: every file kept in memory, in the order made.
#[derive(Default)]
pub(super) struct Memory(pub Vec<Output>);

impl Sink for Memory {
    fn take(&mut self, mut outputs: Vec<Output>) -> io::Result<()> {
        self.0.append(&mut outputs);
        Ok(())
    }
}

/// `check`: nothing kept; only what rendering found (its diagnostics) matters.
pub(super) struct Nowhere;

impl Sink for Nowhere {
    fn take(&mut self, _outputs: Vec<Output>) -> io::Result<()> {
        Ok(())
    }
}

/// Why writing stopped.
pub(super) enum Failure {
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
    prepared: &mut Prepared,
    out: &Path,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let staging = Staging::begin(out, diags)?;
    let indexer = options.search.then(|| {
        let indexed = crate::render::indexed_pages(&prepared.docs, &prepared.linked);
        Indexer::new(indexed, &prepared.site.config.language)
    });
    match render_into(prepared, &mut &staging, indexer, diags) {
        Ok(()) if diags.has_errors() => staging.remove(),
        Ok(()) if options.deny_warnings && diags.warning_count() > 0 => staging.remove(),
        Ok(()) => {
            say(|| "putting the new site in place of the old".into());
            return staging.finish(diags);
        }
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

/// Renders every page in batches into `sink`, then the rest of the site, the
/// downloads made so far (taken out of `prepared`) and the index. Stops at the first
/// batch with an error (its pages are not handed on).
pub(super) fn render_into(
    prepared: &mut Prepared,
    sink: &mut dyn Sink,
    mut indexer: Option<Indexer>,
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    let downloads = std::mem::take(&mut prepared.download_files);
    let renderer = Renderer::new(
        &prepared.render_options,
        &prepared.site,
        &prepared.docs,
        &prepared.linked,
        &prepared.tera,
    )
    .with_glossary(prepared.glossary.as_ref());
    let mut clock = StageClock::start();
    let count = renderer.entry_count();
    for start in (0..count).step_by(BATCH) {
        say(|| format!("rendering pages: {start} of {count}"));
        let batch = renderer.entries(start..(start + BATCH).min(count), diags);
        if diags.has_errors() {
            return Ok(());
        }
        index(indexer.as_mut(), &batch, sink)?;
        sink.take(batch)?;
    }
    let rest = renderer.rest(diags);
    if diags.has_errors() {
        return Ok(());
    }
    index(indexer.as_mut(), &rest, sink)?;
    sink.take(rest)?;
    sink.take(downloads)?;
    clock.lap("render+write");
    if let Some(indexer) = indexer {
        say(|| "finishing the search index".into());
        sink.take(indexer.finish()?)?;
        clock.lap("search index");
    }
    Ok(())
}

/// Hands a batch's pages to the indexer, and writes any bundle it finished.
fn index(
    indexer: Option<&mut Indexer>,
    batch: &[Output],
    sink: &mut dyn Sink,
) -> Result<(), Failure> {
    let Some(indexer) = indexer else {
        return Ok(());
    };
    for record in batch.iter().filter_map(search::record) {
        let files = indexer.add(record)?;
        if !files.is_empty() {
            sink.take(files)?;
        }
    }
    Ok(())
}
