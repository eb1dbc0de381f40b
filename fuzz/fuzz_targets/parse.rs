//! The parse stage on any input: front matter, markdown and attribute lists.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run parse` (see the README).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pubgen::diagnostics::Diagnostics;
use pubgen::load::page_from_text;
use pubgen::parse::parse_page;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut diags = Diagnostics::default();
    // Both a plain page and a recommendations page (which reads `r-` ids and evidence).
    for kind in ["page", "recommendations", "easy-read"] {
        let page = format!("---\ntitle: Fuzz\nkind: {kind}\n---\n{text}");
        if let Some(page) = page_from_text("fuzz.md", "content/fuzz.md".into(), page, &mut diags) {
            let (doc, problems) = parse_page(&page, None);
            for d in problems {
                let _ = d.render(false);
            }
            let mut lint = Diagnostics::default();
            pubgen::lint::lint(std::slice::from_ref(&page), std::slice::from_ref(&doc), &mut lint);
            for d in &lint.items {
                let _ = d.render(false);
            }
        }
    }
    // And the text as a whole file, front matter included.
    if let Some(page) = page_from_text("raw.md", "content/raw.md".into(), text.to_string(), &mut diags) {
        let _ = parse_page(&page, None);
    }
});
