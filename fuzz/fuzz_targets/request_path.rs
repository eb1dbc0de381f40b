//! `pubgen serve`'s request paths: whatever is asked, the file named stays inside the
//! site, and a redirect built from it stays on this host.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run request_path`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pubgen::serve::request_file;

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else { return };
    if let Some(file) = request_file(path) {
        assert!(!file.split('/').any(|s| s == ".."), "{path:?} -> {file:?}");
        assert!(!file.contains(['\\', '\0']), "{path:?} -> {file:?}");
        assert!(!file.starts_with('/'), "{path:?} -> {file:?}");
        let location = format!("/{file}/");
        assert!(!location.starts_with("//"), "{path:?} -> {location:?}");
    }
});
