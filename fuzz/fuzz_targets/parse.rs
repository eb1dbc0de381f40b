//! The parse stage on any input: front matter, markdown and attribute lists, also
//! grown into deep nesting and very long lines (the limits of issue 9).
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run parse` (see the README).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pubgen::diagnostics::Diagnostics;
use pubgen::load::page_from_text;
use pubgen::parse::parse_page;

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // The first byte may grow the text: repeated on one line (long lines, many links
    // on a line), or nested under `>`, `- ` or `<div>` hundreds deep.
    let grown;
    let text = match shape % 8 {
        0 if !text.is_empty() => {
            grown = text.replace('\n', " ").repeat(2000 / text.len().max(1) + 1);
            grown.as_str()
        }
        1 => {
            grown = format!("{}{text}", ">".repeat(usize::from(shape) * 2));
            grown.as_str()
        }
        2 => {
            grown = format!("{}{text}", "- ".repeat(usize::from(shape) * 2));
            grown.as_str()
        }
        3 => {
            grown = format!("{}{text}", "<div>".repeat(usize::from(shape) * 2));
            grown.as_str()
        }
        _ => text,
    };
    let mut diags = Diagnostics::default();
    for kind in ["page", "recommendations", "easy-read"] {
        let page = format!("---\ntitle: Fuzz\nkind: {kind}\n---\n{text}");
        if let Some(page) = page_from_text("fuzz.md", "content/fuzz.md".into(), page, &mut diags) {
            let (mut doc, problems) = parse_page(&page, None);
            for d in problems {
                let _ = d.render(false);
            }
            let mut lint = Diagnostics::default();
            let config = serde_yaml::from_str("title: Fuzz").expect("a site.yaml");
            pubgen::lint::settle(&config, std::slice::from_ref(&page), std::slice::from_mut(&mut doc), (None, false), &mut lint);
            for d in &lint.items {
                let _ = d.render(false);
            }
        }
    }
    // And the text as a whole file, front matter included.
    if let Some(page) = page_from_text("raw.md", "content/raw.md".into(), text.to_string(), &mut diags) {
        let _ = parse_page(&page, None);
    }
    for d in &diags.items {
        let _ = d.render(false);
    }
});
