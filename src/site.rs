//! Runs the stages in order: load → parse → link → render → write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::model::Document;
use crate::{link, load, parse, render, write};

pub struct BuildOptions {
    pub root: PathBuf,
    /// `None` for the default, `ROOT/public`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    pub deny_warnings: bool,
    /// False for `pubgen check`: everything but writing.
    pub write: bool,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build did, for the summary line.
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
}

/// Builds the site. Diagnostics (warnings, and errors when it fails) are returned
/// either way; the report only when the build succeeded.
pub fn build(options: &BuildOptions) -> (Option<BuildReport>, Diagnostics) {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let report = run_stages(options, &mut diags, started);
    if options.deny_warnings {
        diags.deny_warnings();
    }
    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    (report, diags)
}

fn run_stages(options: &BuildOptions, diags: &mut Diagnostics, started: Instant) -> Option<BuildReport> {
    let out_dir = options.out_dir();
    if let Err(d) = write::check_out_dir(&options.root, &out_dir) {
        diags.push(d);
        return None;
    }
    let site = load::load(&options.root, &load::LoadOptions { drafts: options.drafts }, diags)?;

    let parsed: Vec<(Document, Vec<_>)> = site.pages.par_iter().map(parse::parse_page).collect();
    let mut docs = Vec::with_capacity(parsed.len());
    for (doc, problems) in parsed {
        diags.extend(problems);
        docs.push(doc);
    }
    // Links between pages mean little while pages failed to load or parse.
    if diags.has_errors() {
        return None;
    }
    let linked = link::link(&site, &docs, diags);
    let tera = render::templates(&site.theme, diags)?;
    let outputs = render::render(&site, &docs, &linked, &tera, diags);
    let pages = linked.entries.len();
    let fails = diags.has_errors() || (options.deny_warnings && !diags.items.is_empty());
    if fails {
        return None;
    }
    let files = if options.write {
        write::write(&outputs, &out_dir, diags)?
    } else {
        0
    };
    Some(BuildReport {
        pages,
        files,
        elapsed: started.elapsed(),
    })
}
