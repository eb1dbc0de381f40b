//! `pubgen new DIR`: a small working site to start from: a home page, a chapter with
//! a quote, a recommendation with its evidence, a glossary and an Easy Read page with
//! a picture. It builds at once.

use std::fs;
use std::path::Path;

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

/// Writes the starter site into `dir`, which must not already hold a `content/`.
pub fn create(dir: &Path) -> Result<(), String> {
    let content = dir.join("content");
    if content.exists() {
        return Err(format!(
            "{} already exists: pubgen new never overwrites a site; choose a new folder",
            content.display()
        ));
    }
    for (path, bytes) in FILES {
        let target = content.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}
