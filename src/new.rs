//! `pubgen new DIR`: a small working site to start from: a home page, a chapter with
//! a quote, a recommendation with its evidence, a glossary and an Easy Read page with
//! a picture. It builds at once. Beside it, a GitHub Actions workflow that checks the
//! site and publishes it to GitHub Pages.

use std::fs;
use std::path::Path;

use crate::diagnostics::plain_io_error;
use crate::diagnostics::Diagnostic;

macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../starter/content/", $path)) as &[u8])),*]
    };
}

const FILES: &[(&str, &[u8])] = starter![
    "site.yaml",
    "index.md",
    "findings.md",
    "recommendations.md",
    "glossary.md",
    "easy-read/index.md",
    "pictures/talking.svg",
];

/// The workflow `pubgen new` writes into `.github/workflows/`, unless one is there.
const WORKFLOW: &[u8] = include_bytes!("../starter/.github/workflows/publish.yml");
pub const WORKFLOW_PATH: &str = ".github/workflows/publish.yml";

/// Writes the starter site into `dir`, which must not already hold a `content/`,
/// and the publishing workflow when `dir` has none by that name. Says whether it
/// wrote the workflow.
pub fn create(dir: &Path) -> Result<bool, Diagnostic> {
    let content = dir.join("content");
    if content.exists() {
        return Err(Diagnostic::error(format!(
            "{} already exists: pubgen new never overwrites a site",
            content.display()
        ))
        .help("choose a new folder, for example `pubgen new my-report`"));
    }
    let failed = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::error(format!(
            "cannot {what} {}: {}",
            path.display(),
            plain_io_error(&e)
        ))
        .help("check that you may write in that folder")
    };
    for (path, bytes) in FILES {
        let target = content.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| failed("create", parent, e))?;
        }
        fs::write(&target, bytes).map_err(|e| failed("write", &target, e))?;
    }
    let workflow = dir.join(WORKFLOW_PATH);
    if workflow.exists() || workflow.is_symlink() {
        return Ok(false);
    }
    if let Some(parent) = workflow.parent() {
        fs::create_dir_all(parent).map_err(|e| failed("create", parent, e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&workflow)
        .map_err(|e| failed("write", &workflow, e))?;
    std::io::Write::write_all(&mut file, WORKFLOW).map_err(|e| failed("write", &workflow, e))?;
    Ok(true)
}
