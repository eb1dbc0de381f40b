//! What `pubgen serve` does after each build while the pages are already served:
//! the search index and the downloads, each made on its own thread once the editor
//! pauses, and dropped when a newer change has come since.

use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use super::{body_of, publish_all, publish_error, report, Body, ServeOptions, Shared};
use crate::diagnostics::Diagnostics;
use crate::model::OutputContents;
use crate::site::Build;

/// What the serving loop waits for.
pub(super) enum Event {
    /// Files changed under the site root.
    Changed(Vec<std::path::PathBuf>),
    /// The downloads were made in the background.
    Downloads(DownloadsMade),
}

/// Downloads made for the build that was served as `version`.
pub(super) struct DownloadsMade {
    version: u64,
    finished: crate::render::downloads::Finished,
}

/// The work done after each build while the pages are already served: the search
/// index, and the downloads.
pub(super) struct Background {
    /// Where to send the downloads when made; `None` when the site has none.
    pub(super) downloads: Option<mpsc::Sender<Event>>,
    pub(super) quiet: bool,
}

impl Background {
    pub(super) fn start(&self, build: Option<&Build>, shared: &Shared) {
        let Some(build) = build else { return };
        index_in_background(build, shared, self.quiet);
        let Some(sender) = &self.downloads else {
            return;
        };
        let mut diags = Diagnostics::default();
        let jobs = build.prepare_downloads(&mut diags);
        report(&diags, self.quiet);
        let version = current_version(shared);
        let shared = Arc::clone(shared);
        let sender = sender.clone();
        let quiet = self.quiet;
        std::thread::spawn(move || {
            if version > 1 {
                std::thread::sleep(Duration::from_millis(INDEX_DELAY_MS));
            }
            if current_version(&shared) != version {
                return; // a newer change will make them
            }
            let started = Instant::now();
            let finished = jobs.run();
            if !quiet && !finished.outputs.is_empty() {
                eprintln!(
                    "downloads ready ({} files) in {} ms",
                    finished.outputs.len(),
                    started.elapsed().as_millis()
                );
            }
            let _ = sender.send(Event::Downloads(DownloadsMade { version, finished }));
        });
    }
}

fn current_version(shared: &Shared) -> u64 {
    let (lock, _) = &**shared;
    lock.lock().unwrap_or_else(|e| e.into_inner()).version
}

/// Serves the downloads just made, if they are of the build still served; when the
/// pages' links to them change (a size, a page count), renders the pages again.
pub(super) fn downloads_made(
    options: &ServeOptions,
    build: &mut Option<Build>,
    made: DownloadsMade,
    shared: &Shared,
) {
    let Some(b) = build.as_mut() else { return };
    if current_version(shared) != made.version {
        return;
    }
    let mut diags = Diagnostics::default();
    diags.extend(made.finished.diagnostics);
    report(&diags, options.quiet);
    if diags.has_errors() {
        publish_error(&diags, shared);
        return;
    }
    {
        let (lock, signal) = &**shared;
        let mut served = lock.lock().unwrap_or_else(|e| e.into_inner());
        served
            .files
            .retain(|k, _| !crate::urls::is_download_file(k));
        for output in &made.finished.outputs {
            served
                .files
                .insert(output.path.clone(), Arc::new(body_of(output)));
        }
        signal.notify_all();
    }
    let mut diags = Diagnostics::default();
    if b.set_downloads(made.finished.downloads, &mut diags) {
        report(&diags, options.quiet);
        publish_all(b, shared);
        // The index being made is of the pages before: make it again.
        index_in_background(b, shared, options.quiet);
    }
}

/// The search index is rebuilt whole, after the pages are already being served, once
/// the editor has paused for a moment (an index of thousands of pages takes seconds,
/// and should not slow down the next edit).
fn index_in_background(build: &Build, shared: &Shared, quiet: bool) {
    if !build.has_search() {
        return;
    }
    // Only the pages' paths, in the build's order: their HTML is taken from what is
    // served once the editor has paused, shared, not copied (a copy of every page
    // for each edit was 130 MB at 10,000 pages, several held while an editor types).
    let paths: Vec<String> = build
        .outputs
        .iter()
        .filter(|o| matches!(o.contents, OutputContents::Html(_)))
        .map(|o| o.path.clone())
        .collect();
    let language = build.prepared.site.config.language.clone();
    let shared = Arc::clone(shared);
    let generation = current_version(&shared);
    std::thread::spawn(move || {
        if generation > 1 {
            std::thread::sleep(Duration::from_millis(INDEX_DELAY_MS));
        }
        let Some(bodies) = served_pages(&shared, generation, &paths) else {
            return; // a newer change will index
        };
        let pages: Vec<(&str, &str)> = paths
            .iter()
            .zip(&bodies)
            .filter_map(|(path, body)| match body.as_deref()? {
                Body::Html(html) => Some((path.as_str(), html.as_str())),
                Body::Bytes(_) | Body::File(_) => None,
            })
            .collect();
        let started = Instant::now();
        let Ok(index) = crate::search::build_index(&pages, &language) else {
            return;
        };
        let (lock, _) = &*shared;
        let mut served = lock.lock().unwrap_or_else(|e| e.into_inner());
        if served.version != generation {
            return;
        }
        served
            .files
            .retain(|k, _| !crate::urls::is_search_index_file(k));
        let files = index.len();
        for output in index {
            served
                .files
                .insert(output.path.clone(), Arc::new(body_of(&output)));
        }
        if !quiet {
            eprintln!(
                "search index ready ({files} files) in {} ms",
                started.elapsed().as_millis()
            );
        }
    });
}

/// The bodies served at these paths, while what is served is still `generation`.
fn served_pages(
    shared: &Shared,
    generation: u64,
    paths: &[String],
) -> Option<Vec<Option<Arc<Body>>>> {
    let (lock, _) = &**shared;
    let served = lock.lock().unwrap_or_else(|e| e.into_inner());
    if served.version != generation {
        return None;
    }
    Some(paths.iter().map(|p| served.files.get(p).cloned()).collect())
}

/// How long the editor must pause before the search index is rebuilt.
const INDEX_DELAY_MS: u64 = 1500;
