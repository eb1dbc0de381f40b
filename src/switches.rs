//! Every environment variable pubgen reads, read in one place, once per process.
//!
//! None changes what a site says; they are for reproducible builds, for measuring
//! and for the tests. (`NO_COLOR` and `CLICOLOR_FORCE`, for the terminal's colours,
//! are read where messages are printed.)
//!
//! | variable | effect |
//! |---|---|
//! | `SOURCE_DATE_EPOCH` | the build time written into the PDFs' and EPUBs' metadata (seconds since 1970), for reproducible builds; never a publication date |
//! | `PUBGEN_SYSTEM_FONTS=0` | the PDFs use only the theme's and pubgen's own fonts, not the machine's |
//! | `PUBGEN_TIMINGS=1` | prints the time and memory of each stage |
//! | `PUBGEN_PROGRESS=always` or `never` | the progress line of a long build (not with `--quiet`), shown from the start even when standard error is not a terminal, or never (by default: on a terminal, after a second) |
//! | `PUBGEN_SEARCH_SHARD_PAGES=N` | pages per search bundle (the tests use small bundles) |
//! | `PUBGEN_KEEP_TREES=1` | keeps every page's parsed tree, as `serve` does (a test compares the two ways) |
//! | `PUBGEN_FAULT=NAME` | aborts at the point of that name, as `kill -9` would (tests of killed builds) |
//! | `PUBGEN_PAUSE=NAME` | stops at the point of that name until a line is read from standard input (tests of races) |

use std::sync::OnceLock;

/// The switches, read once.
#[derive(Debug, Default)]
pub(crate) struct Switches {
    pub source_date_epoch: Option<u64>,
    pub system_fonts: bool,
    pub timings: bool,
    /// `Some(true)` for `always`, `Some(false)` for `never`.
    pub progress: Option<bool>,
    pub search_shard_pages: Option<usize>,
    pub keep_trees: bool,
    pub fault: Option<String>,
    pub pause: Option<String>,
}

/// The process's switches.
pub(crate) fn get() -> &'static Switches {
    static SWITCHES: OnceLock<Switches> = OnceLock::new();
    SWITCHES.get_or_init(read)
}

fn read() -> Switches {
    let var = |name: &str| std::env::var(name).ok();
    Switches {
        source_date_epoch: var("SOURCE_DATE_EPOCH").and_then(|s| s.trim().parse().ok()),
        system_fonts: var("PUBGEN_SYSTEM_FONTS").as_deref() != Some("0"),
        timings: std::env::var_os("PUBGEN_TIMINGS").is_some(),
        progress: match var("PUBGEN_PROGRESS").as_deref() {
            Some("always") => Some(true),
            Some("never") => Some(false),
            _ => None,
        },
        search_shard_pages: var("PUBGEN_SEARCH_SHARD_PAGES")
            .and_then(|v| v.parse().ok())
            .filter(|&n| n > 0),
        keep_trees: std::env::var_os("PUBGEN_KEEP_TREES").is_some(),
        fault: var("PUBGEN_FAULT"),
        pause: var("PUBGEN_PAUSE"),
    }
}
